import Foundation
import GRDB
import Testing
@testable import PraxisStore

/// `v9-post-history`: a store of the version before learns which of its posts were imported, by
/// the source file the import kept; received posts stay news.
@Suite("Post history migration")
struct PostHistoryMigrationTests {
    @Test func importedPostsAreKnownByTheSourceFileTheImportKept() throws {
        let store = try OlderStore(migratedUpTo: "v8-web-sessions") { db in
            try db.execute(sql: """
                INSERT INTO threads (id, subject, normalised_subject, sub_issue, started_at, last_post_at, post_count, root_post_id)
                    VALUES (1, 'Depot', 'depot', 'general', 1, 3, 3, NULL);
                INSERT INTO posts (id, message_id, content_hash, author_address, date, received_at, subject, normalised_subject,
                    sub_issue, classification_stage, thread_id, size, kind, is_protected, file_name)
                    VALUES (1, 'a@x', 'h1', 'ana@example.org', 1, 1, 'Depot', 'depot', 'general', 'general', 1, 10, 'post', 0,
                            'import.0123abcd:2,S'),
                           (2, 'b@x', 'h2', 'bob@example.org', 2, 2, 'Re: Depot', 'depot', 'general', 'thread', 1, 10, 'post', 0,
                            '1700000000.M1P2.host:2,S'),
                           (3, 'c@x', 'h3', 'cy@example.org', 3, 3, 'Re: Depot', 'depot', 'general', 'thread', 1, 10, 'post', 0, NULL);
                UPDATE threads SET root_post_id = 1;
                """)
        }
        defer { store.remove() }
        let database = try store.opened()
        let flags = try database.read("reading the flags") { db in
            try Row.fetchAll(db, sql: "SELECT message_id, is_history FROM posts ORDER BY id").map { "\($0[0] as String)=\($0[1] as Int)" }
        }
        #expect(flags == ["a@x=1", "b@x=0", "c@x=0"])
    }
}
