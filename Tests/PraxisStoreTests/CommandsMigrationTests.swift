import Foundation
import GRDB
import Testing
@testable import PraxisStore

/// Migration v2-commands: confirmations written under v1 survive it, and settings confirmations fit.
@Suite("Migration v2-commands")
struct CommandsMigrationTests {
    @Test func v1ConfirmationsSurviveAndSettingsConfirmationsFit() throws {
        // A store as v1 left it, with a confirmation waiting.
        let store = try OlderStore(migratedUpTo: "v1") { db in
            try db.execute(sql: """
                INSERT INTO confirmations (token, purpose, address, payload, created_at, expires_at)
                VALUES ('oldtoken', 'subscribe', 'alice@example.org', 'subscribe', 1, 2)
                """)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO confirmations (token, purpose, address, created_at, expires_at)
                    VALUES ('t', 'settings', 'a@b', 1, 2)
                    """)
            }
        }
        defer { store.remove() }
        let database = try store.opened()
        try database.write("checking the migrated table") { db in
            #expect(try String.fetchAll(db, sql: "SELECT token FROM confirmations") == ["oldtoken"])
            try ConfirmationRecord(token: "newtoken", purpose: .settings, address: "bob@example.org", payload: "set digest daily",
                                   createdAt: Date(), expiresAt: Date()).insert(db)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO confirmations (token, purpose, address, created_at, expires_at)
                    VALUES ('t', 'anything', 'a@b', 1, 2)
                    """)
            }
            #expect(try db.indexes(on: "confirmations").map(\.name).contains("confirmations_by_address"))
        }
    }
}
