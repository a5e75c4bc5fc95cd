import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PraxisCommunity
import PraxisStore
import Testing
@testable import PraxisWeb

/// The archive's pages, asked in-process: what each URL answers, that hostile posts render
/// inert, and that a protected post answers exactly like a missing one. (`LiveArchiveTests` asks
/// the same over real HTTP.)
@Suite("Archive pages")
struct ArchivePagesTests {
    /// A public thread of two posts (one hostile), a protected post, an HTML-only post and a post
    /// with an attachment.
    static func populated() throws -> ArchiveFixture {
        let fixture = try ArchiveFixture()
        try fixture.add(ArchiveFixture.message(id: "root/1@example.org", subject: "Bike lanes on Main Street", body: """
            Should we paint them green? See https://example.org/plan.pdf).

            > an old quote
            > over two lines
            Thanks
            """))
        try fixture.add(ArchiveFixture.message(
            id: "evil@example.org", from: "<script>alert(1)</script> <mallory@example.org>",
            subject: "=?utf-8?q?Re=3A_Bike_lanes=0D=0AX-Injected=3A_1_<script>alert(2)</script>?=", body: """
            <script>alert(3)</script>
            Click javascript:alert(4) or <a href="javascript:alert(5)">here</a>
            <img src="https://tracker.example/pixel.gif">
            """, inReplyTo: "root/1@example.org", date: "Tue, 02 Mar 2004 10:00:00 +0000"))
        try fixture.add(ArchiveFixture.message(
            id: "secret@example.org", from: "Boss <boss@example.org>", subject: "Layoffs in cycling team", body: """
            --b
            Content-Type: text/plain

            Confidential plan
            --b
            Content-Type: application/pdf; name="list.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b--
            """, date: "Wed, 03 Mar 2004 10:00:00 +0000", extraHeaders: "Content-Type: multipart/mixed; boundary=b\n"), subIssue: "hr")
        try fixture.add(ArchiveFixture.message(
            id: "html@example.org", subject: "HTML only", body: "<html><body><p>Hello <b>bold</b><script>alert(6)</script></p><img src=\"http://remote.example/x.png\"></body></html>",
            date: "Thu, 04 Mar 2004 10:00:00 +0000", extraHeaders: "Content-Type: text/html; charset=utf-8\n"), subIssue: "general")
        try fixture.add(ArchiveFixture.message(
            id: "attach@example.org", subject: "Map attached", body: """
            --b
            Content-Type: text/plain

            The map.
            --b
            Content-Type: text/html; name="../../evil\\".html"
            Content-Disposition: attachment; filename="../../evil\\".html"

            <script>alert(7)</script>
            --b--
            """, date: "Fri, 05 Mar 2004 10:00:00 +0000", extraHeaders: "Content-Type: multipart/mixed; boundary=b\n"))
        return fixture
    }

    static func get(_ site: ArchiveSite, _ uri: String, viewer: ArchiveViewer = .anonymous) -> ArchiveAnswer {
        let (path, query) = ArchiveSite.split(uri)
        return site.respond(rawPath: path, query: query, viewer: viewer)
    }

    /// Every kind of URL the archive makes for a message, for the Message-ID `id`.
    static func urls(for id: String, links: ArchiveLinks) -> [String] {
        [links.message(id), links.thread(id), links.threadMbox(id), links.raw(id), links.attachment(id, number: 1, name: "list.pdf")]
    }

    /// Everyone not admitted: anonymous, a user the organisation vouches for, a member of the
    /// outer circle (a viewer sign-in will produce).
    static let outsiders: [ArchiveViewer] = [
        .anonymous, .organisationUser(address: "alice@city.example.org"),
        .member(address: "alice@example.org", isCore: false, admittedTo: []),
    ]

