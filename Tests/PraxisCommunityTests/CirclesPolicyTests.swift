import Foundation
import Testing
@testable import PraxisCommunity

/// The circles policy on a clock the test controls: every instant is "day N" after a fixed origin.
@Suite("Circles policy")
struct CirclesPolicyTests {
    static let origin = Date(timeIntervalSince1970: 1_072_915_200)  // 2004-01-01T00:00:00Z

    static func day(_ n: Double) -> Date { origin.addingTimeInterval(n * 86_400) }

    /// A log of posts given as (day, thread).
    static func log(_ posts: [(Double, Int64)], replies: [Double] = []) -> ContributionLog {
        var seen = Set<Int64>()
        return ContributionLog(
            posts: posts.map { entry in
                ContributionLog.Post(date: day(entry.0), threadID: entry.1, startedThread: seen.insert(entry.1).inserted)
            },
            repliesReceived: replies.map(day))
    }

    static let standard = CirclesPolicy()  // 3 posts, 2 threads, 60 days; silent 120, tenure 30, 90%

    // MARK: Counting

    @Test func countsOnlyTheWindowAndSplitsStartsFromReplies() {
        let log = Self.log([(1, 1), (2, 1), (50, 2), (70, 3), (71, 3)], replies: [3, 72])
        let counts = log.contributions(after: Self.day(10), through: Self.day(71))
        #expect(counts.posts == 3)
        #expect(counts.distinctThreads == 2)
        #expect(counts.threadsStarted == 2)  // day 50 (thread 2) and day 70 (thread 3)
        #expect(counts.repliesGiven == 1)
        #expect(counts.repliesReceived == 0)  // day 72 is after the end, day 3 before the start
        #expect(counts.firstPost == Self.day(50))
        #expect(counts.lastPost == Self.day(71))
        // A post exactly window_days old has left the window.
        #expect(log.contributions(after: Self.day(50), through: Self.day(110)).posts == 2)
        #expect(log.lastPost(through: Self.day(69)) == Self.day(50))
    }

    @Test(arguments: [
        (Contributions(posts: 0, distinctThreads: 0), ["3 more posts", "2 more threads"]),
        (Contributions(posts: 2, distinctThreads: 2), ["1 more post"]),
        (Contributions(posts: 3, distinctThreads: 1), ["1 more thread"]),
        (Contributions(posts: 5, distinctThreads: 3), []),
    ])
    func saysWhatIsMissing(counts: Contributions, expected: [String]) {
        #expect(Self.standard.missing(counts) == expected)
    }

    // MARK: Promotion

    @Test func promotesAtThePostThatMeetsTheBarWithAHumanReason() {
        let outcome = StandingReplay.replay(Self.log([(1, 1), (5, 1), (9, 2)]), policy: Self.standard, through: Self.day(10))
        #expect(outcome.standing == .inner)
        #expect(outcome.transitions == [.init(from: .outer, to: .inner, at: Self.day(9), reason: "3 posts in 2 threads within 60 days")])
    }

    @Test func oneLongThreadIsNotEnough() {
        let outcome = StandingReplay.replay(Self.log([(1, 1), (2, 1), (3, 1), (4, 1)]), policy: Self.standard, through: Self.day(5))
        #expect(outcome.standing == .outer)
        #expect(outcome.missing == ["1 more thread"])
    }

    @Test func postsSpreadWiderThanTheWindowAreNotEnough() {
        let outcome = StandingReplay.replay(Self.log([(1, 1), (40, 2), (65, 3)]), policy: Self.standard, through: Self.day(70))
        #expect(outcome.standing == .outer)
        #expect(outcome.missing == ["1 more post"])
    }

    @Test func repliesReceivedCountWhenTheBarAsksForThem() {
        var policy = Self.standard
        policy.inner.repliesReceived = 2
        let quiet = StandingReplay.replay(Self.log([(1, 1), (2, 2), (3, 2)], replies: [2]), policy: policy, through: Self.day(4))
        #expect(quiet.standing == .outer)
        #expect(quiet.missing == ["1 more reply from others"])
        // The reply that completes the bar promotes at its own instant.
        let answered = StandingReplay.replay(Self.log([(1, 1), (2, 2), (3, 2)], replies: [2, 3.5]), policy: policy, through: Self.day(4))
        #expect(answered.transitions.map(\.at) == [Self.day(3.5)])
        #expect(answered.transitions.first?.reason == "3 posts in 2 threads, 2 replies from others within 60 days")
    }

