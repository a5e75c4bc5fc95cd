import Foundation
import GRDB
import PraxisMail
import Testing
@testable import PraxisStore

/// `v11-archive-sub-issue-threads`: sub-issue pages read `sub_issue_threads`, kept by triggers.
/// What must hold: the table is always what counting the posts again gives, whatever changes the
/// posts (recording, release, protection, reclassification, merges, dates, deletion), and every
/// page is what grouping the posts on each request gave, for every scope; a protected post is
/// never listed, counted or dated for a viewer who may not see it.
@Suite("Sub-issue threads")
struct SubIssueThreadsTests {
    static let outsiders = ArchiveScope(includeProtected: false, protectedSubIssues: [])
    static let everything = ArchiveScope(includeProtected: true, protectedSubIssues: [])
    static let hrClosed = ArchiveScope(includeProtected: false, protectedSubIssues: ["hr"])
    static let hrAdmitted = ArchiveScope(includeProtected: false, protectedSubIssues: ["hr"], admittedSubIssues: ["hr"])
    static let scopes = [outsiders, everything, hrClosed, hrAdmitted]

    /// What a sub-issue page was before the table: the posts grouped by thread on each request.
    static func groupedBefore(
        subIssue: String, scope: ArchiveScope, offset: Int, limit: Int, in db: Database
    ) throws -> (threads: [ArchiveThreadSummary], total: Int) {
        guard scope.shows(subIssue: subIssue) else { return ([], 0) }
        let shown = scope.postCondition("p")
        let total = try Int.fetchOne(db, sql: """
            SELECT COUNT(DISTINCT p.thread_id) FROM posts p WHERE p.sub_issue = ? AND \(shown.sql)
            """, arguments: [subIssue] + shown.arguments) ?? 0
        let rows = try Row.fetchAll(db, sql: """
            WITH shown AS (
                SELECT p.thread_id, COUNT(*) AS posts, MAX(p.date) AS last, MIN(p.id) AS first
                FROM posts p WHERE p.sub_issue = ? AND \(shown.sql)
                GROUP BY p.thread_id ORDER BY last DESC, p.thread_id DESC LIMIT ? OFFSET ?)
            SELECT s.thread_id, f.subject, f.message_id, s.posts, s.last
            FROM shown s JOIN posts f ON f.id = s.first ORDER BY s.last DESC, s.thread_id DESC
            """, arguments: [subIssue] + shown.arguments + [limit, offset])
        let threads = rows.map { row in
            ArchiveThreadSummary(
                threadID: row[0], subject: row[1], firstMessageID: row[2], postCount: row[3],
                lastPostAt: Date(timeIntervalSince1970: row[4]))
        }
        return (threads, total)
    }

    /// The table as it is, and as counting the posts again makes it.
    static func tableAndRecount(in db: Database) throws -> (table: [[DatabaseValue]], recount: [[DatabaseValue]]) {
        let columns = "sub_issue, includes_protected, thread_id, post_count, last_post_at, first_post_id"
        let table = try Row.fetchAll(db, sql: "SELECT \(columns) FROM sub_issue_threads ORDER BY 1, 2, 3")
        let recount = try Row.fetchAll(db, sql: """
            SELECT sub_issue, 1, thread_id, COUNT(*), MAX(date), MIN(id) FROM posts
            WHERE kind = 'post' AND message_id IS NOT NULL GROUP BY sub_issue, thread_id
            UNION ALL
            SELECT sub_issue, 0, thread_id, COUNT(*), MAX(date), MIN(id) FROM posts
            WHERE kind = 'post' AND message_id IS NOT NULL AND is_protected = 0 GROUP BY sub_issue, thread_id
            ORDER BY 1, 2, 3
            """)
        return (table.map { Array($0.databaseValues) }, recount.map { Array($0.databaseValues) })
    }

