import Foundation
import PraxisCommunity
import PraxisStore
import Testing
@testable import PraxisWeb

/// The ordered matches of recent searches (`SearchMatchCache`): kept per scope and order, dropped
/// when the store changes, bounded by how many searches it holds.
@Suite("Search match cache")
struct SearchMatchCacheTests {
    static let outsiders = ArchiveScope(includeProtected: false, protectedSubIssues: ["hr"])
    static let admitted = ArchiveScope(includeProtected: false, protectedSubIssues: ["hr"], admittedSubIssues: ["hr"])

    static func matches(_ ids: [Int64]) -> SearchMatches { SearchMatches(postIDs: ids, isCapped: false, notices: []) }

    /// Kept for one scope, never given to another (an admitted member's protected hits, then an
    /// outsider asking the same), nor for another order; gone at the next generation; an unknown
    /// generation or one the cache has moved past keeps nothing.
    @Test func keptPerScopeAndOrderUntilTheStoreChanges() {
        let cache = SearchMatchCache(capacity: 4)
        let inside = SearchMatchCache.Key(query: "layoffs", scope: Self.admitted, order: .newest)
        var outside = inside
        outside.scope = Self.outsiders
        var best = inside
        best.order = .best
        #expect(cache.matches(for: inside, generation: 1) == nil)
        cache.keep(Self.matches([7, 3]), for: inside, generation: 1)
        #expect(cache.matches(for: inside, generation: 1) == Self.matches([7, 3]))
        #expect(cache.matches(for: outside, generation: 1) == nil)
        #expect(cache.matches(for: best, generation: 1) == nil)
        #expect(cache.matches(for: inside, generation: nil) == nil)
        #expect(cache.matches(for: inside, generation: 2) == nil, "the store changed")
        #expect(cache.count == 0)
        cache.keep(Self.matches([1]), for: inside, generation: 1)
        #expect(cache.count == 0, "drawn before a change the cache has seen")
        cache.keep(Self.matches([1]), for: inside, generation: nil)
        #expect(cache.count == 0)
    }

    @Test func holdsAtMostItsCapacityLeastRecentlyUsedFirst() {
        let cache = SearchMatchCache(capacity: 3)
        let keys = (0..<5).map { SearchMatchCache.Key(query: "q\($0)", scope: Self.outsiders, order: .newest) }
        _ = cache.matches(for: keys[0], generation: 9)
        for (index, key) in keys.prefix(3).enumerated() { cache.keep(Self.matches([Int64(index)]), for: key, generation: 9) }
        #expect(cache.matches(for: keys[0], generation: 9) != nil)
        cache.keep(Self.matches([3]), for: keys[3], generation: 9)
        #expect(cache.count == 3)
        #expect(cache.matches(for: keys[1], generation: 9) == nil, "the least recently used went")
        #expect(cache.matches(for: keys[0], generation: 9) != nil && cache.matches(for: keys[2], generation: 9) != nil)
        let none = SearchMatchCache(capacity: 0)
        none.keep(Self.matches([1]), for: keys[0], generation: 9)
        #expect(none.count == 0)
    }

    /// A search's first page keeps its matches; a post recorded since shows on a page not asked
    /// for before (so not a kept page), counted.
    @Test func aNewPostShowsOnTheNextPageAskedFor() throws {
        let fixture = try ArchivePagesTests.populated()
        let site = try fixture.site()
        let first = ArchivePagesTests.get(site, "/search?q=tandem")
        #expect(first.status == .ok)
        #expect(site.searchMatchCache.count == 1)
        let before = ArchivePagesTests.get(site, "/search?q=tandem&order=best").text
        #expect(site.searchMatchCache.count == 2)
        try fixture.add(ArchiveFixture.message(id: "tandem@example.org", subject: "Tandem parking", body: "Where do tandem bikes go?"))
        let after = ArchivePagesTests.get(site, "/search?q=tandem&order=best&page=1").text
        #expect(after.contains("Tandem parking") && !before.contains("Tandem parking"))
        #expect(site.searchMatchCache.count == 1, "what was kept before the post is gone")
    }
}
