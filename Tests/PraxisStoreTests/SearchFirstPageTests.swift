import Foundation
import GRDB
import PraxisCommunity
import Testing
@testable import PraxisStore

/// A search's first page newest first, found without ordering every match (`searchFirstPage`;
/// issue 19's common word asked for the first time): exactly the first page of all the matches
/// ordered, hits, order and count, whatever order the posts were recorded in, for every scope;
/// a protected match never shown nor counted for a viewer who may not see it.
@Suite("Search: the first page by date")
struct SearchFirstPageTests {
    /// Every query of `SearchMatchesTests` (240 posts recorded out of date order, one in seven
    /// protected, a protected sub-issue), four scopes, several page sizes: the same page as
    /// `search`, or nil for a query that filters by sub-issue or date.
    @Test(arguments: SearchMatchesTests.queries)
    func theFirstPageIsThePageOfEveryMatchOrdered(text: String) throws {
        let temporary = try SearchMatchesTests.archive()
        let database = temporary.database
        let query = try SearchQuery(parsing: text)
        let filters = !query.subIssues.isEmpty || query.notBefore != nil || query.datedBefore != nil
        for scope in SearchMatchesTests.scopes {
            for pageSize in [1, 3, 7, 20, 100] {
                let first = try database.searchFirstPage(query, scope: scope, pageSize: pageSize, minimumMatches: 1)
                let expected = try database.search(query, scope: scope, order: .newest, page: 1, pageSize: pageSize)
                if filters {
                    #expect(first == nil, "\(text) \(scope) \(pageSize)")
                } else if let first {
                    #expect(first == expected, "\(text) \(scope) \(pageSize)")
                } else {
                    #expect(expected.total == 0, "only a query matching nothing is left to search: \(text) \(scope)")
                }
            }
        }
    }

    /// The newest matches are protected, and one has no Message-ID: an outsider's first page and
    /// count are those of the public posts alone, as if the others did not exist.
    @Test func protectedMatchesAreNeitherShownNorCounted() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        // 20 public posts, then 40 newer protected ones, then one without a Message-ID.
        _ = try database.recordPosts((0..<60).map {
            ArchiveSearchTests.post("n\($0)@x", subject: "Network \($0)", text: "Network notes.",
                                    on: SearchMatchesTests.day($0), isProtected: $0 >= 20)
        } + [makePost(nil, subject: "Network without an id", body: "Network notes, no id.", at: 1_000 * day)])
        let query = try SearchQuery(parsing: "network")
        let outsider = try #require(try database.searchFirstPage(query, scope: .outsiders, minimumMatches: 1))
        #expect(outsider.total == 20 && !outsider.isTotalCapped)
        #expect(outsider.hits.map(\.messageID) == (0..<20).reversed().map { "n\($0)@x" })
        let smaller = try #require(try database.searchFirstPage(query, scope: .outsiders, pageSize: 7, minimumMatches: 1))
        #expect(smaller.total == 20 && smaller.hits.count == 7)
        #expect(try database.search(query, scope: .outsiders, pageSize: 7) == smaller)

        let insider = try #require(try database.searchFirstPage(query, scope: .everything, minimumMatches: 1))
        #expect(insider.total == 60)
        #expect(insider.hits.map(\.messageID) == (40..<60).reversed().map { "n\($0)@x" })
        #expect(try database.search(query, scope: .everything) == insider)
    }

    /// Few matches, or the newest of them deeper than the walk may go: left to `search`.
    @Test func fewMatchesOrOldOnesAreLeftToTheFullMatch() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        _ = try database.recordPosts((0..<40).map {
            ArchiveSearchTests.post("o\($0)@x", subject: "Post \($0)", text: $0 < 5 ? "An old router." : "Something newer.",
                                    on: SearchMatchesTests.day($0))
        })
        let query = try SearchQuery(parsing: "router")
        #expect(try database.searchFirstPage(query, scope: .outsiders) == nil, "5 matches: under the default minimum")
        #expect(try database.searchFirstPage(query, scope: .outsiders, minimumMatches: 1, walkLimit: 30) == nil)
        let walked = try #require(try database.searchFirstPage(query, scope: .outsiders, minimumMatches: 1, walkLimit: 40))
        #expect(try database.search(query, scope: .outsiders) == walked)
        #expect(walked.total == 5)
    }
}
