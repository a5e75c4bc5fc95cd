import Foundation
import GRDB
import Testing
@testable import PraxisStore

/// `v8-archive-indexes`: a store of the version before gets the index of sub-issue pages, and
/// the pages read what was stored before exactly as they did.
@Suite("Archive index migration")
struct ArchiveIndexMigrationTests {
    @Test func subIssuePagesReadTheOlderStoreThroughTheNewIndex() throws {
        let store = try OlderStore(migratedUpTo: "v7-archive-member-key") { db in
            // Thread 1: two shown posts and a protected one; thread 2: one shown post, later;
            // thread 3: only a held post (not archived); a post of thread 1 in another sub-issue.
            try db.execute(sql: """
                INSERT INTO threads (id, subject, normalised_subject, sub_issue, started_at, last_post_at, post_count, root_post_id)
                    VALUES (1, 'Depot', 'depot', 'cycling', 1, 4, 4, NULL), (2, 'Lanes', 'lanes', 'cycling', 5, 5, 1, NULL),
                           (3, 'Spam', 'spam', 'cycling', 9, 9, 1, NULL);
                INSERT INTO posts (id, message_id, content_hash, author_address, author_name, date, received_at, subject,
                    normalised_subject, sub_issue, classification_stage, thread_id, size, kind, is_protected)
                    VALUES (1, 'r1@x', 'h1', 'ana@example.org', 'Ana', 1, 1, 'Depot', 'depot', 'cycling', 'explicit', 1, 10, 'post', 0),
                           (2, 'r2@x', 'h2', 'pat@example.org', NULL, 2, 2, 'Re: Depot', 'depot', 'cycling', 'thread', 1, 10, 'post', 0),
                           (3, 'r3@x', 'h3', 'boss@example.org', NULL, 3, 3, 'Re: Depot', 'depot', 'cycling', 'thread', 1, 10, 'post', 1),
                           (4, 'r4@x', 'h4', 'bob@example.org', NULL, 4, 4, 'Re: Depot', 'depot', 'roads', 'model', 1, 10, 'post', 0),
                           (5, 'l1@x', 'h5', 'ana@example.org', 'Ana', 5, 5, 'Lanes', 'lanes', 'cycling', 'explicit', 2, 10, 'post', 0),
                           (6, 's1@x', 'h6', 'spam@evil.example', NULL, 9, 9, 'Spam', 'spam', 'cycling', 'general', 3, 10, 'held', 0);
                UPDATE threads SET root_post_id = id;
                """)
        }
        defer { store.remove() }
        let database = try store.opened()
        let outsider = ArchiveScope(includeProtected: false, protectedSubIssues: [])
        let page = try database.archiveThreads(subIssue: "cycling", scope: outsider, offset: 0, limit: 50)
        #expect(page.total == 2)
        #expect(page.threads.map(\.firstMessageID) == ["l1@x", "r1@x"])
        #expect(page.threads.map(\.postCount) == [1, 2])
        let member = try database.archiveThreads(
            subIssue: "cycling", scope: ArchiveScope(includeProtected: true, protectedSubIssues: []), offset: 1, limit: 1)
        #expect(member.total == 2 && member.threads.map(\.postCount) == [3])
        #expect(member.threads.first?.lastPostAt == Date(timeIntervalSince1970: 3))

        let shown = outsider.postCondition("p")
        let plan = try database.read("explaining") { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT p.thread_id, COUNT(*), MAX(p.date), MIN(p.id) FROM posts p
                WHERE p.sub_issue = ? AND \(shown.sql) GROUP BY p.thread_id
                """, arguments: ["cycling"] + shown.arguments).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("COVERING INDEX posts_by_sub_issue_thread") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE FOR GROUP BY") }, "\(plan)")
    }
}