    @Test(arguments: outsiders)
    func protectedPostAnswersExactlyLikeAMissingOne(_ viewer: ArchiveViewer) async throws {
        let fixture = try Self.populated()
        let site = try fixture.site(audience: .public)
        func ask(_ site: ArchiveSite, _ uri: String) -> ArchiveAnswer { Self.get(site, uri, viewer: viewer) }
        do {
            let links = ArchiveLinks(basePath: "/")
            let missing = ask(site, links.message("never-sent@example.org"))
            #expect(missing.status == .notFound)
            var checked = 0
            for (protectedURL, missingURL) in zip(
                Self.urls(for: "secret@example.org", links: links) + [links.subIssue("hr"), links.subIssueFeed("hr")],
                Self.urls(for: "never-sent@example.org", links: links) + [links.subIssue("nope"), links.subIssueFeed("nope")]) {
                let hidden = ask(site, protectedURL)
                let absent = ask(site, missingURL)
                #expect(hidden.status == .notFound, "\(protectedURL)")
                #expect(hidden.text == absent.text, "\(protectedURL) differs from \(missingURL)")
                #expect(hidden.text == missing.text, "\(protectedURL)")
                #expect(hidden.contentType == absent.contentType)
                #expect(hidden.bytes.count == absent.bytes.count)
                checked += 1
            }
            // Searches: a protected word or sub-issue answers like one nobody wrote, the query aside.
            for (hidden, absent) in [("Layoffs", "Qqqqqqq"), ("sub:hr", "sub:qq"), ("from:boss sub:hr", "from:boss sub:qq")] {
                let hiddenPage = ask(site, links.search(hidden)), absentPage = ask(site, links.search(absent))
                #expect(hiddenPage.status == absentPage.status, "\(hidden)")
                let renamed = hiddenPage.text.replacingOccurrences(of: hidden, with: absent)
                    .replacingOccurrences(of: "\u{201C}hr\u{201D}", with: "\u{201C}qq\u{201D}")
                #expect(renamed == absentPage.text, "searching \(hidden) differs from \(absent)")
                checked += 1
            }
            #expect(checked == 10)
            // The boss wrote only in the protected space: their page is as unknown as a stranger's.
            let key = try fixture.database.archiveMemberKey()
            let boss = ask(site, links.member(key.key(for: "boss@example.org")))
            let stranger = ask(site, links.member(key.key(for: "nobody@example.org")))
            #expect(boss.status == .notFound && boss.bytes == stranger.bytes && boss.bytes == missing.bytes)
            #expect(ask(site, links.member(key.key(for: "ALICE@example.org"))).status == .ok)
            // Nothing of it anywhere else: home, feed, month, sub-issue pages.
            for url in ["/", "/feed.atom", "/2004/03/", "/s/cycling/", "/s/general/", links.member(key.key(for: "alice@example.org")),
                        links.search("cycling"), links.search("from:boss"), links.search("plan*"), links.search("team", order: .best)] {
                let page = ask(site, url)
                #expect(page.status == .ok, "\(url)")
                for secret in ["Layoffs", "Confidential", "Staffing", "secret@example.org", "/s/hr/", "boss@example.org"] {
                    #expect(!page.text.contains(secret), "\(url) shows \(secret)")
                }
            }
        }
    }

    @Test func hostilePostsRenderInert() async throws {
        let fixture = try Self.populated()
        let site = try fixture.site()
        do {
            for url in ["/t/root%2F1@example.org/", "/m/evil@example.org/", "/m/html@example.org/", "/s/cycling/", "/2004/03/", "/feed.atom", "/"] {
                let page = Self.get(site, url)
                #expect(page.status == .ok, "\(url)")
                let body = page.text.lowercased()
                #expect(!body.contains("<script"), "\(url) carries a script element")
                #expect(!body.contains("javascript:alert(4)\""), "\(url)")
                #expect(!body.contains("href=\"javascript"), "\(url) links javascript:")
                #expect(!body.contains("<img"), "\(url) has an image")
                #expect(!body.contains("x-injected: 1\r\n") && !body.contains("\nx-injected"), "\(url) breaks a line at the subject's CR/LF")
                #expect(!body.contains("remote.example") || !body.contains("src="), "\(url) loads a remote resource")
            }
            let thread = Self.get(site, "/t/evil@example.org/")
            #expect(thread.text.contains("&lt;script&gt;alert(3)&lt;/script&gt;"))
            #expect(thread.text.contains("<a href=\"https://example.org/plan.pdf\" rel=\"nofollow noopener\">https://example.org/plan.pdf</a>)."))
            #expect(thread.text.contains("<details class=\"quote\"><summary>Quoted text (2 lines)</summary>"))
            #expect(thread.text.contains("id=\"post-1\"") && thread.text.contains("id=\"post-2\""))
            let html = Self.get(site, "/m/html@example.org/")
            #expect(html.text.contains("Hello"), "the HTML-only post shows its text")
        }
    }

