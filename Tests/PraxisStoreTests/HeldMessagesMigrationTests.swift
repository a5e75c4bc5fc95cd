import Foundation
import GRDB
import Testing
@testable import PraxisStore

/// Migration v4-held-messages-without-token: held posts written before it keep every column but
/// the unused token, decisions still find them, and the indexes are back.
@Suite("Migration v4-held-messages-without-token")
struct HeldMessagesMigrationTests {
    @Test func heldPostsSurviveWithoutTheirToken() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-v4-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("praxis.sqlite").path
        // A store as v3 left it: one post held, one already approved.
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v3-moderation-notices")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO threads (id, subject, normalised_subject, sub_issue, started_at, last_post_at)
                    VALUES (1, 'Hello', 'hello', 'general', 1, 1);
                INSERT INTO posts (id, message_id, content_hash, author_address, date, received_at, subject,
                    normalised_subject, sub_issue, classification_stage, thread_id, size, kind)
                    VALUES (7, 'a@example.org', 'hash', 'stranger@example.org', 1, 1, 'Hello', 'hello', 'general',
                    'general', 1, 10, 'held');
                INSERT INTO held_messages (id, post_id, file_name, token, reason, held_at, expires_at, state)
                    VALUES (3, 7, '1.abc.host', 'oldheldtoken', 'not a member', 100, 200, 'held');
                INSERT INTO held_messages (id, post_id, file_name, token, reason, held_at, expires_at, state,
                    decided_at, decided_by)
                    VALUES (4, NULL, NULL, 'otherheldtoken', 'not a member', 50, 150, 'approved', 60, 'mod@example.org');
                """)
        }
        try queue.close()

        let database = try PraxisDatabase(path: path)
        try database.read("checking the migrated table") { db in
            #expect(try !db.columns(in: "held_messages").map(\.name).contains("token"))
            let held = try HeldMessageRecord.order(Column("id")).fetchAll(db)
            #expect(held.map(\.id) == [3, 4])
            #expect(held.first?.postID == 7)
            #expect(held.first?.fileName == "1.abc.host")
            #expect(held.first?.reason == "not a member")
            #expect(held.first?.expiresAt == Date(timeIntervalSince1970: 200))
            #expect(held.last?.state == .approved)
            #expect(held.last?.decidedBy == "mod@example.org")
            #expect(Set(try db.indexes(on: "held_messages").map(\.name)) == ["held_messages_by_state", "held_messages_by_post"])
            #expect(try ModerationQueue.heldPosts(in: db).map(\.held.id) == [3])
        }
    }
}
