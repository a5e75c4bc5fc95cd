import Foundation
import GRDB
import Testing
@testable import PraxisStore

/// Migration v2-commands: confirmations written under v1 survive it, and settings confirmations fit.
@Suite("Migration v2-commands")
struct CommandsMigrationTests {
    @Test func v1ConfirmationsSurviveAndSettingsConfirmationsFit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-v2-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("praxis.sqlite").path
        // A store as v1 left it, with a confirmation waiting.
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v1")
        try queue.write { db in
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
        try queue.close()

        let database = try PraxisDatabase(path: path)
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
