import PraxisCommunity
import Testing

/// Who sees what in the archive (DESIGN.md §8): the viewer a request comes from and what that
/// viewer may see. Hostile cases first: a forged sign-on header must never make a viewer.
@Suite("Archive access")
struct ArchiveAccessTests {
    static let access = ArchiveAccess(
        audience: .organisation,
        signOn: OrganisationSignOn(userHeader: "X-Forwarded-Email", trustedProxies: ["127.0.0.1", "::1"], domains: ["city.example.org"]))

    static let forged: [(peer: String?, values: [String], why: String)] = [
        ("203.0.113.9", ["alice@city.example.org"], "from a peer that is not a trusted proxy"),
        (nil, ["alice@city.example.org"], "from an unknown peer"),
        ("127.0.0.2", ["alice@city.example.org"], "from a neighbour of the proxy"),
        ("127.0.0.1", ["alice@city.example.org", "mallory@city.example.org"], "the header twice"),
        ("127.0.0.1", ["alice@city.example.org, mallory@city.example.org"], "two addresses in one header"),
        ("127.0.0.1", ["Alice <alice@city.example.org>"], "a display name"),
        ("127.0.0.1", ["alice@evil.example"], "a domain outside the organisation"),
        ("127.0.0.1", ["alice@evilcity.example.org"], "a look-alike suffix of the domain"),
        ("127.0.0.1", ["alice@sub.city.example.org"], "a subdomain"),
        ("127.0.0.1", ["alice@city.example.org.evil.example"], "the domain as a prefix"),
        ("127.0.0.1", ["alice@c\u{456}ty.example.org"], "a Cyrillic letter in the domain"),
        ("127.0.0.1", ["alice@city.example.org\r\nX-Other: 1"], "CR/LF in the value"),
        ("127.0.0.1", [""], "an empty value"),
        ("127.0.0.1", [], "no header"),
        ("127.0.0.1", ["alice@city.example.org@evil.example"], "two @"),
    ]

    @Test(arguments: forged)
    func forgedOrMalformedHeaderMakesNobody(_ example: (peer: String?, values: [String], why: String)) {
        let viewer = Self.access.viewer(peerAddress: example.peer, userHeaderValues: example.values)
        #expect(viewer == .anonymous, "\(example.why)")
        #expect(Self.access.visibility(of: .open, to: viewer) == .hidden, "\(example.why)")
    }

    static let believed: [(peer: String, value: String, address: String)] = [
        ("127.0.0.1", "alice@city.example.org", "alice@city.example.org"),
        ("::ffff:127.0.0.1", "alice@city.example.org", "alice@city.example.org"),
        ("[::1]", " Alice@CITY.Example.org\t", "alice@city.example.org"),
        ("::1", "bob@City.Example.Org", "bob@city.example.org"),
    ]

    @Test(arguments: believed)
    func headerFromTrustedProxyIsBelieved(_ example: (peer: String, value: String, address: String)) {
        let viewer = Self.access.viewer(peerAddress: example.peer, userHeaderValues: [example.value])
        #expect(viewer == .organisationUser(address: example.address))
        #expect(Self.access.visibility(of: .open, to: viewer) == .visible)
        #expect(Self.access.visibility(of: .protected(subIssue: "hr"), to: viewer) == .hidden)
    }

    @Test func withoutDomainsEveryAddressTheProxyNamesCounts() {
        let access = ArchiveAccess(audience: .organisation, signOn: OrganisationSignOn(trustedProxies: ["10.0.0.5"]))
        #expect(access.viewer(peerAddress: "10.0.0.5", userHeaderValues: ["x@anywhere.example"]) == .organisationUser(address: "x@anywhere.example"))
        #expect(access.viewer(peerAddress: "10.0.0.6", userHeaderValues: ["x@anywhere.example"]) == .anonymous)
    }

    static let organisationUser = ArchiveViewer.organisationUser(address: "alice@city.example.org")
    static let outerMember = ArchiveViewer.member(address: "m@example.org", isCore: false, admittedTo: [])
    static let admittedMember = ArchiveViewer.member(address: "a@example.org", isCore: false, admittedTo: ["hr"])
    static let coreMember = ArchiveViewer.member(address: "c@example.org", isCore: true, admittedTo: [])

    /// (audience, viewer, item, expected): every audience against every kind of viewer.
    static let table: [(ArchiveAudience, ArchiveViewer, ArchiveItem, ArchiveVisibility)] = [
        // A protected item is hidden from everyone not admitted, whatever the audience.
        (.public, .anonymous, .protected(subIssue: "hr"), .hidden),
        (.public, organisationUser, .protected(subIssue: "hr"), .hidden),
        (.public, outerMember, .protected(subIssue: "hr"), .hidden),
        (.organisation, outerMember, .protected(subIssue: "hr"), .hidden),
        (.public, admittedMember, .protected(subIssue: "finance"), .hidden),
        (.public, admittedMember, .protected(subIssue: "hr"), .visible),
        (.members, coreMember, .protected(subIssue: "hr"), .visible),
        // Open items follow the audience.
        (.public, .anonymous, .open, .visible),
        (.organisation, .anonymous, .open, .hidden),
        (.organisation, organisationUser, .open, .visible),
        (.organisation, outerMember, .open, .visible),
        (.members, .anonymous, .open, .hidden),
        (.members, organisationUser, .open, .hidden),
        (.members, outerMember, .open, .visible),
        // A protected item is also hidden when the audience does not read the archive at all.
        (.members, .anonymous, .protected(subIssue: "hr"), .hidden),
    ]

    @Test(arguments: table)
    func visibilityFollowsAudienceAndProtection(_ row: (ArchiveAudience, ArchiveViewer, ArchiveItem, ArchiveVisibility)) {
        let access = ArchiveAccess(audience: row.0)
        #expect(access.visibility(of: row.2, to: row.1) == row.3, "\(row)")
    }

    @Test func onlyTheCoreGroupReadsEveryProtectedPost() {
        let access = ArchiveAccess(audience: .public)
        #expect(!access.readsEveryProtectedPost(.anonymous))
        #expect(!access.readsEveryProtectedPost(Self.organisationUser))
        #expect(!access.readsEveryProtectedPost(Self.admittedMember))
        #expect(access.readsEveryProtectedPost(Self.coreMember))
    }
}
