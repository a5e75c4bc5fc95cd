import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import Synchronization
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

    /// Ingest's writer when posts come slower than it records them (the first transaction of a
    /// backlog of member posts): before it waits for the next batch it indexes the texts it has
    /// gathered, if there are `PendingPostTexts.worthStoringWhileWaiting` of them, instead of
    /// leaving them all to the commit. Each text is still stored once and whole, every post is
    /// found, nothing held or automatic is indexed, and the index passes FTS5's integrity check.
    @Test func aWriterThatWaitsIndexesWhatItHasGatheredMeanwhile() async throws {
        let temporary = try TemporaryDatabase()
        let handoff = WriterHandoff<[IncomingMessage]>()
        let pieces = 6, perPiece = 200
        // How many texts were stored when the writer began each piece, all in one transaction.
        let storedAtEachPiece = Mutex<[Int]>([])
        let (recorded, wasRecorded) = AsyncStream<Void>.makeStream()
        async let producer: Void = {
            var pieceRecorded = recorded.makeAsyncIterator()
            for piece in 0..<pieces {
                let posts = (0..<perPiece).map { offset in
                    let number = piece * perPiece + offset
                    var post = ArchiveSearchTests.post(
                        "w\(number)@x", subject: "Waiting post \(number)", text: "Text of waiting\(number) here")
                    if number % 5 == 4 { post.kind = .auto }
                    if number % 7 == 6 {
                        post.kind = .held
                        post.trimmedText = ""
                    }
                    let message = MailMessage(Array("Message-ID: <w\(number)@x>\r\n\r\nbody\r\n".utf8))
                    return IncomingMessage(post: post, message: message, screening: nil)
                }
                #expect(await handoff.put(posts))
                // The next piece only well after the writer is done with this one: it waits.
                _ = await pieceRecorded.next()
                try? await Task.sleep(for: .milliseconds(100))
            }
            handoff.finish()
        }()
        let groups = Mutex(0)
        try await temporary.database.writeGroups(
            from: handoff, groupWeight: 2_000, weight: \.count, operation: "test",
            body: { posts, texts, db in
                let stored = try Int.fetchOne(db, sql: "SELECT count(*) FROM post_texts") ?? -1
                storedAtEachPiece.withLock { $0.append(stored) }
                defer { wasRecorded.yield() }
                return try PostRecorder.recordStored(posts, texts: &texts, in: db).count
            },
            committed: { _ in groups.withLock { $0 += 1 } })
        await producer

        // Texts are rows for posts and automatic mail, not for held posts.
        func texts(below number: Int) -> Int { (0..<number).filter { Self.kind(of: $0) != .held }.count }
        let count = pieces * perPiece
        #expect(groups.withLock { $0 } == 1)
        // Three pieces gathered (over 500 texts) were stored while the writer waited for the
        // fourth; the last three at the end (the producer finished while the writer waited).
        let firstThree = texts(below: 3 * perPiece)
        #expect(storedAtEachPiece.withLock { $0 } == [0, 0, 0, firstThree, firstThree, firstThree])
        let (storedTexts, indexed) = try temporary.database.read("counting") { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM post_texts") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM post_search_docsize") ?? -1)
        }
        #expect(storedTexts == texts(below: count))
        #expect(indexed == (0..<count).filter { Self.kind(of: $0) == .post }.count)
        for number in [0, 4, 6, 599, 600, 601, 1_199] {
            let found = try ArchiveSearchTests.found("waiting\(number)", in: temporary.database, includeProtected: true)
            #expect(found == (Self.kind(of: number) == .post ? ["w\(number)@x"] : []), "post \(number)")
        }
        try ArchiveSearchTests.checkIntegrity(temporary.database)
    }
}
