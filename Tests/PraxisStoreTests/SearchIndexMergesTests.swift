import Foundation
import GRDB
import Testing
@testable import PraxisStore

/// The search index's merges, deferred from recording to the daemon (`v12-search-deferred-merges`):
/// each recording transaction adds a segment and merges none; `mergeSearchSegments` joins them
/// later, step by step, and search finds the same posts before, during and after.
@Suite("Search index merges")
struct SearchIndexMergesTests {
    /// `transactions` recording transactions of `perTransaction` posts each, every post with a word
    /// of its own and every third protected.
    static func recordInTransactions(_ transactions: Int, of perTransaction: Int, in database: PraxisDatabase) throws {
        for transaction in 0..<transactions {
            let posts = (0..<perTransaction).map { offset -> NewPost in
                let number = transaction * perTransaction + offset
                return ArchiveSearchTests.post(
                    "m\(number)@x", subject: "Merge post \(number)",
                    text: "The kernel cache of merge\(number), with words shared by every post.", isProtected: number % 3 == 2)
            }
            _ = try database.recordPosts(posts)
        }
    }

    static func allFound(_ count: Int, in database: PraxisDatabase) throws {
        for number in 0..<count {
            let found = try ArchiveSearchTests.found("merge\(number)", in: database, includeProtected: true)
            #expect(found == ["m\(number)@x"], "post \(number)")
        }
        // A word every post has, a phrase and a prefix: every post, once.
        for query in ["kernel", "\"shared by every post\"", "merg*"] {
            let matches = try database.read("counting matches") { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM post_search WHERE post_search MATCH ?", arguments: [query])
            }
            #expect(matches == count, "\(query)")
        }
    }

    @Test func theStoreDefersFTS5sMerges() throws {
        let temporary = try TemporaryDatabase()
        let settings = try temporary.database.read("reading the index settings") { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT k, v FROM post_search_config")
                .map { ($0[0] as String, $0[1] as Int?) })
        }
        #expect(settings["automerge"] == StoreSchema.segmentsBeforeMerging)
        #expect(settings["crisismerge"] == StoreSchema.segmentsBeforeMerging)
    }

    /// Under FTS5's defaults, 24 transactions leave at most a few segments per level (a merge
    /// starts at every fourth); deferred, they leave 24, which the merge steps bring down to fewer
    /// than four per level, and nothing is lost on the way.
    @Test func recordingAddsSegmentsAndMergeStepsJoinThem() async throws {
        let temporary = try TemporaryDatabase()
        let transactions = 24, perTransaction = 25
        try Self.recordInTransactions(transactions, of: perTransaction, in: temporary.database)
        let recorded = try temporary.database.searchSegmentCount()
        #expect(recorded == transactions, "one segment per recording transaction, none merged")
        try Self.allFound(transactions * perTransaction, in: temporary.database)

        // Small steps: several are needed, and the index is whole between any two of them.
        var steps = 0
        while try await temporary.database.mergeSearchSegments(pages: 2) {
            steps += 1
            try ArchiveSearchTests.checkIntegrity(temporary.database)
            try #require(steps < 1_000, "merging never ends")
        }
        #expect(steps >= 2)
        let merged = try temporary.database.searchSegmentCount()
        #expect(merged < 4, "\(merged) segments left after merging")
        #expect(try await temporary.database.mergeSearchSegments() == false, "nothing more to merge")
        try Self.allFound(transactions * perTransaction, in: temporary.database)
        try ArchiveSearchTests.checkIntegrity(temporary.database)
    }

    /// An empty index, or one of a single segment, has nothing to merge.
    @Test(arguments: [0, 1])
    func aSmallIndexHasNothingToMerge(transactions: Int) async throws {
        let temporary = try TemporaryDatabase()
        try Self.recordInTransactions(transactions, of: 10, in: temporary.database)
        #expect(try temporary.database.searchSegmentCount() == transactions)
        #expect(try await temporary.database.mergeSearchSegments() == false)
        #expect(try temporary.database.searchSegmentCount() == transactions)
    }
}
