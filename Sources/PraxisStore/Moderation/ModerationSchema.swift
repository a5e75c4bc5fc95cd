import GRDB

extension StoreSchema {
    /// Lookups moderation makes on every decision: the tokens of one held post (to retire them all
    /// once any moderator decides), and the held row of a post (so a post is held, and its
    /// moderators told, once).
    static func createModerationIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX confirmations_by_payload ON confirmations(purpose, payload);
            CREATE INDEX held_messages_by_post ON held_messages(post_id);
            """)
    }
}