    /// Every page of every sub-issue, for every scope, against `groupedBefore`.
    static func expectPagesAsBefore(_ database: PraxisDatabase, subIssues: [String], limit: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for subIssue in subIssues {
            for scope in scopes {
                let before = try database.pool.read { db in
                    try groupedBefore(subIssue: subIssue, scope: scope, offset: 0, limit: 10_000, in: db)
                }
                var offset = 0
                repeat {
                    let page = try database.archiveThreads(subIssue: subIssue, scope: scope, offset: offset, limit: limit)
                    let expected = try database.pool.read { db in
                        try groupedBefore(subIssue: subIssue, scope: scope, offset: offset, limit: limit, in: db)
                    }
                    #expect(page.total == before.total, "\(subIssue) \(scope)", sourceLocation: sourceLocation)
                    #expect(page.threads == expected.threads, "\(subIssue) \(scope) offset \(offset)", sourceLocation: sourceLocation)
                    offset += limit
                } while offset < before.total + limit
            }
        }
    }

    /// The nasty case: a public sub-issue whose newest thread is protected throughout, a thread
    /// whose first and latest posts are protected, a held post and one without a Message-ID.
    @Test func protectedPostsAreNeitherListedCountedNorDatedForOutsiders() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        var posts = (0..<50).map { index in
            makePost("open\(index)@x", subject: "Open \(index)", body: "open \(index)", at: Double(index) * 60,
                     classification: PostClassification(subIssue: "cycling", stage: .explicit))
        }
        // Newest of all, and protected: a thread outsiders must not know exists.
        posts.append(makePost("secret@x", subject: "Secret", body: "secret", at: 10_000,
                              classification: PostClassification(subIssue: "cycling", stage: .explicit), isProtected: true))
        // A thread started by a protected post, with a public reply; its latest post is protected
        // (protected after recording below, as a reply to a protected post inherits protection).
        posts.append(makePost("mixed-root@x", subject: "Mixed", body: "mixed root", at: -100,
                              classification: PostClassification(subIssue: "cycling", stage: .explicit)))
        posts.append(makePost("mixed-reply@x", subject: "Re: Mixed", body: "mixed reply", inReplyTo: ["mixed-root@x"], at: -90,
                              classification: PostClassification(subIssue: "cycling", stage: .explicit)))
        posts.append(makePost("mixed-late@x", subject: "Re: Mixed", body: "mixed late", inReplyTo: ["mixed-reply@x"], at: 9_000,
                              classification: PostClassification(subIssue: "cycling", stage: .explicit)))
        var held = makePost("held@x", subject: "Held", body: "held", at: 11_000,
                            classification: PostClassification(subIssue: "cycling", stage: .explicit))
        held.kind = .held
        posts.append(held)
        posts.append(makePost(nil, subject: "No Message-ID", body: "no id", at: 12_000,
                              classification: PostClassification(subIssue: "cycling", stage: .explicit)))
        _ = try database.recordPosts(posts)
        try database.pool.write { db in
            try db.execute(sql: "UPDATE posts SET is_protected = 1 WHERE message_id IN ('mixed-root@x', 'mixed-late@x')")
        }

        let outsider = try database.archiveThreads(subIssue: "cycling", scope: Self.outsiders, offset: 0, limit: 50)
        // 50 open threads and the mixed one's public reply, older than all: 51, so a second page of one thread.
        #expect(outsider.total == 51)
        #expect(!outsider.threads.contains { ["secret@x", "held@x"].contains($0.firstMessageID) })
        let mixed = try #require(try database.archiveThreads(subIssue: "cycling", scope: Self.outsiders, offset: 50, limit: 50).threads.first)
        #expect(mixed.firstMessageID == "mixed-reply@x" && mixed.postCount == 1)
        #expect(mixed.lastPostAt == start.addingTimeInterval(-90))
        #expect(try database.archiveThreads(subIssue: "cycling", scope: Self.outsiders, offset: 100, limit: 50).threads.isEmpty)

