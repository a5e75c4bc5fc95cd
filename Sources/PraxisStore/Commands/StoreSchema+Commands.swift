import GRDB

extension StoreSchema {
    /// Lets a confirmation stand for changes of a member's settings (`set`, `follow`, `mute` by
    /// email), which v1's `purpose` check did not foresee. SQLite cannot alter a CHECK, so the table
    /// is rebuilt with its rows, the way SQLite's documentation prescribes for such changes.
    static func allowSettingsConfirmations(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE confirmations_new (
                id INTEGER PRIMARY KEY,
                token TEXT NOT NULL UNIQUE,
                purpose TEXT NOT NULL CHECK (purpose IN ('subscribe','unsubscribe','moderation','settings')),
                address TEXT NOT NULL,
                payload TEXT,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                used_at REAL
            );
            INSERT INTO confirmations_new (id, token, purpose, address, payload, created_at, expires_at, used_at)
                SELECT id, token, purpose, address, payload, created_at, expires_at, used_at FROM confirmations;
            DROP TABLE confirmations;
            ALTER TABLE confirmations_new RENAME TO confirmations;
            CREATE INDEX confirmations_by_address ON confirmations(address, purpose);
            """)
    }
}
