import Foundation
import PraxisCommunity
import Testing

/// Signing in by a mailed link (issue 20): who may have a link mailed, which links and sessions
/// are still good, and the viewer a session makes. Hostile cases first: a flood, a reused or old
/// link, a member who left, a forged forwarding header, a look-alike address.
@Suite("Sign-in policy")
struct SignInPolicyTests {
    static let policy = SignInPolicy(linksPerHour: 5, linksPerClientPerHour: 20)

    static let refused: [(request: SignInPolicy.LinkRequest, refusal: SignInPolicy.Refusal, why: String)] = [
        (.init(isActiveMember: false, linksToAddress: 0, linksFromClient: 0), .notAMember, "not a member (or left, or disabled)"),
        (.init(isActiveMember: false, linksToAddress: 99, linksFromClient: 99), .notAMember, "not a member, over both limits"),
        (.init(isActiveMember: true, linksToAddress: 5, linksFromClient: 0), .addressLimit, "the address's fifth link was its last"),
        (.init(isActiveMember: true, linksToAddress: 1_000, linksFromClient: 0), .addressLimit, "a flood at one address"),
        (.init(isActiveMember: true, linksToAddress: 0, linksFromClient: 20), .clientLimit, "one client mailing many members"),
        (.init(isActiveMember: true, linksToAddress: 5, linksFromClient: 20), .clientLimit, "both limits"),
    ]

    @Test(arguments: refused)
    func noLinkIsMailed(_ example: (request: SignInPolicy.LinkRequest, refusal: SignInPolicy.Refusal, why: String)) {
        #expect(Self.policy.decide(example.request) == .refuse(example.refusal), "\(example.why)")
    }

    @Test(arguments: [(0, 0), (4, 0), (0, 19), (4, 19)])
    func aMemberUnderBothLimitsGetsALink(_ counts: (address: Int, client: Int)) {
        let request = SignInPolicy.LinkRequest(isActiveMember: true, linksToAddress: counts.address, linksFromClient: counts.client)
        #expect(Self.policy.decide(request) == .mail)
    }

    @Test func negativeLimitsMailNothing() {
        let closed = SignInPolicy(linksPerHour: -3, linksPerClientPerHour: 20)
        #expect(closed.decide(.init(isActiveMember: true, linksToAddress: 0, linksFromClient: 0)) == .refuse(.addressLimit))
    }

    static let issued = Date(timeIntervalSince1970: 1_800_000_000)

    static let links: [(link: SignInPolicy.IssuedLink?, after: TimeInterval, state: SignInPolicy.LinkState, why: String)] = [
        (nil, 0, .unknown, "a token nobody issued"),
        (.init(createdAt: issued, usedAt: issued + 10, isMemberActive: true), 20, .used, "followed once already"),
        (.init(createdAt: issued, usedAt: issued + 10, isMemberActive: false), 20, .used, "used, and the member left"),
        (.init(createdAt: issued, usedAt: nil, isMemberActive: true), 15 * 60, .expired, "exactly 15 minutes old"),
        (.init(createdAt: issued, usedAt: nil, isMemberActive: true), 86_400, .expired, "a day old"),
        (.init(createdAt: issued, usedAt: nil, isMemberActive: true), -60, .expired, "issued in the future (clock set back)"),
        (.init(createdAt: issued, usedAt: nil, isMemberActive: false), 60, .memberGone, "the member left after asking"),
        (.init(createdAt: issued, usedAt: nil, isMemberActive: true), 0, .good, "just mailed"),
        (.init(createdAt: issued, usedAt: nil, isMemberActive: true), 15 * 60 - 1, .good, "a second before it lapses"),
    ]

    @Test(arguments: links)
    func aLinkSignsInOnceWithinFifteenMinutes(_ example: (link: SignInPolicy.IssuedLink?, after: TimeInterval, state: SignInPolicy.LinkState, why: String)) {
        #expect(SignInPolicy.state(of: example.link, at: Self.issued + example.after) == example.state, "\(example.why)")
    }

    static let day: TimeInterval = 86_400
    static let sessions: [(session: SignInPolicy.OpenSession, after: TimeInterval, state: SignInPolicy.SessionState, why: String)] = [
        (.init(createdAt: issued, lastSeenAt: issued, isMemberActive: false), 1, .ended(.memberGone), "member disabled mid-session"),
        (.init(createdAt: issued, lastSeenAt: issued + 29 * day, isMemberActive: true), 30 * day, .ended(.tooOld), "in use, but 30 days old"),
        (.init(createdAt: issued, lastSeenAt: issued, isMemberActive: true), 7 * day, .ended(.idle), "a week without a request"),
        (.init(createdAt: issued, lastSeenAt: issued, isMemberActive: true), -1, .ended(.tooOld), "begun in the future"),
        (.init(createdAt: issued, lastSeenAt: issued, isMemberActive: true), 60, .good(touch: false), "a minute after the last request"),
        (.init(createdAt: issued, lastSeenAt: issued, isMemberActive: true), 5 * 60, .good(touch: true), "five minutes: write the time again"),
        (.init(createdAt: issued, lastSeenAt: issued + 6 * day, isMemberActive: true), 12 * day, .good(touch: true), "used every few days"),
    ]

    @Test(arguments: sessions)
    func aSessionEndsWhenTheMemberGoesOrItLapses(_ example: (session: SignInPolicy.OpenSession, after: TimeInterval, state: SignInPolicy.SessionState, why: String)) {
        #expect(SignInPolicy.state(of: example.session, at: Self.issued + example.after) == example.state, "\(example.why)")
    }

