import GRDB

extension StoreSchema {
    /// Moderation tokens only where they were mailed.
    ///
    /// - Drops `held_messages.token`. Decisions have always used each moderator's own token in
    ///   `confirmations`; this one was drawn, stored and kept unique for nothing, and its unique
    ///   index on random text cost every held post about 5% of ingest's CPU in a flood. SQLite
    ///   cannot drop a UNIQUE column, so the table is rebuilt with its rows and indexes.
    /// - A moderator's token is now drawn when a request or summary tells them of the post, not
    ///   when the post is held (`ModerationQueue`): a post waits for each moderator without a
    ///   token of it. Tokens drawn but never mailed are deleted, so their posts wait again, and
    ///   the index that found them goes.
    static func moderationTokensOnlyWhereMailed(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE held_messages_new (
                id INTEGER PRIMARY KEY,
                post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
                file_name TEXT,
                reason TEXT NOT NULL,
                held_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                state TEXT NOT NULL DEFAULT 'held'
                    CHECK (state IN ('held','approved','rejected','expired')),
                decided_at REAL,
                decided_by TEXT
            );
            INSERT INTO held_messages_new (id, post_id, file_name, reason, held_at, expires_at, state, decided_at, decided_by)
                SELECT id, post_id, file_name, reason, held_at, expires_at, state, decided_at, decided_by FROM held_messages;
            DROP TABLE held_messages;
            ALTER TABLE held_messages_new RENAME TO held_messages;
            CREATE INDEX held_messages_by_state ON held_messages(state, expires_at);
            CREATE INDEX held_messages_by_post ON held_messages(post_id);
            DELETE FROM confirmations WHERE purpose = 'moderation' AND notified_at IS NULL AND used_at IS NULL;
            DROP INDEX confirmations_waiting_for_summary;
            """)
    }
}
