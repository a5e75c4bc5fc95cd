import Foundation
import GRDB
import PraxisCommunity

/// What marking a thread as a product came to.
public enum ProductMarkingResult: Sendable, Hashable {
    /// Marked; `replaced` when the thread was a product already (its kind, note and marker change).
    case marked(Product, replaced: Bool)
    /// No archived post has that Message-ID.
    case unknownMessage
}

extension PraxisDatabase {
    /// `v10-life-products`: the threads the core group marked as products (issue 21 item 8). One
    /// row per thread, named by the Message-ID given; the thread is found through that post at
    /// read time, so a thread that grows or is merged keeps its mark.
    static func createProducts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE products (
                id INTEGER PRIMARY KEY,
                message_id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('solution','summary','decision')),
                note TEXT,
                marked_by TEXT NOT NULL,
                marked_at REAL NOT NULL
            );
            CREATE INDEX products_by_time ON products(marked_at);
            """)
    }

    /// Marks the thread holding the post `messageID` (without angle brackets) as a product, in one
    /// transaction: a product already marked in that thread is replaced, so a thread is one product.
    public func markProduct(
        messageID: String, kind: Product.Kind, note: String?, by: String, at time: Date, protectedSubIssues: [String]
    ) throws(StoreError) -> ProductMarkingResult {
        try write("marking <\(messageID)> as a product") { db in
            try Self.markProduct(messageID: messageID, kind: kind, note: note, by: by, at: time,
                                 protectedSubIssues: protectedSubIssues, in: db)
        }
    }

    /// `markProduct` inside the caller's transaction (a confirmed email command).
    public static func markProduct(
        messageID: String, kind: Product.Kind, note: String?, by: String, at time: Date, protectedSubIssues: [String],
        in db: Database
    ) throws -> ProductMarkingResult {
        guard let thread = try threadOfArchivedPost(messageID, in: db) else { return .unknownMessage }
        let removed = try removeProducts(inThread: thread, in: db)
        try db.execute(sql: """
            INSERT INTO products (message_id, kind, note, marked_by, marked_at) VALUES (?, ?, ?, ?, ?)
            """, arguments: [messageID, kind.rawValue, ProductMarking.cleanNote(note), by, time.timeIntervalSince1970])
        guard let product = try products(protectedSubIssues: protectedSubIssues, in: db, only: messageID).first else {
            return .unknownMessage
        }
        return .marked(product, replaced: removed > 0)
    }

    /// Unmarks the thread holding the post `messageID`. Nil when no archived post has that
    /// Message-ID; else how many marks were removed (0: the thread was not a product).
    public func removeProduct(messageID: String) throws(StoreError) -> Int? {
        try write("unmarking the thread of <\(messageID)>") { db -> Int? in
            guard let thread = try Self.threadOfArchivedPost(messageID, in: db) else { return nil }
            return try Self.removeProducts(inThread: thread, in: db)
        }
    }

    /// The sub-issue of the thread holding the archived post `messageID`, or nil: who may mark a
    /// product depends on it (its moderators).
    public func productSubIssue(messageID: String) throws(StoreError) -> String? {
        try read("looking up <\(messageID)>") { db in try Self.productSubIssue(messageID: messageID, in: db) }
    }

    public static func productSubIssue(messageID: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT COALESCE(r.sub_issue, p.sub_issue) FROM posts p JOIN threads t ON t.id = p.thread_id
            LEFT JOIN posts r ON r.id = t.root_post_id
            WHERE p.message_id = ? AND p.kind = 'post'
            """, arguments: [messageID])
    }

    /// Every product, newest mark first, each with its thread's subject, sub-issue and protection.
    /// `protectedSubIssues`: the sub-issues the configuration protects now (the store does not
    /// know the configuration).
    public func products(protectedSubIssues: [String]) throws(StoreError) -> [Product] {
        try read("listing the products") { db in try Self.products(protectedSubIssues: protectedSubIssues, in: db) }
    }

    /// The products whose whole thread `scope` shows (the archive's home page): a thread with any
    /// post the viewer may not read is left out, so a reader learns nothing of a protected one.
    public func archiveProducts(scope: ArchiveScope) throws(StoreError) -> [Product] {
        try read("listing the products for the archive") { db in
            let hidden = scope.postCondition("q")
            let visible = try Set(String.fetchAll(db, sql: """
                SELECT pr.message_id FROM products pr JOIN posts p ON p.message_id = pr.message_id
                WHERE NOT EXISTS (SELECT 1 FROM posts q WHERE q.thread_id = p.thread_id AND q.kind = 'post'
                                  AND q.message_id IS NOT NULL AND NOT (\(hidden.sql)))
                """, arguments: hidden.arguments))
            return try Self.products(protectedSubIssues: scope.protectedSubIssues, in: db).filter { visible.contains($0.messageID) }
        }
    }

    static func products(protectedSubIssues: [String], in db: Database, only messageID: String? = nil) throws -> [Product] {
        let placeholders = protectedSubIssues.map { _ in "?" }.joined(separator: ",")
        let inProtected = protectedSubIssues.isEmpty ? "0" : "q.sub_issue IN (\(placeholders))"
        let rows = try Row.fetchAll(db, sql: """
            SELECT pr.message_id, pr.kind, pr.note, pr.marked_by, pr.marked_at,
                   COALESCE(r.message_id, p.message_id) AS thread_message_id, COALESCE(r.subject, p.subject) AS subject,
                   COALESCE(r.sub_issue, p.sub_issue) AS sub_issue,
                   EXISTS (SELECT 1 FROM posts q WHERE q.thread_id = p.thread_id
                           AND (q.is_protected = 1 OR \(inProtected))) AS protected
            FROM products pr JOIN posts p ON p.message_id = pr.message_id
            JOIN threads t ON t.id = p.thread_id LEFT JOIN posts r ON r.id = t.root_post_id
            \(messageID == nil ? "" : "WHERE pr.message_id = ?")
            ORDER BY pr.marked_at DESC, pr.id DESC
            """, arguments: StatementArguments(protectedSubIssues) + StatementArguments([messageID].compactMap { $0 }))
        return rows.compactMap { row in
            // The CHECK makes the kind certain; a row that still fails is skipped, not a crash.
            guard let kind = Product.Kind(rawValue: row["kind"]) else { return nil }
            return Product(
                messageID: row["message_id"], threadMessageID: row["thread_message_id"], kind: kind, note: row["note"],
                markedBy: row["marked_by"], markedAt: Date(timeIntervalSince1970: row["marked_at"]), subject: row["subject"],
                subIssue: row["sub_issue"], isProtected: row["protected"])
        }
    }

    private static func threadOfArchivedPost(_ messageID: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT thread_id FROM posts WHERE message_id = ? AND kind = 'post'", arguments: [messageID])
    }

    private static func removeProducts(inThread thread: Int64, in db: Database) throws -> Int {
        try db.execute(sql: """
            DELETE FROM products WHERE message_id IN (SELECT message_id FROM posts WHERE thread_id = ? AND message_id IS NOT NULL)
            """, arguments: [thread])
        return db.changesCount
    }
}
