import Foundation
import PraxisCommunity
import PraxisDaemon
import PraxisStore
import Testing
@testable import PraxisWeb

/// The archive's pages byte for byte as they were before the first-view work of issue 19 (branch
/// r19-cold): thread, message, sub-issue and search pages of a fixture full of awkward text, and
/// of linux-mips 2004 when the corpora are there, each compared by its SHA-256 with
/// `PageBytes.golden` (written by `main`'s code before the change). Making pages cheaper must not
/// change one byte of them; a page that should change on purpose needs the file written again
/// (`PRAXIS_WRITE_PAGE_BYTES=1`, which then fails the test so that it is never left on) and the
/// reason given in the commit.
@Suite("Archive: pages byte for byte")
struct PageBytesTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("PageBytes.golden")
    static let corpus = "../shared/corpora/lists/linux-mips-2004.mbox"

    /// Texts that take every branch of laying out a post: links at each kind of edge, quotes at
    /// each depth and place, blank and white-space lines at block edges, CR LF, markup and
    /// template syntax in the text, long lines, and characters outside ASCII.
    static let awkwardBodies = [
        "Plain line\nsecond line\n\nthird after a blank",
        "> quoted first\n> > nested\n>\n> after an empty quote line\nOwn answer\n> quoted again\n\n   \n",
        "\n\n  \nSee https://example.org/a_(b) and (https://example.org/c). Or http://x.example/?q=1&r=<2>,\n"
            + "MAILTO:someone@example.org; mailto:; https:// nothing, xhttps://not.example/ a-http://no.example",
        "Tags <b>bold</b> & \"quotes\" 'single' {{title}} {{{labels}}} {{#posts}}x{{/posts}} &amp; &lt;",
        "CR LF line\r\nanother\r\n> quoted CR LF\r\n\r\nend\r\n",
        "Ünïcödé ✓ 日本語 e\u{301} emoji 👩‍💻 https://例え.jp/パス and https://example.org/ü",
        String(repeating: "long line without break ", count: 400) + "\n" + String(repeating: "> ", count: 50) + "deep",
        "Trailing punctuation https://example.org/x.pdf.\nhttps://example.org/y?]\nhttps://example.org/z' (https://example.org/w)",
        "\u{1}\u{2} control \u{7F} characters\u{0B}and\u{0C}feeds",
        ">only a quote",
        "",
    ]

    /// The fixture of `ArchivePagesTests` with a thread of the awkward texts (its subject
    /// changing half-way), one post without its file and one in the protected sub-issue.
    static func fixture() throws -> ArchiveFixture {
        let fixture = try ArchivePagesTests.populated()
        var parent = "root/1@example.org"
        for (index, body) in awkwardBodies.enumerated() {
            let id = "awkward-\(index)@example.org"
            let subject = index < 5 ? "Re: Bike lanes on Main Street" : "Lanes & <paint> \"again\""
            try fixture.add(ArchiveFixture.message(
                id: id, from: index % 2 == 0 ? "Zoë <zoe@example.org>" : "bob@example.org", subject: subject, body: body,
                inReplyTo: parent, date: "Sat, 0\(index % 9 + 1) Apr 2004 1\(index % 10):00:00 +0200"),
                subIssue: index == 3 ? "general" : "cycling", keepFile: index != 4)
            parent = id
        }
        try fixture.add(ArchiveFixture.message(
            id: "awkward-hr@example.org", subject: "Re: Bike lanes on Main Street", body: "protected > reply",
            inReplyTo: "awkward-2@example.org", date: "Sun, 09 May 2004 10:00:00 +0000"), subIssue: "hr")
        return fixture
    }

    static let fixtureURLs: [String] = {
        let messages = ["root/1@example.org", "evil@example.org", "html@example.org", "attach@example.org", "secret@example.org"]
            + awkwardBodies.indices.map { "awkward-\($0)@example.org" } + ["awkward-hr@example.org"]
        let links = ArchiveLinks(basePath: "/")
        return messages.flatMap { [links.thread($0), links.message($0)] }
            + ["/s/cycling/", "/s/general/", "/s/hr/", "/s/cycling/?page=2", "/", "/2004/04/"]
            + ["lanes", "\"main street\"", "paint*", "from:zoe@example.org lanes", "https", "nothing-matches-this"].flatMap {
                [links.search($0, order: .newest), links.search($0, order: .best)]
            }
    }()

    /// What each URL answers to each viewer, as `status SHA-256 viewer URL` lines.
    static func pageLines(_ site: ArchiveSite, _ urls: [String]) -> [String] {
        let viewers: [(String, ArchiveViewer)] = [
            ("anonymous", .anonymous), ("core", .member(address: "boss@example.org", isCore: true, admittedTo: [])),
        ]
        return viewers.flatMap { name, viewer in
            urls.map { url in
                let answer = ArchivePagesTests.get(site, url, viewer: viewer)
                return "\(answer.status.code) \(ContentHash.sha256(Array(normalised(answer.text).utf8))) \(name) \(url)"
            }
        }
    }

    /// `page` with what differs between two stores of the same posts made the same: member keys
    /// (each store draws its own secret) and the signed-in bar's form token.
    static func normalised(_ page: String) -> String {
        page.replacing(/\/members\/[A-Za-z0-9_-]+\//, with: "/members/KEY/").replacing(/name="form_token" value="[^"]*"/, with: "name=\"form_token\" value=\"\"")
    }

    @Test func pagesAreByteForByteWhatTheyWere() async throws {
        let fixture = try Self.fixture()
        var lines = Self.pageLines(try fixture.site(), Self.fixtureURLs)
        if FileManager.default.fileExists(atPath: Self.corpus) {
            lines += try await Self.corpusLines()
        } else {
            print("SKIPPED (in part): \(Self.corpus) is absent (the corpora live beside the checkout); only the fixture's pages were compared")
        }
        if ProcessInfo.processInfo.environment["PRAXIS_WRITE_PAGE_BYTES"] == "1" {
            try (lines.joined(separator: "\n") + "\n").write(to: Self.golden, atomically: true, encoding: .utf8)
            Issue.record("wrote \(Self.golden.path) (\(lines.count) pages); run again without PRAXIS_WRITE_PAGE_BYTES")
            return
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8).split(separator: "\n").map(String.init)
        let comparable = FileManager.default.fileExists(atPath: Self.corpus) ? expected : Array(expected.prefix(lines.count))
        #expect(lines.count == comparable.count, "\(lines.count) pages rendered, \(comparable.count) in \(Self.golden.lastPathComponent)")
        for (line, want) in zip(lines, comparable) where line != want {
            Issue.record("changed: \(line)\n   was: \(want)")
        }
    }

    /// linux-mips 2004 imported: its 40 largest threads, every sub-issue page, 40 message pages
    /// and common words' search pages.
    static func corpusLines() async throws -> [String] {
        let fixture = try ArchiveFixture()
        var progress = MboxImporter.Progress()
        try await MboxImporter(database: fixture.database, addAuthors: false, sources: fixture.maildir)
            .importFile(Self.corpus, progress: &progress) { _ in }
        let scope = ArchiveScope(includeProtected: false, protectedSubIssues: ["hr"])
        let posts = try fixture.database.archiveRecentPosts(subIssue: nil, scope: scope, limit: 100_000)
        let links = ArchiveLinks(basePath: "/")
        let sizes = Dictionary(grouping: posts, by: \.threadID)
        let largest = sizes.values.sorted { ($0.count, $0[0].id) > ($1.count, $1[0].id) }.prefix(40)
        var urls = largest.map { links.thread($0.min { $0.id < $1.id }?.messageID ?? "") }
        urls += stride(from: 0, to: posts.count, by: posts.count / 40).map { links.message(posts[$0].messageID) }
        for subIssue in Set(posts.map(\.subIssue)).sorted() {
            let threads = Set(posts.filter { $0.subIssue == subIssue }.map(\.threadID)).count
            urls += (1...max(1, (threads + ArchiveSite.threadsPerPage - 1) / ArchiveSite.threadsPerPage)).map { links.subIssue(subIssue, page: $0) }
        }
        for word in ["kernel", "patch", "the", "mips", "\"cache flush\""] {
            urls += [1, 2, 7].map { links.search(word, order: .newest, page: $0) } + [links.search(word, order: .best)]
        }
        return pageLines(try fixture.site(), urls)
    }
}
