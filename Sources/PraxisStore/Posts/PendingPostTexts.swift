import GRDB

/// The trimmed texts of new posts, stored together in one statement once every post they
/// belong to is recorded, in the same transaction: at the end of a batch (`recordPosts`,
/// `recordMessages`), or of a whole transaction of batches (ingest's `writeGroups`, which stores
/// them earlier if its writer would otherwise wait: see there).
///
/// Why (issue 19, member posts measured and profiled): a post's `post_texts` row is what indexes
/// it for search (the trigger of `v7-search`), and FTS5 writes the terms it has gathered so far
/// to a new index segment at every statement savepoint of the transaction: SQLite opens one for
/// each statement that could fail half-way, which is nearly every statement of recording (a
/// trigger, a foreign key, a unique index), this one included. Stored as each post was
/// recorded, every text became a segment of its own, later merged and merged again: member
/// posts took 2.1× the CPU of posts without the index, half of it in those flushes and merges.
/// Stored here in one statement, the texts share their segment; as the last statement of
/// ingest's transaction, with FTS5's `hashsize` above what a transaction gathers
/// (`v11-search-pending-terms`), a transaction of 2,000 posts writes one segment at its commit
/// instead of eight that are merged at once (and no statement journal saves the pages of those
/// merges).
///
/// Nothing reads a new post's text or its index entry before the texts are stored (recording
/// reads threads, references and duplicates; the follow-ups read posts, members and the
/// message itself), and the triggers index whatever the post's row says when its text arrives,
/// so the index ends exactly as it did with a text per post.
///
/// The texts are copied into one buffer as they are added, and SQLite reads them there in place
/// rather than copying each when it is bound (8 MB for 2,000 posts of 4 KB of text). Ingest's
/// peak memory on member posts is still 15 MB above storing per batch (100-103 MB against
/// 84-88, Benchmarks/README): the transaction's texts and FTS5's gathered terms wait for its end.
public struct PendingPostTexts {
    /// Every added text's UTF-8, one after another.
    private var bytes: [UInt8] = []
    /// Each text's post and where its bytes are in `bytes`.
    private var rows: [(postID: Int64, start: Int, count: Int)] = []

    public init() {}

    /// Statements come in sizes of this many rows: a batch of ingest (250 posts) takes the
    /// smallest, a transaction of 2,000 the eighth. Few sizes, so few cached statements.
    static let rowsStep = 256
    /// The most texts one statement takes (2 parameters each, far below SQLite's limit): more
    /// than any transaction of ingest records; a larger set is stored in several statements.
    static let statementRows = 16 * rowsStep

    /// The statement for up to `rows` texts (a multiple of `rowsStep`): the rows left unbound
    /// are NULL, and the `WHERE` drops them (`post_texts.post_id` is never NULL).
    private static func insertTexts(rows: Int) -> String {
        """
        INSERT INTO post_texts (post_id, text)
        SELECT column1, column2 FROM (VALUES \(Array(repeating: "(?, ?)", count: rows).joined(separator: ", ")))
        WHERE column1 IS NOT NULL
        """
    }

    /// How many texts wait to be stored.
    var count: Int { rows.count }

    /// The fewest texts `writeGroups` stores early, while its writer would otherwise wait for
    /// the next batch: two batches of ingest, so that a transaction of 2,000 posts writes at most
    /// four index segments (FTS5 merges four of a level into one) rather than one per batch.
    static let worthStoringWhileWaiting = 500

    mutating func add(postID: Int64, text: String) {
        // Through the string's own storage: appending `text.utf8` went byte by byte, 3% of the
        // writer's samples on member posts.
        var text = text
        text.withUTF8 { utf8 in
            rows.append((postID, bytes.count, utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Inserts every added text, in the order added, and forgets them.
    mutating func store(in db: Database) throws {
        for start in stride(from: 0, to: rows.count, by: Self.statementRows) {
            let part = rows[start..<min(start + Self.statementRows, rows.count)]
            let size = (part.count + Self.rowsStep - 1) / Self.rowsStep * Self.rowsStep
            // Every parameter starts NULL (`DirectStatement`), so the rows beyond `part` are NULL.
            let insert = try DirectStatement(db, Self.insertTexts(rows: size))
            try bytes.withUnsafeBufferPointer { all in
                for (offset, row) in part.enumerated() {
                    try insert.bind(Int32(2 * offset + 1), row.postID)
                    try insert.bindUnchanging(Int32(2 * offset + 2), UnsafeBufferPointer(rebasing: all[row.start..<(row.start + row.count)]))
                }
                try insert.execute()
            }
        }
        rows.removeAll()
        bytes.removeAll()
    }
}
