import PraxisCommunity
import Testing
@testable import PraxisWeb

/// The archive's URLs as pure values: parsing is exact, and every link the archive writes parses
/// back to the page it names, whatever the Message-ID holds.
@Suite("Archive routes")
struct ArchiveRouteTests {
    static let hostileIDs = [
        "a/b@example.org", "x?y#z@example.org", "100%@example.org", "..@example.org", "sp ace@example.org".replacingOccurrences(of: " ", with: "_"),
        "ünïcode@exämple.org", "a+b=c&d;e@example.org", "%2F@example.org", "'quote\"@example.org", "back\\slash@example.org",
    ]

    @Test(arguments: hostileIDs)
    func linksRoundTrip(_ id: String) {
        for base in ["/", "/mobility/"] {
            let links = ArchiveLinks(basePath: base)
            #expect(ArchiveRoute(rawPath: links.message(id), query: nil, basePath: base) == .message(messageID: id))
            #expect(ArchiveRoute(rawPath: links.thread(id), query: nil, basePath: base) == .thread(messageID: id))
            #expect(ArchiveRoute(rawPath: links.threadMbox(id), query: nil, basePath: base) == .threadMbox(messageID: id))
            #expect(ArchiveRoute(rawPath: links.raw(id), query: nil, basePath: base) == .raw(messageID: id))
            #expect(ArchiveRoute(rawPath: links.attachment(id, number: 3, name: "a/b c.pdf"), query: nil, basePath: base)
                == .attachment(messageID: id, number: 3))
            #expect(!links.message(id).dropFirst(base.count + 2).dropLast().contains("/"), "\(id) kept a raw /")
        }
    }

    static let refused: [(path: String, query: String?)] = [
        ("/m/%3Cid@x%3E/", nil), ("/m/id%0A@x/", nil), ("/m/id%20x/", nil), ("/m/%/", nil), ("/m/./", nil), ("/m/../", nil),
        ("/m/id@x", nil), ("/m/id@x/extra/", nil), ("/t/.mbox", nil), ("/s/UPPER/", nil), ("/s/a_b/", nil),
        ("/s/x/", "page=0"), ("/s/x/", "page=-1"), ("/s/x/", "page=1&x=2"), ("/s/x/", "page=9999999"), ("/2004/00/", nil),
        ("/0999/01/", nil), ("/2004/1/", nil), ("/members/ABCDEF00ABCDEF00ABCDEF00ABCDEF00/", nil), ("/other/", nil), ("//", nil),
    ]

    @Test(arguments: refused)
    func malformedPathsAreNoPage(_ example: (path: String, query: String?)) {
        #expect(ArchiveRoute(rawPath: example.path, query: example.query, basePath: "/") == nil, "\(example)")
    }

    static let accepted: [(path: String, query: String?, route: ArchiveRoute)] = [
        ("/", nil, .home), ("/style.css", nil, .stylesheet), ("/feed.atom", nil, .feed),
        ("/s/cycling/", nil, .subIssue("cycling", page: 1)), ("/s/cycling/", "page=3", .subIssue("cycling", page: 3)),
        ("/s/cycling/feed.atom", nil, .subIssueFeed("cycling")), ("/2004/03/", nil, .month(year: 2004, month: 3)),
        ("/members/0123456789abcdef0123456789abcdef/", nil, .member(key: "0123456789abcdef0123456789abcdef")),
        ("/m/x@y/a/2/name.pdf", nil, .attachment(messageID: "x@y", number: 2)),
    ]

    @Test(arguments: accepted)
    func pagesAreFound(_ example: (path: String, query: String?, route: ArchiveRoute)) {
        #expect(ArchiveRoute(rawPath: example.path, query: example.query, basePath: "/") == example.route)
    }

    @Test func theBasePathIsRequired() {
        #expect(ArchiveRoute(rawPath: "/mobility/", query: nil, basePath: "/mobility/") == .home)
        #expect(ArchiveRoute(rawPath: "/mobility", query: nil, basePath: "/mobility/") == nil)
        #expect(ArchiveRoute(rawPath: "/feed.atom", query: nil, basePath: "/mobility/") == nil)
    }
}

/// A post's text laid out: quotes apart, links only for http(s) and mailto.
@Suite("Reading text")
struct ReadingTextTests {
    static let unlinked = [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", "vbscript:x", "file:///etc/passwd",
        "xhttps://evil.example", "http://", "https://\u{0}evil",
    ]

