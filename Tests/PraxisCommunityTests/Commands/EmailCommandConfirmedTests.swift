import Foundation
import Testing
@testable import PraxisCommunity

/// What a confirmation token carries out, as pure functions: the token's payload and the member as
/// the store read it in; the member changes and the line of each change out, each change seeing the
/// ones before it.
@Suite("Email command decider: confirmed changes")
struct EmailCommandConfirmedTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let board = SubIssue(id: "board", isProtected: true, members: ["Bea@Example.org"])
    static let decider = EmailCommandDecider(
        community: Community(name: "Test CoP", listAddress: "cop@example.org"),
        subIssues: [SubIssue(id: "cycling", aliases: ["bikes"]), board],
        coreGroup: ["Core@Example.org"])

    static let active = EmailCommandDecider.MemberState(isKnown: true, isActive: true, hasCoreStanding: false)
    static let former = EmailCommandDecider.MemberState(isKnown: true, isActive: false, hasCoreStanding: false)
    static let coreMember = EmailCommandDecider.MemberState(isKnown: true, isActive: true, hasCoreStanding: true)
    static let formerCore = EmailCommandDecider.MemberState(isKnown: true, isActive: false, hasCoreStanding: true)

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var payload: String
        var from = "ann@example.org"
        var member: EmailCommandDecider.MemberState
        var expected: [EmailCommandDecider.ConfirmedStep]
        var testDescription: String { name }
    }

    static func change(_ address: String, _ change: EmailCommandDecider.MemberChange) -> FollowUpAction {
        .changeMember(address: address, change, at: now)
    }

    static let welcome = "welcome: you are now a member of Test CoP. New members start in the outer circle "
        + "of every sub-issue, where posts come in a digest."
    static let notMember = "not done (set digest daily): you are not a member."
    static let notCore = "not done (classify <p1@example.org> cycling): only the core group can correct a post's sub-issue."

    static let cases: [Case] = [
        Case(name: "a stranger joins", payload: "subscribe Ann", member: .stranger,
             expected: [.done([change("ann@example.org", .join(name: "Ann"))], line: welcome)]),
        Case(name: "a former member rejoins", payload: "subscribe", member: former,
             expected: [.done([change("ann@example.org", .rejoin(name: nil))],
                              line: "welcome back: you are a member of Test CoP again.")]),
        Case(name: "an active member subscribes", payload: "subscribe", member: active,
             expected: [.done([], line: "you were already a member.")]),
        Case(name: "settings after joining in the same token", payload: "subscribe\nset digest daily", member: .stranger,
             expected: [.done([change("ann@example.org", .join(name: nil))], line: welcome),
                        .done([change("ann@example.org", .digest(.daily))], line: "your digest will come every day.")]),
        Case(name: "settings after leaving in the same token", payload: "unsubscribe\nset digest daily", member: active,
             expected: [.done([change("ann@example.org", .leave)],
                              line: "you have left Test CoP. Send “subscribe” any time to come back."),
                        .done([], line: notMember)]),
        Case(name: "settings of someone who left since", payload: "set digest daily", member: former,
             expected: [.done([], line: notMember)]),
        Case(name: "delivery for every sub-issue", payload: "set delivery none", member: active,
             expected: [.done([change("ann@example.org", .delivery(.none))],
                              line: "posts of every sub-issue will come not at all by mail.")]),
        Case(name: "mute a sub-issue", payload: "mute cycling", member: active,
             expected: [.done([change("ann@example.org", .subIssueFollow(subIssue: "cycling", .mutes))],
                              line: "you will no longer get the posts of “cycling”.")]),
        Case(name: "follow by alias", payload: "follow bikes", member: active,
             expected: [.done([change("ann@example.org", .subIssueFollow(subIssue: "cycling", .follows))],
                              line: "you will always get the posts of “bikes”.")]),
        Case(name: "a protected sub-issue no longer admitted", payload: "follow board", member: active,
             expected: [.done([], line: "not done. There is no sub-issue “board”. The sub-issues are: general, cycling.")]),
        Case(name: "a protected sub-issue to an admitted member", payload: "set delivery digest board", from: "bea@example.org",
             member: active,
             expected: [.done([change("bea@example.org", .subIssueDelivery(subIssue: "board", .digest))],
                              line: "posts of “board” will come in a digest.")]),
        Case(name: "classify by the configured core group", payload: "classify <p1@example.org> cycling",
             from: "core@example.org", member: .stranger,
             expected: [.reclassify(messageID: "p1@example.org", subIssue: SubIssue(id: "cycling", aliases: ["bikes"]))]),
        Case(name: "classify by a member of core standing", payload: "classify <p1@example.org> cycling", member: coreMember,
             expected: [.reclassify(messageID: "p1@example.org", subIssue: SubIssue(id: "cycling", aliases: ["bikes"]))]),
        Case(name: "classify by a former member of core standing", payload: "classify <p1@example.org> cycling",
             member: formerCore, expected: [.done([], line: notCore)]),
        Case(name: "classify after leaving in the same token", payload: "unsubscribe\nclassify <p1@example.org> cycling",
             member: coreMember,
             expected: [.done([change("ann@example.org", .leave)],
                              line: "you have left Test CoP. Send “subscribe” any time to come back."),
                        .done([], line: notCore)]),
        Case(name: "classify by an ordinary member", payload: "classify <p1@example.org> cycling", member: active,
             expected: [.done([], line: notCore)]),
        Case(name: "commands that need no confirmation are skipped", payload: "whoami\nhelp", member: active, expected: []),
    ]

    @Test(arguments: cases)
    func steps(_ testCase: Case) {
        let steps = Self.decider.confirmedSteps(
            payload: testCase.payload, address: testCase.from, member: testCase.member, at: Self.now)
        #expect(steps == testCase.expected)
    }

    /// Lines of the steps, the payload, the paragraph.
    static let answers: [([String], String, String)] = [
        (["a.", "b."], "set digest daily", "Confirmed. Done:\n- a.\n- b."),
        // Commands that need no confirmation leave the paragraph without a line.
        ([], "whoami", "Confirmed. Done:"),
        ([], "", "Confirmed. Done:\n- nothing was waiting for that token."),
    ]

    @Test(arguments: answers)
    func answer(lines: [String], payload: String, expected: String) {
        #expect(Self.decider.confirmedAnswer(lines: lines, payload: payload) == expected)
    }

    @Test(arguments: [0, 1, 2])
    func reclassifiedLine(changed: Int) {
        let line = Self.decider.reclassified(.classify(messageID: "p1@example.org", subIssue: "cycling"), changed: changed)
        let posts = changed == 1 ? "1 post" : "\(changed) posts"
        #expect(line == "the post <p1@example.org> goes to “cycling” (\(posts) changed, "
            + "replies that had followed it included; the model learns from it).")
    }
}
