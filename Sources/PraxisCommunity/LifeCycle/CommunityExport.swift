import Foundation
import PraxisMail

/// `praxis export --to DIR` (DESIGN.md §9), decided: which file each thing the community holds
/// goes to, so that nothing of a protected space lands outside `protected/`.
///
/// The layout:
/// - `mbox/SUB-ISSUE.mbox`: every archived post of each open sub-issue, oldest first.
/// - `members.csv`, `standings.csv`, `transitions.json`: the members, their standings and the
///   transitions between circles in the open sub-issues.
/// - `reviews.json`: the reviews and the core group's decisions.
/// - `products.json`: the threads marked as products (`praxis products`); one with a protected
///   post goes to `protected/products.json` instead.
/// - `protected/mbox/SUB-ISSUE.mbox`, `protected/members.csv`, `protected/standings.csv`,
///   `protected/transitions.json`: the same for the protected sub-issues. A post is protected when
///   it was recorded so (a reply in a protected thread) or its sub-issue is protected now. Who is
///   admitted to a protected space is itself protected: a member named in a protected sub-issue's
///   `members` is listed only in `protected/members.csv`, with all their standings there.
public struct CommunityExport: Sendable, Hashable {
    public var subIssues: [SubIssue]
    /// `circles.core`: listed in `members.csv` (the core group is known to all) and admitted to
    /// every protected space.
    public var core: [String]

    public static let protectedFolder = "protected"

    public init(subIssues: [SubIssue], core: [String]) {
        self.subIssues = subIssues
        self.core = core
    }

    private var protectedIDs: Set<String> { Set(subIssues.filter(\.isProtected).map(\.id)) }

    /// Whether a post of `subIssue`, stored with `isProtected`, belongs under `protected/`.
    public func isProtected(subIssue: String, storedProtected: Bool) -> Bool {
        storedProtected || protectedIDs.contains(subIssue)
    }

    /// Whether a standing or transition in `subIssue` belongs under `protected/`.
    public func isProtected(subIssue: String) -> Bool { protectedIDs.contains(subIssue) }

    /// The addresses (normalised) named in a protected sub-issue's `members`, not in the core
    /// group: listed only under `protected/`.
    public var protectedMembers: Set<String> {
        let core = Set(self.core.map { MailAddress(address: $0).normalized })
        return Set(subIssues.filter(\.isProtected).flatMap(\.members).map { MailAddress(address: $0).normalized })
            .subtracting(core)
    }

    /// Whether a member's rows (roster, standings, transitions) belong under `protected/`.
    public func isProtected(member address: String) -> Bool {
        protectedMembers.contains(MailAddress(address: address).normalized)
    }

    /// The relative path of the mbox of `subIssue`'s posts, under `protected/` or not.
    public func mboxPath(subIssue: String, isProtected: Bool) -> String {
        (isProtected ? Self.protectedFolder + "/" : "") + "mbox/\(subIssue).mbox"
    }

    /// The relative path of a top-level file (`members.csv`, …) for the open or protected part.
    public func path(_ name: String, isProtected: Bool) -> String {
        (isProtected ? Self.protectedFolder + "/" : "") + name
    }

    /// The header line of `members.csv`: the columns `praxis members import` reads, and more.
    public static let membersHeader = [
        "address", "name", "role", "delivery", "digest_frequency", "status", "joined_at", "left_at", "digest_format", "own_posts",
        "language",
    ]
    /// The header line of `standings.csv`.
    public static let standingsHeader = ["address", "sub_issue", "standing", "since", "pinned"]
}
