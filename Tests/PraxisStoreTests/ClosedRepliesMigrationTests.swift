import Foundation
import GRDB
import Testing
@testable import PraxisStore

/// Migration v9-close-closed-replies on a store of the previous version: its posts stay, the
/// table appears, and one reply per address and day is what the table itself enforces.
@Suite("Closed replies migration")
struct ClosedRepliesMigrationTests {
    @Test func addsTheTableToAStoreOfThePreviousVersion() throws {
        let store = try OlderStore(migratedUpTo: "v8-web-sessions") { db in
            try db.execute(sql: """
                INSERT INTO members (id, address, joined_at, status, delivery, digest_frequency, is_moderated, bounce_score)
                    VALUES (1, 'alice@example.org', 1, 'active', 'default', 'weekly', 0, 0);
                """)
        }
        defer { store.remove() }
        let database = try store.opened()
        try database.write("writing a reply") { db in
            try db.execute(sql: "INSERT INTO closed_replies (address, day, replied_at) VALUES ('alice@example.org', '2026-12-06', 1)")
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO closed_replies (address, day, replied_at) VALUES ('alice@example.org', '2026-12-06', 2)")
            }
            try db.execute(sql: "INSERT INTO closed_replies (address, day, replied_at) VALUES ('alice@example.org', '2026-12-07', 3)")
        }
        #expect(try database.read("counting") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM closed_replies") } == 2)
        #expect(try database.read("counting") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM members") } == 1)
    }
}