    // MARK: Demotion

    @Test func demotesExactlySilentDaysAfterTheLastPost() {
        let outcome = StandingReplay.replay(Self.log([(1, 1), (2, 2), (3, 2)]), policy: Self.standard, through: Self.day(200))
        #expect(outcome.standing == .outer)
        #expect(outcome.transitions.last == .init(from: .inner, to: .outer, at: Self.day(123), reason: "no post in 120 days"))
        // One second before it is due, still inner.
        let before = StandingReplay.replay(Self.log([(1, 1), (2, 2), (3, 2)]), policy: Self.standard,
                                           through: Self.day(123).addingTimeInterval(-1))
        #expect(before.standing == .inner)
    }

    @Test func aPostBeforeTheSilenceEndsKeepsTheMemberIn() {
        let outcome = StandingReplay.replay(Self.log([(1, 1), (2, 2), (3, 2), (100, 3), (210, 4)]), policy: Self.standard,
                                            through: Self.day(215))
        #expect(outcome.standing == .inner)
        #expect(outcome.transitions.count == 1)
    }

    @Test func hysteresisKeepsAMemberNearTheBarAfterTheSilence() {
        // A long window and a short silence: after 30 silent days the member still has all their
        // posts in the window, so they stay until the posts begin to leave it.
        let policy = CirclesPolicy(
            inner: .init(posts: 3, threads: 2, windowDays: 100),
            demotion: .init(silentDays: 30, hysteresis: 0.9, minimumTenureDays: 0))
        let log = Self.log([(1, 1), (2, 2), (3, 2)])
        #expect(StandingReplay.replay(log, policy: policy, through: Self.day(50)).standing == .inner)
        let outcome = StandingReplay.replay(log, policy: policy, through: Self.day(150))
        // Day 101: the day-1 post leaves the window, 2 posts are under 90% of 3.
        #expect(outcome.transitions.last == .init(from: .inner, to: .outer, at: Self.day(101), reason: "no post in 30 days"))
        // With a lower hysteresis, 2 of 3 posts and 1 of 2 threads still hold them until day 102.
        var lenient = policy
        lenient.demotion.hysteresis = 0.5
        #expect(StandingReplay.replay(log, policy: lenient, through: Self.day(150)).transitions.last?.at == Self.day(102))
    }

