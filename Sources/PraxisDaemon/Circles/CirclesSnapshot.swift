import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import PraxisStore

/// The circles of every sub-issue at one instant, as `praxis circles` shows them (DESIGN.md §4).
public struct CirclesSnapshot: Sendable, Hashable {
    public struct Candidate: Sendable, Hashable {
        public var address: String
        /// What the member still lacks: "1 more post, 1 more thread", or "confirmation by the core group".
        public var missing: String
    }

    public struct Circles: Sendable, Hashable {
        public var id: String
        public var core: [String]
        public var inner: [String]
        public var outerCount: Int
        public var candidates: [Candidate]
    }

    public typealias Transition = MemberTransition

    public var asOf: Date
    public var subIssues: [Circles]
    /// The transitions of the 30 days up to `asOf`, oldest first.
    public var transitions: [Transition]

    /// How far back `transitions` reaches.
    public static let recentDays = 30
}

extension StandingEvaluator {
    /// What a core member confirming a candidate still has to do.
    static let awaitingConfirmation = "confirmation by the core group"

    /// The members of the store that count at `instant`: active, joined by then.
    private func members(at instant: Date, in db: Database) throws -> [(id: Int64, address: String)] {
        try Row.fetchAll(db, sql: "SELECT id, address FROM members WHERE status = 'active' AND joined_at <= ? ORDER BY address",
                         arguments: [instant.timeIntervalSince1970]).map { ($0[0], $0[1]) }
    }

    private func sorted(_ transitions: [CirclesSnapshot.Transition]) -> [CirclesSnapshot.Transition] {
        transitions.sorted { ($0.at, $0.address, $0.subIssue) < ($1.at, $1.address, $1.subIssue) }
    }

    /// The candidates among outer members with at least one post in the window: what each lacks.
    private func candidates(
        outer: [String], logs: [String: ContributionLog], waiting: Set<String>, at instant: Date
    ) -> [CirclesSnapshot.Candidate] {
        var result: [(lack: Int, candidate: CirclesSnapshot.Candidate)] = []
        for address in outer {
            if waiting.contains(address) {
                result.append((0, .init(address: address, missing: Self.awaitingConfirmation)))
                continue
            }
            guard let log = logs[address] else { continue }
            let counts = log.contributions(after: policy.windowStart(endingAt: instant), through: instant)
            let missing = policy.missing(counts)
            guard counts.posts > 0, !missing.isEmpty else { continue }
            let lack = max(0, policy.inner.posts - counts.posts) + max(0, policy.inner.threads - counts.distinctThreads)
            result.append((lack, .init(address: address, missing: missing.joined(separator: ", "))))
        }
        // Closest first: that is who the core group may want to encourage.
        return result.sorted { ($0.lack, $0.candidate.address) < ($1.lack, $1.candidate.address) }.map(\.candidate)
    }

    /// The circles as stored now (`praxis circles` without `--as-of`).
    public func current(at now: Date, subIssue only: String? = nil, in db: Database) throws -> CirclesSnapshot {
        var circles: [CirclesSnapshot.Circles] = []
        let everyone = try members(at: now, in: db)
        for subIssue in subIssues where only == nil || only == subIssue.id {
            let stored = try PraxisDatabase.storedStandings(subIssue: subIssue.id, in: db)
            let logs = try PraxisDatabase.contributionLogs(subIssue: subIssue.id, through: now, in: db)
            let waiting = Set(try PraxisDatabase.candidates(subIssue: subIssue.id, in: db).map(\.address))
            var core = configuredCore
            var inner: [String] = []
            var outer: [String] = []
            for member in everyone {
                let standing = stored[member.address]?.standing
                if isCore(member.address, storedStanding: standing) { core.insert(member.address); continue }
                guard admits(member.address, to: subIssue, storedStanding: standing) else { continue }
                if standing == .inner { inner.append(member.address) } else { outer.append(member.address) }
            }
            circles.append(.init(
                id: subIssue.id, core: core.sorted(), inner: inner, outerCount: outer.count,
                candidates: candidates(outer: outer, logs: logs, waiting: waiting, at: now)))
        }
        let since = now.addingTimeInterval(-Double(CirclesSnapshot.recentDays) * StandingReplay.day)
        let transitions = try PraxisDatabase.transitions(after: since, through: now, subIssue: only, in: db)
        return CirclesSnapshot(asOf: now, subIssues: circles, transitions: sorted(transitions))
    }

