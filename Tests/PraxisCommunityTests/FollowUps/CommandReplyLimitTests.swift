import Foundation
import Testing
@testable import PraxisCommunity

/// `CommandReplyLimit` as a pure function: what an address got in the last hour in, whether its
/// command message is answered (and whether the reply says it is the last) out.
@Suite("Command reply limit")
struct CommandReplyLimitDeciderTests {
    static let renewal = Date(timeIntervalSince1970: 1_700_003_600)

    @Test(arguments: [
        (0, 0, CommandReplyLimit.Verdict.unanswered),
        (1, 0, .answer(lastUntil: renewal)),
        (3, 0, .answer(lastUntil: nil)),
        (3, 1, .answer(lastUntil: nil)),
        (3, 2, .answer(lastUntil: renewal)),
        (3, 3, .unanswered),
        (3, 7, .unanswered),
        (-2, 0, .unanswered),
    ])
    func verdict(perHour: Int, answered: Int, expected: CommandReplyLimit.Verdict) {
        let hour = CommandReplyLimit.Hour(answered: answered, renewsAt: Self.renewal)
        #expect(CommandReplyLimit(repliesPerHour: perHour).verdict(after: hour) == expected)
    }

    @Test(arguments: [true, false])
    func everyCommandMessageIsRecordedAndOnlyAnAnsweredOneQueuesItsReply(answered: Bool) {
        let time = Date(timeIntervalSince1970: 1_700_000_000)
        let reply = ListNotice(to: "ann@example.org", subject: "Your commands to Test CoP", text: "done")
        let actions = CommandReplyLimit.actions(postID: 9, from: "ann@example.org", at: time, reply: answered ? reply : nil)
        let expected: [FollowUpAction] = [.recordCommand(postID: 9, from: "ann@example.org", at: time, answered: answered)]
            + (answered ? [.queueReply(reply, at: time)] : [])
        #expect(actions == expected)
    }
}
