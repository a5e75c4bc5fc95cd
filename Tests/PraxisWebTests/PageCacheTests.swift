import Foundation
import HTTPTypes
import PraxisCommunity
import PraxisStore
import Testing
@testable import PraxisWeb

/// The cache of rendered pages (`PageCache`): that a page kept for one viewer never reaches
/// another who may not see it, that what does not exist is never kept, that a change to the store
/// shows at once, and that the cache stays within its budget.
@Suite("Page cache")
struct PageCacheTests {
    static func get(_ site: ArchiveSite, _ uri: String, viewer: ArchiveViewer = .anonymous) -> ArchiveAnswer {
        ArchivePagesTests.get(site, uri, viewer: viewer)
    }

    static let admitted = ArchiveViewer.member(address: "boss@example.org", isCore: false, admittedTo: ["hr"])
    static let core = ArchiveViewer.member(address: "boss@example.org", isCore: true, admittedTo: [])

    /// The protected post's every page, first read (and so kept) by viewers who may see it, then
    /// asked for by each outsider: the outsider gets the not-found page, byte for byte the one a
    /// page that never existed gets, and the kept pages are still there (so it is the key, not
    /// an empty cache, that kept them apart).
    @Test(arguments: ArchivePagesTests.outsiders)
    func aProtectedPageKeptForAnAdmittedMemberNeverReachesAnOutsider(_ outsider: ArchiveViewer) async throws {
        let fixture = try ArchivePagesTests.populated()
        let site = try fixture.site(audience: .public)
        let links = ArchiveLinks(basePath: "/")
        let protectedURLs = ArchivePagesTests.urls(for: "secret@example.org", links: links)
            + [links.subIssue("hr"), links.subIssueFeed("hr"), links.search("Layoffs"), links.search("sub:hr")]
        for insider in [Self.admitted, Self.core] {
            for url in protectedURLs {
                #expect(Self.get(site, url, viewer: insider).status == .ok, "\(url) for \(insider)")
            }
            let overview = Self.get(site, "/", viewer: insider).text
            #expect(overview.contains("Staffing"), "the insider's home page lists the protected sub-issue")
        }
        let kept = site.pageCache.usage.pages
        #expect(kept >= protectedURLs.count)
        let missing = Self.get(site, links.message("never-sent@example.org"), viewer: outsider)
        for url in protectedURLs.prefix(7) {
            let answer = Self.get(site, url, viewer: outsider)
            #expect(answer.status == .notFound, "\(url)")
            #expect(answer.bytes == missing.bytes, "\(url)")
        }
        // (Searches echo their query, so the searched-for word itself is no secret there.)
        for url in protectedURLs.suffix(2) + ["/", "/feed.atom", "/2004/03/"] {
            let page = Self.get(site, url, viewer: outsider).text
            for secret in ["Layoffs in", "Confidential", "Staffing", "secret@example.org", "/s/hr/"] {
                #expect(!page.contains(secret), "\(url) shows \(secret) to \(outsider)")
            }
        }
        #expect(site.pageCache.usage.pages >= kept, "the insiders' pages were still kept while the outsider asked")
        // And the other way round: the outsider's home page, kept now, is not what insiders get.
        #expect(Self.get(site, "/", viewer: Self.admitted).text.contains("Staffing"))
    }

    /// A missing page and a hidden one are never kept, so both take the same path every time:
    /// the same bytes, and the same work (no cache hit for one of them).
    @Test func notFoundIsNeverKept() async throws {
        let fixture = try ArchivePagesTests.populated()
        let site = try fixture.site()
        let links = ArchiveLinks(basePath: "/")
        for _ in 0..<3 {
            for url in [links.message("never-sent@example.org"), links.message("secret@example.org"), links.thread("secret@example.org"),
                        links.subIssue("hr"), links.subIssue("nope"), "/no/such/page"] {
                #expect(Self.get(site, url).status == .notFound, "\(url)")
            }
        }
        #expect(site.pageCache.usage.pages == 0)
        #expect(Self.get(site, links.message("root/1@example.org")).status == .ok)
        #expect(site.pageCache.usage.pages == 1)
    }

