import Foundation

/// Email commands (DESIGN.md §2.2), the part that guards their victims: one address gets at most
/// `repliesPerHour` replies in any hour. The messages beyond are recorded but neither carried out
/// nor answered, and draw no token, so a flood of forged commands cannot make the list mail its
/// victim more than that; the last reply of the hour says so, and until when.
public struct CommandReplyLimit: Sendable, Hashable {
    /// `moderation.command_replies_per_hour`; 0 answers none.
    public var repliesPerHour: Int

    /// The hour the limit counts over.
    public static let window: TimeInterval = 3600

    public init(repliesPerHour: Int) {
        self.repliesPerHour = max(0, repliesPerHour)
    }

    /// What one address got in the hour before a command message, as the store counted it.
    public struct Hour: Sendable, Hashable {
        /// Replies in the hour before.
        public var answered: Int
        /// When the oldest of them leaves the hour, so one more reply may go.
        public var renewsAt: Date

        public init(answered: Int, renewsAt: Date) {
            self.answered = answered
            self.renewsAt = renewsAt
        }
    }

    /// Whether a command message is carried out and answered.
    public enum Verdict: Sendable, Hashable {
        /// Recorded only: its address has had its replies for the hour.
        case unanswered
        /// Carried out and answered; the reply says it is the last until `lastUntil`, when given.
        case answer(lastUntil: Date?)
    }

    public func verdict(after hour: Hour) -> Verdict {
        guard hour.answered < repliesPerHour else { return .unanswered }
        return .answer(lastUntil: hour.answered + 1 == repliesPerHour ? hour.renewsAt : nil)
    }

    /// What the store writes for command message `postID` from `address` received `at`: the
    /// command's row, and `reply` when there is one (nil: unanswered, or nothing to answer).
    public static func actions(postID: Int64, from address: String, at time: Date, reply: ListNotice?) -> [FollowUpAction] {
        [.recordCommand(postID: postID, from: address, at: time, answered: reply != nil)]
            + (reply.map { [.queueReply($0, at: time)] } ?? [])
    }
}
