import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import Testing
@testable import PraxisStore

/// Full-text search of the archive (issue 19): the query language against a real SQLite store,
/// who sees what, and the index kept in step with the posts by every path that changes them.
@Suite("Archive search")
struct ArchiveSearchTests {
    static func day(_ text: String) -> TimeInterval {
        (ISO8601DateFormatter().date(from: text + "T12:00:00Z") ?? start).timeIntervalSince(start)
    }

    static func post(
        _ id: String, subject: String, text: String, name: String = "Alice", address: String = "alice@example.org",
        subIssue: String = "general", on date: String = "2004-01-10", kind: PostKind = .post, isProtected: Bool = false
    ) -> NewPost {
        var post = makePost(
            id, subject: subject, body: text, at: Self.day(date), author: address,
            classification: PostClassification(subIssue: subIssue, stage: .explicit), isProtected: isProtected)
        post.author = MailAddress(name: name, address: address)
        post.contentHash = "hash-" + id
        post.kind = kind
        return post
    }

    /// A store of a few posts: public ones in two sub-issues, a protected one, a held one.
    static func archive() throws -> TemporaryDatabase {
        let temporary = try TemporaryDatabase()
        _ = try temporary.database.recordPosts([
            post("cache@x", subject: "Cache flush on R4000", text: "The network driver breaks when the cache is flushed.",
                 name: "Ralf Bächle", address: "ralf@linux-mips.org", subIssue: "kernel", on: "2004-01-10"),
            post("cafe@x", subject: "Café tooling", text: "Müller's façade: the toolchain builds again.",
                 name: "Ana Lima", address: "ana@example.org", subIssue: "tooling", on: "2004-02-10"),
            post("tender@x", subject: "Tender", text: "The secret budget for the network tender.",
                 name: "Pat Core", address: "pat@example.org", subIssue: "procurement", on: "2004-03-10", isProtected: true),
            // Held posts are recorded without their text, as ingest does.
            post("spam@x", subject: "Cheap network gear", text: "",
                 name: "Mallory", address: "mallory@evil.example", on: "2004-03-11", kind: .held),
            post("notext@x", subject: "Quarterly figures", text: "", on: "2004-03-12"),
        ])
        return temporary
    }

    static func found(_ text: String, in database: PraxisDatabase, includeProtected: Bool = false) throws -> [String] {
        try database.search(SearchQuery(parsing: text), scope: includeProtected ? .everything : .outsiders, pageSize: 100)
            .hits.compactMap(\.messageID).sorted()
    }

    /// Fails when the index differs from what the posts say it should hold (FTS5 compares every
    /// indexed row with the content view).
    static func checkIntegrity(_ database: PraxisDatabase) throws {
        try database.write("checking the search index") { db in
            try db.execute(sql: "INSERT INTO post_search (post_search, rank) VALUES ('integrity-check', 1)")
        }
    }

    /// What readers type that FTS5 would read as syntax, and worse: none of it may fail.
    static let hostile: [String] = [
        "network OR tender", "NEAR(network tender)", "-network", "^network", "subject:network", "{subject text}:network",
        "\"unbalanced", "\"", "\"\"", "network\"tender", "*", "net**", "\"net\"**", "AND", "NOT network", "(", ")",
        "network)", "col:", ":", "::::", "\u{0}", "network\u{0}tender", "'", "`", "\\", "%", "_", "%network%",
        "author:ralf", "sub_issue:kernel", "rank:1", "rowid:1", "\u{1}network\u{2}", String(repeating: "(", count: 5_000),
        (0..<2_000).map { "w\($0)" }.joined(separator: " OR "), "from:\"", "from:\"\"", "sub:\"", "sub:", "before:",
    ]

    @Test(arguments: hostile)
    func hostileQueriesAreText(text: String) throws {
        let temporary = try Self.archive()
        let query = try SearchQuery(parsing: text)
        let results = try temporary.database.search(query, scope: .everything)
        #expect(results.total == results.hits.count)
        #expect(!results.hits.contains { $0.messageID == "spam@x" })
    }

