import Foundation
import GRDB
import PraxisCommunity
import PraxisDaemon
import PraxisStore
import Testing

/// Issue 19 must hold: importing the linux-mips archive makes every post reachable by search.
@Suite("Search finds every post of the linux-mips archive", .serialized)
struct SearchCorpusWalkTests {
    static var corpusIsPresent: Bool { FileManager.default.fileExists(atPath: TestMessages.corpusPath) }

    /// Imports the archive as `praxis import mbox` does, then, for every stored post, searches for
    /// a phrase of its own: up to eight consecutive words from the middle of its trimmed text, or
    /// its subject's words when the text has fewer than three. The post must be among the hits.
    ///
    /// It cannot pass by finding everything: the walk counts every post (2,814), a phrase's hits
    /// must be few (most phrases find only their post, a quoted one a handful), and the same
    /// phrase with its words reversed must not find the post.
    @Test(.enabled(if: corpusIsPresent, "skipped: the corpus ../shared/corpora/lists/linux-mips-2004.mbox is absent"))
    func everyPostIsFoundByAPhraseOfItsOwn() async throws {
        let community = try CommunityFixture()
        let database = try community.database()
        var progress = MboxImporter.Progress()
        try await MboxImporter(database: database, addAuthors: false)
            .importFile(TestMessages.corpusPath, progress: &progress) { _ in }
        let posts = try database.read("listing the posts") { db in
            try Row.fetchAll(db, sql: """
                SELECT p.id, p.subject, coalesce(t.text, '') FROM posts p LEFT JOIN post_texts t ON t.post_id = p.id
                WHERE p.kind = 'post' ORDER BY p.id
                """).map { (id: $0[0] as Int64, subject: $0[1] as String, text: $0[2] as String) }
        }
        #expect(posts.count == 2_814)

        var missed = [String](), unsearchable = [Int64](), hitCounts = [Int](), reversedFound = 0
        for post in posts {
            guard let phrase = Self.phrase(text: post.text, subject: post.subject) else {
                unsearchable.append(post.id)
                continue
            }
            let results = try Self.allHits("\"\(phrase.joined(separator: " "))\"", in: database)
            hitCounts.append(results.total)
            if !results.ids.contains(post.id) { missed.append("post \(post.id): \"\(phrase.joined(separator: " "))\"") }
            if phrase.count >= 3, Set(phrase).count == phrase.count,
               try Self.allHits("\"\(phrase.reversed().joined(separator: " "))\"", in: database).ids.contains(post.id) {
                reversedFound += 1
            }
        }
        #expect(unsearchable.isEmpty, "posts with no word in their text or subject: \(unsearchable.prefix(20))")
        #expect(missed.isEmpty, "\(missed.count) posts not found, the first: \(missed.prefix(10))")
        #expect(hitCounts.count == posts.count)
        let selective = hitCounts.filter { $0 <= 5 }.count
        #expect(selective * 10 >= hitCounts.count * 9, "phrases must be rare: \(selective) of \(hitCounts.count) found ≤ 5 posts")
        #expect(reversedFound * 100 <= hitCounts.count, "reversed phrases found their post \(reversedFound) times")
    }

    /// Up to eight words from the middle of `text`, else `subject`'s words (at most eight); nil
    /// when neither has a word. A word is a run of letters and digits, as the index splits them.
    static func phrase(text: String, subject: String) -> [String]? {
        let words = Self.words(text)
        if words.count >= 3 {
            let from = max(0, words.count / 2 - 4)
            return Array(words[from..<min(words.count, from + 8)])
        }
        let subjectWords = Self.words(subject)
        return subjectWords.isEmpty ? (words.isEmpty ? nil : words) : Array(subjectWords.prefix(8))
    }

    static func words(_ text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// Every hit of `query`, across all its pages, protected posts included.
    static func allHits(_ query: String, in database: PraxisDatabase) throws -> (ids: Set<Int64>, total: Int) {
        let parsed = try SearchQuery(parsing: query)
        var ids = Set<Int64>(), page = 1, total = 0
        repeat {
            let results = try database.search(parsed, scope: ArchiveScope(includeProtected: true, protectedSubIssues: []), order: .best, page: page, pageSize: 100)
            total = results.total
            ids.formUnion(results.hits.map(\.postID))
            page += 1
        } while (page - 1) * 100 < total
        return (ids, total)
    }
}
