import Foundation
import GRDB
import Testing
@testable import PraxisStore

/// Migration v6-post-protection: a thread is protected only when its root is. Before it, a
/// protected reply raised its whole thread's flag and the public thread vanished from the digests
/// (issue 16, finding 2); the migration gives such threads their root's flag back and leaves
/// every post's own flag as it was.
@Suite("Migration v6-post-protection")
struct PostProtectionMigrationTests {
    @Test func threadsClosedByAProtectedReplyOpenAgainAndPostsKeepTheirFlags() throws {
        // A store as v5 left it: thread 1 public, closed by its protected reply 2; thread 2 with a
        // protected root; thread 3 public and open; thread 4 closed but its root row is gone.
        let store = try OlderStore(migratedUpTo: "v5-immediate-delivery") { db in
            try db.execute(sql: """
                INSERT INTO threads (id, subject, normalised_subject, sub_issue, started_at, last_post_at, post_count, is_protected)
                    VALUES (1, 'Depot', 'depot', 'cycling', 1, 3, 3, 1),
                           (2, 'Tender', 'tender', 'procurement', 1, 2, 2, 1),
                           (3, 'Lanes', 'lanes', 'cycling', 1, 1, 1, 0),
                           (4, 'Orphans', 'orphans', 'procurement', 1, 1, 1, 1);
                INSERT INTO posts (id, message_id, content_hash, author_address, date, received_at, subject,
                    normalised_subject, sub_issue, classification_stage, thread_id, parent_post_id, size, kind, is_protected)
                    VALUES (1, 'r1@x', 'h1', 'a@x', 1, 1, 'Depot', 'depot', 'cycling', 'explicit', 1, NULL, 10, 'post', 0),
                           (2, 'q1@x', 'h2', 'p@x', 2, 2, 'Re: [procurement] Depot', 'depot', 'procurement', 'explicit', 1, 1, 10, 'post', 1),
                           (3, 'r2@x', 'h3', 'b@x', 3, 3, 'Re: Depot', 'depot', 'cycling', 'thread', 1, 1, 10, 'post', 0),
                           (4, 'p1@x', 'h4', 'p@x', 1, 1, 'Tender', 'tender', 'procurement', 'explicit', 2, NULL, 10, 'post', 1),
                           (5, 'p2@x', 'h5', 'b@x', 2, 2, 'Re: Tender', 'tender', 'procurement', 'thread', 2, 4, 10, 'post', 1),
                           (6, 'l1@x', 'h6', 'a@x', 1, 1, 'Lanes', 'lanes', 'cycling', 'explicit', 3, NULL, 10, 'post', 0),
                           (7, 'o1@x', 'h7', 'p@x', 1, 1, 'Re: Orphans', 'orphans', 'procurement', 'thread', 4, NULL, 10, 'post', 1);
                UPDATE threads SET root_post_id = CASE id WHEN 1 THEN 1 WHEN 2 THEN 4 WHEN 3 THEN 6 ELSE NULL END;
                """)
        }
        defer { store.remove() }
        let database = try store.opened()
        try database.read("checking the migrated flags") { db in
            let threads = try Row.fetchAll(db, sql: "SELECT id, is_protected FROM threads ORDER BY id").map { [$0[0], $0[1]] as [Int64] }
            #expect(threads == [[1, 0], [2, 1], [3, 0], [4, 1]])
            let posts = try Row.fetchAll(db, sql: "SELECT id, is_protected FROM posts ORDER BY id").map { [$0[0], $0[1]] as [Int64] }
            #expect(posts == [[1, 0], [2, 1], [3, 0], [4, 1], [5, 1], [6, 0], [7, 1]])
        }
    }

    /// After the migration, recording keeps to the same rule: the protected reply protects itself
    /// and what answers it, the public thread stays open, and a later public reply stays public.
    @Test func recordingAfterTheMigrationLeavesThePublicThreadOpen() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-v6r-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try PraxisDatabase(path: folder.appendingPathComponent("praxis.sqlite").path)
        func post(_ id: String, _ subIssue: String, inReplyTo: String? = nil, references: [String] = [], protected: Bool = false) -> NewPost {
            NewPost(
                messageID: id, contentHash: "hash-" + id, author: nil, date: Date(timeIntervalSince1970: 1_000),
                receivedAt: Date(timeIntervalSince1970: 1_000), subject: "Depot", inReplyTo: inReplyTo.map { [$0] } ?? [],
                references: references, classification: PostClassification(subIssue: subIssue, stage: .explicit),
                trimmedText: id, size: 10, isProtected: protected)
        }
        _ = try database.recordPosts([
            post("r1@x", "cycling"),
            post("q1@x", "procurement", inReplyTo: "r1@x", protected: true),
            post("r2@x", "cycling", inReplyTo: "r1@x"),
            // Tagged public, answering the protected reply: protected, in its sub-issue.
            post("q2@x", "cycling", inReplyTo: "q1@x"),
            // Answering a public post, naming the protected one only in References.
            post("x1@x", "cycling", inReplyTo: "r2@x", references: ["q1@x"]),
        ])
        try database.read("checking the flags") { db in
            let flags = try Row.fetchAll(db, sql: "SELECT message_id, sub_issue, is_protected FROM posts ORDER BY id")
                .map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int)" }
            #expect(flags == ["r1@x cycling 0", "q1@x procurement 1", "r2@x cycling 0", "q2@x procurement 1", "x1@x procurement 1"])
            #expect(try Int.fetchAll(db, sql: "SELECT is_protected FROM threads") == [0])
        }
    }
}