    @Test(arguments: unlinked)
    func onlyWebAndMailLinksBecomeLinks(_ text: String) {
        let pieces = ReadingText("see \(text) now").blocks.flatMap { $0.lines.flatMap { $0 } }
        #expect(pieces.allSatisfy { $0.link == nil || $0.link?.hasPrefix("https://") == true && !$0.link!.contains("\u{0}") },
                "\(text): \(pieces)")
        #expect(pieces.map(\.text).joined().contains(text.prefix(4)))
    }

    static let linked: [(text: String, link: String)] = [
        ("Read https://example.org/a_(b).", "https://example.org/a_(b)"),
        ("(see http://x.example/?q=1&r=2)", "http://x.example/?q=1&r=2"),
        ("Mail mailto:alice@example.org, please", "mailto:alice@example.org"),
        ("HTTPS://EXAMPLE.ORG/X", "HTTPS://EXAMPLE.ORG/X"),
        ("<https://example.org/\"onmouseover=x>", "https://example.org/"),
    ]

    @Test(arguments: linked)
    func linksEndWhereTheReaderMeansThem(_ example: (text: String, link: String)) {
        let links = ReadingText(example.text).blocks.flatMap { $0.lines.flatMap { $0 } }.compactMap(\.link)
        #expect(links == [example.link])
    }

    /// Cut into pieces, a line keeps every character in order, and links are exactly those a
    /// character-by-character reading finds: two in a row, one right after a colon or a word.
    static let lines: [(line: String, links: [String])] = [
        ("no colon here at all, mhttp//x", []),
        ("Re: time 10:30, ratio 1:2", []),
        ("https://a.example/ https://b.example/", ["https://a.example/", "https://b.example/"]),
        ("(https://a.example/x) mailto:bob@example.org", ["https://a.example/x", "mailto:bob@example.org"]),
        ("see:https://a.example/ and ahttps://no.example/", ["https://a.example/"]),
        ("é:mailto:ana@example.org ühttp://no.example/", ["mailto:ana@example.org"]),
        ("http://x.example/a\tb Mailto:c@example.org", ["http://x.example/a", "Mailto:c@example.org"]),
    ]

    @Test(arguments: lines)
    func piecesKeepTheLineAndFindItsLinks(_ example: (line: String, links: [String])) {
        let pieces = ReadingText.pieces(Substring(example.line))
        #expect(pieces.map(\.text).joined() == example.line)
        #expect(pieces.compactMap(\.link) == example.links)
        #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.link != nil || $1.link != nil }, "plain pieces side by side: \(pieces)")
    }

    /// Cut by bytes, lines are what cutting the characters at "\n" gave: "\r\n" is one
    /// character and does not cut, a line feed before a combining mark or after a prepended
    /// mark still does, and empty lines at either end are kept.
    static let texts = [
        "", "\n", "\n\n", "a\nb", "a\r\nb\r\n", "a\r\r\nb", "\r\n\n", "x\n\u{301}y", "\u{600}\nz", "é\n👩‍👩‍👧\nend\n",
        "> q\r\n>> q\nMAILTO:a@b.example\nHtTpS://x.example/ ok", "\u{212A}ttp://kelvin.example/\nhttp\u{301}://x.example/",
    ]

    @Test(arguments: texts)
    func linesAreCutWhereCharactersWere(_ text: String) {
        let byCharacters = text[...].split(separator: "\n", omittingEmptySubsequences: false)
        #expect(ReadingText.lines(text[...]) == byCharacters)
        for line in byCharacters {
            let scanned = ReadingText.scannedPieces(line)
            #expect(ReadingText.pieces(line) == (ReadingText.mayHoldLink(line) ? scanned : [ReadingText.Piece(text: String(line), link: nil)]))
            if !ReadingText.mayHoldLink(line) { #expect(scanned.allSatisfy { $0.link == nil }, "\(line.debugDescription)") }
        }
    }

    @Test(arguments: ["http:", "HTTPS:", "mailto:", "MailTo:x", "see http://x", "xhttps:y"])
    func aSchemeInAnyCaseMayHoldALink(_ line: String) {
        #expect(ReadingText.mayHoldLink(line[...]))
    }

    @Test(arguments: ["", "Subject: bike lanes", "Signed-off-by: Ralf", "htt:p", "http", "mailt:o", "https//x", "ftp://x", "h\u{301}ttp:"])
    func noSchemeNoLink(_ line: String) {
        #expect(!ReadingText.mayHoldLink(line[...]))
    }

    @Test func plainLinesAreJoinedAndLinkedLinesKept() {
        let text = ReadingText("one\ntwo https://x.example/\nthree\nfour\n\nfive")
        let joined = ArchiveSite.joiningPlainLines(text.blocks[0].lines)
        #expect(joined.map { $0.map(\.text).joined() } == ["one", "two https://x.example/", "three\nfour\n\nfive"])
        #expect(joined.map { $0.compactMap(\.link) } == [[], ["https://x.example/"], []])
        #expect(ArchiveSite.joiningPlainLines([]).isEmpty)
    }

    @Test func quotedLinesFormTheirOwnBlocks() {
        let text = ReadingText("Hello\n\n> quoted one\n>> quoted two\nMy answer\n\n\n> again\n")
        #expect(text.blocks.map(\.isQuote) == [false, true, false, true])
        #expect(text.blocks[1].lines.count == 2)
        #expect(text.blocks[2].lines.map { $0.map(\.text).joined() } == ["My answer"])
    }
}
