/// Who reads the community's archive when they are not signed in (`web.audience`, DESIGN.md §8).
public enum ArchiveAudience: String, Sendable, Hashable, CaseIterable {
    /// Anyone on the network reads what is not protected.
    case `public`
    /// Only people the organisation's reverse proxy vouches for (its single sign-on).
    case organisation
    /// Only signed-in members (by a mailed link, `SignInPolicy`).
    case members
}

/// How the organisation's reverse proxy tells the archive who is reading: `web.organisation`.
public struct OrganisationSignOn: Sendable, Hashable {
    /// The request header the proxy sets after single sign-on, holding the user's mail address.
    public var userHeader: String
    /// Peer addresses whose `userHeader` is believed; from anyone else it is ignored, since any
    /// client can send the header itself.
    public var trustedProxies: [String]
    /// Mail domains that count as the organisation; empty means every address the proxy names.
    public var domains: [String]

    public init(userHeader: String = "X-Forwarded-Email", trustedProxies: [String] = ["127.0.0.1", "::1"], domains: [String] = []) {
        self.userHeader = userHeader
        self.trustedProxies = trustedProxies
        self.domains = domains
    }
}

/// Who is reading a page, as far as the archive believes it.
public enum ArchiveViewer: Sendable, Hashable {
    case anonymous
    /// Vouched for by a trusted proxy, with an address in the organisation's domains.
    case organisationUser(address: String)
    /// Signed in by a mailed link (`signedInViewer`). `isCore`: in the core group; `admittedTo`:
    /// the protected sub-issues whose `members` list names them.
    case member(address: String, isCore: Bool, admittedTo: Set<String>)
}

/// What a page would show: something open to the audience, or something in a protected space.
public enum ArchiveItem: Sendable, Hashable {
    case open
    case protected(subIssue: String)
}

/// The archive's answer for one viewer and one item. `hidden` is answered exactly like a missing
/// item, so the archive never confirms that a protected post exists.
public enum ArchiveVisibility: Sendable, Hashable {
    case visible
    case hidden
}

/// Decides, once for every page, who sees what: which viewer a request comes from, and whether
/// that viewer may see an item. Pure: the web layer passes the peer address and the header values
/// it received and acts on the answers.
public struct ArchiveAccess: Sendable, Hashable {
    public var audience: ArchiveAudience
    public var signOn: OrganisationSignOn

    public init(audience: ArchiveAudience, signOn: OrganisationSignOn = OrganisationSignOn()) {
        self.audience = audience
        self.signOn = signOn
    }

    /// The viewer of a request from `peerAddress` carrying `userHeaderValues` (every occurrence of
    /// the sign-on header, as received). The header is believed only from a trusted proxy, only
    /// when it occurs once and names exactly one plain address, and, when domains are configured,
    /// only for an address in one of them (exactly: not a subdomain, not a look-alike suffix).
    public func viewer(peerAddress: String?, userHeaderValues: [String]) -> ArchiveViewer {
        guard let peerAddress, isTrustedProxy(peerAddress) else { return .anonymous }
        guard userHeaderValues.count == 1, let address = Self.singleAddress(userHeaderValues[0]) else { return .anonymous }
        guard let (_, domain) = AddressSyntax.split(address) else { return .anonymous }
        let lowered = domain.lowercased()
        if !signOn.domains.isEmpty && !signOn.domains.contains(where: { $0.lowercased() == lowered }) {
            return .anonymous
        }
        return .organisationUser(address: address.lowercased())
    }

    /// Whether the viewer reads the archive at all: the audience's rule for what is not protected.
    public func readsArchive(_ viewer: ArchiveViewer) -> Bool {
        switch (audience, viewer) {
        case (.public, _): true
        case (.organisation, .organisationUser), (.organisation, .member): true
        case (.members, .member): true
        default: false
        }
    }

    /// Whether the viewer may see protected posts of every protected sub-issue: only the core group.
    /// A member admitted to some protected sub-issues sees those (`admittedSubIssues`).
    public func readsEveryProtectedPost(_ viewer: ArchiveViewer) -> Bool {
        if case .member(_, let isCore, _) = viewer { return isCore }
        return false
    }

    /// Whether `viewer` sees `item`; `hidden` must be answered like a missing item.
    public func visibility(of item: ArchiveItem, to viewer: ArchiveViewer) -> ArchiveVisibility {
        guard readsArchive(viewer) else { return .hidden }
        switch item {
        case .open:
            return .visible
        case .protected(let subIssue):
            guard case .member(_, let isCore, let admittedTo) = viewer else { return .hidden }
            return isCore || admittedTo.contains(subIssue) ? .visible : .hidden
        }
    }

    private func isTrustedProxy(_ peer: String) -> Bool {
        let address = Self.normalisedIP(peer)
        return signOn.trustedProxies.contains { Self.normalisedIP($0) == address }
    }

    /// An IPv4 peer reached over an IPv6 socket is written `::ffff:a.b.c.d`; a port, brackets and
    /// case are not part of the address.
    static func normalisedIP(_ text: String) -> String {
        var address = Substring(text.lowercased())
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            address = address[address.index(after: address.startIndex)..<close]
        }
        if address.hasPrefix("::ffff:"), address.dropFirst(7).contains(".") { address = address.dropFirst(7) }
        return String(address)
    }

    /// The one address the header names: a bare `local@domain` (spaces or tabs around it aside), no
    /// display name, no list, no control characters. Anything else is not believed.
    static func singleAddress(_ value: String) -> String? {
        let scalars = value.unicodeScalars
        let isBlank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) })
        else { return nil }
        let address = String(scalars[first...last])
        return AddressSyntax.problem(in: address) == nil ? address : nil
    }
}