    static let operators: [(String, [String])] = [
        ("network", ["cache@x"]),
        ("NETWORK driver", ["cache@x"]),
        ("netw*", ["cache@x"]),
        ("\"cache is flushed\"", ["cache@x"]),
        ("\"flushed cache\"", []),
        ("\"toolch\"*", ["cafe@x"]),
        ("from:ralf@linux-mips.org", ["cache@x"]),
        ("from:linux-mips.org cache", ["cache@x"]),
        ("from:bachle", ["cache@x"]),
        ("from:\"Ana Lima\"", ["cafe@x"]),
        ("from:ana network", []),
        ("muller facade", ["cafe@x"]),
        ("cafe", ["cafe@x"]),
        ("kernel", ["cache@x"]),
        ("sub:tooling toolchain", ["cafe@x"]),
        ("sub:kernel toolchain", []),
        ("sub:kernel sub:tooling toolchain", []),
        ("after:2004-02-10 toolchain", ["cafe@x"]),
        ("after:2004-02-11 toolchain", []),
        ("before:2004-02-10 toolchain", []),
        ("before:2004-02-11 toolchain", ["cafe@x"]),
        ("after:2004-01-01 before:2004-02-01 network", ["cache@x"]),
        ("quarterly", ["notext@x"]),
        ("alice quarterly", ["notext@x"]),
        ("cheap gear", []),
        ("OR", []),
    ]

    @Test(arguments: operators)
    func eachOperatorFindsWhatItSays(text: String, expected: [String]) throws {
        let temporary = try Self.archive()
        #expect(try Self.found(text, in: temporary.database) == expected)
    }

    @Test func protectedPostsAreNeitherFoundNorCounted() throws {
        let temporary = try Self.archive()
        let database = temporary.database
        let secret = try SearchQuery(parsing: "secret budget")
        let outside = try database.search(secret, scope: .outsiders)
        #expect(outside.hits.isEmpty && outside.total == 0)
        let inside = try database.search(secret, scope: .everything)
        #expect(inside.hits.map(\.messageID) == ["tender@x"] && inside.total == 1)

        // A word both a public and a protected post hold: the count is the public one alone.
        let network = try SearchQuery(parsing: "network")
        let publicResults = try database.search(network, scope: .outsiders)
        #expect(publicResults.total == 1 && publicResults.hits.map(\.messageID) == ["cache@x"])
        #expect(try database.search(network, scope: .everything).total == 2)
        for order in SearchOrder.allCases {
            let hits = try database.search(network, scope: .outsiders, order: order).hits
            let shown = hits.flatMap { [$0.subject, $0.authorAddress] + $0.snippet.map(\.text) }.joined(separator: " ")
            #expect(!shown.contains("secret") && !shown.contains("Tender") && !shown.contains("pat@"))
        }
    }

