import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

/// `HeldPostDecider` as a pure function: a held post's state and a decision in, the sentence for
/// the moderator and the actions for the store out.
@Suite("Held post decider")
struct HeldPostDeciderTests {
    static let community = Community(name: "Test CoP", listAddress: "cop@lists.example.org")
    static let decider = HeldPostDecider(community: community, expireDays: 14)
    static let heldAt = Date(timeIntervalSince1970: 1_700_000_000)
    static let now = heldAt.addingTimeInterval(86_400)

    static func post(from address: String = "mallory@evil.example", subject: String = "Buy now") -> HeldPostDecider.Post {
        HeldPostDecider.Post(authorName: "Mallory", authorAddress: address, subject: subject, text: "Cheap.", messageID: "<m1@evil.example>")
    }

    static func held(_ status: HeldPostDecider.Status = .waiting, post: HeldPostDecider.Post? = post(), expiresIn days: Double = 14)
        -> HeldPostDecider.Held {
        HeldPostDecider.Held(
            id: 5, reason: "the sender is not a member", heldAt: heldAt, expiresAt: heldAt.addingTimeInterval(days * 86_400),
            status: status, post: post)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var held: HeldPostDecider.Held
        var sentence: String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "approved already", held: held(.decided(.approved, by: "chair@example.org")),
                sentence: "“Buy now” from mallory@evil.example was already approved by chair@example.org."),
        Refusal(name: "rejected already, by nobody known", held: held(.decided(.rejected, by: nil)),
                sentence: "“Buy now” from mallory@evil.example was already rejected."),
        Refusal(name: "expired", held: held(.expired), sentence: "“Buy now” from mallory@evil.example has expired."),
        Refusal(name: "waiting but due", held: held(expiresIn: 1), sentence: "“Buy now” from mallory@evil.example has expired."),
        Refusal(name: "record gone", held: held(.expired, post: nil), sentence: "The held post (its record is gone) has expired."),
    ]

    @Test(arguments: refusals)
    func aPostThatNoLongerWaitsIsNeitherApprovedNorRejected(_ refusal: Refusal) {
        for verdict in [Self.decider.approve(refusal.held, by: "chair@example.org", at: Self.now),
                        Self.decider.reject(refusal.held, reason: "spam", by: "chair@example.org", at: Self.now)] {
            #expect(verdict == HeldPostDecider.Verdict(sentence: refusal.sentence, isDone: false, actions: [], releases: false))
        }
    }

    @Test func anUnknownNumberIsRefused() {
        #expect(HeldPostDecider.unknown(42) == HeldPostDecider.Verdict(
            sentence: "No held post has the number 42.", isDone: false, actions: [], releases: false))
    }

    @Test(arguments: ["chair@example.org", "operator (praxis moderation)"])
    func anApprovalClosesThePostAndReleasesIt(moderator: String) {
        let verdict = Self.decider.approve(Self.held(), by: moderator, at: Self.now)
        #expect(verdict.sentence == "Approved: “Buy now” from mallory@evil.example.")
        #expect(verdict.isDone && verdict.releases)
        #expect(verdict.actions == [.closeHeld(heldID: 5, as: .approved, by: moderator, at: Self.now)])
    }

    /// Whose sender is told of a rejection or an expiry: not a missing or unusable address, and
    /// never one of the community's own (a loop).
    static let senders: [(address: String, told: Bool)] = [
        ("mallory@evil.example", true),
        ("", false),
        ("not an address", false),
        ("cop@lists.example.org", false),
        (community.requestAddress.lowercased(), false),
        (community.bounceAddress.lowercased(), false),
    ]

    @Test(arguments: senders)
    func aRejectionTellsAUsableSenderWithTheReason(address: String, told: Bool) {
        let held = Self.held(post: Self.post(from: address))
        let verdict = Self.decider.reject(held, reason: "off topic", by: "chair@example.org", at: Self.now)
        let from = address.isEmpty ? "an unknown sender" : address
        #expect(verdict.sentence == "Rejected: “Buy now” from \(from)\(told ? "; the sender is told" : "").")
        #expect(verdict.isDone && !verdict.releases)
        #expect(verdict.actions.first == .closeHeld(heldID: 5, as: .rejected, by: "chair@example.org", at: Self.now))
        let notices = verdict.actions.dropFirst().compactMap { action -> ListNotice? in
            guard case .queueNotice(let notice, let time) = action, time == Self.now else { return nil }
            return notice
        }
        #expect(verdict.actions.count == (told ? 2 : 1) && notices.count == verdict.actions.count - 1)
        if let notice = notices.first {
            #expect(notice.recipient == address)
            #expect(notice.text.contains("off topic"))
        }
    }

    @Test(arguments: senders)
    func anExpiryClosesEachDuePostByNobodyAndTellsItsSender(address: String, told: Bool) {
        let due = [Self.held(post: Self.post(from: address)), Self.held(post: nil)]
        let actions = Self.decider.expire(due, at: Self.now)
        let close = FollowUpAction.closeHeld(heldID: 5, as: .expired, by: nil, at: Self.now)
        #expect(actions.filter { $0 == close }.count == 2)
        let notices = actions.compactMap { action -> ListNotice? in
            guard case .queueNotice(let notice, _) = action else { return nil }
            return notice
        }
        #expect(notices.map(\.recipient) == (told ? [address] : []))
        #expect(notices.allSatisfy { $0.text.contains("14 days") })
        #expect(actions.count == 2 + notices.count)
    }

    @Test func expiringNothingDoesNothing() {
        #expect(Self.decider.expire([], at: Self.now).isEmpty)
    }
}
