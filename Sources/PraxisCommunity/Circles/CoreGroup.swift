import PraxisMail

/// Who is in the core group (DESIGN.md §2.4): the one rule, used wherever it matters (moderation,
/// the `X-Praxis-Sub-Issue` field, `classify` by mail, the circles, distribution of protected
/// posts). An address is in it when `circles.core` names it, or when the store gives its member
/// the core standing. Addresses compare without regard to case (`MailAddress.normalized`).
///
/// Where the standing is read differs on purpose, and each caller says which it read:
/// - for the community (moderators, explicit tags, email commands): an active member with the core
///   standing in some sub-issue (`stored`, `PraxisDatabase.storedCoreMembers`);
/// - for the circles of one sub-issue (standing, distribution): the core standing in that
///   sub-issue, since circles are kept per sub-issue.
public struct CoreGroup: Sendable, Hashable {
    /// `circles.core`, normalised.
    public let configured: Set<String>
    /// The active members the store gives the core standing in some sub-issue, normalised.
    public let stored: Set<String>

    /// `sub_issues[].moderators`, normalised, by sub-issue id: each is core in that sub-issue only.
    public let moderators: [String: Set<String>]

    public init(configured: [String], stored: Set<String> = [], subIssues: [SubIssue] = []) {
        // An empty entry would make every message without a usable From address core.
        self.configured = Self.normalized(configured)
        self.stored = Self.normalized(stored)
        moderators = Dictionary(subIssues.map { ($0.id, Self.normalized($0.moderators)) }) { $0.union($1) }
            .filter { !$0.value.isEmpty }
    }

    private static func normalized(_ addresses: some Sequence<String>) -> Set<String> {
        Set(addresses.map { MailAddress(address: $0).normalized }.filter { !$0.isEmpty })
    }

    /// Whether `address` is core in the circles of `subIssue`: the community-wide rule, or one of
    /// that sub-issue's own moderators. A moderator of one sub-issue is not core in another.
    public func contains(_ address: String, hasCoreStanding: Bool, in subIssue: String) -> Bool {
        contains(address, hasCoreStanding: hasCoreStanding)
            || moderators[subIssue]?.contains(MailAddress(address: address).normalized) == true
    }

    /// Who is core in `subIssue` whatever the store says: `circles.core` and its moderators.
    public func configured(in subIssue: String) -> Set<String> {
        configured.union(moderators[subIssue] ?? [])
    }

    /// Who decides on a held post of `subIssue` (nil: one without a sub-issue of its own): the
    /// whole group as read, and that sub-issue's moderators; sorted, each once.
    public func moderators(of subIssue: String?) -> [String] {
        configured.union(stored).union(subIssue.flatMap { moderators[$0] } ?? []).sorted()
    }

    /// Whether `address` is in the core group: configured, or `hasCoreStanding` as the caller read
    /// it of that member.
    public func contains(_ address: String, hasCoreStanding: Bool) -> Bool {
        hasCoreStanding || configured.contains(MailAddress(address: address).normalized)
    }

    /// Whether `address` is in the core group, its standing as `stored` says; false for none.
    public func contains(_ address: String?) -> Bool {
        guard let address else { return false }
        let normalized = MailAddress(address: address).normalized
        return contains(normalized, hasCoreStanding: stored.contains(normalized))
    }

    /// Whether `circles.core` names `address`.
    public func isConfigured(_ address: String) -> Bool {
        configured.contains(MailAddress(address: address).normalized)
    }

    /// Every address of the group as read, sorted, each once.
    public var addresses: [String] {
        configured.union(stored).sorted()
    }
}
