import Foundation
import PraxisCommunity
import Testing

/// A decision on `/moderation`, decided as a mailed one is: only by whoever decides on the held
/// post now, once.
@Suite("Held posts decided on the web")
struct HeldPostWebDecisionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let decider = HeldPostDecider(community: Community(name: "Mobility", listAddress: "mobility@lists.example.org"), expireDays: 14)
    static func held(_ status: HeldPostDecider.Status = .waiting, expires: TimeInterval = 86_400) -> HeldPostDecider.Held {
        HeldPostDecider.Held(
            id: 7, reason: "the author is not a member", heldAt: now - 60, expiresAt: now + expires, status: status,
            post: HeldPostDecider.Post(authorName: nil, authorAddress: "stranger@elsewhere.example", subject: "Hi", text: "Text",
                                       messageID: "x@elsewhere.example"))
    }

    @Test(arguments: [
        ("not a moderator of its sub-issue", false, held(), Int64(7), false, "No held post has the number 7."),
        ("no such held post", true, nil, Int64(7), false, "No held post has the number 7."),
        ("another number than the row read", true, held(), Int64(8), false, "No held post has the number 8."),
        ("decided already", true, held(.decided(.approved, by: "boss@example.org")), Int64(7), false,
         "“Hi” from stranger@elsewhere.example was already approved by boss@example.org."),
        ("expired", true, held(expires: -1), Int64(7), false, "“Hi” from stranger@elsewhere.example has expired."),
        ("a moderator, in time", true, held(), Int64(7), true, "Approved: “Hi” from stranger@elsewhere.example."),
    ] as [(String, Bool, HeldPostDecider.Held?, Int64, Bool, String)])
    func approving(_ what: String, _ decides: Bool, _ held: HeldPostDecider.Held?, _ id: Int64, _ done: Bool, _ sentence: String) {
        let verdict = Self.decider.decide(
            HeldPostDecider.WebDecision(decision: .approve, moderator: "mod@example.org", heldID: id, moderatorDecides: decides, held: held),
            at: Self.now)
        #expect(verdict.isDone == done, "\(what)")
        #expect(verdict.releases == done, "\(what)")
        #expect(verdict.sentence == sentence, "\(what)")
    }

    @Test func rejectingTellsTheSenderWithTheReason() {
        let verdict = Self.decider.decide(
            HeldPostDecider.WebDecision(decision: .reject(reason: "Off topic"), moderator: "mod@example.org", heldID: 7,
                                        moderatorDecides: true, held: Self.held()),
            at: Self.now)
        #expect(verdict.isDone && !verdict.releases)
        #expect(verdict.actions.count == 2, "closed, and the sender's notice queued")
    }
}
