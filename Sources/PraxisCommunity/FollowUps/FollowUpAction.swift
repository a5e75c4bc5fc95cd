import Foundation

/// What a follow-up decider wants done about a recorded message: values only, for the store to
/// apply inside the transaction that records the message (DESIGN.md §2.5, §3), so the decision
/// and its rows stand or fall together and the decision itself can be tested without a database.
public enum FollowUpAction: Sendable, Hashable {
    /// Queue `notice` in the outbox, dated `at`, with its recipient's VERP address as envelope sender.
    case queueNotice(ListNotice, at: Date)
    /// Hold a post for the moderators: its row, and each request with its token and the
    /// moderator's notice budget spent.
    case holdPost(HoldDecider.Hold)
    /// Queue the list copy of post `postID` for each of `recipients`, dated `at`: the same bytes
    /// for all after each recipient's own header lines, each with the recipient's VERP address as
    /// envelope sender.
    case queueListCopy(postID: Int64, copy: [UInt8], recipients: [ListCopyRecipient], at: Date)
    /// Queue `reply` to a command message, dated `at`, from the request address.
    case queueReply(ListNotice, at: Date)
    /// Note command message `postID` from `address`, and whether it was answered (the hourly
    /// reply limit counts the answered ones).
    case recordCommand(postID: Int64, from: String, at: Date, answered: Bool)
    /// A bounce counted against a member: their score is now `score`, the bounce dated `at`.
    case scoreBounce(memberID: Int64, score: Double, at: Date)
    /// A bounce that took a member's score to the threshold: their delivery is disabled from `at`.
    case disableDelivery(memberID: Int64, score: Double, at: Date)
    /// A member moves from one circle to another in a sub-issue, with the transition and its reason;
    /// any candidacy there ends.
    case changeStanding(memberID: Int64, subIssue: String, from: CircleStanding, to: CircleStanding, at: Date, reason: String)
    /// A member meets the inner bar and waits for the core group's confirmation (kept if waiting already).
    case proposeCandidate(memberID: Int64, subIssue: String, since: Date, reason: String)
    /// A member no longer waits for confirmation in a sub-issue.
    case withdrawCandidate(memberID: Int64, subIssue: String)
    /// The policy was applied to an inner member at `at`: no demotion was due before it.
    case markEvaluated(memberID: Int64, subIssue: String, at: Date)
    /// Close held post `heldID` as approved, rejected or expired, decided by `by` (nil for an
    /// expiry) at `at`; every moderation token of it is spent.
    case closeHeld(heldID: Int64, as: HeldPostDecider.Closing, by: String?, at: Date)
    /// Store a confirmation token for the changes an email command message asked for.
    case requestConfirmation(EmailCommandDecider.Confirmation)
    /// Spend confirmation token `token`, used at `at`: it works once.
    case spendConfirmation(token: String, at: Date)
    /// Change the member of `address` as a confirmed email command asked, at `at`.
    case changeMember(address: String, EmailCommandDecider.MemberChange, at: Date)
    /// Keep what the core group agreed after a review (a confirmed `review decide`).
    case recordReviewDecision(ReviewDecision)
}
