import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import Testing
@testable import PraxisStore

/// The search index on the write path (issue 19): a batch's texts are stored together at its end
/// (`PendingPostTexts`), so that FTS5 writes them in a few shared segments instead of one segment
/// per post, and every text still arrives, whole, indexed, and only for the posts that get one.
@Suite("Search index writes")
struct SearchIndexWritesTests {
    /// A batch of `count` posts: mostly visible posts, each with a word of its own; every fifth an
    /// automatic one (a text row, never indexed), every seventh held (no text row), every
    /// eleventh with a NUL in its text (recorded through the cleaning copy), and the post at 3
    /// repeated at the end (a duplicate: no second text).
    static func batch(_ count: Int) -> [NewPost] {
        var posts = (0..<count).map { number in
            var post = ArchiveSearchTests.post(
                "p\(number)@x", subject: "Batch post \(number)",
                text: number % 11 == 11 - 1 ? "with a\u{0}nul unique\(number)" : "Some text unique\(number) here")
            if number % 5 == 4 { post.kind = .auto }
            if number % 7 == 6 {
                post.kind = .held
                post.trimmedText = ""
            }
            return post
        }
        if count > 3 { posts.append(posts[3]) }
        return posts
    }

    static func kind(of number: Int) -> PostKind {
        number % 7 == 6 ? .held : number % 5 == 4 ? .auto : .post
    }

    /// 298 and 299 posts are 256 and 257 texts: one full statement, and one more row.
    @Test(arguments: [0, 1, 2, 3, 255, 256, 257, 298, 299, 511, 1_000])
    func everyTextOfABatchIsStoredWholeAndFound(count: Int) throws {
        let temporary = try TemporaryDatabase()
        let outcomes = try temporary.database.recordPosts(Self.batch(count))
        #expect(outcomes.count == count + (count > 3 ? 1 : 0))
        if count > 3 { #expect(outcomes.last?.recorded == nil) }

        let stored = try temporary.database.read("reading texts") { db in
            try Row.fetchAll(db, sql: """
                SELECT p.message_id, t.text FROM post_texts t JOIN posts p ON p.id = t.post_id ORDER BY p.id
                """).map { (($0[0] as String?) ?? "", ($0[1] as String?) ?? "") }
        }
        let expected = (0..<count).filter { Self.kind(of: $0) != .held }.map { number in
            ("p\(number)@x", number % 11 == 11 - 1 ? "with a\u{FFFD}nul unique\(number)" : "Some text unique\(number) here")
        }
        #expect(stored.map(\.0) == expected.map(\.0))
        #expect(stored.map(\.1) == expected.map(\.1))

        for number in Array(0..<min(count, 40)) + (count > 40 ? [count - 1] : []) {
            let found = try ArchiveSearchTests.found("unique\(number)", in: temporary.database, includeProtected: true)
            #expect(found == (Self.kind(of: number) == .post ? ["p\(number)@x"] : []), "post \(number)")
        }
        let indexed = try temporary.database.read("counting") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM post_search_docsize")
        }
        #expect(indexed == (0..<count).filter { Self.kind(of: $0) == .post }.count)
        try ArchiveSearchTests.checkIntegrity(temporary.database)
    }

    /// How many leaf pages FTS5 has written when it flushed what it gathered: the write counter
    /// of its structure record (row 10 of `post_search_data`: a 4-byte cookie, then varints:
    /// levels, segments, the counter; newer SQLite puts a 4-byte marker 0xFF000001 before the
    /// levels). Every flush writes at least one leaf; merges do not count.
    static func flushedLeaves(_ database: PraxisDatabase) throws -> Int {
        let block = try database.read("reading the index structure") { db in
            try Data.fetchOne(db, sql: "SELECT block FROM post_search_data WHERE id = 10")
        }
        var bytes = Array(try #require(block))
        #expect(bytes.count >= 7)  // the cookie and three varints, even for an empty index
        bytes.removeFirst(4)
        if bytes.starts(with: [0xFF, 0x00, 0x00, 0x01]) { bytes.removeFirst(4) }
        var values = [Int]()
        var value = 0
        for byte in bytes {
            value = value << 7 | Int(byte & 0x7F)
            if byte & 0x80 == 0 {
                values.append(value)
                value = 0
                if values.count == 3 { break }
            }
        }
        return try #require(values.count == 3 ? values[2] : nil)
    }

    /// The nasty case of the profile: 600 short posts recorded in one batch were 600 flushes of
    /// one leaf each (and their merges) when every text was inserted as its post was recorded;
    /// stored together, 256 to a statement, three flushes of 14 leaves in all (SQLite 3.40, in
    /// Python's sqlite3 on this schema).
    @Test func aBatchWritesItsIndexInAFewSegments() throws {
        let temporary = try TemporaryDatabase()
        let before = try Self.flushedLeaves(temporary.database)
        let posts = (0..<600).map { number in
            ArchiveSearchTests.post(
                "s\(number)@x", subject: "Segment post \(number)",
                text: "Words of post \(number) about the cache, the kernel and unique\(number).")
        }
        _ = try temporary.database.recordPosts(posts)
        let leaves = try Self.flushedLeaves(temporary.database) - before
        #expect(leaves >= 1)
        #expect(leaves <= 60, "\(leaves) leaves flushed for one batch of 600 posts")
        #expect(try ArchiveSearchTests.found("unique599", in: temporary.database) == ["s599@x"])
        try ArchiveSearchTests.checkIntegrity(temporary.database)
    }
}
