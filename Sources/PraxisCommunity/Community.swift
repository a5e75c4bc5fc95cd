import Foundation

/// Who the community is and where its mail goes: the `community:` section of `praxis.yaml`.
public struct Community: Sendable, Hashable {
    /// The community's name as members know it, e.g. "Sustainable Mobility CoP".
    public var name: String
    /// The address members post to; `List-Id` derives from it and `list+sub-issue@` addresses too.
    public var listAddress: String
    /// Where email commands go. Default: the list address with `-request` after the local part.
    public var requestAddress: String
    /// Where mail for the people running the list goes. Default: `-owner` after the local part.
    public var ownerAddress: String
    /// The envelope sender of everything Praxis sends; VERP adds `+member=domain`.
    /// Default: `-bounces` after the local part.
    public var bounceAddress: String
    /// What the community exists for, each with the sub-issues that serve it; quoted in digests,
    /// reports and the archive. Default: none.
    public var objectives: [Objective]
    /// The IANA time zone schedules are read in and weeks are cut in, e.g. `Europe/Berlin`; parsed
    /// once, when the configuration is loaded. Default: `UTC`.
    public var timeZone: TimeZone
    /// `open`, or `closed`: nothing is distributed any more, posts and commands get one automatic
    /// reply a day saying where the conversation went, unsubscribing and the archive keep working
    /// (DESIGN.md §9; `CommunityClosure`). Default: `open`.
    public var state: CommunityState
    /// Where the conversation went once the community is closed: free text, typically a URL or an
    /// address, quoted in the automatic reply and the farewell notice. Default: none.
    public var successor: String?
    /// The language of what members without their own `language` receive (`community.language`),
    /// and of replies to people who are not members. Default: `en`.
    public var language: Language

    /// `UTC`, the zone when the configuration names none.
    public static let standardTimeZone = TimeZone(identifier: "UTC") ?? .gmt

    public init(
        name: String, listAddress: String, requestAddress: String? = nil, ownerAddress: String? = nil,
        bounceAddress: String? = nil, objectives: [Objective] = [], timeZone: TimeZone = Community.standardTimeZone,
        state: CommunityState = .open, successor: String? = nil, language: Language = .standard
    ) {
        self.name = name
        self.listAddress = listAddress
        self.requestAddress = requestAddress ?? Self.derived(from: listAddress, suffix: "-request")
        self.ownerAddress = ownerAddress ?? Self.derived(from: listAddress, suffix: "-owner")
        self.bounceAddress = bounceAddress ?? Self.derived(from: listAddress, suffix: "-bounces")
        self.objectives = objectives
        self.timeZone = timeZone
        self.state = state
        self.successor = successor
        self.language = language
    }

    /// Whether `address` (normalised) is one of the community's own: the list, request, owner or
    /// bounce address, or a VERP form of the bounce address. Mail from them is never answered, so
    /// two instances (or a misconfigured MTA) cannot keep answering each other.
    public func isOwnAddress(_ address: String) -> Bool {
        let own = [listAddress, requestAddress, ownerAddress, bounceAddress].map { $0.lowercased() }
        if own.contains(address) { return true }
        guard let bounce = AddressSyntax.split(bounceAddress.lowercased()) else { return false }
        return address.hasPrefix("\(bounce.local)+")
    }

    /// Whether the community was closed (`community.state: closed`).
    public var isClosed: Bool { state == .closed }

    /// `mobility@x` with `-request` gives `mobility-request@x`, the convention MTAs and Mailman share.
    public static func derived(from listAddress: String, suffix: String) -> String {
        guard let (local, domain) = AddressSyntax.split(listAddress) else { return listAddress + suffix }
        return "\(local)\(suffix)@\(domain)"
    }
}

/// `community.state`: whether the community still runs.
public enum CommunityState: String, Sendable, Hashable, CaseIterable {
    case open, closed
}
