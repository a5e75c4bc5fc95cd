import Foundation
import GRDB
import PraxisCommunity

extension StandingEvaluator {
    /// The circles as stored now (`praxis circles` without `--as-of`).
    public func current(at now: Date, subIssue only: String? = nil, in db: Database) throws -> CirclesSnapshot {
        var circles: [CirclesSnapshot.Circles] = []
        let everyone = try PraxisDatabase.activeMembers(joinedBy: now, in: db).map(\.address)
        for subIssue in subIssues where only == nil || only == subIssue.id {
            let stored = try PraxisDatabase.storedStandings(subIssue: subIssue.id, in: db)
            circles.append(decider.storedCircles(
                of: subIssue, members: everyone, standings: stored.mapValues(\.standing),
                logs: try PraxisDatabase.contributionLogs(subIssue: subIssue.id, through: now, in: db),
                waiting: Set(try PraxisDatabase.candidates(subIssue: subIssue.id, in: db).map(\.address)), at: now))
        }
        let since = now.addingTimeInterval(-Double(CirclesSnapshot.recentDays) * StandingReplay.day)
        let transitions = try PraxisDatabase.transitions(after: since, through: now, subIssue: only, in: db)
        return CirclesSnapshot(asOf: now, subIssues: circles, transitions: transitions)
    }

    /// Every admitted, non-core member's replayed history in `subIssue` up to `end`, by address,
    /// with the member's id. Pinned inner members keep their standing: a pin has no history to replay.
    func replayOutcomes(
        _ subIssue: SubIssue, through end: Date, in db: Database
    ) throws -> (outcomes: [String: (id: Int64, outcome: StandingReplay.Outcome)], core: Set<String>, logs: [String: ContributionLog]) {
        let stored = try PraxisDatabase.storedStandings(subIssue: subIssue.id, in: db)
        let logs = try PraxisDatabase.contributionLogs(subIssue: subIssue.id, through: end, in: db)
        let confirmations = try PraxisDatabase.confirmations(subIssue: subIssue.id, through: end, in: db)
        var core = decider.coreGroup.configured(in: subIssue.id)
        var outcomes: [String: (id: Int64, outcome: StandingReplay.Outcome)] = [:]
        for member in try PraxisDatabase.activeMembers(joinedBy: end, in: db) {
            let standing = stored[member.address]
            if decider.isCore(member.address, storedStanding: standing?.standing, in: subIssue.id) {
                core.insert(member.address)
                continue
            }
            guard decider.admits(member.address, to: subIssue, storedStanding: standing?.standing) else { continue }
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
                id: subIssue.id, core: core.sorted(), moderators: (decider.coreGroup.moderators[subIssue.id] ?? []).sorted(),
                inner: inner.sorted(), outerCount: outer.count,
                candidates: decider.candidates(outer: outer.sorted(), logs: logs, waiting: waiting, at: end),
                isRetired: subIssue.isRetired))
        }
        // Changes to and from the core group are the operator's, not the policy's: as stored.
        for stored in try PraxisDatabase.transitions(after: since, through: end, subIssue: only, in: db)
        where stored.from == CircleStanding.core.rawValue || stored.to == CircleStanding.core.rawValue {
            transitions.append(stored)
        }
        return CirclesSnapshot(asOf: end, subIssues: circles, transitions: transitions)
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

extension PraxisDatabase {
    /// The members whose standings count at `instant` (active, joined by then), by address.
    public static func activeMembers(joinedBy instant: Date, in db: Database) throws -> [(id: Int64, address: String)] {
        try Row.fetchAll(db, sql: "SELECT id, address FROM members WHERE status = 'active' AND joined_at <= ? ORDER BY address",
                         arguments: [instant.timeIntervalSince1970]).map { ($0[0], $0[1]) }
    }

    /// The author and sub-issue of the post that post `replyID` answers, when that is a post by
    /// somebody else: whose replies received a reply raises.
    public static func answeredAuthor(ofReply replyID: Int64, in db: Database) throws -> (address: String, subIssue: String)? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT p.author_address, p.sub_issue FROM posts c JOIN posts p ON p.id = c.parent_post_id
            WHERE c.id = ? AND p.kind = 'post' AND p.author_address <> c.author_address
            """), arguments: [replyID]).map { ($0[0], $0[1]) }
    }
}
