import Foundation
import PraxisCommunity
import PraxisDaemon
import PraxisStore
import Testing
@testable import PraxisWeb

/// A real list's year (linux-mips 2004, 2,814 posts) imported with its messages' bytes, then
/// every post reached by its permalink and raw source, its thread, its sub-issue's pages, its
/// month's page and the search page.
@Suite("Archive: the linux-mips walk")
struct CorpusWalkTests {
    static let corpus = "../shared/corpora/lists/linux-mips-2004.mbox"

    @Test func everyPostIsReachable() async throws {
        guard FileManager.default.fileExists(atPath: Self.corpus) else {
            print("SKIPPED: \(Self.corpus) is absent (the corpora live beside the checkout); the walk did not run")
            return
        }
        let fixture = try ArchiveFixture()
        var progress = MboxImporter.Progress()
        try await MboxImporter(database: fixture.database, addAuthors: false, sources: fixture.maildir).importFile(Self.corpus, progress: &progress) { _ in }
        let site = try fixture.site()
        let scope = ArchiveScope(includeProtected: false, protectedSubIssues: ["hr"])
        let posts = try fixture.database.archiveRecentPosts(subIssue: nil, scope: scope, limit: 100_000)
        #expect(posts.count == 2_814, "imported \(progress.recorded) of \(progress.messages)")
        let links = ArchiveLinks(basePath: "/")
        do {
            func page(_ uri: String) async throws -> String {
                let answer = ArchivePagesTests.get(site, uri)
                #expect(answer.status == .ok, "\(uri)")
                return answer.text
            }
            // Sub-issue pages, every page of each: the threads they list.
            var listedThreads = Set<String>()
            for subIssue in Set(posts.map(\.subIssue)) {
                var number = 1
                while true {
                    let body = try await page(links.subIssue(subIssue, page: number))
                    listedThreads.formUnion(Self.hrefs(in: body, prefix: "/t/"))
                    guard body.contains("rel=\"next\"") else { break }
                    number += 1
                }
            }
            // Month pages: the permalinks they list.
            var listedMessages = Set<String>()
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            for month in Set(posts.map { utc.dateComponents([.year, .month], from: $0.date) }) {
                listedMessages.formUnion(Self.hrefs(in: try await page(links.month(year: month.year!, month: month.month!)), prefix: "/m/"))
            }
            // Each post: its permalink; each thread once: its page lists every post of it.
            var threadsSeen = Set<Int64>()
            var inThreads = Set<String>()
            for post in posts {
                _ = try await page(links.message(post.messageID))
                // Imported with its bytes: its source is served, byte for byte what the mbox held.
                let raw = try await page(links.raw(post.messageID))
                #expect(raw.contains(post.messageID), "\(post.messageID): the raw source is not this message")
                #expect(listedMessages.contains(links.message(post.messageID)), "\(post.messageID) not on its month's page")
                if threadsSeen.insert(post.threadID).inserted {
                    let thread = try await page(links.thread(post.messageID))
                    inThreads.formUnion(Self.hrefs(in: thread, prefix: "/m/"))
                }
                #expect(inThreads.contains(links.message(post.messageID)), "\(post.messageID) not on its thread's page")
            }
            let threadFirsts = Set(posts.map(\.threadID)).count
            #expect(listedThreads.count == threadFirsts, "sub-issue pages list \(listedThreads.count) of \(threadFirsts) threads")
            // Search: each post found on the search page by a phrase of its own on its day.
            var missed: [String] = [], pagesRead = 0
            for post in posts {
                let query = try #require(Self.searchFor(post, calendar: utc), "post \(post.messageID) has no word to search for")
                var next: String? = links.search(query, order: .best)
                var found = false
                while let url = next, !found {
                    let body = try await page(url)
                    pagesRead += 1
                    found = Self.hrefs(in: body, prefix: "/m/").contains(links.message(post.messageID))
                    next = SearchPageTests.link(rel: "next", in: body)
                }
                if !found { missed.append("\(post.messageID): \(query)") }
            }
            #expect(missed.isEmpty, "\(missed.count) posts not found by search, the first: \(missed.prefix(5))")
            #expect(pagesRead < posts.count * 2, "phrases must be selective: \(pagesRead) result pages for \(posts.count) posts")
        }
    }

    /// A search that must find `post`: up to eight consecutive words from the middle of its text
    /// (its subject's words when the text has fewer than three) as a phrase, on its day (UTC).
    static func searchFor(_ post: ArchivePost, calendar: Calendar) -> String? {
        func words(_ text: String) -> [String] { text.split { !($0.isLetter || $0.isNumber) }.map(String.init) }
        let text = words(post.trimmedText), subject = words(post.subject)
        let phrase = text.count >= 3 ? Array(text[max(0, text.count / 2 - 4)..<min(text.count, max(0, text.count / 2 - 4) + 8)])
            : Array((subject.isEmpty ? text : subject).prefix(8))
        guard !phrase.isEmpty, let next = calendar.date(byAdding: .day, value: 1, to: post.date) else { return nil }
        func day(_ date: Date) -> String {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        }
        return "\"\(phrase.joined(separator: " "))\" after:\(day(post.date)) before:\(day(next))"
    }

    /// The `href` values in `html` that start with `prefix`, without fragment.
    static func hrefs(in html: String, prefix: String) -> Set<String> {
        var found = Set<String>()
        for part in html.components(separatedBy: "href=\"").dropFirst() {
            guard let end = part.firstIndex(of: "\"") else { continue }
            let href = String(part[..<end]).replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#39;", with: "'")
            if href.hasPrefix(prefix), !href.hasSuffix("/raw"), !href.contains("/a/") { found.insert(href) }
        }
        return found
    }
}
