import GRDB

extension StoreSchema {
    /// `v9-post-history`: whether a post was imported as history (`praxis import mbox`) rather
    /// than received. History is the archive's and the circles' (replayed at its own dates), but
    /// never news: no digest carries it, nor "you wrote N posts this week".
    ///
    /// Stores from before know their imported posts only by the source file the import keeps
    /// (`import.CONTENT-HASH:2,S`, since the archive issue); posts imported before that cannot be
    /// told from received ones and stay as they were.
    static func markImportedHistory(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE posts ADD COLUMN is_history INTEGER NOT NULL DEFAULT 0 CHECK (is_history IN (0, 1));
            UPDATE posts SET is_history = 1 WHERE file_name LIKE 'import.%';
            """)
    }
}