        let member = try database.archiveThreads(subIssue: "cycling", scope: Self.everything, offset: 0, limit: 50)
        #expect(member.total == 52)
        #expect(member.threads.first?.firstMessageID == "secret@x")
        #expect(member.threads.dropFirst().first?.firstMessageID == "mixed-root@x")
        #expect(member.threads.dropFirst().first?.postCount == 3)
        try Self.expectPagesAsBefore(database, subIssues: ["cycling"], limit: 50)
        let (table, recount) = try database.pool.read(Self.tableAndRecount)
        #expect(table == recount)
    }

    /// Hundreds of changes of every kind the store makes to posts, in transactions of one to
    /// five, directly in SQL: after each, the table is exactly the recount, and pages are as before.
    @Test func theTableStaysTheRecountOfThePostsThroughEveryKindOfChange() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        let subIssues = ["cycling", "roads", "hr"]
        try database.pool.write { db in
            for thread in 1...12 {
                try db.execute(sql: """
                    INSERT INTO threads (id, subject, normalised_subject, sub_issue, started_at, last_post_at, post_count)
                    VALUES (?, 'T', 't', 'cycling', 0, 0, 0)
                    """, arguments: [thread])
            }
        }
        var random = ReplayableRandom(seed: 19)
        var nextPost = 1
        for step in 0..<400 {
            try database.pool.write { db in
                for _ in 0..<(1 + Int(random.next() % 5)) {
                    let existing = try Int64.fetchAll(db, sql: "SELECT id FROM posts")
                    let some = existing.isEmpty ? nil : existing[Int(random.next() % UInt64(existing.count))]
                    switch (random.next() % 10, some) {
                    case (0...3, _), (_, nil):
                        let kind = ["post", "post", "post", "held", "auto"][Int(random.next() % 5)]
                        let messageID: String? = random.next() % 8 == 0 ? nil : "m\(nextPost)@x"
                        try db.execute(sql: """
                            INSERT INTO posts (id, message_id, content_hash, author_address, date, received_at, subject,
                                normalised_subject, sub_issue, classification_stage, thread_id, size, kind, is_protected)
                            VALUES (?, ?, ?, 'a@x', ?, 0, 'S', 's', ?, 'explicit', ?, 1, ?, ?)
                            """, arguments: [nextPost, messageID, "h\(nextPost)", Double(random.next() % 40),
                                             subIssues[Int(random.next() % 3)], 1 + Int(random.next() % 12), kind,
                                             random.next() % 4 == 0])
                        nextPost += 1
                    case (4, let id?):
                        try db.execute(sql: "UPDATE posts SET kind = CASE kind WHEN 'held' THEN 'post' ELSE 'held' END WHERE id = ?",
                                       arguments: [id])
                    case (5, let id?):
                        try db.execute(sql: "UPDATE posts SET is_protected = 1 - is_protected WHERE id = ?", arguments: [id])
                    case (6, let id?):
                        // Reclassification of a post and its followers: several rows in one statement.
                        let thread = try Int64.fetchOne(db, sql: "SELECT thread_id FROM posts WHERE id = ?", arguments: [id])
                        try db.execute(sql: "UPDATE posts SET sub_issue = ? WHERE id = ? OR (thread_id = ? AND id % 2 = 0)",
                                       arguments: [subIssues[Int(random.next() % 3)], id, thread])
                    case (7, _):
                        let (from, to) = (1 + Int(random.next() % 12), 1 + Int(random.next() % 12))
                        try db.execute(sql: "UPDATE posts SET thread_id = ? WHERE thread_id = ?", arguments: [to, from])
                    case (8, let id?):
                        try db.execute(sql: "UPDATE posts SET date = ? WHERE id = ?", arguments: [Double(random.next() % 40), id])
                    case (_, let id?):
                        try db.execute(sql: "DELETE FROM posts WHERE id = ?", arguments: [id])
                    }
                }
            }
            let (table, recount) = try database.pool.read(Self.tableAndRecount)
            #expect(table == recount, "after step \(step)")
            if table != recount { break }
            if step % 50 == 49 { try Self.expectPagesAsBefore(database, subIssues: subIssues + ["none"], limit: 3) }
        }
    }

    /// A store of the version before: the migration fills the table from what was stored.
    @Test func theMigrationCountsWhatWasStored() throws {
        let store = try OlderStore(migratedUpTo: "v10-life-products") { db in
            try db.execute(sql: """
                INSERT INTO threads (id, subject, normalised_subject, sub_issue, started_at, last_post_at, post_count, root_post_id)
                    VALUES (1, 'Depot', 'depot', 'cycling', 1, 4, 4, NULL), (2, 'Lanes', 'lanes', 'cycling', 5, 5, 1, NULL),
                           (3, 'Spam', 'spam', 'cycling', 9, 9, 1, NULL), (4, 'Pay', 'pay', 'hr', 3, 3, 1, NULL);
                INSERT INTO posts (id, message_id, content_hash, author_address, author_name, date, received_at, subject,
                    normalised_subject, sub_issue, classification_stage, thread_id, size, kind, is_protected)
                    VALUES (1, 'r1@x', 'h1', 'ana@example.org', 'Ana', 1, 1, 'Depot', 'depot', 'cycling', 'explicit', 1, 10, 'post', 1),
                           (2, 'r2@x', 'h2', 'pat@example.org', NULL, 2, 2, 'Re: Depot', 'depot', 'cycling', 'thread', 1, 10, 'post', 0),
                           (3, 'r3@x', 'h3', 'boss@example.org', NULL, 3, 3, 'Re: Depot', 'depot', 'cycling', 'thread', 1, 10, 'post', 1),
                           (4, 'r4@x', 'h4', 'bob@example.org', NULL, 4, 4, 'Re: Depot', 'depot', 'roads', 'model', 1, 10, 'post', 0),
                           (5, 'l1@x', 'h5', 'ana@example.org', 'Ana', 5, 5, 'Lanes', 'lanes', 'cycling', 'explicit', 2, 10, 'post', 0),
                           (6, 's1@x', 'h6', 'spam@evil.example', NULL, 9, 9, 'Spam', 'spam', 'cycling', 'general', 3, 10, 'held', 0),
                           (7, NULL, 'h7', 'ana@example.org', NULL, 8, 8, 'Lanes', 'lanes', 'cycling', 'thread', 2, 10, 'post', 0),
                           (8, 'p1@x', 'h8', 'boss@example.org', NULL, 3, 3, 'Pay', 'pay', 'hr', 'explicit', 4, 10, 'post', 0);
                UPDATE threads SET root_post_id = id;
                """)
        }
        defer { store.remove() }
        let database = try store.opened()
        let (table, recount) = try database.pool.read(Self.tableAndRecount)
        #expect(table == recount && table.count == 8, "two rows (all, not protected) for each of four threads")
        let page = try database.archiveThreads(subIssue: "cycling", scope: Self.outsiders, offset: 0, limit: 50)
        #expect(page.total == 2 && page.threads.map(\.firstMessageID) == ["l1@x", "r2@x"])
        #expect(page.threads.map(\.postCount) == [1, 1])
        #expect(try database.archiveThreads(subIssue: "hr", scope: Self.hrClosed, offset: 0, limit: 50).total == 0)
        #expect(try database.archiveThreads(subIssue: "hr", scope: Self.hrAdmitted, offset: 0, limit: 50).total == 1)
        try Self.expectPagesAsBefore(database, subIssues: ["cycling", "roads", "hr"], limit: 1)

        let plan = try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT thread_id, post_count, last_post_at, first_post_id FROM sub_issue_threads
                WHERE sub_issue = ? AND includes_protected = ? ORDER BY last_post_at DESC, thread_id DESC LIMIT 50
                """, arguments: ["cycling", 0]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("COVERING INDEX sub_issue_threads_by_activity") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }
}

/// A small, seeded generator: the same changes on every run, so a failure can be replayed.
struct ReplayableRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
