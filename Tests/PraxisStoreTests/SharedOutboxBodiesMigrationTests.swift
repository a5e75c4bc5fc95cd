import Foundation
import GRDB
import Testing
@testable import PraxisStore

/// Migration v6-shared-outbox-bodies: the copies of posts already in the outbox, queued or sent,
/// move into shared bodies, one per distinct copy, and deliver the same bytes as before; other
/// rows keep their message. A body goes away with the last row that points at it.
@Suite("Migration v6-shared-outbox-bodies")
struct SharedOutboxBodiesMigrationTests {
    @Test func postCopiesMoveIntoSharedBodiesWithoutLoss() throws {
        // The copy of post 7 (three members, one already sent), another post's copy whose post
        // row is gone, and a notice; bytes include a NUL and 8-bit bytes to show nothing is lost.
        let copy7 = Array("Subject: [Test] Hello\r\nMessage-ID: <7@example.org>\r\n\r\nBody \u{00e9}\0\r\n".utf8)
        let copyOther = Array("Subject: [Test] Other\r\n\r\nAnother body\r\n".utf8)
        let notice = Array("Subject: Your subscription\r\n\r\nWelcome\r\n".utf8)
        let store = try OlderStore(migratedUpTo: "v5-immediate-delivery") { db in
            try db.execute(sql: """
                INSERT INTO threads (id, subject, normalised_subject, sub_issue, started_at, last_post_at)
                    VALUES (1, 'Hello', 'hello', 'general', 1, 1);
                INSERT INTO posts (id, message_id, content_hash, author_address, date, received_at, subject,
                    normalised_subject, sub_issue, classification_stage, thread_id, size, kind)
                    VALUES (7, '7@example.org', 'hash', 'alice@example.org', 1, 1, 'Hello', 'hello', 'general',
                    'general', 1, 10, 'post');
                """)
            let insert = """
                INSERT INTO outbox (id, kind, recipients, envelope_sender, message, state, attempts, next_attempt_at,
                    created_at, sent_at, post_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            try db.execute(sql: insert, arguments: [1, "post", "a@example.org", "b+a=example.org@x", Data(copy7), "sent", 1, 5, 2, 5, 7])
            try db.execute(sql: insert, arguments: [2, "post", "b@example.org", "b+b=example.org@x", Data(copy7), "queued", 2, 9, 2, nil, 7])
            try db.execute(sql: insert, arguments: [3, "notice", "c@example.org", "b+c=example.org@x", Data(notice), "queued", 0, 3, 3, nil, nil])
            try db.execute(sql: insert, arguments: [4, "post", "c@example.org", "b+c=example.org@x", Data(copy7), "failed", 4, 9, 2, nil, 7])
            try db.execute(sql: insert, arguments: [5, "post", "d@example.org", "b+d=example.org@x", Data(copyOther), "queued", 0, 4, 4, nil, nil])
        }
        defer { store.remove() }
        let database = try store.opened()
        try database.read("checking the migrated outbox") { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox_bodies") == 2)
            #expect(try PraxisDatabase.outboxMessage(id: 1, in: db) == copy7)
            #expect(try PraxisDatabase.outboxMessage(id: 2, in: db) == copy7)
            #expect(try PraxisDatabase.outboxMessage(id: 3, in: db) == notice)
            #expect(try PraxisDatabase.outboxMessage(id: 4, in: db) == copy7)
            #expect(try PraxisDatabase.outboxMessage(id: 5, in: db) == copyOther)
            let rows = try Row.fetchAll(db, sql: "SELECT id, length(message), body_id, state, attempts, post_id FROM outbox ORDER BY id")
            #expect(rows.map { $0[1] as Int } == [0, 0, notice.count, 0, 0], "post rows keep no bytes of their own")
            let bodies = rows.map { $0[2] as Int64? }
            #expect(bodies[0] != nil && bodies[0] == bodies[1] && bodies[1] == bodies[3], "one body for post 7's copies")
            #expect(bodies[2] == nil && bodies[4] != nil && bodies[4] != bodies[0])
            #expect(rows.map { $0[3] as String } == ["sent", "queued", "queued", "failed", "queued"])
            #expect(rows.map { $0[4] as Int } == [1, 2, 0, 4, 0])
            #expect(rows.map { $0[5] as Int64? } == [7, 7, nil, 7, nil])
        }

        // Bodies go with the last row that points at them, and only then.
        try database.write("removing rows") { db in
            try db.execute(sql: "DELETE FROM outbox WHERE id IN (1, 2)")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox_bodies") == 2)
            try db.execute(sql: "DELETE FROM outbox WHERE id = 4")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox_bodies") == 1)
            try db.execute(sql: "DELETE FROM outbox")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox_bodies") == 0)
        }
    }

    @Test func theSameBytesAreStoredOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-v6-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try PraxisDatabase(path: folder.appendingPathComponent("praxis.sqlite").path)
        let copy = Array("Subject: once\r\n\r\nbody\r\n".utf8)
        let ids = try database.write("queueing") { db in
            let first = try PraxisDatabase.storeOutboxBody(copy, in: db)
            let second = try PraxisDatabase.storeOutboxBody(copy, in: db)
            let other = try PraxisDatabase.storeOutboxBody(copy + [0x20], in: db)
            return [first, second, other]
        }
        #expect(ids[0] == ids[1])
        #expect(ids[0] != ids[2])
    }
}
