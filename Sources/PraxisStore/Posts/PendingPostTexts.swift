import GRDB

/// The trimmed texts of a batch's new posts, stored together once every post of the batch is
/// recorded, in the same transaction.
///
/// Why (issue 19, member posts measured and profiled): a post's `post_texts` row is what indexes
/// it for search (the trigger of `v7-search`), and FTS5 writes the terms it has gathered so far
/// to a new index segment at every statement savepoint of the transaction: SQLite opens one for
/// each statement that could fail half-way, which is nearly every statement of recording (a
/// trigger, a foreign key, a unique index). Stored as each post was recorded, every text became
/// a segment of its own, later merged and merged again: member posts took 2.1× the CPU of posts
/// without the index, half of it in those flushes and merges. Stored here in a few multi-row
/// statements, the texts of a batch share their segments (a statement flushes only once).
///
/// Nothing reads a new post's text before the batch ends (recording reads threads, references
/// and duplicates; the follow-ups run after `store`), and the triggers index whatever the post's
/// row says when its text arrives, so the index ends exactly as it did with a text per post.
struct PendingPostTexts {
    private var rows: [(postID: Int64, text: String)] = []

    /// How many texts one statement takes: a batch of ingest (250 posts) is one or two
    /// statements, so one or two index segments. 512 parameters, far below SQLite's limit.
    static let statementRows = 256

    /// One statement for any number of texts up to `statementRows`: the rows left unbound are
    /// NULL, and the `WHERE` drops them (`post_texts.post_id` is never NULL). One SQL text, so
    /// one cached statement, and one flush of the index per statement.
    private static let insertTexts = """
        INSERT INTO post_texts (post_id, text)
        SELECT column1, column2 FROM (VALUES \(Array(repeating: "(?, ?)", count: statementRows).joined(separator: ", ")))
        WHERE column1 IS NOT NULL
        """

    mutating func add(postID: Int64, text: String) {
        rows.append((postID, text))
    }

    /// Inserts every added text, in the order added, and forgets them.
    mutating func store(in db: Database) throws {
        for start in stride(from: 0, to: rows.count, by: Self.statementRows) {
            // Every parameter starts NULL (`DirectStatement`), so a short last part leaves the
            // rest of the statement's rows NULL.
            let insert = try DirectStatement(db, Self.insertTexts)
            for (offset, row) in rows[start..<min(start + Self.statementRows, rows.count)].enumerated() {
                try insert.bind(Int32(2 * offset + 1), row.postID)
                try insert.bind(Int32(2 * offset + 2), row.text)
            }
            try insert.execute()
        }
        rows.removeAll(keepingCapacity: true)
    }
}