    @Test func attachmentsAreDownloadsOfOpaqueBytes() async throws {
        let fixture = try Self.populated()
        let site = try fixture.site()
        do {
            let page = Self.get(site, "/m/attach@example.org/")
            #expect(page.text.contains("evil&quot;.html") || page.text.contains("evil.html"))
            let file = Self.get(site, "/m/attach@example.org/a/1/evil.html")
            #expect(file.status == .ok)
            #expect(file.contentType == "application/octet-stream")
            let disposition = file.disposition ?? ""
            #expect(disposition.hasPrefix("attachment; filename=\"evil.html\""), "\(disposition)")
            #expect(file.text.contains("<script>alert(7)</script>"), "served as it was sent, as a download")
            #expect(Self.get(site, "/m/attach@example.org/a/2/x").status == .notFound)
            let raw = Self.get(site, "/m/evil@example.org/raw")
            #expect(raw.contentType == "text/plain; charset=utf-8")
            #expect(raw.text.contains("Message-ID: <evil@example.org>"))
            let mbox = Self.get(site, "/t/evil@example.org.mbox")
            #expect(mbox.contentType == "application/mbox")
            #expect(mbox.text.components(separatedBy: "\nFrom MAILER-DAEMON ").count == 2 && mbox.text.hasPrefix("From MAILER-DAEMON "))
        }
    }

    static let malformed = [
        "/m/%3Cx@example.org%3E/", "/m/../", "/m//", "/m/%ZZ/", "/m/a%00b/", "/t/x", "/s/Cycling/", "/s/cycling/?page=0",
        "/s/cycling/?page=abc", "/s/cycling/?page=99", "/2004/13/", "/1900/01/", "/2004/3/", "/members/abc/",
        "/members/" + String(repeating: "0", count: 32) + "/", "/m/x@y/a/0/f", "/feed.atom/", "/style.css/x",
        "/m/" + String(repeating: "a", count: 1200) + "/", "/%2e%2e/%2e%2e/etc/passwd", "/m/root%2F1@example.org/raw/",
    ]

    @Test(arguments: malformed)
    func badPathsAnswerNotFoundNeverAServerError(_ path: String) async throws {
        let fixture = try Self.populated()
        let site = try fixture.site()
        do {
            let missing = Self.get(site, "/m/never@example.org/")
            let page = Self.get(site, path)
            #expect(page.status == .notFound, "\(path)")
            #expect(page.text == missing.text, "\(path)")
        }
    }

    static let feedTexts: [(text: String, kept: String)] = [
        ("Plain text\n\twith a tab, ünïcödé and 😀", "Plain text\n\twith a tab, ünïcödé and 😀"),
        ("a\u{0}b\u{1B}[31mc\u{FFFE}d\u{FFFF}\r", "ab[31mcd"),
        ("", ""),
    ]

    @Test(arguments: feedTexts)
    func feedTextKeepsOnlyWhatXMLHolds(_ example: (text: String, kept: String)) {
        #expect(ArchiveSite.feedText(example.text) == example.kept)
    }

    @Test func feedIsWellFormedAtom() async throws {
        let fixture = try Self.populated()
        let site = try fixture.site()
        do {
            for url in ["/feed.atom", "/s/cycling/feed.atom"] {
                let feed = Self.get(site, url)
                #expect(feed.contentType == "application/atom+xml; charset=utf-8")
                let parser = XMLParser(data: Data(feed.text.utf8))
                let entries = EntryCounter()
                parser.delegate = entries
                #expect(parser.parse(), "\(url): \(String(describing: parser.parserError))")
                #expect(entries.count == (url == "/feed.atom" ? 4 : 3), "\(url)")
            }
        }
    }

