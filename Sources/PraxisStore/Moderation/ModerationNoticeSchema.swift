import GRDB

extension StoreSchema {
    /// What flood protection for moderators needs (`moderation.notices_per_hour`).
    ///
    /// `moderation_notices` has one row per moderation mail queued to a moderator, a request or a
    /// summary: the budget is a count of one moderator's rows of the last hour, a short range of
    /// its index, where counting the outbox would scan every list copy.
    ///
    /// `confirmations.notified_at` says when the moderator holding a moderation token was told of
    /// its post (by request or in a summary); NULL while the post waits for a summary. The
    /// partial index holds only tokens waiting for a summary and not yet spent (a decision or
    /// expiry spends every token of its post), so a summary never reads the history.
    static func createModerationNotices(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE moderation_notices (
                id INTEGER PRIMARY KEY,
                moderator TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('request','summary')),
                sent_at REAL NOT NULL,
                held_count INTEGER NOT NULL
            );
            CREATE INDEX moderation_notices_by_moderator ON moderation_notices(moderator, sent_at);

            ALTER TABLE confirmations ADD COLUMN notified_at REAL;
            -- Every moderation token so far came with its request.
            UPDATE confirmations SET notified_at = created_at WHERE purpose = 'moderation';
            CREATE INDEX confirmations_waiting_for_summary ON confirmations(address, id)
                WHERE purpose = 'moderation' AND notified_at IS NULL AND used_at IS NULL;
            """)
    }
}