    @Test func minimumTenureHoldsANewMemberIn() {
        // A short window, so that hysteresis plays no part: only the tenure holds them.
        let policy = CirclesPolicy(inner: .init(posts: 3, threads: 2, windowDays: 20),
                                   demotion: .init(silentDays: 10, hysteresis: 0.9, minimumTenureDays: 30))
        let log = Self.log([(1, 1), (2, 2), (3, 2)])
        #expect(StandingReplay.replay(log, policy: policy, through: Self.day(20)).standing == .inner)
        let outcome = StandingReplay.replay(log, policy: policy, through: Self.day(60))
        #expect(outcome.transitions.last?.at == Self.day(33))  // promoted on day 3, 30 days of tenure
        #expect(policy.decide(standing: .inner, promotedAt: Self.day(3), isPinned: false, contributions: .none,
                              lastPost: Self.day(3), at: Self.day(20)).reason == "within 30 days of promotion")
    }

    @Test func pinnedMembersAreNeverDemoted() {
        let outcome = StandingReplay.replay(Self.log([(1, 1), (2, 2), (3, 2)]), policy: Self.standard, isPinned: true,
                                            through: Self.day(1_000))
        #expect(outcome.standing == .inner)
        #expect(outcome.transitions.count == 1)
    }

    @Test func coreIsNeverMoved() {
        let decision = Self.standard.decide(standing: .core, promotedAt: nil, isPinned: false, contributions: .none,
                                            lastPost: nil, at: Self.day(500))
        #expect(decision.action == .stay)
    }

    @Test func demotedMembersComeBackWhenTheyMeetTheBarAgain() {
        let outcome = StandingReplay.replay(Self.log([(1, 1), (2, 2), (3, 2), (200, 5), (201, 6), (202, 6)]),
                                            policy: Self.standard, through: Self.day(210))
        #expect(outcome.transitions.map(\.to) == [.inner, .outer, .inner])
        #expect(outcome.transitions.map(\.at) == [Self.day(3), Self.day(123), Self.day(202)])
    }

    // MARK: Moderated promotion

    @Test func moderatedPromotionWaitsForTheCoreGroup() {
        let policy = CirclesPolicy(promotion: .moderated)
        let log = Self.log([(1, 1), (2, 2), (3, 2)])
        let waiting = StandingReplay.replay(log, policy: policy, through: Self.day(10))
        #expect(waiting.standing == .outer)
        #expect(waiting.candidateSince == Self.day(3))
        #expect(waiting.candidateReason == "3 posts in 2 threads within 60 days")
        let confirmed = StandingReplay.replay(
            log, policy: policy, confirmations: [.init(at: Self.day(12), reason: "confirmed by the core group")],
            through: Self.day(20))
        #expect(confirmed.standing == .inner)
        #expect(confirmed.candidateSince == nil)
        #expect(confirmed.transitions == [.init(from: .outer, to: .inner, at: Self.day(12), reason: "confirmed by the core group")])
        // Unconfirmed, the candidacy lapses once the bar is no longer met.
        #expect(StandingReplay.replay(log, policy: policy, through: Self.day(62)).candidateSince == nil)
    }

    // MARK: Determinism

    @Test func replayingToAnEarlierInstantGivesAPrefixOfTheSameHistory() {
        let log = Self.log((0..<60).map { (Double($0 * $0 % 400), Int64($0 % 7)) })
        let full = StandingReplay.replay(log, policy: Self.standard, through: Self.day(500))
        for end in stride(from: 0.0, through: 500, by: 7) {
            let partial = StandingReplay.replay(log, policy: Self.standard, through: Self.day(end))
            #expect(partial.transitions == full.transitions.filter { $0.at <= Self.day(end) })
            let lastChange = full.transitions.last { $0.at <= Self.day(end) }
            #expect(partial.standing == (lastChange?.to ?? .outer))
        }
    }
    /// The shortcut a live evaluation takes agrees with `firstDemotion`: whenever silence keeps a
    /// member in, no demotion is found; where it does not, the log is read instead.
    @Test func silenceKeepsInnerOnlyWhereNoDemotionCanFallDue() {
        let policy = Self.standard  // silent 120 days
        // Active on day 100, posts on days 150 and 200: no stretch of 120 days up to day 300.
        #expect(policy.silenceKeepsInner(activeAt: Self.day(100), posts: [Self.day(150), Self.day(200)],
                                         from: Self.day(120), through: Self.day(300)))
        // Up to day 320 the silence after day 200 reaches 120 days.
        #expect(!policy.silenceKeepsInner(activeAt: Self.day(100), posts: [Self.day(150), Self.day(200)],
                                          from: Self.day(120), through: Self.day(320)))
        // A gap of 120 days between two posts.
        #expect(!policy.silenceKeepsInner(activeAt: Self.day(100), posts: [Self.day(220), Self.day(230)],
                                          from: Self.day(120), through: Self.day(240)))
        // Never active: nothing is known to keep them in.
        #expect(!policy.silenceKeepsInner(activeAt: nil, posts: [], from: Self.day(0), through: Self.day(1)))

        // Against firstDemotion on random histories: wherever the shortcut says "kept in", the
        // full search finds no demotion in the same stretch.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let days = (0..<Int.random(in: 3...12, using: &generator))
                .map { _ in Double(Int.random(in: 0...400, using: &generator)) }.sorted()
            let log = Self.log(days.enumerated().map { ($0.element, Int64($0.offset % 3)) })
            let promotedAt = Self.day(days[2])
            let start = Self.day(Double(Int.random(in: Int(days[2])...420, using: &generator)))
            let end = start.addingTimeInterval(Double(Int.random(in: 0...200, using: &generator)) * 86_400)
            let activeAt = [log.lastPost(through: start), promotedAt].compactMap { $0 }.max()
            let after = log.posts.map(\.date).filter { $0 > start && $0 <= end }
            if policy.silenceKeepsInner(activeAt: activeAt, posts: after, from: start, through: end) {
                #expect(policy.firstDemotion(promotedAt: promotedAt, isPinned: false, log: log, from: start,
                                             before: end, includingEnd: true) == nil, "\(days) \(start) \(end)")
            }
        }
    }
}