    /// Every admitted, non-core member's replayed history in `subIssue` up to `end`, by address,
    /// with the member's id. Pinned inner members keep their standing: a pin has no history to replay.
    func replayOutcomes(
        _ subIssue: SubIssue, through end: Date, in db: Database
    ) throws -> (outcomes: [String: (id: Int64, outcome: StandingReplay.Outcome)], core: Set<String>, logs: [String: ContributionLog]) {
        let stored = try PraxisDatabase.storedStandings(subIssue: subIssue.id, in: db)
        let logs = try PraxisDatabase.contributionLogs(subIssue: subIssue.id, through: end, in: db)
        let confirmations = try PraxisDatabase.confirmations(subIssue: subIssue.id, through: end, in: db)
        var core = configuredCore
        var outcomes: [String: (id: Int64, outcome: StandingReplay.Outcome)] = [:]
        for member in try members(at: end, in: db) {
            let standing = stored[member.address]
            if isCore(member.address, storedStanding: standing?.standing) { core.insert(member.address); continue }
            guard admits(member.address, to: subIssue, storedStanding: standing?.standing) else { continue }
            let log = logs[member.address] ?? ContributionLog(posts: [])
            if let standing, standing.isPinned, standing.standing == .inner, let since = standing.since, since <= end {
                let counts = log.contributions(after: policy.windowStart(endingAt: end), through: end)
                outcomes[member.address] = (member.id, StandingReplay.Outcome(
                    standing: .inner, promotedAt: since, transitions: [], contributions: counts, missing: []))
                continue
            }
            outcomes[member.address] = (member.id, StandingReplay.replay(
                log, policy: policy, isPinned: standing?.isPinned ?? false,
                confirmations: confirmations[member.id] ?? [], through: end))
        }
        return (outcomes, core, logs)
    }

    /// The circles the policy gives at `end` when history is replayed from the posts up to it
    /// (`praxis circles --as-of`): nothing stored is read but the members, the core group, pins
    /// and confirmations.
    public func replayed(through end: Date, subIssue only: String? = nil, in db: Database) throws -> CirclesSnapshot {
        var circles: [CirclesSnapshot.Circles] = []
        var transitions: [CirclesSnapshot.Transition] = []
        let since = end.addingTimeInterval(-Double(CirclesSnapshot.recentDays) * StandingReplay.day)
        for subIssue in subIssues where only == nil || only == subIssue.id {
            let (outcomes, core, logs) = try replayOutcomes(subIssue, through: end, in: db)
            var inner: [String] = []
            var outer: [String] = []
            var waiting = Set<String>()
            for (address, entry) in outcomes {
                if entry.outcome.standing == .inner { inner.append(address) } else { outer.append(address) }
                if entry.outcome.candidateSince != nil { waiting.insert(address) }
                for transition in entry.outcome.transitions where transition.at > since {
                    transitions.append(.init(address: address, subIssue: subIssue.id, from: transition.from.rawValue,
                                             to: transition.to.rawValue, at: transition.at, reason: transition.reason))
                }
            }
            circles.append(.init(
                id: subIssue.id, core: core.sorted(), inner: inner.sorted(), outerCount: outer.count,
                candidates: candidates(outer: outer.sorted(), logs: logs, waiting: waiting, at: end)))
        }
        // Changes to and from the core group are the operator's, not the policy's: as stored.
        for stored in try PraxisDatabase.transitions(after: since, through: end, subIssue: only, in: db)
        where stored.from == CircleStanding.core.rawValue || stored.to == CircleStanding.core.rawValue {
            transitions.append(stored)
        }
        return CirclesSnapshot(asOf: end, subIssues: circles, transitions: sorted(transitions))
    }

    /// Replays history up to `end` and stores the outcome as the live standings, with their
    /// transitions: after `praxis import`, the store holds what a daemon running through that
    /// history would have written (no notes are sent for history).
    public func replayAndStore(through end: Date, in db: Database) throws {
        for subIssue in subIssues {
            let (outcomes, _, _) = try replayOutcomes(subIssue, through: end, in: db)
            try PraxisDatabase.replaceReplayedStandings(
                subIssue: subIssue.id,
                // A pinned inner member was kept, not replayed: their stored history stays.
                members: outcomes.values.filter { !($0.outcome.standing == .inner && $0.outcome.transitions.isEmpty) }
                    .map { (memberID: $0.id, outcome: $0.outcome) },
                in: db)
        }
    }
}

extension CommunityInstance {
    /// The circles evaluator for this instance's configuration.
    public var standingEvaluator: StandingEvaluator { StandingEvaluator(configuration: configuration) }

    /// Replays every member's standing up to `end` into the store (`praxis import` runs this when it ends).
    public func replayStandings(through end: Date = Date()) throws(StoreError) {
        let evaluator = standingEvaluator
        try database.write("replaying the circles up to \(end)") { db in
            try evaluator.replayAndStore(through: end, in: db)
        }
    }
}