    /// A page asked for inside a signed-in member's request (their name and form token in it) is
    /// neither kept nor served from what was kept for others.
    @Test func aSignedInMembersPagesAreNeverKept() async throws {
        let fixture = try ArchivePagesTests.populated()
        let site = try fixture.site()
        let anonymous = Self.get(site, "/s/cycling/")
        #expect(site.pageCache.usage.pages == 1)
        let bar = SignedInBar(name: "Alice Example", formToken: "token-of-alice")
        let signedIn = SignedInBar.$current.withValue(bar) {
            Self.get(site, "/s/cycling/", viewer: .member(address: "alice@example.org", isCore: false, admittedTo: []))
        }
        #expect(signedIn.text.contains("token-of-alice"))
        #expect(!anonymous.text.contains("token-of-alice"))
        let afterwards = SignedInBar.$current.withValue(bar) { Self.get(site, "/m/root%2F1@example.org/") }
        #expect(afterwards.status == .ok)
        #expect(site.pageCache.usage.pages == 1)
        #expect(!Self.get(site, "/s/cycling/").text.contains("token-of-alice"))
    }

    /// A post recorded after a page was kept shows on it at the next request.
    @Test func aNewPostShowsAtOnce() async throws {
        let fixture = try ArchivePagesTests.populated()
        let site = try fixture.site()
        let urls = ["/", "/s/cycling/", "/feed.atom", "/search?q=tandem"]
        var before = [String: [UInt8]]()
        for url in urls {
            before[url] = Self.get(site, url).bytes
            #expect(Self.get(site, url).bytes == before[url], "\(url), kept")
        }
        #expect(site.pageCache.usage.pages == urls.count)
        try fixture.add(ArchiveFixture.message(id: "tandem@example.org", subject: "Tandem parking", body: "Where do tandem bikes go?"))
        for url in urls {
            let page = Self.get(site, url)
            #expect(page.bytes != before[url], "\(url) is the page from before the post")
            if url != "/" { #expect(page.text.contains("Tandem parking"), "\(url)") }
        }
    }

    static func answer(_ size: Int, status: HTTPResponse.Status = .ok) -> ArchiveAnswer {
        ArchiveAnswer(status: status, contentType: "text/html", cacheControl: "no-cache", bytes: Array(repeating: 65, count: size))
    }

    static func key(_ number: Int, admitted: Set<String> = []) -> PageCache.Key {
        PageCache.Key(page: .route(.subIssue("s\(number)", page: 1)),
                      scope: ArchiveScope(includeProtected: false, protectedSubIssues: ["hr"], admittedSubIssues: admitted))
    }

    /// The budget holds; the least recently used page goes first; a page too big for it, an
    /// unknown generation or a page drawn before the latest change is never kept.
    @Test func staysWithinItsBudgetLeastRecentlyUsedFirst() {
        let cost = 1_000 + "text/html".utf8.count + PageCache.overhead
        let cache = PageCache(budget: cost * 8)
        for number in 1...8 {
            #expect(cache.answer(for: Self.key(number), generation: 7) == nil)
            cache.keep(Self.answer(1_000), for: Self.key(number), generation: 7)
        }
        #expect(cache.usage == (8, cost * 8))
        #expect(cache.answer(for: Self.key(1), generation: 7) != nil)  // 1 is now the most recent
        cache.keep(Self.answer(1_000), for: Self.key(9), generation: 7)
        #expect(cache.usage == (8, cost * 8))
        #expect(cache.answer(for: Self.key(2), generation: 7) == nil, "the least recently used went")
        for number in [1] + Array(3...9) { #expect(cache.answer(for: Self.key(number), generation: 7) != nil, "\(number)") }
        // The same route for another scope is another page.
        #expect(cache.answer(for: Self.key(1, admitted: ["hr"]), generation: 7) == nil)
        cache.keep(Self.answer(1_001), for: Self.key(10), generation: 7)  // over an eighth of the budget
        cache.keep(Self.answer(500, status: .notFound), for: Self.key(11), generation: 7)
        cache.keep(Self.answer(500), for: Self.key(12), generation: nil)
        cache.keep(Self.answer(500), for: Self.key(13), generation: 6)
        for number in 10...13 { #expect(cache.answer(for: Self.key(number), generation: 7) == nil, "\(number)") }
        // The store changed: everything goes, and an unknown generation serves nothing.
        #expect(cache.answer(for: Self.key(1), generation: nil) == nil)
        #expect(cache.answer(for: Self.key(1), generation: 8) == nil)
        #expect(cache.usage == (0, 0))
    }
}
