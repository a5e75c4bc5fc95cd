import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

/// `HoldDecider` as a pure function: which messages are held for the moderators, and what a hold
/// writes.
@Suite("Hold decider")
struct HoldDeciderTests {
    static let community = Community(name: "Test CoP", listAddress: "cop@lists.example.org")
    static let heldAt = Date(timeIntervalSince1970: 1_700_000_000)

    @Test(arguments: [
        (MessageKind.held, ListRecipient.list(tag: nil), "the sender is not a member" as String?),
        (.held, .list(tag: "cycling"), "the sender is not a member"),
        (.held, .owner, nil),
        (.post, .list(tag: nil), nil),
        (.command, .request, nil),
    ])
    func heldForTheListsModeratorsOnly(kind: MessageKind, recipient: ListRecipient, reason: String?) {
        let screening = Screening(kind: kind, reason: "the sender is not a member", recipient: recipient, author: "m@evil.example")
        #expect(HoldDecider.holdReason(screening) == reason)
        #expect(HoldDecider.holdReason(nil) == nil)
    }

    @Test(arguments: [0, 1, 14])
    func aHoldExpiresAfterTheConfiguredDaysAndTellsWhomItIsComposedFor(expireDays: Int) {
        let decider = HoldDecider(community: Self.community, expireDays: expireDays)
        let summary = decider.summary(
            author: MailAddress(name: "Mallory", address: "Mallory@Evil.example"), subject: "Buy now", text: "Cheap.",
            reason: "the sender is not a member", heldAt: Self.heldAt)
        #expect(summary.authorAddress == "mallory@evil.example" && summary.authorName == "Mallory")
        #expect(summary.expiresAt == Self.heldAt.addingTimeInterval(Double(expireDays) * 86_400))
        let requests = ModerationNotices.preparedRequests(
            for: summary, tokens: [("a@example.org", "tok-a"), ("b@example.org", "tok-b")], languages: [:],
            community: Self.community, at: Self.heldAt)
        guard case .holdPost(let hold) = decider.hold(
            postID: 3, fileName: "123.M1", reason: "the sender is not a member", heldAt: Self.heldAt, requests: requests) else {
            Issue.record("a hold is not a hold")
            return
        }
        #expect(hold.postID == 3 && hold.fileName == "123.M1" && hold.heldAt == Self.heldAt)
        #expect(hold.expiresAt == summary.expiresAt)
        #expect(hold.requests.map(\.moderator) == ["a@example.org", "b@example.org"])
        #expect(hold.requests.map(\.token) == ["tok-a", "tok-b"])
    }
}
