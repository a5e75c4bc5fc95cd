import Foundation
import GRDB
import PraxisCommunity

extension StoreSchema {
    /// Candidates waiting for the core group (`promotion: moderated`). Standings themselves live in
    /// `member_sub_issue` and their changes in `standing_transitions` (v1); a candidate is neither.
    static func createCircleCandidates(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE circle_candidates (
                member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                sub_issue TEXT NOT NULL,
                since REAL NOT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (member_id, sub_issue)
            ) WITHOUT ROWID;
            """)
    }

    /// What lets a live evaluation (`StandingEvaluator.evaluate`, run for every post) cost the
    /// same however long the member's history:
    ///
    /// - `member_sub_issue.evaluated_through`: the latest instant at which the policy was applied
    ///   to an inner member. Any demotion due before it was recorded then, and more activity
    ///   never makes one due, so the next evaluation looks for demotions from there on instead of
    ///   from the promotion. NULL (every existing row) means "from the promotion". Reset by every
    ///   transition, a replay and a reclassification.
    /// - `posts_by_author` also holds each post's kind and thread, so the member's posts in the
    ///   window are read from the index alone, not from rows scattered over the whole table.
    static func boundLiveStandingEvaluation(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE member_sub_issue ADD COLUMN evaluated_through REAL;
            DROP INDEX posts_by_author;
            CREATE INDEX posts_by_author ON posts(author_address, sub_issue, date, kind, thread_id);
            """)
    }
}

/// A member's stored standing in one sub-issue, with what the policy needs to decide on it.
public struct StoredStanding: Sendable, Hashable {
    public var memberID: Int64
    public var address: String
    public var standing: CircleStanding
    public var isPinned: Bool
    /// When the standing began (for inner: the promotion, from which tenure counts).
    public var since: Date?
    /// For an inner member: the latest instant the policy was applied at since the promotion
    /// (`member_sub_issue.evaluated_through`); nil when not since the promotion.
    public var evaluatedThrough: Date?
    /// The member's own language, if they chose one this version knows (notes to them are
    /// written in it): read with the standing, one look-up of the member per evaluated post.
    public var language: Language? = nil
}

/// A candidate for the inner circle waiting for the core group's confirmation.
public struct StoredCandidate: Sendable, Hashable {
    public var memberID: Int64
    public var address: String
    public var subIssue: String
    public var since: Date
    public var reason: String
}

extension PraxisDatabase {
    /// The reason every confirmation by the core group starts with; a replay finds confirmations by it.
    public static let confirmationReasonPrefix = StandingReason.confirmedByCore

    // MARK: Contributions

