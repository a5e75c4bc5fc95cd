import Foundation
import PraxisCommunity
import PraxisStore
import Testing
@testable import PraxisWeb

/// `/search`: hostile queries answered without a server error and without markup of theirs,
/// protected posts never found or counted for outsiders, highlighted snippets, paging.
@Suite("Archive search page")
struct SearchPageTests {
    /// Queries typed by someone trying to break the page, each with the status it must get.
    static let hostile: [(text: String, status: Int)] = [
        ("<script>alert(1)</script>", 200), ("\"><script>alert(2)</script>", 200), ("bike \"unbalanced", 200),
        ("NEAR(bike lanes)", 200), ("*", 200), ("\"", 200), ("bike OR lanes NOT x", 200), ("col:bike ^lanes -x", 200),
        (String(repeating: "a", count: ArchiveSite.maximumSearchLength), 200),
        (String(repeating: "lanes ", count: 400), 400), ("bike\u{0}lanes\u{0}", 200), ("sub:hr bike", 200),
        ("after:2004-02-30", 400), ("before:<script>", 400), ("from:\"<b>x</b>\"", 200), ("'; DROP TABLE posts; --", 200),
    ]

    @Test func hostileQueriesNeverFailAndNeverEchoMarkup() async throws {
        let fixture = try ArchivePagesTests.populated()
        let links = ArchiveLinks(basePath: "/")
        let site = try fixture.site()
        #expect(ArchivePagesTests.get(site, "/search?q=%ZZ%00").status == .badRequest, "not percent-encoded UTF-8")
        try await LiveArchiveTests.serving(site) { base in
            for (text, status) in Self.hostile {
                let page = try await LiveArchiveTests.fetch(base + links.search(text))
                let shown = String(text.prefix(30)).debugDescription
                #expect(page.status == status, "\(shown)")
                #expect(page.headers["content-security-policy"] == SecurityHeadersMiddleware.contentSecurityPolicy)
                let body = page.body.lowercased()
                #expect(!body.contains("<script") && !body.contains("<b>x"), "\(shown) echoed markup")
                #expect(!page.body.contains("\u{0}"), "\(shown) put a NUL in the page")
                #expect(!page.body.contains("Layoffs") && !page.body.contains("Confidential"), "\(shown) found the protected post")
            }
            // Not percent-encoded UTF-8, or a bad page number or order: no page of results.
            #expect(try await LiveArchiveTests.fetch(base + "/search?q=%FF%FE").status == 400)
            #expect(try await LiveArchiveTests.fetch(base + "/search?q=bike&page=0").status == 404)
            #expect(try await LiveArchiveTests.fetch(base + "/search?q=bike&order=worst").status == 404)
            let bad = try await LiveArchiveTests.fetch(base + links.search("after:2004-13-01"))
            #expect(bad.body.contains("after: needs a day as YYYY-MM-DD"), "the problem is named")
            #expect(bad.body.contains("value=\"after:2004-13-01\""), "the search stays in the form")
        }
    }

    @Test func resultsShowHighlightedEscapedSnippetsAndLinks() throws {
        let fixture = try ArchivePagesTests.populated()
        let site = try fixture.site()
        let page = ArchivePagesTests.get(site, "/search?q=alert")
        #expect(page.status == .ok)
        #expect(page.text.contains(" found"), "\(page.text)")
        #expect(page.text.contains("&lt;script&gt;<mark>alert</mark>(3)&lt;/script&gt;"), "the snippet is escaped, the match marked")
        #expect(page.text.contains("href=\"/m/evil@example.org/\""))
        #expect(page.text.contains("href=\"/s/cycling/\">Cycling</a>"))
        #expect(!page.text.lowercased().contains("<script"))
        let empty = ArchivePagesTests.get(site, "/search?q=+")
        #expect(empty.status == .ok && empty.text.contains("How to search") && !empty.text.contains("found"))
        let noForm = ArchivePagesTests.get(site, "/search")
        #expect(noForm.text == ArchivePagesTests.get(site, "/search?q=").text)
        #expect(ArchivePagesTests.get(site, "/").text.contains("action=\"/search\""), "the home page has a search box")
        #expect(ArchivePagesTests.get(site, "/s/cycling/").text.contains("id=\"masthead-q\""), "so has every page's header")
    }

