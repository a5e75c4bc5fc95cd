import Foundation
import Testing
@testable import PraxisCommunity

/// `StandingDecider` as a pure function: a member's stored standing and posts in, the policy's
/// decision and the actions for the store out.
@Suite("Standing decider")
struct StandingDeciderTests {
    static let origin = Date(timeIntervalSince1970: 1_072_915_200)  // 2004-01-01T00:00:00Z
    static func day(_ n: Double) -> Date { origin.addingTimeInterval(n * 86_400) }
    static let community = Community(name: "Test CoP", listAddress: "cop@lists.example.org")
    static let cycling = SubIssue(id: "cycling", name: "Cycling")
    static let secret = SubIssue(id: "secret", isProtected: true, members: ["Insider@Example.org"])

    static func decider(promotion: CirclesPolicy.Promotion = .automatic) -> StandingDecider {
        StandingDecider(
            policy: CirclesPolicy(promotion: promotion, core: ["Chair@Example.org"]),
            subIssues: [cycling, secret], community: community)
    }

    static func member(_ standing: CircleStanding, since: Double? = nil, evaluated: Double? = nil, pinned: Bool = false)
        -> StandingDecider.Member {
        StandingDecider.Member(id: 4, address: "ann@example.org", standing: standing, isPinned: pinned,
                               since: since.map(day), evaluatedThrough: evaluated.map(day))
    }