    /// One member's contributions to `subIssue` over `(start, end]`, counted in SQL over `posts`
    /// (kind `post` only): the `posts_by_author` index finds the member's posts, `posts_by_thread`
    /// the replies to them.
    public static func contributions(
        address: String, subIssue: String, after start: Date, through end: Date, in db: Database
    ) throws -> Contributions {
        let arguments: StatementArguments = [address, subIssue, start.timeIntervalSince1970, end.timeIntervalSince1970]
        guard let row = try Row.fetchOne(db, sql: """
            SELECT count(*) AS posts, coalesce(sum(t.root_post_id = p.id), 0) AS started,
                   count(DISTINCT p.thread_id) AS threads, min(p.date) AS first, max(p.date) AS last
            FROM posts p JOIN threads t ON t.id = p.thread_id
            WHERE p.author_address = ? AND p.sub_issue = ? AND p.kind = 'post' AND p.date > ? AND p.date <= ?
            """, arguments: arguments) else { return .none }
        let received = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM posts p JOIN posts c ON c.thread_id = p.thread_id AND c.parent_post_id = p.id
            WHERE p.author_address = ?1 AND p.sub_issue = ?2 AND p.kind = 'post'
              AND c.kind = 'post' AND c.author_address <> ?1 AND c.date > ?3 AND c.date <= ?4
            """, arguments: arguments) ?? 0
        let posts: Int = row["posts"]
        let started: Int = row["started"]
        return Contributions(
            posts: posts, threadsStarted: started, repliesGiven: posts - started, repliesReceived: received,
            distinctThreads: row["threads"],
            firstPost: (row["first"] as Double?).map(Date.init(timeIntervalSince1970:)),
            lastPost: (row["last"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    /// One member's posts in `subIssue` over `(start, end]` as the circles policy counts them
    /// (posts, distinct threads, first and last), counted by SQLite from `posts_by_author` alone:
    /// what a live evaluation needs when the policy has no bar for replies received.
    public static func postCounts(
        address: String, subIssue: String, after start: Date, through end: Date, in db: Database
    ) throws -> Contributions {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT count(*), count(DISTINCT thread_id), min(date), max(date) FROM posts
            WHERE author_address = ? AND sub_issue = ? AND date > ? AND date <= ? AND kind = 'post'
            """), arguments: [address, subIssue, start.timeIntervalSince1970, end.timeIntervalSince1970]) else { return .none }
        return Contributions(
            posts: row[0], distinctThreads: row[1],
            firstPost: (row[2] as Double?).map(Date.init(timeIntervalSince1970:)),
            lastPost: (row[3] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    /// The dates of one member's posts in `subIssue` over `(start, end]`, oldest first.
    public static func postDates(
        address: String, subIssue: String, after start: Date, through end: Date, in db: Database
    ) throws -> [Date] {
        try Double.fetchAll(db.cachedStatement(sql: """
            SELECT date FROM posts
            WHERE author_address = ? AND sub_issue = ? AND date > ? AND date <= ? AND kind = 'post' ORDER BY date
            """), arguments: [address, subIssue, start.timeIntervalSince1970, end.timeIntervalSince1970])
            .map(Date.init(timeIntervalSince1970:))
    }

    /// `contributions(address:subIssue:after:through:in:)` in a read transaction of its own.
    public func contributions(address: String, subIssue: String, after start: Date, through end: Date) throws(StoreError) -> Contributions {
        try read("counting the contributions of \(address) to \(subIssue)") { db in
            try Self.contributions(address: address, subIssue: subIssue, after: start, through: end, in: db)
        }
    }

    /// What a contribution log holds beside the dates and threads of the member's posts.
    public struct LogDetail: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Whether each post started its thread (a join with `threads` per post).
        public static let threadsStarted = LogDetail(rawValue: 1)
        /// When others answered the member's posts; for one author this goes through all their
        /// posts, so a policy without a bar for replies leaves it out.
        public static let repliesReceived = LogDetail(rawValue: 2)
        public static let all: LogDetail = [.threadsStarted, .repliesReceived]
    }

    /// The activity logs of every author in `subIssue` up to `end` (or of one author), by address;
    /// with `start`, only what happened after it (posts, and replies to posts, after `start`).
    public static func contributionLogs(
        subIssue: String, after start: Date? = nil, through end: Date, author: String? = nil,
        detail: LogDetail = .all, in db: Database
    ) throws -> [String: ContributionLog] {
        var posts: [String: [ContributionLog.Post]] = [:]
        var replies: [String: [Date]] = [:]
        let authorFilter = author == nil ? "" : " AND p.author_address = ?4"
        var arguments: StatementArguments = [subIssue, end.timeIntervalSince1970, (start ?? .distantPast).timeIntervalSince1970]
        if let author { arguments += [author] }
        // Cached statements: a live evaluation runs these for every post.
        let started = detail.contains(.threadsStarted)
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT p.author_address, p.date, p.thread_id, \(started ? "t.root_post_id = p.id" : "0")
            FROM posts p\(started ? " JOIN threads t ON t.id = p.thread_id" : "")
            WHERE p.sub_issue = ?1 AND p.kind = 'post' AND p.date <= ?2 AND p.date > ?3 AND p.author_address <> ''\(authorFilter)
            """), arguments: arguments)
        while let row = try rows.next() {
            posts[row[0], default: []].append(ContributionLog.Post(
                date: Date(timeIntervalSince1970: row[1]), threadID: row[2], startedThread: row[3] ?? false))
        }
        // Only threads with a post after `start` can hold a reply after it (a thread's
        // last_post_at is the latest date among its posts), so the replies to a prolific
        // member's older posts are not looked up at every evaluation.
        let replyRows = !detail.contains(.repliesReceived) ? nil : try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT p.author_address, c.date
            FROM posts p JOIN threads t ON t.id = p.thread_id
            JOIN posts c ON c.thread_id = p.thread_id AND c.parent_post_id = p.id
            WHERE p.sub_issue = ?1 AND p.kind = 'post' AND t.last_post_at > ?3 AND c.kind = 'post' AND c.date <= ?2 AND c.date > ?3
              AND c.author_address <> p.author_address AND p.author_address <> ''\(authorFilter)
            """), arguments: arguments)
        while let row = try replyRows?.next() {
            replies[row[0], default: []].append(Date(timeIntervalSince1970: row[1]))
        }
        var logs: [String: ContributionLog] = [:]
        for address in Set(posts.keys).union(replies.keys) {
            logs[address] = ContributionLog(posts: posts[address] ?? [], repliesReceived: replies[address] ?? [])
        }
        return logs
    }

    // MARK: Standings

    /// The stored standings in `subIssue` of every active member, by address; members without a row
    /// stand in the outer circle.
    public static func storedStandings(subIssue: String, in db: Database) throws -> [String: StoredStanding] {
        var standings: [String: StoredStanding] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT m.id, m.address, s.standing, s.is_pinned, s.since, s.evaluated_through, m.language
            FROM members m LEFT JOIN member_sub_issue s ON s.member_id = m.id AND s.sub_issue = ?
            WHERE m.status = 'active'
            """, arguments: [subIssue])
        while let row = try rows.next() {
            let address: String = row[1]
            standings[address] = StoredStanding(
                memberID: row[0], address: address,
                standing: (row[2] as String?).flatMap(CircleStanding.init(rawValue:)) ?? .outer,
                isPinned: row[3] ?? false,
                since: (row[4] as Double?).map(Date.init(timeIntervalSince1970:)),
                evaluatedThrough: (row[5] as Double?).map(Date.init(timeIntervalSince1970:)),
                language: (row[6] as String?).flatMap(Language.init(code:)))
        }
        return standings
    }

    /// The active members who stand in the core group of some sub-issue (set by hand, not by the
    /// policy). Read for every batch ingest prepares, so through `member_sub_issue_by_standing`,
    /// a seek per sub-issue in use, rather than a scan of every member's standings.
    public static func storedCoreMembers(in db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT m.address FROM member_sub_issue s JOIN members m ON m.id = s.member_id
            WHERE s.sub_issue IN (SELECT DISTINCT sub_issue FROM member_sub_issue) AND s.standing = 'core'
              AND m.status = 'active'
            """)))
    }

    /// One active member's stored standing in `subIssue` (outer when no row), or nil when
    /// `address` (normalised) is not an active member.
    public static func storedStanding(address: String, subIssue: String, in db: Database) throws -> StoredStanding? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT m.id, m.address, s.standing, s.is_pinned, s.since, s.evaluated_through, m.language
            FROM members m LEFT JOIN member_sub_issue s ON s.member_id = m.id AND s.sub_issue = ?
            WHERE m.address = ? AND m.status = 'active'
            """), arguments: [subIssue, address]) else { return nil }
        return StoredStanding(
            memberID: row[0], address: row[1],
            standing: (row[2] as String?).flatMap(CircleStanding.init(rawValue:)) ?? .outer,
            isPinned: row[3] ?? false,
            since: (row[4] as Double?).map(Date.init(timeIntervalSince1970:)),
            evaluatedThrough: (row[5] as Double?).map(Date.init(timeIntervalSince1970:)),
            language: (row[6] as String?).flatMap(Language.init(code:)))
    }

    /// The member's last post in `subIssue` at or before `end` (and after `start`, when given),
    /// whatever the window.
    public static func lastPost(
        address: String, subIssue: String, after start: Date? = nil, through end: Date, in db: Database
    ) throws -> Date? {
        try Double.fetchOne(db.cachedStatement(sql: """
            SELECT max(date) FROM posts WHERE author_address = ? AND sub_issue = ? AND kind = 'post' AND date > ? AND date <= ?
            """), arguments: [address, subIssue, (start ?? .distantPast).timeIntervalSince1970, end.timeIntervalSince1970])
            .map(Date.init(timeIntervalSince1970:))
    }

    /// Moves a member to `standing` in `subIssue` and records the transition, in the caller's
    /// transaction. Preferences in `member_sub_issue` (pinned, delivery, follow) are kept.
    public static func recordStanding(
        memberID: Int64, subIssue: String, from: CircleStanding, to standing: CircleStanding, at time: Date,
        reason: String, in db: Database
    ) throws {
        try db.cachedStatement(sql: """
            INSERT INTO member_sub_issue (member_id, sub_issue, standing, since) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (member_id, sub_issue) DO UPDATE SET standing = excluded.standing, since = excluded.since,
                evaluated_through = NULL
            """).execute(arguments: [memberID, subIssue, standing.rawValue, time.timeIntervalSince1970])
        try db.cachedStatement(sql: """
            INSERT INTO standing_transitions (member_id, sub_issue, from_standing, to_standing, at, reason)
            VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [memberID, subIssue, from.rawValue, standing.rawValue, time.timeIntervalSince1970, reason])
        try removeCandidate(memberID: memberID, subIssue: subIssue, in: db)
    }

    /// Notes that the policy was applied to an inner member at `instant`
    /// (`StoredStanding.evaluatedThrough`); an earlier instant leaves the mark where it is.
    public static func recordEvaluation(memberID: Int64, subIssue: String, at instant: Date, in db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE member_sub_issue SET evaluated_through = max(coalesce(evaluated_through, ?1), ?1)
            WHERE member_id = ?2 AND sub_issue = ?3 AND standing = 'inner'
            """).execute(arguments: [instant.timeIntervalSince1970, memberID, subIssue])
    }

    /// Forgets every inner member's evaluation mark in `subIssue`: posts left it (a
    /// reclassification), so a demotion may have fallen due earlier than a mark says.
    static func forgetEvaluations(subIssue: String, in db: Database) throws {
        try db.execute(sql: "UPDATE member_sub_issue SET evaluated_through = NULL WHERE sub_issue = ?",
                       arguments: [subIssue])
    }

    /// The transitions in `(start, end]`, oldest first, optionally of one sub-issue.
    public static func transitions(after start: Date, through end: Date, subIssue: String? = nil, in db: Database) throws -> [MemberTransition] {
        var arguments: StatementArguments = [start.timeIntervalSince1970, end.timeIntervalSince1970]
        if let subIssue { arguments += [subIssue] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT m.address, t.sub_issue, t.from_standing, t.to_standing, t.at, t.reason
            FROM standing_transitions t JOIN members m ON m.id = t.member_id
            WHERE t.at > ? AND t.at <= ?\(subIssue == nil ? "" : " AND t.sub_issue = ?")
            ORDER BY t.at, t.id
            """, arguments: arguments)
        return rows.map { row in
            MemberTransition(address: row[0], subIssue: row[1], from: row[2], to: row[3],
                             at: Date(timeIntervalSince1970: row[4]), reason: row[5])
        }
    }

    /// The confirmations by the core group stored up to `end` in `subIssue`, by member id: a
    /// replay applies them where they happened.
    public static func confirmations(subIssue: String, through end: Date, in db: Database) throws -> [Int64: [StandingReplay.Confirmation]] {
        var result: [Int64: [StandingReplay.Confirmation]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT member_id, at, reason FROM standing_transitions
            WHERE sub_issue = ? AND to_standing = 'inner' AND at <= ? AND substr(reason, 1, ?) = ?
            """, arguments: [subIssue, end.timeIntervalSince1970, confirmationReasonPrefix.count, confirmationReasonPrefix])
        while let row = try rows.next() {
            result[row[0], default: []].append(StandingReplay.Confirmation(at: Date(timeIntervalSince1970: row[1]), reason: row[2]))
        }
        return result
    }

    // MARK: Candidates

    /// Notes (or keeps) a member as a candidate waiting for the core group.
    public static func recordCandidate(memberID: Int64, subIssue: String, since: Date, reason: String, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO circle_candidates (member_id, sub_issue, since, reason) VALUES (?, ?, ?, ?)
            ON CONFLICT (member_id, sub_issue) DO UPDATE SET reason = excluded.reason
            """, arguments: [memberID, subIssue, since.timeIntervalSince1970, reason])
    }

    /// Removes a candidate who no longer meets the bar (or was moved by other means).
    public static func removeCandidate(memberID: Int64, subIssue: String, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM circle_candidates WHERE member_id = ? AND sub_issue = ?")
            .execute(arguments: [memberID, subIssue])
    }

    /// The stored candidates, oldest first, optionally of one sub-issue.
    public static func candidates(subIssue: String? = nil, in db: Database) throws -> [StoredCandidate] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT c.member_id, m.address, c.sub_issue, c.since, c.reason
            FROM circle_candidates c JOIN members m ON m.id = c.member_id
            \(subIssue == nil ? "" : "WHERE c.sub_issue = ?") ORDER BY c.since, m.address
            """, arguments: subIssue.map { [$0] } ?? [])
        return rows.map { row in
            StoredCandidate(memberID: row[0], address: row[1], subIssue: row[2],
                            since: Date(timeIntervalSince1970: row[3]), reason: row[4])
        }
    }

    /// Replaces the policy's part of the history of `subIssue` with `replayed`: every transition
    /// between inner and outer except confirmations is deleted and the replayed ones inserted,
    /// standings and candidates set to the replay's outcome. Core standings are left alone.
    public static func replaceReplayedStandings(
        subIssue: String, members: [(memberID: Int64, outcome: StandingReplay.Outcome)], in db: Database
    ) throws {
        for (memberID, outcome) in members {
            try db.execute(sql: """
                DELETE FROM standing_transitions WHERE member_id = ? AND sub_issue = ?
                  AND from_standing IN ('inner','outer','none') AND to_standing IN ('inner','outer')
                  AND substr(reason, 1, ?) <> ?
                """, arguments: [memberID, subIssue, confirmationReasonPrefix.count, confirmationReasonPrefix])
            for transition in outcome.transitions where !transition.reason.hasPrefix(confirmationReasonPrefix) {
                try db.execute(sql: """
                    INSERT INTO standing_transitions (member_id, sub_issue, from_standing, to_standing, at, reason)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [memberID, subIssue, transition.from.rawValue, transition.to.rawValue,
                                     transition.at.timeIntervalSince1970, transition.reason])
            }
            if let since = outcome.promotedAt ?? outcome.transitions.last?.at {
                try db.execute(sql: """
                    INSERT INTO member_sub_issue (member_id, sub_issue, standing, since) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (member_id, sub_issue) DO UPDATE SET standing = excluded.standing, since = excluded.since,
                        evaluated_through = NULL
                    WHERE member_sub_issue.standing <> 'core'
                    """, arguments: [memberID, subIssue, outcome.standing.rawValue, since.timeIntervalSince1970])
            } else {
                // Never moved by the policy: an existing row (preferences) stays, standing outer.
                try db.execute(sql: """
                    UPDATE member_sub_issue SET standing = 'outer', evaluated_through = NULL
                    WHERE member_id = ? AND sub_issue = ? AND standing = 'inner'
                    """, arguments: [memberID, subIssue])
            }
            if let candidateSince = outcome.candidateSince {
                try recordCandidate(memberID: memberID, subIssue: subIssue, since: candidateSince,
                                    reason: outcome.candidateReason ?? "", in: db)
            } else {
                try removeCandidate(memberID: memberID, subIssue: subIssue, in: db)
            }
        }
    }
}
