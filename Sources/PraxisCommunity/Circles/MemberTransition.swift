import Foundation

/// One member's change of standing in one sub-issue, as `standing_transitions` keeps it: what
/// `praxis circles` lists, the weekly report tells and the replay of history produces.
public struct MemberTransition: Sendable, Hashable {
    public var address: String
    public var subIssue: String
    /// `core`, `inner`, `outer` or `none`.
    public var from: String
    public var to: String
    public var at: Date
    public var reason: String

    public init(address: String, subIssue: String, from: String, to: String, at: Date, reason: String) {
        self.address = address
        self.subIssue = subIssue
        self.from = from
        self.to = to
        self.at = at
        self.reason = reason
    }

    /// Toward the inner circle (or core) rather than away from it.
    public var isPromotion: Bool {
        let rank = ["none": 0, "outer": 1, "inner": 2, "core": 3]
        return (rank[to] ?? 0) > (rank[from] ?? 0)
    }
}