    /// A log of posts given as (day, thread).
    static func log(_ posts: [(Double, Int64)]) -> ContributionLog {
        var seen = Set<Int64>()
        return ContributionLog(posts: posts.map {
            ContributionLog.Post(date: day($0.0), threadID: $0.1, startedThread: seen.insert($0.1).inserted)
        })
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var promotion: CirclesPolicy.Promotion = .automatic
        var member: StandingDecider.Member
        var posts: StandingDecider.Posts
        var at: Double
        var isHistory = false
        var isReview = false
        var expected: StandingDecision.Action
        var actions: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "outer, below the bar", member: member(.outer), posts: .log(log([(1, 1), (2, 1)])), at: 3,
             expected: .stay, actions: ["withdraw"]),
        Case(name: "outer, meets the bar", member: member(.outer), posts: .log(log([(1, 1), (2, 1), (3, 2)])), at: 3,
             expected: .promote, actions: ["outer->inner@3", "notice ann@example.org"]),
        Case(name: "outer, meets the bar in history", member: member(.outer),
             posts: .log(log([(1, 1), (2, 1), (3, 2)])), at: 3, isHistory: true,
             expected: .promote, actions: ["outer->inner@3"]),
        Case(name: "outer, meets a moderated bar", promotion: .moderated, member: member(.outer),
             posts: .log(log([(1, 1), (2, 1), (3, 2)])), at: 3, expected: .propose, actions: ["propose@3"]),
        Case(name: "outer, counted without the log", member: member(.outer),
             posts: .counted(Contributions(posts: 3, distinctThreads: 2), lastPost: nil), at: 3,
             expected: .promote, actions: ["outer->inner@3", "notice ann@example.org"]),
        Case(name: "inner, posting", member: member(.inner, since: 0), posts: .log(log([(100, 1)])), at: 100,
             expected: .stay, actions: ["evaluated@100"]),
        Case(name: "inner, silent past a post: demoted when it fell due", member: member(.inner, since: 0),
             posts: .log(log([(10, 1)])), at: 200, expected: .stay, actions: ["inner->outer@130", "withdraw"]),
        Case(name: "inner, silent: a review stops at the demotion", member: member(.inner, since: 0),
             posts: .log(log([(10, 1)])), at: 200, isReview: true, expected: .demote, actions: ["inner->outer@130"]),
        Case(name: "inner, pinned", member: member(.inner, since: 0, pinned: true), posts: .log(log([])), at: 400,
             expected: .stay, actions: ["evaluated@400"]),
    ]

    static func describe(_ action: FollowUpAction) -> String {
        switch action {
        case .changeStanding(let id, let subIssue, let from, let to, let at, _):
            #expect(id == 4 && subIssue == "cycling")
            return "\(from)->\(to)@\(Int(at.timeIntervalSince(origin) / 86_400))"
        case .proposeCandidate(_, _, let since, _): return "propose@\(Int(since.timeIntervalSince(origin) / 86_400))"
        case .withdrawCandidate: return "withdraw"
        case .markEvaluated(_, _, let at): return "evaluated@\(Int(at.timeIntervalSince(origin) / 86_400))"
        case .queueNotice(let notice, _): return "notice \(notice.recipient)"
        default: return "\(action)"
        }
    }

    @Test(arguments: cases)
    func evaluation(_ test: Case) {
        let (decision, actions) = Self.decider(promotion: test.promotion).evaluate(
            test.member, in: Self.cycling, posts: test.posts, at: Self.day(test.at),
            isHistory: test.isHistory, isReview: test.isReview)
        #expect(decision.action == test.expected)
        #expect(actions.map(Self.describe) == test.actions)
    }

    @Test(arguments: [
        ("ann@example.org", nil, "cycling", true), ("ann@example.org", nil, "secret", false),
        ("insider@example.org", nil, "secret", true), ("chair@example.org", nil, "secret", true),
        ("ann@example.org", CircleStanding.core, "secret", true),
    ] as [(String, CircleStanding?, String, Bool)])
    func admission(address: String, stored: CircleStanding?, subIssue: String, admitted: Bool) throws {
        let decider = Self.decider()
        let subIssue = try #require(decider.subIssue(subIssue))
        #expect(decider.admits(address, to: subIssue, storedStanding: stored) == admitted)
    }

    @Test func storedCirclesPutEachMemberInOnePlace() {
        let circles = Self.decider().storedCircles(
            of: Self.cycling, members: ["ann@example.org", "bob@example.org", "chair@example.org", "dan@example.org"],
            standings: ["bob@example.org": .inner, "dan@example.org": .outer],
            logs: ["dan@example.org": Self.log([(50, 1)])], waiting: ["ann@example.org"], at: Self.day(51))
        #expect(circles.core == ["chair@example.org"])
        #expect(circles.inner == ["bob@example.org"])
        #expect(circles.outerCount == 2)
        #expect(circles.candidates.map(\.address) == ["ann@example.org", "dan@example.org"])
        #expect(circles.candidates.map(\.missing) == ["confirmation by the core group", "2 more posts, 1 more thread"])
    }

    @Test(arguments: [(0.0, 1.0, 0.0), (2.0, 0.0, 0.0), (1.0, 1.0, 1.0)])
    func aPostCountsAtItsDateUnlessItIsAheadOfItsArrival(dated: Double, received: Double, expected: Double) {
        #expect(StandingDecider.instant(dated: Self.day(dated), receivedAt: Self.day(received)) == Self.day(expected))
    }

    /// The promotion note in the member's language, the stored English reason worded in it; the
    /// English note reads as it always did.
    @Test(arguments: [
        (Language?.none, "You are now in the inner circle of Cycling",
         "You wrote 3 posts in 2 threads within 60 days in Cycling: thank you. You are now in the inner circle of Cycling."),
        (Language.de, "Sie sind jetzt im inneren Kreis von Cycling",
         "Sie haben in Cycling 3 Beiträge in 2 Diskussionen innerhalb von 60 Tagen geschrieben: vielen Dank."),
        (Language.es, "Ahora forma parte del círculo interior de Cycling",
         "Ha escrito 3 mensajes en 2 hilos en 60 días en Cycling: gracias."),
    ])
    func thePromotionNoteIsInTheMembersLanguage(_ language: Language?, _ subject: String, _ opening: String) throws {
        var member = Self.member(.outer)
        member.language = language
        let (_, actions) = Self.decider().evaluate(member, in: Self.cycling, posts: .log(Self.log([(1, 1), (2, 2), (3, 2)])),
                                                   at: Self.day(3), isHistory: false)
        let notice = try #require(actions.compactMap { action -> ListNotice? in
            if case .queueNotice(let notice, _) = action { return notice } else { return nil }
        }.first)
        #expect(notice.subject == subject)
        #expect(notice.text.contains(opening), "\(notice.text)")
        #expect(notice.text.contains("    set delivery digest cycling\n") && notice.text.hasSuffix("Test CoP\n"))
        if language != nil {
            let english = MessageCatalog.english.filter { $0.key.rawValue.hasPrefix("promotion") }.values.flatMap(\.forms)
            for sentence in english { #expect(!notice.text.contains(sentence), "English “\(sentence)” in \(notice.text)") }
        }
    }
}
