import Foundation
import GRDB
import Logging
import PraxisMail
import PraxisStore
import Testing
@testable import PraxisDaemon

/// The daemon's service that merges the search index (`SearchIndexMerger`): what ingest leaves as
/// one segment per transaction, a round of merging joins, and search finds the same.
@Suite("Search index merger")
struct SearchIndexMergerTests {
    @Test func aRoundMergesWhatRecordingLeftAndSearchFindsTheSame() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("merger-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try PraxisDatabase(path: directory.appendingPathComponent("praxis.sqlite").path)
        let transactions = 12, perTransaction = 40
        for transaction in 0..<transactions {
            _ = try await database.recordPosts((0..<perTransaction).map { offset in
                let number = transaction * perTransaction + offset
                return NewPost(
                    messageID: "merger\(number)@example.org", contentHash: "merger-\(number)",
                    author: MailAddress(name: "Anne", address: "anne@example.org"),
                    date: Date(timeIntervalSince1970: 1_083_578_400 + Double(number)), receivedAt: Date(),
                    subject: "Post \(number)", trimmedText: "Interrupts on the R4000, word\(number).", size: 100)
            })
        }
        func matches(_ query: String) throws -> [String] {
            try database.read("searching") { db in
                try String.fetchAll(db, sql: """
                    SELECT p.message_id FROM post_search s JOIN posts p ON p.id = s.rowid
                    WHERE post_search MATCH ? ORDER BY p.message_id
                    """, arguments: [query])
            }
        }
        let before = try matches("interrupts")
        #expect(before.count == transactions * perTransaction)
        #expect(try database.searchSegmentCount() == transactions)

        await SearchIndexMerger(database: database, logger: Logger(label: "merger-test")).merge()

        #expect(try database.searchSegmentCount() < 4)
        #expect(try matches("interrupts") == before)
        #expect(try matches("word317") == ["merger317@example.org"])
        #expect(try matches("\"on the r4000\"") == before)
        // A second round finds nothing to do.
        #expect(try await database.mergeSearchSegments() == false)
    }
}
