import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import Testing
@testable import PraxisStore

/// A post dated before its author's last evaluation (it arrived late, or a backlog is out of date
/// order) is decided from two lookups by SQLite (`StandingEvaluator.countedWithoutLog`), not from
/// the author's log: the decision and every action must be what the log gives, for every kind of
/// inner member and policy, whatever the posts around it.
@Suite("Late posts: standing without the log")
struct LatePostStandingTests {
    static let general = SubIssue(id: "general", name: "General")
    static let author = "ann@example.org"

    /// A small deterministic generator, so a failure can be run again as it was.
    struct Dice {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func day(below bound: Int) -> TimeInterval { TimeInterval(below(bound * 24)) * 3_600 }
    }

    /// `ann`'s posts at random dates over 500 days, some answering her earlier ones (so threads
    /// repeat), others' posts between them, and one post of hers in another sub-issue.
    static func store(_ dice: inout Dice) throws -> TemporaryDatabase {
        let temporary = try TemporaryDatabase()
        var posts: [NewPost] = []
        for number in 0..<(10 + dice.below(50)) {
            let answered = number > 0 && dice.below(3) == 0 ? ["ann\(dice.below(number))@x"] : []
            posts.append(makePost("ann\(number)@x", subject: "Topic \(number)", body: "Post \(number)",
                                  inReplyTo: answered, at: dice.day(below: 500), author: author))
            if dice.below(2) == 0 {
                posts.append(makePost("bob\(number)@x", subject: "Other \(number)", body: "Other \(number)",
                                      at: dice.day(below: 500), author: "bob@example.org"))
            }
        }
        posts.append(makePost("annk@x", body: "Elsewhere", at: dice.day(below: 500), author: author,
                              classification: PostClassification(subIssue: "kernel", stage: .explicit)))
        _ = try temporary.database.recordPosts(posts)
        return temporary
    }

    @Test(arguments: 0..<60)
    func theDecisionIsTheLogs(seed: Int) throws {
        var dice = Dice(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        let temporary = try Self.store(&dice)
        let policy = CirclesPolicy(
            inner: .init(posts: 1 + dice.below(4), threads: 1 + dice.below(3), windowDays: [7, 30, 60, 200][dice.below(4)]),
            demotion: .init(silentDays: [10, 45, 120, 400][dice.below(4)], minimumTenureDays: [0, 30, 90][dice.below(3)]))
        let decider = StandingDecider(
            policy: policy, subIssues: [Self.general], community: Community(name: "Test CoP", listAddress: "cop@example.org"))
        let evaluator = StandingEvaluator(decider: decider)
        for _ in 0..<25 {
            // Inner (with or without a promotion date, pinned or not), evaluated through some day or not.
            let since = dice.below(5) == 0 ? nil : start.addingTimeInterval(dice.day(below: 500))
            let evaluated = dice.below(4) == 0 ? nil : start.addingTimeInterval(dice.day(below: 520))
            let member = StandingDecider.Member(
                id: 1, address: Self.author, standing: .inner, isPinned: dice.below(6) == 0, since: since,
                evaluatedThrough: evaluated)
            guard let checkedFrom = member.checkedFrom else { continue }
            // An instant before the last evaluation: sometimes exactly at one of her posts.
            let instant = checkedFrom.addingTimeInterval(-dice.day(below: 300) - 1)
            try temporary.database.read("deciding") { db in
                let log = try PraxisDatabase.contributionLogs(
                    subIssue: "general", after: decider.logStart(for: member, at: instant), through: instant,
                    author: Self.author, detail: [], in: db)[Self.author] ?? ContributionLog(posts: [])
                let counted = try #require(try evaluator.countedWithoutLog(member, subIssue: "general", at: instant, in: db))
                let byLog = decider.evaluate(member, in: Self.general, posts: .log(log), at: instant, isHistory: false)
                let byCounts = decider.evaluate(
                    member, in: Self.general, posts: .counted(counted.counts, lastPost: counted.lastPost), at: instant,
                    isHistory: false)
                #expect(String(describing: byCounts.decision) == String(describing: byLog.decision), "\(member) at \(instant)")
                #expect(String(describing: byCounts.actions) == String(describing: byLog.actions), "\(member) at \(instant)")
            }
        }
    }
}
