import Foundation
import GRDB
import PraxisCommunity

extension StoreSchema {
    /// `v2-digests`: where each recipient's previous digest of each schedule ended, and a member's
    /// own digest format.
    static func createDigestTables(_ db: Database) throws {
        try db.execute(sql: """
            -- One row per recipient (member or organisation address) and digest name: the last
            -- post id and time its previous digest covered. Written for everyone a run considered,
            -- sent or empty, in the transaction that queues the run's mail.
            CREATE TABLE digest_marks (
                recipient TEXT NOT NULL,
                digest TEXT NOT NULL,
                through_post_id INTEGER NOT NULL,
                through REAL NOT NULL,
                PRIMARY KEY (recipient, digest)
            ) WITHOUT ROWID;
            -- NULL: the digest's configured format.
            ALTER TABLE members ADD COLUMN digest_format TEXT
                CHECK (digest_format IN ('text','html','mime','rfc1153'));
            """)
    }
}

extension StoreSchema {
    /// `v10-digest-own-posts`: whether a member's own posts come back to them in list copies and
    /// digests (`set own-posts on|off`); every member keeps today's behaviour (on).
    static func addOwnPostsChoice(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE members ADD COLUMN own_posts INTEGER NOT NULL DEFAULT 1 CHECK (own_posts IN (0, 1))")
    }
}

/// What one digest run reads, from one snapshot.
public struct DigestSnapshot: Sendable {
    /// Posts (kind `post`) after the oldest mark considered, with their trimmed text.
    public var posts: [DigestPost]
    public var threads: [Int64: DigestThreadInfo]
    /// Active members (or just the one asked for).
    public var readers: [DigestReader]
    /// Post ids each address already received as an immediate copy.
    public var receivedAtOnce: [String: Set<Int64>]
    /// Where each recipient's previous digest of this schedule ended.
    public var marks: [String: (postID: Int64, through: Date)]
    /// The highest post id in the snapshot: the next marks.
    public var lastPostID: Int64
    /// Per author: posts and distinct threads per sub-issue since `activitySince`.
    public var activity: [String: [String: (posts: Int, threads: Int)]]

    /// How far before a mark's time a post after its post id may have been received and still be
    /// new: ingest stamps a batch before it commits.
    public static let markSlack: TimeInterval = 3600
}

/// One digest ready for the outbox.
public struct QueuedDigest: Sendable {
    public var recipient: String
    public var envelopeSender: String
    public var message: [UInt8]

    public init(recipient: String, envelopeSender: String, message: [UInt8]) {
        self.recipient = recipient
        self.envelopeSender = envelopeSender
        self.message = message
    }
}

extension PraxisDatabase {
    /// Reads what a run of digest `digest` needs.
    ///
    /// - Parameters:
    ///   - fallbackSince: where the window starts for a recipient without a mark (the previous due
    ///     time of the schedule), and the earliest post considered for anyone.
    ///   - recipients: only these (normalised) member addresses; nil for every active member.
    ///   - organisation: the organisation digest's address, whose mark counts too.
    ///   - activitySince: the start of the inner circle's window, for the participation line.
    public func digestSnapshot(
        digest: String, fallbackSince: Date, recipients: Set<String>?, organisation: String? = nil,
        activitySince: Date
    ) throws(StoreError) -> DigestSnapshot {
        try read("reading the posts for digest \(digest)") { db in
            let marks = try Self.digestMarks(digest, in: db)
            let lastPostID = try Int64.fetchOne(db, sql: "SELECT max(id) FROM posts") ?? 0
            let readers = try Self.digestReaders(only: recipients, in: db)

            // Everything after the oldest mark still in use, but never from before the fallback
            // (nor history imported later, which carries its old dates).
            let considered = readers.map(\.address) + (organisation.map { [$0] } ?? [])
            let oldestMark = considered.map { marks[$0]?.postID ?? 0 }.min() ?? lastPostID
            let since = fallbackSince.timeIntervalSince1970
            // An hour of slack: a batch stamped just before a mark may commit just after it.
            let minimumSince = min(since, considered.compactMap { marks[$0]?.through.timeIntervalSince1970 }.min() ?? since)
                - DigestSnapshot.markSlack
            let posts = try Self.digestPosts(after: oldestMark, through: lastPostID, receivedAfter: minimumSince, in: db)
            return DigestSnapshot(
                posts: posts, threads: try Self.digestThreads(of: posts, in: db), readers: readers,
                receivedAtOnce: try Self.immediateCopies(after: oldestMark, through: lastPostID, in: db),
                marks: marks, lastPostID: lastPostID,
                activity: try Self.recentActivity(since: activitySince, only: recipients, in: db))
        }
    }

