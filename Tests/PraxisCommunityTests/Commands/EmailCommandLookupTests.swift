import Foundation
import Testing
@testable import PraxisCommunity

/// The email commands whose answer needs something the store reads (a token, a post, the core
/// group), decided as pure functions from what it read: `confirm`, `classify` and the gate of
/// `approve`/`reject`. Hostile cases first: a forger, a guesser, an outsider probing for posts.
@Suite("Email command decider: answers from what the store read")
struct EmailCommandLookupTests {
    /// The community of the confirmed changes' tests: sub-issues `cycling` (alias `bikes`) and
    /// protected `board`; `core@example.org` configured core.
    static let now = EmailCommandConfirmedTests.now
    static let decider = EmailCommandConfirmedTests.decider
    static let active = EmailCommandConfirmedTests.active

    static func token(
        _ purpose: EmailCommandDecider.ConfirmationPurpose? = .settings, to address: String = "ann@example.org",
        expiresIn seconds: Double = 3_600, usedAt: Date? = nil
    ) -> EmailCommandDecider.StoredConfirmation {
        EmailCommandDecider.StoredConfirmation(
            token: "tok", purpose: purpose, address: address, payload: "set digest daily",
            expiresAt: now.addingTimeInterval(seconds), usedAt: usedAt)
    }

    // MARK: confirm

    struct Refused: Sendable, CustomTestStringConvertible {
        var name: String
        var stored: EmailCommandDecider.StoredConfirmation?
        var testDescription: String { name }
    }

    static let refused: [Refused] = [
        Refused(name: "a token mailed to someone else", stored: token(to: "victim@example.org")),
        Refused(name: "a token mailed to the same address in another case", stored: token(to: "Ann@example.org")),
        Refused(name: "a used token", stored: token(usedAt: now.addingTimeInterval(-60))),
        Refused(name: "an expired token", stored: token(expiresIn: -1)),
        Refused(name: "a token expiring this very second", stored: token(expiresIn: 0)),
        Refused(name: "a moderator's token", stored: token(nil)),
        Refused(name: "an unknown token", stored: nil),
    ]

    /// Every refusal reads the same, so a guesser learns nothing, and nothing is spent or changed.
    @Test(arguments: refused)
    func anUnusableTokenIsRefusedAlike(_ refusal: Refused) {
        let outcome = Self.decider.confirm(refusal.stored, from: "ann@example.org", member: Self.active, at: Self.now)
        #expect(outcome == .refused(
            "That token is unknown, used already, expired, or was not sent to ann@example.org. Nothing was changed."))
    }

    @Test(arguments: [EmailCommandDecider.ConfirmationPurpose.subscribe, .unsubscribe, .settings])
    func aUsableTokenIsSpentThenCarriedOut(purpose: EmailCommandDecider.ConfirmationPurpose) {
        let outcome = Self.decider.confirm(Self.token(purpose), from: "ann@example.org", member: Self.active, at: Self.now)
        #expect(outcome == .confirmed(
            actions: [.spendConfirmation(token: "tok", at: Self.now)],
            steps: [.done([.changeMember(address: "ann@example.org", .digest(.daily), at: Self.now)],
                          line: "your digest will come every day.")],
            payload: "set digest daily"))
    }

    // MARK: classify

    struct Request: Sendable, CustomTestStringConvertible {
        var name: String
        var subIssue: String = "cycling"
        var senderIsCore: Bool
        var postExists: Bool
        var answer: String
        var pending: [EmailCommand] = []
        var testDescription: String { name }
    }

    static let onlyCore = "Only the core group can correct the sub-issue of a post."
    static let requests: [Request] = [
        // An outsider hears the same whether or not the post (a protected one, say) exists.
        Request(name: "an outsider names an existing post", senderIsCore: false, postExists: true, answer: onlyCore),
        Request(name: "an outsider names no post", senderIsCore: false, postExists: false, answer: onlyCore),
        Request(name: "an outsider names a protected sub-issue", subIssue: "board", senderIsCore: false, postExists: true,
                answer: onlyCore),
        Request(name: "an outsider names an unknown sub-issue", subIssue: "nope", senderIsCore: false, postExists: false,
                answer: onlyCore),
        Request(name: "the core group names an unknown sub-issue", subIssue: "nope", senderIsCore: true, postExists: true,
                answer: "There is no sub-issue “nope”. The sub-issues are: general, cycling, board."),
        Request(name: "the core group names no post", senderIsCore: true, postExists: false,
                answer: "No post has the Message-ID <p1@example.org>."),
        Request(name: "the core group by alias", subIssue: "bikes", senderIsCore: true, postExists: true,
                answer: "Waiting for your confirmation: the post <p1@example.org> goes to “cycling”.",
                pending: [.classify(messageID: "p1@example.org", subIssue: "cycling")]),
        Request(name: "the core group into a protected sub-issue", subIssue: "board", senderIsCore: true, postExists: true,
                answer: "Waiting for your confirmation: the post <p1@example.org> goes to “board”.",
                pending: [.classify(messageID: "p1@example.org", subIssue: "board")]),
    ]

    @Test(arguments: requests)
    func aClassifyRequestWaitsOnlyForTheCoreGroup(_ request: Request) {
        var run = EmailCommandDecider.Run(address: "ann@example.org", fromName: nil, now: Self.now)
        let answer = Self.decider.classifyRequest(
            messageID: "p1@example.org", subIssue: request.subIssue, senderIsCore: request.senderIsCore,
            postExists: request.postExists, run: &run)
        #expect(answer == request.answer)
        #expect(run.pending == request.pending)
    }

    // MARK: approve / reject

    static let gate: [(address: String, isMember: Bool, isSetUp: Bool, refusal: String?)] = [
        ("stranger@evil.example", false, true, "Only the core group can approve or reject held posts."),
        ("stranger@evil.example", false, false, "Only the core group can approve or reject held posts."),
        // A member goes on to the token check, which answers them as it answers a guesser.
        ("bob@example.org", true, true, nil),
        ("core@example.org", false, true, nil),
        ("core@example.org", false, false,
         "Moderation by email is not set up for this list; please write to cop-owner@example.org."),
    ]

    @Test(arguments: gate)
    func onlyMembersAndTheCoreGroupReachTheTokenCheck(address: String, isMember: Bool, isSetUp: Bool, refusal: String?) {
        #expect(Self.decider.moderationRefusal(from: address, isMember: isMember, isSetUp: isSetUp) == refusal)
    }
}
