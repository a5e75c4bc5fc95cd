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

    /// `UTC`, the zone when the configuration names none.
    public static let standardTimeZone = TimeZone(identifier: "UTC") ?? .gmt

    public init(
        name: String, listAddress: String, requestAddress: String? = nil, ownerAddress: String? = nil,
        bounceAddress: String? = nil, objectives: [Objective] = [], timeZone: TimeZone = Community.standardTimeZone
    ) {
        self.name = name
        self.listAddress = listAddress
        self.requestAddress = requestAddress ?? Self.derived(from: listAddress, suffix: "-request")
        self.ownerAddress = ownerAddress ?? Self.derived(from: listAddress, suffix: "-owner")
        self.bounceAddress = bounceAddress ?? Self.derived(from: listAddress, suffix: "-bounces")
        self.objectives = objectives
        self.timeZone = timeZone
    }

    /// `mobility@x` with `-request` gives `mobility-request@x`, the convention MTAs and Mailman share.
    public static func derived(from listAddress: String, suffix: String) -> String {
        guard let (local, domain) = AddressSyntax.split(listAddress) else { return listAddress + suffix }
        return "\(local)\(suffix)@\(domain)"
    }
}