    @Test func organisationAudienceNeedsTheProxysWord() async throws {
        let fixture = try Self.populated()
        let site = try fixture.site(audience: .organisation)
        // Anyone the proxy did not vouch for: every page the same 403, whether it exists or not.
        do {
            let first = Self.get(site, "/")
            for url in ["/", "/m/root%2F1@example.org/", "/m/never@example.org/", "/m/secret@example.org/", "/feed.atom", "/bad"] {
                let page = Self.get(site, url)
                #expect(page.status == .forbidden, "\(url)")
                #expect(page.bytes == first.bytes, "\(url)")
            }
            #expect(Self.get(site, "/", viewer: .organisationUser(address: "alice@city.example.org")).status == .ok)
            #expect(Self.get(site, "/m/secret@example.org/", viewer: .organisationUser(address: "a@city.example.org")).status == .notFound)
            #expect(Self.get(site, "/style.css").status == .ok)
        }
    }

    @Test func pagesLiveUnderTheBasePath() async throws {
        let fixture = try Self.populated()
        let site = try fixture.site(basePath: "/mobility/")
        do {
            let home = Self.get(site, "/mobility/")
            #expect(home.status == .ok)
            #expect(home.text.contains("href=\"/mobility/s/cycling/\""))
            #expect(home.text.contains("href=\"/mobility/style.css\""))
            #expect(Self.get(site, "/").status == .notFound)
            #expect(Self.get(site, "/mobility/m/root%2F1@example.org/").status == .ok)
        }
    }

    /// The site remembers which address each member key stands for; a key asked for before its
    /// author's first post must not stay unknown once the post is recorded, and a key whose
    /// author wrote only in a protected space stays unknown even after the table knows it.
    @Test func memberPagesFollowNewAuthorsWhileTheSiteRuns() async throws {
        let fixture = try Self.populated()
        let site = try fixture.site()
        let key = try fixture.database.archiveMemberKey()
        do {
            let newcomer = key.key(for: "newcomer@example.org")
            let missing = Self.get(site, "/m/nothing-here@example.org/")
            #expect(Self.get(site, "/members/\(newcomer)/").bytes == missing.bytes)
            try fixture.add(ArchiveFixture.message(
                id: "newcomer@example.org", from: "Nora Newcomer <Newcomer@example.org>", subject: "Hello", body: "First post"))
            let page = Self.get(site, "/members/\(newcomer)/")
            #expect(page.status == .ok)
            #expect(page.text.contains("Nora Newcomer") && page.text.contains("Hello"))
            // Found in the table now (the boss's post is older than the newcomer's), still hidden.
            #expect(Self.get(site, "/members/\(key.key(for: "boss@example.org"))/").bytes == missing.bytes)
            #expect(Self.get(site, "/members/\(key.key(for: "alice@example.org"))/").status == .ok)
        }
    }

    @Test func aGoneFileSaysSoWithNotFound() async throws {
        let fixture = try ArchiveFixture()
        try fixture.add(ArchiveFixture.message(id: "gone@example.org", subject: "Gone", body: "Kept text"), keepFile: false)
        let site = try fixture.site()
        do {
            let page = Self.get(site, "/m/gone@example.org/")
            #expect(page.status == .ok)
            #expect(page.text.contains("Kept text") && page.text.contains("no longer stored"))
            let raw = Self.get(site, "/m/gone@example.org/raw")
            #expect(raw.status == .notFound)
            #expect(raw.text.contains("no longer holds the original"))
        }
    }
}

final class EntryCounter: NSObject, XMLParserDelegate {
    var count = 0
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "entry" { count += 1 }
    }

    /// A subject or name on one line: what was already one trimmed line is kept as it is, and
    /// everything else is flattened and trimmed as before (the old code, written out here).
    @Test func oneLineKeepsWhatIsAlreadyOneLine() {
        func flattened(_ text: String) -> String {
            String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
                .trimmingCharacters(in: .whitespaces)
        }
        let texts = ["Bike lanes", "", " ", "\u{A0}lead", "trail\u{3000}", "tab\there", "line\r\nbreak", "\u{7F}del", "caf\u{E9}",
                     "e\u{301}", "\u{1F6B2} ride \u{1F6B2}", "\u{2000}\u{200A}", "x\u{85}y", "\u{202F}", "end\u{1680}", "\u{FEFF}bom"]
        for text in texts {
            #expect(ArchiveSite.oneLine(text) == flattened(text), "\(text.debugDescription)")
            #expect(Array(ArchiveSite.oneLine(text).utf8) == Array(flattened(text).utf8), "\(text.debugDescription)")
        }
    }
}
