import Foundation
import Testing
@testable import PraxisCommunity

/// `approve TOKEN` / `reject TOKEN [reason]` by mail as a pure function: the stored token, whether
/// the sender is in the core group now and the held post in; the sentence and the actions out.
/// Forgers and guessers first: each must get exactly what a token that does not exist gets.
@Suite("Held post decider: decisions by mail")
struct HeldPostDeciderMailTests {
    /// Held post 5, “Buy now” from mallory@evil.example, waiting, as in the decider's other tests.
    static let decider = HeldPostDeciderTests.decider
    static let now = HeldPostDeciderTests.now
    static let held = HeldPostDeciderTests.held()

    static func mailed(
        _ decision: ModerationDecision = .approve, by moderator: String = "mod1@example.org",
        token: HeldPostDecider.MailedToken? = HeldPostDecider.MailedToken(address: "mod1@example.org", heldID: 5),
        isCore: Bool = true, held: HeldPostDecider.Held? = held
    ) -> HeldPostDecider.MailedDecision {
        HeldPostDecider.MailedDecision(decision: decision, moderator: moderator, token: token, moderatorIsCore: isCore, held: held)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var mailed: HeldPostDecider.MailedDecision
        var sentence: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a forged From: mod1's token from mod2", mailed: mailed(by: "mod2@example.org"),
             sentence: HeldPostDecider.unusableToken(for: "mod2@example.org")),
        Case(name: "a non-core sender with a core member's token", mailed: mailed(by: "bob@example.org", isCore: false),
             sentence: HeldPostDecider.unusableToken(for: "bob@example.org")),
        Case(name: "a non-core sender rejecting with a core member's token",
             mailed: mailed(.reject(reason: "spam"), by: "bob@example.org", isCore: false),
             sentence: HeldPostDecider.unusableToken(for: "bob@example.org")),
        Case(name: "an unknown or malformed token", mailed: mailed(token: nil),
             sentence: HeldPostDecider.unusableToken(for: "mod1@example.org")),
        Case(name: "a token whose payload is not a number",
             mailed: mailed(token: HeldPostDecider.MailedToken(address: "mod1@example.org", heldID: nil)),
             sentence: HeldPostDecider.unusableToken(for: "mod1@example.org")),
        Case(name: "its own token from someone who left the core group", mailed: mailed(isCore: false),
             sentence: "mod1@example.org is no longer in the core group, so its moderation tokens are void."),
        Case(name: "a token of a held row that is gone", mailed: mailed(held: nil), sentence: "No held post has the number 5."),
        Case(name: "a post decided already",
             mailed: mailed(held: HeldPostDeciderTests.held(.decided(.rejected, by: "mod2@example.org"))),
             sentence: "“Buy now” from mallory@evil.example was already rejected by mod2@example.org."),
    ]

    @Test(arguments: cases)
    func nothingHappensUnlessTheTokenIsTheSendersAndTheyAreCore(_ testCase: Case) {
        let verdict = Self.decider.decide(testCase.mailed, at: Self.now)
        #expect(verdict == HeldPostDecider.Verdict(sentence: testCase.sentence, isDone: false, actions: [], releases: false))
    }

    @Test func theModeratorItWasMailedToApprovesAndItIsReleased() {
        let verdict = Self.decider.decide(Self.mailed(), at: Self.now)
        #expect(verdict == Self.decider.approve(Self.held, by: "mod1@example.org", at: Self.now))
        #expect(verdict.isDone && verdict.releases)
    }

    @Test func theModeratorItWasMailedToRejectsWithTheReason() {
        let verdict = Self.decider.decide(Self.mailed(.reject(reason: "off topic")), at: Self.now)
        #expect(verdict == Self.decider.reject(Self.held, reason: "off topic", by: "mod1@example.org", at: Self.now))
        #expect(verdict.isDone && !verdict.releases)
    }

    static let written: [(written: String, stored: String?)] = [
        ("abcdefghijkmnpqrstuvwxyz", "abcdefghijkmnpqrstuvwxyz"),
        ("  ABCDEFGHIJKMNPQRSTUVWXYZ ", "abcdefghijkmnpqrstuvwxyz"),
        ("abcdefghijkmnpqrstuvwxy", nil),
        ("abcdefghijkmnpqrstuvwxyz2", nil),
        ("abcdefghijklmnpqrstuvwxy", nil),
        ("abcdefghijk0npqrstuvwxyz", nil),
        ("abcdefghijkmnpqrstuvwx'; DROP TABLE x", nil),
        ("", nil),
    ]

    /// Only what could be one of our tokens is looked up; look-alike letters were never drawn.
    @Test(arguments: written)
    func aWrittenTokenIsLookedUpOnlyInItsStoredForm(written: String, stored: String?) {
        #expect(HeldPostDecider.storedToken(written) == stored)
    }
}