    private static func digestMarks(_ digest: String, in db: Database) throws -> [String: (postID: Int64, through: Date)] {
        var marks: [String: (postID: Int64, through: Date)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT recipient, through_post_id, through FROM digest_marks WHERE digest = ?", arguments: [digest]) {
            marks[row["recipient"]] = (row["through_post_id"], Date(timeIntervalSince1970: row["through"]))
        }
        return marks
    }

    /// The active members (only `recipients` when given) with their choices per sub-issue.
    private static func digestReaders(only recipients: Set<String>?, in db: Database) throws -> [DigestReader] {
        var readers: [DigestReader] = []
        var idToIndex: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT id, address, name, delivery, digest_frequency, digest_format, own_posts, language
            FROM members WHERE status = 'active'
            """) {
            let address: String = row["address"]
            if let recipients, !recipients.contains(address) { continue }
            let delivery: String = row["delivery"]
            let format: String? = row["digest_format"]
            let language: String? = row["language"]
            idToIndex[row["id"]] = readers.count
            readers.append(DigestReader(
                address: address, name: row["name"], delivery: DeliveryMode(rawValue: delivery),
                frequency: row["digest_frequency"], format: format.flatMap(DigestPlan.Format.init(rawValue:)),
                receivesOwnPosts: row["own_posts"], language: language.flatMap(Language.init(code:))))
        }
        for row in try Row.fetchAll(db, sql: "SELECT member_id, sub_issue, standing, delivery_override, follow FROM member_sub_issue") {
            guard let index = idToIndex[row["member_id"]] else { continue }
            let standing: String = row["standing"]
            let override: String? = row["delivery_override"]
            let follow: String = row["follow"]
            readers[index].choices[row["sub_issue"]] = DigestReader.SubIssueChoice(
                standing: DigestReader.Standing(rawValue: standing) ?? .outer,
                delivery: override.flatMap(DeliveryMode.init(rawValue:)),
                mutes: follow == "mutes")
        }
        return readers
    }

    private static func digestPosts(
        after oldestMark: Int64, through lastPostID: Int64, receivedAfter minimumSince: Double, in db: Database
    ) throws -> [DigestPost] {
        var posts: [DigestPost] = []
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT p.id, p.message_id, p.thread_id, p.sub_issue, p.is_protected, p.author_address,
                   p.author_name, p.date, p.received_at, p.subject, p.file_name, t.text
            FROM posts p LEFT JOIN post_texts t ON t.post_id = p.id
            WHERE p.id > ? AND p.id <= ? AND p.kind = 'post' AND p.is_history = 0 AND p.received_at > ?
            ORDER BY p.id
            """, arguments: [oldestMark, lastPostID, minimumSince])
        while let row = try cursor.next() {
            posts.append(DigestPost(
                id: row[0], messageID: row[1], threadID: row[2], subIssue: row[3], isProtected: row[4],
                authorAddress: row[5], authorName: row[6], date: Date(timeIntervalSince1970: row[7]),
                receivedAt: Date(timeIntervalSince1970: row[8]), subject: row[9], text: row[11] ?? "",
                fileName: row[10]))
        }
        return posts
    }

    /// The threads of `posts`, each with the Message-IDs a reply should name (its root first).
    private static func digestThreads(of posts: [DigestPost], in db: Database) throws -> [Int64: DigestThreadInfo] {
        var threads: [Int64: DigestThreadInfo] = [:]
        var idsByThread: [Int64: [String]] = [:]
        for post in posts { if let id = post.messageID { idsByThread[post.threadID, default: []].append(id) } }
        for threadID in Set(posts.map(\.threadID)) {
            guard let row = try Row.fetchOne(db, sql: """
                SELECT t.subject, t.is_protected, r.message_id FROM threads t
                LEFT JOIN posts r ON r.id = t.root_post_id WHERE t.id = ?
                """, arguments: [threadID]) else { continue }
            var ids = idsByThread[threadID] ?? []
            if let root: String = row[2], !ids.contains(root) { ids.insert(root, at: 0) }
            threads[threadID] = DigestThreadInfo(id: threadID, subject: row[0], isProtected: row[1], messageIDs: ids)
        }
        return threads
    }

    /// Which posts each recipient already received as an immediate list copy.
    private static func immediateCopies(
        after oldestMark: Int64, through lastPostID: Int64, in db: Database
    ) throws -> [String: Set<Int64>] {
        var receivedAtOnce: [String: Set<Int64>] = [:]
        let copies = try Row.fetchCursor(db, sql: """
            SELECT post_id, recipients FROM outbox WHERE kind = 'post' AND post_id > ? AND post_id <= ?
            """, arguments: [oldestMark, lastPostID])
        while let row = try copies.next() {
            let postID: Int64 = row[0]
            let recipients: String = row[1]
            for recipient in recipients.split(separator: "\n") {
                receivedAtOnce[String(recipient).lowercased(), default: []].insert(postID)
            }
        }
        return receivedAtOnce
    }

    /// Posts and threads per author and sub-issue since `since`, for the participation line.
    private static func recentActivity(
        since: Date, only recipients: Set<String>?, in db: Database
    ) throws -> [String: [String: (posts: Int, threads: Int)]] {
        var activity: [String: [String: (posts: Int, threads: Int)]] = [:]
        let counts = try Row.fetchCursor(db, sql: """
            SELECT author_address, sub_issue, count(*), count(DISTINCT thread_id) FROM posts
            WHERE kind = 'post' AND is_history = 0 AND date >= ? GROUP BY author_address, sub_issue
            """, arguments: [since.timeIntervalSince1970])
        while let row = try counts.next() {
            let author: String = row[0]
            if let recipients, !recipients.contains(author) { continue }
            activity[author, default: [:]][row[1]] = (row[2], row[3])
        }
        return activity
    }

    /// Records one run of `schedule` due at `dueAt`, queues its digests and moves the marks of
    /// every recipient considered, all in one transaction. Returns false, queueing nothing, when a
    /// run for that due time is already recorded: a run is never made twice.
    public func recordDigestRun(
        schedule: String, digest: String, dueAt: Date, ranAt: Date, digests: [QueuedDigest],
        marks recipients: [String], throughPostID: Int64, through: Date
    ) async throws(StoreError) -> Bool {
        try await write("recording the \(schedule) run due at \(dueAt)") { db in
            try db.execute(sql: """
                INSERT INTO schedule_runs (schedule, due_at, ran_at) VALUES (?, ?, ?)
                ON CONFLICT (schedule, due_at) DO NOTHING
                """, arguments: [schedule, dueAt.timeIntervalSince1970, ranAt.timeIntervalSince1970])
            guard db.changesCount > 0 else { return false }
            for queued in digests {
                _ = try Self.enqueueOutbox(
                    kind: .digest, recipients: [queued.recipient], envelopeSender: queued.envelopeSender,
                    message: queued.message, postID: nil, at: ranAt, in: db)
            }
            let mark = try db.cachedStatement(sql: """
                INSERT INTO digest_marks (recipient, digest, through_post_id, through) VALUES (?, ?, ?, ?)
                ON CONFLICT (recipient, digest) DO UPDATE SET
                    through_post_id = excluded.through_post_id, through = excluded.through
                """)
            for recipient in recipients {
                try mark.execute(arguments: [recipient, digest, throughPostID, through.timeIntervalSince1970])
            }
            return true
        }
    }

    /// The sub-issue and own protection of each stored post among `messageIDs`: what a digest
    /// needs to tell whether a reader may know of a post that an embedded original names.
    public func postProtection(messageIDs: Set<String>) throws(StoreError) -> [String: (subIssue: String, isProtected: Bool)] {
        guard !messageIDs.isEmpty else { return [:] }
        return try read("looking up the posts a message names") { db in
            var found: [String: (subIssue: String, isProtected: Bool)] = [:]
            let lookup = try db.cachedStatement(sql: "SELECT sub_issue, is_protected FROM posts WHERE message_id = ?")
            for id in messageIDs {
                if let row = try Row.fetchOne(lookup, arguments: [id]) { found[id] = (row[0], row[1]) }
            }
            return found
        }
    }

    /// The latest due time recorded for `schedule`, if it ever ran.
    public func lastScheduleRun(_ schedule: String) throws(StoreError) -> Date? {
        try read("reading the last run of \(schedule)") { db in
            try Double.fetchOne(db, sql: "SELECT max(due_at) FROM schedule_runs WHERE schedule = ?", arguments: [schedule])
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Notes a due time as handled without sending: where a schedule starts on a fresh store.
    public func recordScheduleBaseline(_ schedule: String, dueAt: Date, at time: Date) throws(StoreError) {
        try write("recording where \(schedule) starts") { db in
            try db.execute(sql: """
                INSERT INTO schedule_runs (schedule, due_at, ran_at) VALUES (?, ?, ?)
                ON CONFLICT (schedule, due_at) DO NOTHING
                """, arguments: [schedule, dueAt.timeIntervalSince1970, time.timeIntervalSince1970])
        }
    }
}
