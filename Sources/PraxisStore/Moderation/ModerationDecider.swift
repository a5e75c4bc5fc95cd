import Foundation
import GRDB

/// A moderator's decision on a held post.
public enum ModerationDecision: Sendable, Hashable {
    case approve
    case reject(reason: String?)
}

/// Applies moderators' decisions that arrive by email (`approve TOKEN`, `reject TOKEN [reason]` to
/// the request address). The email commands read the lines; the moderation side checks the token
/// (which is valid only for the moderator it was sent to, so a forged From cannot act as a
/// moderator) and does the rest, inside the transaction that records the command message.
public protocol ModerationDecider: Sendable {
    /// Applies `decision` for the held post that `token` names, if `moderator` may; returns the
    /// sentence for the command reply ("Approved: “Subject” from alice@x.org.", or why not).
    func decide(token: String, decision: ModerationDecision, by moderator: String, at time: Date, in db: Database) throws -> String
}
