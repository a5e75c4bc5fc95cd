import Foundation

/// What a follow-up decider wants done about a recorded message: values only, for the store to
/// apply inside the transaction that records the message (DESIGN.md §2.5, §3), so the decision
/// and its rows stand or fall together and the decision itself can be tested without a database.
public enum FollowUpAction: Sendable, Hashable {
    /// Queue `notice` in the outbox, dated `at`, with its recipient's VERP address as envelope sender.
    case queueNotice(ListNotice, at: Date)
    /// A bounce counted against a member: their score is now `score`, the bounce dated `at`.
    case scoreBounce(memberID: Int64, score: Double, at: Date)
    /// A bounce that took a member's score to the threshold: their delivery is disabled from `at`.
    case disableDelivery(memberID: Int64, score: Double, at: Date)
}