    @Test func aHitSaysWhereThePostIsAndMarksTheMatches() throws {
        let temporary = try Self.archive()
        _ = try temporary.database.recordPosts([
            Self.post("reply@x", subject: "Re: Cache flush on R4000", text: "Forged \u{1}markers\u{2} stay text; flushed again.",
                 on: "2004-01-11"),
        ])
        let results = try temporary.database.search(SearchQuery(parsing: "flushed"), scope: .outsiders)
        #expect(results.total == 2)
        let reply = try #require(results.hits.first)
        #expect(reply.messageID == "reply@x" && reply.subject == "Re: Cache flush on R4000")
        #expect(reply.authorName == "Alice" && reply.authorAddress == "alice@example.org")
        #expect(reply.threadRootMessageID == "cache@x" && reply.subIssue == "general")
        #expect(reply.date == start.addingTimeInterval(Self.day("2004-01-11")))
        #expect(reply.snippet == [
            SnippetSegment("Forged  markers  stay text; ", isMatch: false), SnippetSegment("flushed", isMatch: true),
            SnippetSegment(" again.", isMatch: false),
        ])
        #expect(results.hits.last?.snippet.filter(\.isMatch).map(\.text) == ["flushed"])
    }

    @Test func newestAndBestOrderTheSameHitsDifferently() throws {
        let temporary = try TemporaryDatabase()
        _ = try temporary.database.recordPosts([
            Self.post("old@x", subject: "Lanes on Main Street", text: "Painting starts in spring.", on: "2004-01-01"),
            Self.post("new@x", subject: "Budget", text: "Money for paint, and the lanes, and more.", on: "2004-05-01"),
        ])
        let query = try SearchQuery(parsing: "lanes")
        #expect(try temporary.database.search(query, scope: .outsiders, order: .newest).hits.map(\.messageID)
                == ["new@x", "old@x"])
        #expect(try temporary.database.search(query, scope: .outsiders, order: .best).hits.map(\.messageID)
                == ["old@x", "new@x"])
    }

    @Test(arguments: [(1, 10, 10), (3, 10, 5), (4, 10, 0), (0, 10, 10), (-5, 10, 10), (1, 0, 1), (1, 1_000, 25),
                      (Int.max, Int.max, 0)])
    func pages(page: Int, pageSize: Int, expected: Int) throws {
        let temporary = try TemporaryDatabase()
        _ = try temporary.database.recordPosts((0..<25).map {
            Self.post("bike\($0)@x", subject: "Bike \($0)", text: "Bike lanes, part \($0).", on: String(format: "2004-03-%02d", 1 + $0))
        })
        let results = try temporary.database.search(
            SearchQuery(parsing: "bike"), scope: .outsiders, page: page, pageSize: pageSize)
        #expect(results.total == 25 && results.hits.count == expected)
        #expect(results.page == max(page, 1))
        if page == 3, pageSize == 10 {
            #expect(results.hits.map(\.messageID) == (0..<5).reversed().map { "bike\($0)@x" })
        }
    }

    @Test func nothingToSearchForFindsNothingAndSaysSo() throws {
        let temporary = try Self.archive()
        let results = try temporary.database.search(SearchQuery(parsing: "sub:kernel -- ()"), scope: .everything)
        #expect(results.hits.isEmpty && results.total == 0)
        #expect(results.notices.first?.hasPrefix("Nothing to search for") == true)
    }

    // MARK: The index in step with the posts

    @Test func reclassifyingMovesAPostAndItsFollowersInTheIndex() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        _ = try database.recordPosts([
            Self.post("root@x", subject: "Depot", text: "Where the buses sleep.", subIssue: "cycling"),
            makePost("reply@x", subject: "Re: Depot", body: "Buses need a roof.", inReplyTo: ["root@x"], at: Self.day("2004-01-11")),
        ])
        #expect(try Self.found("sub:cycling buses", in: database) == ["reply@x", "root@x"])
        _ = try database.reclassify(messageID: "root@x", to: "transit", at: start)
        #expect(try Self.found("sub:cycling buses", in: database) == [])
        #expect(try Self.found("sub:transit buses", in: database) == ["reply@x", "root@x"])
        #expect(try Self.found("transit", in: database) == ["reply@x", "root@x"])
        #expect(try Self.found("cycling", in: database) == [])
        _ = try database.reclassify(messageID: "reply@x", to: "procurement", at: start, isProtected: true)
        #expect(try Self.found("roof", in: database) == [])
        #expect(try Self.found("roof", in: database, includeProtected: true) == ["reply@x"])
        try Self.checkIntegrity(database)
    }

    @Test(arguments: [true, false])
    func anApprovedPostBecomesSearchable(fileKept: Bool) throws {
        let temporary = try Self.archive()
        let database = temporary.database
        let raw = "Message-ID: <spam@x>\r\nFrom: Mallory <mallory@evil.example>\r\nSubject: Cheap network gear\r\n\r\n"
            + "Refurbished routers, cheap.\r\n"
        let heldID = try database.write("holding") { db -> Int64 in
            try db.execute(sql: """
                INSERT INTO held_messages (post_id, file_name, reason, held_at, expires_at)
                SELECT id, 'spam-file', 'not a member', 0, 9e9 FROM posts WHERE message_id = 'spam@x'
                """)
            return db.lastInsertedRowID
        }
        #expect(try Self.found("cheap", in: database, includeProtected: true) == [])
        let bytes = Array(raw.utf8)
        let queue = ModerationQueue(
            community: Community(name: "Test", listAddress: "cop@lists.example.org"), configuredCore: [],
            loadMessage: { name in fileKept && name == "spam-file" ? bytes : nil })
        _ = try database.write("approving") { db in try queue.approve(heldID: heldID, by: "pat@example.org", at: start, in: db) }
        #expect(try Self.found("cheap gear", in: database) == ["spam@x"])
        #expect(try Self.found("from:mallory", in: database) == ["spam@x"])
        // Its text is in the index only when its file was still there to read it from.
        #expect(try Self.found("refurbished routers", in: database) == (fileKept ? ["spam@x"] : []))
        try Self.checkIntegrity(database)
    }

    @Test func aDeletedPostLeavesTheIndex() throws {
        let temporary = try Self.archive()
        let database = temporary.database
        try database.write("deleting") { db in
            try db.execute(sql: "DELETE FROM posts WHERE message_id IN ('cache@x', 'spam@x', 'notext@x')")
        }
        #expect(try Self.found("network", in: database, includeProtected: true) == ["tender@x"])
        #expect(try Self.found("quarterly", in: database) == [])
        try Self.checkIntegrity(database)
        try database.write("deleting a text") { db in
            try db.execute(sql: "DELETE FROM post_texts WHERE post_id = (SELECT id FROM posts WHERE message_id = 'tender@x')")
        }
        #expect(try Self.found("secret", in: database, includeProtected: true) == [])
        try Self.checkIntegrity(database)
    }

    /// A sub-issue made protected after its posts were recorded: its posts are left out by the
    /// configuration the caller passes, though their stored flag is still 0.
    @Test func aSubIssueProtectedLaterIsClosedByTheConfiguration() throws {
        let temporary = try Self.archive()
        let closed: Set<String> = ["kernel"]
        let query = try SearchQuery(parsing: "network")
        let outside = try temporary.database.search(query, scope: ArchiveScope(includeProtected: false, protectedSubIssues: closed.sorted()))
        #expect(outside.hits.isEmpty && outside.total == 0)
        let inside = try temporary.database.search(query, scope: ArchiveScope(includeProtected: true, protectedSubIssues: closed.sorted()))
        #expect(inside.hits.compactMap(\.messageID).sorted() == ["cache@x", "tender@x"])
    }

    /// A signed-in member admitted to one protected sub-issue finds its posts, and still nothing
    /// of another protected sub-issue, in hits and in the count alike.
    @Test func anAdmittedMemberFindsTheirProtectedSpaceAndNoOther() throws {
        let temporary = try Self.archive()
        let query = try SearchQuery(parsing: "network")
        let protected = ["kernel", "procurement"]
        let admitted = try temporary.database.search(query, scope: ArchiveScope(
            includeProtected: false, protectedSubIssues: protected, admittedSubIssues: ["procurement"]))
        #expect(admitted.hits.compactMap(\.messageID) == ["tender@x"] && admitted.total == 1)
        let elsewhere = try temporary.database.search(query, scope: ArchiveScope(
            includeProtected: false, protectedSubIssues: protected, admittedSubIssues: ["kernel"]))
        #expect(elsewhere.hits.compactMap(\.messageID) == ["cache@x"] && elsewhere.total == 1)
    }

    /// Protection is read from `posts` when searching, so changing it needs no index write.
    @Test func aPostProtectedLaterIsNoLongerFound() throws {
        let temporary = try Self.archive()
        let database = temporary.database
        try database.write("protecting") { db in
            try db.execute(sql: "UPDATE posts SET is_protected = 1 WHERE message_id = 'cache@x'")
        }
        #expect(try Self.found("network", in: database) == [])
        #expect(try Self.found("network", in: database, includeProtected: true) == ["cache@x", "tender@x"])
        try Self.checkIntegrity(database)
    }

    @Test func aHeldOrAutomaticPostIsNeverIndexed() throws {
        let temporary = try Self.archive()
        _ = try temporary.database.recordPosts([
            Self.post("auto@x", subject: "Out of office", text: "Away until Monday.", kind: .auto),
        ])
        let indexed = try temporary.database.read("counting") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM post_search_docsize")
        }
        #expect(indexed == 4)  // cache, cafe, tender, notext
        #expect(try Self.found("monday", in: temporary.database, includeProtected: true) == [])
        try Self.checkIntegrity(temporary.database)
    }

    // MARK: The migration

    @Test func theMigrationIndexesWhatIsAlreadyStored() throws {
        let store = try OlderStore(migratedUpTo: "v6-shared-outbox-bodies") { db in
            try db.execute(sql: """
                INSERT INTO threads (id, subject, normalised_subject, sub_issue, started_at, last_post_at, post_count, root_post_id)
                    VALUES (1, 'Depot', 'depot', 'cycling', 1, 3, 4, NULL);
                INSERT INTO posts (id, message_id, content_hash, author_address, author_name, date, received_at, subject,
                    normalised_subject, sub_issue, classification_stage, thread_id, size, kind, is_protected)
                    VALUES (1, 'r1@x', 'h1', 'ana@example.org', 'Ana Lima', 1, 1, 'Depot', 'depot', 'cycling', 'explicit', 1, 10, 'post', 0),
                           (2, 'r2@x', 'h2', 'pat@example.org', NULL, 2, 2, 'Re: Depot', 'depot', 'procurement', 'explicit', 1, 10, 'post', 1),
                           (3, 'r3@x', 'h3', 'bob@example.org', 'Bob', 3, 3, 'Roofs', 'depot', 'cycling', 'thread', 1, 10, 'post', 0),
                           (4, 'h1@x', 'h4', 'spam@evil.example', NULL, 4, 4, 'Cheap roofs', 'depot', 'general', 'general', 1, 10, 'held', 0);
                UPDATE threads SET root_post_id = 1;
                INSERT INTO post_texts (post_id, text) VALUES (1, 'Where the büses sleep.'), (2, 'Secret roof budget.'), (4, 'spam roofs');
                """)
        }
        defer { store.remove() }
        let database = try store.opened()
        #expect(try Self.found("buses", in: database) == ["r1@x"])
        #expect(try Self.found("from:lima", in: database) == ["r1@x"])
        #expect(try Self.found("roof*", in: database) == ["r3@x"])
        #expect(try Self.found("roof*", in: database, includeProtected: true) == ["r2@x", "r3@x"])
        #expect(try database.search(SearchQuery(parsing: "buses"), scope: .outsiders).hits.first?.threadRootMessageID == "r1@x")
        try Self.checkIntegrity(database)
        // And recording goes on from there.
        _ = try database.recordPosts([Self.post("after@x", subject: "Buses again", text: "More buses.")])
        #expect(try Self.found("buses", in: database) == ["after@x", "r1@x"])
        try Self.checkIntegrity(database)
    }
}

extension ArchiveScope {
    /// What anyone not admitted may see: no protected post.
    static let outsiders = ArchiveScope(includeProtected: false, protectedSubIssues: [])
    /// Every post, protected ones included (the operator's `praxis search --include-protected`).
    static let everything = ArchiveScope(includeProtected: true, protectedSubIssues: [])
}
