import Foundation
import GRDB

/// A post's list copy is the same bytes for every member who gets it at once, so it is stored once
/// in `outbox_bodies` and each member's outbox row points at it (`outbox.body_id`). Before, each
/// row carried the whole copy: a 46 MB attachment sent to 4 members made a 265 MB database.
///
/// What a row delivers is its own bytes (`outbox.message`) followed by the shared body, if it has
/// one. For post copies the row's own bytes are empty: nothing differs per member. A copy that one
/// day differs per member in a header field would keep that header section in `message` and
/// share the rest.
///
/// Bodies are keyed by their SHA-256, so the same copy queued twice is still stored once. A body
/// goes away with the last outbox row that points at it (trigger `outbox_body_release`); rows are
/// never deleted by the daemon today, so a sent post's copy stays, once, like any sent message.
extension StoreSchema {
    static func shareOutboxBodies(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE outbox_bodies (
                id INTEGER PRIMARY KEY,
                hash BLOB NOT NULL UNIQUE,
                bytes BLOB NOT NULL
            );
            ALTER TABLE outbox ADD COLUMN body_id INTEGER REFERENCES outbox_bodies(id);
            -- For the trigger below and for the foreign key check when a body is deleted.
            CREATE INDEX outbox_by_body ON outbox(body_id);
            CREATE TRIGGER outbox_body_release AFTER DELETE ON outbox
            WHEN OLD.body_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM outbox WHERE body_id = OLD.body_id)
            BEGIN
                DELETE FROM outbox_bodies WHERE id = OLD.body_id;
            END;
            """)
        // Every queued or sent post copy moves into a shared body; rows of one post share one.
        // One row at a time, by id: a store that has grown large must not be read into memory.
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM outbox WHERE kind = 'post' ORDER BY id")
        for id in ids {
            let bytes = try Data.fetchOne(db, sql: "SELECT message FROM outbox WHERE id = ?", arguments: [id]) ?? Data()
            let body = try PraxisDatabase.storeOutboxBody([UInt8](bytes), in: db)
            try db.execute(sql: "UPDATE outbox SET message = ?, body_id = ? WHERE id = ?", arguments: [Data(), body, id])
        }
    }
}

extension PraxisDatabase {
    /// Stores `bytes` as a shared outbox body, or finds the one already stored with the same
    /// bytes, and returns its id for `enqueueOutbox(…sharedBody:…)`.
    public static func storeOutboxBody(_ bytes: [UInt8], in db: Database) throws -> Int64 {
        let hash = Data(ContentHash.sha256Digest(bytes))
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM outbox_bodies WHERE hash = ?"), arguments: [hash]) {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO outbox_bodies (hash, bytes) VALUES (?, ?)")
            .execute(arguments: [hash, Data(bytes)])
        return db.lastInsertedRowID
    }

    /// The whole message an outbox row delivers: its own bytes, then its shared body if any.
    /// Nil when there is no such row.
    public static func outboxMessage(id: Int64, in db: Database) throws -> [UInt8]? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT o.message, b.bytes FROM outbox o LEFT JOIN outbox_bodies b ON b.id = o.body_id WHERE o.id = ?
            """, arguments: [id]) else { return nil }
        let own: Data = row[0]
        let body: Data? = row[1]
        return [UInt8](own) + [UInt8](body ?? Data())
    }
}