    static let subIssues = [
        SubIssue.general,
        SubIssue(id: "hr", isProtected: true, members: ["Boss@Example.org"]),
        SubIssue(id: "budget", isProtected: true, members: ["treasurer@example.org"]),
        // An open sub-issue naming members (refused by check-config) admits nobody to anything.
        SubIssue(id: "cycling", members: ["alice@example.org"]),
    ]

    static let viewers: [(address: String, coreStanding: Bool, isCore: Bool, admitted: Set<String>, why: String)] = [
        ("boss@example.org.evil.example", false, false, [], "the admitted address as a prefix"),
        ("xboss@example.org", false, false, [], "a look-alike local part"),
        ("alice@example.org", false, false, [], "named by an open sub-issue"),
        ("BOSS@example.ORG", false, false, ["hr"], "admitted, in other case"),
        ("treasurer@example.org", false, false, ["budget"], "admitted to one of two"),
        ("mod@example.org", false, true, [], "in circles.core"),
        ("carol@example.org", true, true, [], "the core standing in the store"),
    ]

    @Test(arguments: viewers)
    func theViewerOfASession(_ example: (address: String, coreStanding: Bool, isCore: Bool, admitted: Set<String>, why: String)) {
        let viewer = ArchiveAccess.signedInViewer(
            address: example.address, hasCoreStanding: example.coreStanding, coreGroup: CoreGroup(configured: ["Mod@example.org"]),
            subIssues: Self.subIssues)
        guard case .member(_, let isCore, let admitted) = viewer else {
            Issue.record("not a member viewer: \(example.why)")
            return
        }
        #expect(isCore == example.isCore, "\(example.why)")
        #expect(admitted == example.admitted, "\(example.why)")
        let access = ArchiveAccess(audience: .members)
        for subIssue in ["hr", "budget"] {
            let sees = example.isCore || example.admitted.contains(subIssue)
            #expect(access.visibility(of: .protected(subIssue: subIssue), to: viewer) == (sees ? .visible : .hidden), "\(example.why)")
        }
        #expect(access.admittedSubIssues(viewer) == example.admitted)
    }

    @Test func nobodyElseIsAdmittedAnywhere() {
        let access = ArchiveAccess(audience: .public)
        for viewer in [ArchiveViewer.anonymous, .organisationUser(address: "boss@example.org")] {
            #expect(access.admittedSubIssues(viewer).isEmpty)
            #expect(access.visibility(of: .protected(subIssue: "hr"), to: viewer) == .hidden)
        }
        // An audience that does not let the viewer read at all admits them nowhere either.
        let organisation = ArchiveAccess(audience: .members)
        #expect(organisation.admittedSubIssues(.organisationUser(address: "boss@example.org")).isEmpty)
    }

    static let proxied = ArchiveAccess(audience: .public, signOn: OrganisationSignOn(trustedProxies: ["127.0.0.1"]))

    static let clients: [(peer: String?, forwarded: [String], client: String?, why: String)] = [
        ("203.0.113.9", ["198.51.100.1"], "203.0.113.9", "X-Forwarded-For from an untrusted peer is the client's claim"),
        ("127.0.0.1", ["198.51.100.1, 203.0.113.7"], "203.0.113.7", "the proxy's hop is the last one"),
        ("127.0.0.1", ["198.51.100.1", "203.0.113.7"], "203.0.113.7", "the header twice: still the last hop"),
        ("127.0.0.1", ["<script>"], "127.0.0.1", "garbage in the header counts as the proxy"),
        ("127.0.0.1", [String(repeating: "1", count: 200)], "127.0.0.1", "an overlong hop"),
        ("127.0.0.1", [], "127.0.0.1", "no header: the proxy itself"),
        ("::ffff:127.0.0.1", ["[2001:db8::1]"], "2001:db8::1", "IPv6 hop through a mapped IPv4 proxy"),
        (nil, ["198.51.100.1"], nil, "unknown peer"),
    ]

    @Test(arguments: clients)
    func theClientOfARequest(_ example: (peer: String?, forwarded: [String], client: String?, why: String)) {
        #expect(Self.proxied.clientAddress(peerAddress: example.peer, forwardedFor: example.forwarded) == example.client, "\(example.why)")
    }

    @Test func theLinkNoticeCarriesTheLinkAndTheLifetime() throws {
        let community = Community(name: "Mobility", listAddress: "mobility@lists.example.org")
        let notice = SignInPolicy.linkNotice(to: "alice@example.org", link: "https://cop.example.org/sign-in/abc", community: community)
        #expect(notice.recipient == "alice@example.org")
        #expect(notice.text.contains("https://cop.example.org/sign-in/abc"))
        #expect(notice.text.contains("15 minutes"))
        let rendered = String(decoding: notice.rendered(for: community, at: Self.issued), as: UTF8.self)
        #expect(rendered.contains("Auto-Submitted: auto-generated"))
    }

    @Test(arguments: [
        (Language.de, "Bei Mobility anmelden", "innerhalb von 15 Minuten"), (.fr, "Se connecter à Mobility", "dans les 15 minutes"),
        (.es, "Iniciar sesión en Mobility", "antes de 15 minutos"),
    ])
    func theLinkNoticeIsInTheMembersLanguage(language: Language, subject: String, lifetime: String) {
        let community = Community(name: "Mobility", listAddress: "mobility@lists.example.org")
        let notice = SignInPolicy.linkNotice(to: "a@example.org", link: "https://cop.example.org/sign-in/abc", community: community,
                                             language: language)
        #expect(notice.subject == subject && notice.text.contains(lifetime) && notice.text.contains("\n\nhttps://cop.example.org/sign-in/abc\n\n"))
    }
}
