import Foundation
import Testing
@testable import PraxisCommunity

@Suite("Search query language")
struct SearchQueryTests {
    static func day(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text + "T00:00:00Z") else {
            Issue.record("bad fixture day \(text)")
            return Date(timeIntervalSince1970: 0)
        }
        return date
    }

    /// What readers type that looks like FTS5 (or any search engine's) syntax: all of it is text.
    static let hostile: [(String, [SearchQuery.Term])] = [
        ("foo OR bar", [.word("foo"), .word("OR"), .word("bar")]),
        ("NEAR(foo bar)", [.word("NEAR(foo"), .word("bar)")]),
        ("-foo ^bar", [.word("-foo"), .word("^bar")]),
        ("subject:foo text:bar", [.word("subject:foo"), .word("text:bar")]),
        ("{subject text}: foo", [.word("{subject"), .word("text}:"), .word("foo")]),
        ("\"unbalanced quote", [.phrase("unbalanced quote")]),
        ("a \"b\"\"c\" d", [.word("a"), .phrase("b"), .phrase("c"), .word("d")]),
        ("nul\u{0}byte", [.word("nul"), .word("byte")]),
        ("tab\tand\r\nnewline", [.word("tab"), .word("and"), .word("newline")]),
        ("a*b **c* d**", [.word("a*b"), .prefix("**c"), .prefix("d")]),
        ("from: alone", [.word("from:"), .word("alone")]),
        ("unknown:operator", [.word("unknown:operator")]),
        ("'single' `back`", [.word("'single'"), .word("`back`")]),
        ("ñandú Müller", [.word("ñandú"), .word("Müller")]),
        ("\"  spaced   phrase \"", [.phrase("spaced phrase")]),
        ("\"prefix phr\"*", [.prefix("prefix phr")]),
    ]

    @Test(arguments: hostile)
    func syntaxIsText(text: String, expected: [SearchQuery.Term]) throws {
        let query = try SearchQuery(parsing: text)
        #expect(query.terms == expected)
        #expect(query.authors.isEmpty && query.subIssues.isEmpty)
        #expect(query.notBefore == nil && query.datedBefore == nil)
    }

    /// Nothing to search for: no term, and the reader is told so.
    static let empty: [(String, [String])] = [
        ("", []),
        ("   \t ", []),
        ("-- () * ** \"\" \"  \"", ["--", "()", "*", "**", "\"\"", "\"  \""]),
        ("sub:cycling", []),
        ("before:2004-01-01 after:2003-01-01", []),
        ("from:-- ^", ["from:--", "^"]),
        ("\u{0}\u{0}\u{1}", []),
    ]

    @Test(arguments: empty)
    func nothingToSearchForIsSaid(text: String, ignored: [String]) throws {
        let query = try SearchQuery(parsing: text)
        #expect(!query.isSearchable)
        #expect(query.terms.isEmpty && query.authors.isEmpty)
        #expect(query.ignored == ignored)
        #expect(query.notices.first?.hasPrefix("Nothing to search for") == true)
    }

    @Test func aTenKilobyteQueryKeepsItsFirstTerms() throws {
        let words = (0..<2_000).map { "word\($0)" }
        let text = words.joined(separator: " ") + " \"" + String(repeating: "x", count: 1_000)
        #expect(text.utf8.count > 10_000)
        let query = try SearchQuery(parsing: text)
        #expect(query.terms == words.prefix(SearchQuery.maximumTerms).map { .word($0) })
        #expect(query.leftOut == 2_001 - SearchQuery.maximumTerms)
        #expect(query.notices == ["Only the first 32 terms were searched; 1969 more were left out."])
    }

    static let operators: [(String, SearchQuery)] = [
        ("from:ralf@linux-mips.org", SearchQuery(authors: ["ralf@linux-mips.org"])),
        ("FROM:Ralf mips", SearchQuery(terms: [.word("mips")], authors: ["Ralf"])),
        ("from:\"Ana  Lima\" tender", SearchQuery(terms: [.word("tender")], authors: ["Ana Lima"])),
        ("sub:Cycling lanes", SearchQuery(terms: [.word("lanes")], subIssues: ["cycling"])),
        ("sub:a sub:b x", SearchQuery(terms: [.word("x")], subIssues: ["a", "b"])),
        ("after:2004-02-29 x", SearchQuery(terms: [.word("x")], notBefore: day("2004-02-29"))),
        ("before:2004-03-01 x", SearchQuery(terms: [.word("x")], datedBefore: day("2004-03-01"))),
        // All conditions hold at once, so of two bounds the tighter one counts.
        ("after:2004-01-01 after:2004-06-01 before:2005-01-01 before:2004-09-01 x",
         SearchQuery(terms: [.word("x")], notBefore: day("2004-06-01"), datedBefore: day("2004-09-01"))),
        ("after:1969-12-31 x", SearchQuery(terms: [.word("x")], notBefore: day("1969-12-31"))),
        ("net* \"cache flush\" mips", SearchQuery(terms: [.prefix("net"), .phrase("cache flush"), .word("mips")])),
    ]

    @Test(arguments: operators)
    func operatorsNarrowTheSearch(text: String, expected: SearchQuery) throws {
        #expect(try SearchQuery(parsing: text) == expected)
    }

    static let badDates: [(String, String)] = [
        ("before:2004-13-01", "before: needs a day as YYYY-MM-DD, such as before:2004-03-01, not \"2004-13-01\""),
        ("after:2003-02-29", "after: needs a day as YYYY-MM-DD, such as after:2004-03-01, not \"2003-02-29\""),
        ("before:yesterday", "before: needs a day as YYYY-MM-DD, such as before:2004-03-01, not \"yesterday\""),
        ("after:2004-1-01", "after: needs a day as YYYY-MM-DD, such as after:2004-03-01, not \"2004-1-01\""),
        ("after:+004-01-01", "after: needs a day as YYYY-MM-DD, such as after:2004-03-01, not \"+004-01-01\""),
        ("before:\"2004-01-01\u{7}\"", "before: needs a day as YYYY-MM-DD, such as before:2004-03-01, not \"2004-01-01 \""),
        ("after:" + String(repeating: "9", count: 100),
         "after: needs a day as YYYY-MM-DD, such as after:2004-03-01, not \"" + String(repeating: "9", count: 40) + "…\""),
    ]

    @Test(arguments: badDates)
    func aBadDateIsAClearMessage(text: String, message: String) {
        #expect(throws: CommunityError(.searchQuery, message)) { try SearchQuery(parsing: text) }
    }
}
