import Foundation
import GRDB
import PraxisCommunity
import Testing
@testable import PraxisStore

/// Search as matches ordered once and cut into pages (`searchMatches`, `searchPage`; issue 19's
/// common word): the cap never counts what the scope hides, over the cap the posts recorded last
/// are kept, and under it every page holds the same hits in the same order as the one ordered
/// query with `LIMIT`/`OFFSET` that search was before.
@Suite("Search matches")
struct SearchMatchesTests {
    static let scopes: [ArchiveScope] = [
        .outsiders, .everything, ArchiveScope(includeProtected: false, protectedSubIssues: ["hr"]),
        ArchiveScope(includeProtected: false, protectedSubIssues: ["hr"], admittedSubIssues: ["hr"]),
    ]

    /// 240 posts whose dates do not follow the order they were recorded in (and often tie, so the
    /// id decides), in four sub-issues, from four authors, one in seven protected.
    static func archive() throws -> TemporaryDatabase {
        let words = ["kernel", "cache", "flush", "driver", "network", "bike", "lanes", "paint", "budget", "mips"]
        let authors = [("Ana Lima", "ana@example.org"), ("Ralf Bächle", "ralf@linux-mips.org"),
                       ("Pat Core", "pat@example.org"), ("Alice", "alice@example.org")]
        let subIssues = ["kernel", "tooling", "general", "hr"]
        let posts = (0..<240).map { index in
            let text = (0..<(4 + index % 9)).map { words[(index * 7 + $0 * $0 * 3 + $0) % words.count] }.joined(separator: " ")
            let author = authors[index % authors.count]
            return ArchiveSearchTests.post(
                "p\(index)@x", subject: words[(index * 3) % words.count] + " " + words[(index * 5 + 1) % words.count],
                text: text + ".", name: author.0, address: author.1, subIssue: subIssues[(index / 3) % subIssues.count],
                on: Self.day((index * 37) % 100), isProtected: index % 7 == 0)
        }
        let temporary = try TemporaryDatabase()
        _ = try temporary.database.recordPosts(posts)
        return temporary
    }

    /// Day `number` of 2004 as `YYYY-MM-DD`.
    static func day(_ number: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let date = calendar.date(from: DateComponents(year: 2004, month: 1, day: 1 + number)) ?? Date()
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// What search was before matches were kept: one query, ordered and paged by SQLite.
    static func orderedBefore(
        _ query: SearchQuery, scope: ArchiveScope, order: SearchOrder, in database: PraxisDatabase
    ) throws -> [Int64] {
        let shown = scope.postCondition("p")
        var conditions = ["post_search MATCH ?", shown.sql]
        var arguments: [(any DatabaseValueConvertible)?] = []
        for subIssue in query.subIssues { conditions.append("p.sub_issue = ?"); arguments.append(subIssue) }
        if let notBefore = query.notBefore { conditions.append("p.date >= ?"); arguments.append(notBefore.timeIntervalSince1970) }
        if let before = query.datedBefore { conditions.append("p.date < ?"); arguments.append(before.timeIntervalSince1970) }
        let ordering = order == .newest ? "p.date DESC, p.id DESC"
            : "bm25(post_search, \(ArchiveSearch.weights)), p.date DESC, p.id DESC"
        return try database.pool.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT p.id FROM post_search JOIN posts p ON p.id = post_search.rowid
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(ordering)
                """, arguments: StatementArguments([ArchiveSearch.matchExpression(query)]) + shown.arguments
                    + StatementArguments(arguments))
        }
    }

    static let queries = [
        "kernel", "cache flush", "\"cache flush\"", "\"flush cache\"", "fl*", "pa* lanes", "from:ana", "from:\"Ralf Bächle\"",
        "kernel sub:tooling", "sub:hr budget", "network after:\(day(20)) before:\(day(60))", "before:\(day(10)) mips",
        "nothing-matches-this", "budget from:pat",
    ]

    /// Every page, both orders, four scopes: the same posts in the same order as before.
    @Test(arguments: queries)
    func underTheCapEveryPageIsWhatTheOrderedQueryGave(text: String) throws {
        let temporary = try Self.archive()
        let database = temporary.database
        let query = try SearchQuery(parsing: text)
        for scope in Self.scopes {
            for order in SearchOrder.allCases {
                let expected = try Self.orderedBefore(query, scope: scope, order: order, in: database)
                var paged: [Int64] = []
                for page in 1...((expected.count + 6) / 7 + 1) {
                    let results = try database.search(query, scope: scope, order: order, page: page, pageSize: 7)
                    #expect(results.total == expected.count && !results.isTotalCapped, "\(text) \(order) \(scope)")
                    paged += results.hits.map(\.postID)
                }
                #expect(paged == expected, "\(text) \(order) \(scope)")
            }
        }
    }

    /// The posts recorded last are protected: an outsider's capped matches are the public ones
    /// below them, and the cap is reached only by posts the outsider may see.
    @Test func theCapCountsOnlyWhatTheScopeShows() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        _ = try database.recordPosts((0..<30).map {
            ArchiveSearchTests.post("n\($0)@x", subject: "Network \($0)", text: "Network notes.",
                                    on: Self.day(30 - $0), isProtected: $0 >= 20)
        })
        let query = try SearchQuery(parsing: "network")
        let ids = try database.searchMatches(query, scope: .everything, cap: 100).postIDs
        #expect(ids.count == 30)
        let publicIDs = try database.searchMatches(query, scope: .outsiders, cap: 100).postIDs
        #expect(publicIDs.count == 20)

        let capped = try database.searchMatches(query, scope: .outsiders, cap: 10)
        #expect(capped.isCapped && capped.postIDs.count == 10)
        #expect(Set(capped.postIDs) == Set(publicIDs.sorted().suffix(10)), "the ten public posts recorded last")
        let exactlyAll = try database.searchMatches(query, scope: .outsiders, cap: 20)
        #expect(!exactlyAll.isCapped && exactlyAll.postIDs == publicIDs)
        let insiders = try database.searchMatches(query, scope: .everything, cap: 20)
        #expect(insiders.isCapped && Set(insiders.postIDs) == Set(ids.sorted().suffix(20)))
        for order in SearchOrder.allCases {
            let matches = try database.searchMatches(query, scope: .outsiders, order: order, cap: 5)
            let page = try database.searchPage(of: matches, query: query, scope: .outsiders, page: 1, pageSize: 20)
            #expect(page.total == 5 && page.isTotalCapped && page.hits.map(\.postID) == matches.postIDs)
            #expect(Set(matches.postIDs).isSubset(of: Set(publicIDs)))
        }
    }

    /// Matches drawn before a post became protected, paged after: the post is left out.
    @Test func aPageReadsTheScopeAgain() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        _ = try database.recordPosts((0..<5).map {
            ArchiveSearchTests.post("n\($0)@x", subject: "Network \($0)", text: "Network notes.", on: Self.day($0))
        })
        let query = try SearchQuery(parsing: "network")
        let matches = try database.searchMatches(query, scope: .outsiders)
        #expect(matches.postIDs.count == 5)
        try database.pool.write { db in try db.execute(sql: "UPDATE posts SET is_protected = 1 WHERE message_id = 'n3@x'") }
        let page = try database.searchPage(of: matches, query: query, scope: .outsiders)
        #expect(page.hits.map(\.messageID) == ["n4@x", "n2@x", "n1@x", "n0@x"])
        let inside = try database.searchPage(of: matches, query: query, scope: .everything)
        #expect(inside.hits.count == 5)
    }
}