    @Test(arguments: ArchivePagesTests.outsiders)
    func protectedPostsAreNeverFoundNorCounted(_ viewer: ArchiveViewer) throws {
        let fixture = try ArchivePagesTests.populated()
        let site = try fixture.site()
        func ask(_ text: String) -> ArchiveAnswer { ArchivePagesTests.get(site, ArchiveLinks(basePath: "/").search(text), viewer: viewer) }
        // "cycling" is in the protected post's subject and in the public sub-issue's id.
        let cycling = ask("cycling")
        #expect(cycling.text.contains("3 posts found") && !cycling.text.contains("Layoffs"), "\(cycling.text)")
        let core = ArchivePagesTests.get(site, "/search?q=cycling", viewer: .member(address: "boss@example.org", isCore: true, admittedTo: ["hr"]))
        #expect(core.text.contains("4 posts found") && core.text.contains("Layoffs"), "the core group finds it")
        // A protected sub-issue or word answers byte for byte like one that does not exist.
        for (hidden, missing) in [("sub:hr bike", "sub:qq bike"), ("Confidential", "Xonfidential"), ("from:boss", "from:xyzw"),
                                  ("Layoffs sub:hr", "Layoffs sub:qq")] {
            let hiddenPage = ask(hidden), missingPage = ask(missing)
            #expect(hiddenPage.status == missingPage.status)
            let renamed = hiddenPage.text.replacingOccurrences(of: hidden, with: missing)
                .replacingOccurrences(of: "\u{201C}hr\u{201D}", with: "\u{201C}qq\u{201D}")
            #expect(renamed == missingPage.text, "\(hidden) differs from \(missing)")
        }
    }

    @Test func resultsArePagedNewestOrBestFirst() throws {
        let fixture = try ArchiveFixture()
        for day in 1...45 {
            let date = String(format: "%02d Jan 2004 10:00:00 +0000", (day - 1) % 28 + 1).replacingOccurrences(of: "Jan", with: day > 28 ? "Feb" : "Jan")
            let subject = day == 7 ? "Tandem tandem tandem" : "Post \(day)"
            try fixture.add(ArchiveFixture.message(id: "p\(day)@example.org", subject: subject, body: "About the tandem, day \(day).", date: date))
        }
        let site = try fixture.site()
        var url: String? = "/search?q=tandem"
        var found: [String] = []
        var pages = 0
        while let next = url {
            let page = ArchivePagesTests.get(site, next)
            #expect(page.status == .ok)
            pages += 1
            found += CorpusWalkTests.hrefs(in: page.text, prefix: "/m/").sorted { a, b in
                (page.text.range(of: a)?.lowerBound ?? page.text.startIndex) < (page.text.range(of: b)?.lowerBound ?? page.text.startIndex)
            }
            url = Self.link(rel: "next", in: page.text)
            if pages == 2 { #expect(page.text.contains("page 2 of 3") && Self.link(rel: "prev", in: page.text) == "/search?q=tandem") }
        }
        #expect(pages == 3 && found.count == 45 && Set(found).count == 45)
        #expect(found.first == "/m/p45@example.org/" && found.last == "/m/p1@example.org/", "newest first")
        let best = ArchivePagesTests.get(site, "/search?q=tandem&order=best")
        #expect(CorpusWalkTests.hrefs(in: best.text, prefix: "/m/p7@").count == 1)
        #expect(best.text.range(of: "/m/p7@example.org/")?.lowerBound ?? best.text.endIndex
            < best.text.range(of: "/m/p45@example.org/")?.lowerBound ?? best.text.startIndex, "the subject match first")
        let past = ArchivePagesTests.get(site, "/search?q=tandem&page=9")
        #expect(past.status == .ok && past.text.contains("past the last result") && Self.link(rel: "prev", in: past.text) != nil)
    }

    /// The `href` of the link marked `rel`, `&amp;` decoded.
    static func link(rel: String, in html: String) -> String? {
        guard let marker = html.range(of: "\" rel=\"\(rel)\"") else { return nil }
        guard let start = html[..<marker.lowerBound].range(of: "href=\"", options: .backwards) else { return nil }
        return String(html[start.upperBound..<marker.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
    }
}
