import GRDB

extension StoreSchema {
    /// `v7-search`: the full-text index of the archive (issue 19), `post_search`, and what keeps
    /// it in step with the posts.
    ///
    /// **What is indexed**: a post readers can see — kind `post` — that has a `post_texts` row
    /// (every such post recorded from now on has one, empty when it has no text of its own; this
    /// migration adds the missing empty rows). Its subject, trimmed text, author (name and
    /// address) and sub-issue id. Held posts are not indexed until they are approved (their kind
    /// becomes `post`); protected posts are, and the query reads `posts.is_protected` to leave
    /// them out, so protection, thread moves and dates never touch the index.
    ///
    /// **External content** (`content='post_search_source'`, a view over `posts` and
    /// `post_texts`): the index holds only the tokens, never a second copy of the text. A
    /// normal FTS5 table would store every text again (the archive's biggest column) and write
    /// one more B-tree row per post; a contentless one could neither give snippets nor delete a
    /// row on this SQLite (3.40, before `contentless_delete`). The price is that the index must be
    /// told the old values to remove a post, which the triggers below do, and only for a post
    /// that is indexed (a `delete` of one that is not would corrupt the index).
    ///
    /// **Triggers, not calls in the Swift code**: every path that changes what is indexed
    /// (recording, the release of a held post, reclassification, deletion) keeps the index in
    /// step in the same transaction, including paths written later that know nothing of search.
    ///
    /// **Tokenizer**: unicode61 with `remove_diacritics 2`, so `muller` finds `Müller` and
    /// `cafe` finds `café`. Control characters separate words there, which lets the view show
    /// U+0001 and U+0002 as spaces: they mark matches in snippets and so can never come from a
    /// post (the tokens, and their positions, are the same either way).
    static func createSearchIndex(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO post_texts (post_id, text)
            SELECT id, '' FROM posts WHERE kind = 'post' AND id NOT IN (SELECT post_id FROM post_texts);

            CREATE VIEW post_search_source AS
            SELECT p.id AS id, p.subject AS subject,
                replace(replace(t.text, char(1), ' '), char(2), ' ') AS text,
                \(authorExpression("p")) AS author, p.sub_issue AS sub_issue
            FROM posts p JOIN post_texts t ON t.post_id = p.id
            WHERE p.kind = 'post';

            CREATE VIRTUAL TABLE post_search USING fts5(
                subject, text, author, sub_issue,
                content = 'post_search_source', content_rowid = 'id',
                tokenize = 'unicode61 remove_diacritics 2'
            );
            """)
        try db.execute(sql: triggers)
        // One bulk pass over the view: far faster than a row at a time, as it sorts the tokens
        // in memory and writes each index segment once.
        try db.execute(sql: "INSERT INTO post_search (post_search) VALUES ('rebuild')")
    }

    /// How many bytes of terms FTS5 gathers in memory before it writes them as an index segment
    /// (its `hashsize`; SQLite's default is 1 MiB).
    static let pendingTermBytes = 8 * 1024 * 1024

    /// `v11-search-pending-terms`: FTS5's `hashsize` raised from 1 MiB to `pendingTermBytes`, so
    /// that a transaction of ingest (2,000 posts of several KB of text, stored in one statement at
    /// its end: `PendingPostTexts`) is written as one index segment at its commit rather than as
    /// one per MiB, eight that FTS5 merges at once. Measured on the texts of 5,000 of the 9 KB
    /// member posts (Python's `sqlite3`, this SQLite), a segment per 2,000 posts: 67-73 µs of
    /// FTS5's CPU per post with 1 MiB, 52-57 µs with 8 or 16 MiB; 2 MiB 72, 4 MiB 63. Memory:
    /// the terms of one such transaction, held until its commit (the daemon's own transactions,
    /// a few posts each, hold far less). What is indexed, and so what search finds, is the same.
    static func gatherMoreSearchTerms(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO post_search (post_search, rank) VALUES ('hashsize', \(pendingTermBytes))")
    }

    /// The author column as indexed: the display name and the address, so `from:` finds either.
    private static func authorExpression(_ post: String) -> String {
        "coalesce(\(post).author_name, '') || ' ' || \(post).author_address"
    }

    /// The index row of a post, from `post` (a row alias of `posts`) and `text`, as an `INSERT`
    /// into the index; with `delete`, the FTS5 command that removes exactly that row.
    private static func indexRow(delete: Bool = false, post: String, text: String) -> String {
        let command = delete ? "post_search, " : ""
        let value = delete ? "'delete', " : ""
        return """
            INSERT INTO post_search (\(command)rowid, subject, text, author, sub_issue)
            SELECT \(value)\(post).id, \(post).subject, \(text), \(authorExpression(post)), \(post).sub_issue
            """
    }

    private static var triggers: String {
        """
        -- A text row arriving for a visible post: recording a post, or releasing a held one.
        CREATE TRIGGER post_search_after_text_insert AFTER INSERT ON post_texts BEGIN
            \(indexRow(post: "p", text: "new.text")) FROM posts p WHERE p.id = new.post_id AND p.kind = 'post';
        END;
        CREATE TRIGGER post_search_after_text_update AFTER UPDATE OF text ON post_texts
        WHEN old.text IS NOT new.text BEGIN
            \(indexRow(delete: true, post: "p", text: "old.text")) FROM posts p WHERE p.id = old.post_id AND p.kind = 'post';
            \(indexRow(post: "p", text: "new.text")) FROM posts p WHERE p.id = new.post_id AND p.kind = 'post';
        END;
        -- When the post itself is deleted, its row is gone by now (cascades run after the parent
        -- row is deleted) and post_search_before_post_delete has already removed the entry.
        CREATE TRIGGER post_search_after_text_delete AFTER DELETE ON post_texts BEGIN
            \(indexRow(delete: true, post: "p", text: "old.text")) FROM posts p WHERE p.id = old.post_id AND p.kind = 'post';
        END;
        -- Approval (held → post), reclassification, a corrected subject or author.
        CREATE TRIGGER post_search_after_post_update
        AFTER UPDATE OF kind, subject, author_name, author_address, sub_issue ON posts
        WHEN old.kind IS NOT new.kind OR old.subject IS NOT new.subject OR old.author_name IS NOT new.author_name
            OR old.author_address IS NOT new.author_address OR old.sub_issue IS NOT new.sub_issue BEGIN
            \(indexRow(delete: true, post: "old", text: "t.text")) FROM post_texts t WHERE t.post_id = old.id AND old.kind = 'post';
            \(indexRow(post: "new", text: "t.text")) FROM post_texts t WHERE t.post_id = new.id AND new.kind = 'post';
        END;
        CREATE TRIGGER post_search_before_post_delete BEFORE DELETE ON posts WHEN old.kind = 'post' BEGIN
            \(indexRow(delete: true, post: "old", text: "t.text")) FROM post_texts t WHERE t.post_id = old.id;
        END;
        """
    }
}
