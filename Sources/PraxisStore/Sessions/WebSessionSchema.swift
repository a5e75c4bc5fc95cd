import GRDB

extension StoreSchema {
    /// `v8-web-sessions`: signing in to the archive by a mailed link (issue 20).
    ///
    /// Only SHA-256 hashes of the secrets are stored (the link's token, the session's id): the
    /// mail and the cookie hold the secrets, so a copy of the store signs nobody in. A link row
    /// stays after use, for the hourly limits; `client` is the address the request came from.
    /// A member who leaves or is disabled, whichever command, bounce or operator does it, loses
    /// every session at once: the trigger ends them in the transaction that records the change.
    static func createWebSessions(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sign_in_links (
                id INTEGER PRIMARY KEY,
                token_hash BLOB NOT NULL UNIQUE,
                member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                client TEXT NOT NULL,
                created_at REAL NOT NULL,
                used_at REAL
            );
            CREATE INDEX sign_in_links_by_member ON sign_in_links(member_id, created_at);
            CREATE INDEX sign_in_links_by_client ON sign_in_links(client, created_at);
            CREATE TABLE web_sessions (
                id INTEGER PRIMARY KEY,
                id_hash BLOB NOT NULL UNIQUE,
                member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                created_at REAL NOT NULL,
                last_seen_at REAL NOT NULL
            );
            CREATE INDEX web_sessions_by_member ON web_sessions(member_id);
            CREATE TRIGGER web_sessions_end_when_member_goes AFTER UPDATE OF status ON members
                WHEN NEW.status <> 'active'
            BEGIN
                DELETE FROM web_sessions WHERE member_id = NEW.id;
            END;
            """)
    }
}
