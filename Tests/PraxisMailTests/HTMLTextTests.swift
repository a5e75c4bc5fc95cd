import Foundation
import Testing

@testable import PraxisMail

/// One input and the exact text it must convert to.
struct HTMLFixture: CustomTestStringConvertible, Sendable {
    let name: String
    let html: String
    let text: String
    init(_ name: String, _ html: String, _ text: String) {
        self.name = name
        self.html = html
        self.text = text
    }
    var testDescription: String { name }
}

@Suite("HTMLText")
struct HTMLTextTests {
    static let blocks: [HTMLFixture] = [
        .init("paragraphs", "<p>Hello</p><p>World</p>", "Hello\n\nWorld"),
        .init("divs", "<div>a</div><div>b</div>", "a\nb"),
        .init("br", "a<br>b<br><br>c", "a\nb\n\nc"),
        .init("br self-closing and end", "a<br/>b</br>c", "a\nb\nc"),
        .init("trailing br in block", "<div>a<br></div><div>b</div>", "a\nb"),
        .init("headings", "<h1>Title</h1><p>Body</p><h2>Sub</h2>text", "Title\n\nBody\n\nSub\n\ntext"),
        .init("unclosed blocks", "<p>one<p>two<div>three", "one\n\ntwo\nthree"),
        .init("uppercase tags", "<P>One</P><DIV>Two</DIV><Br>Three", "One\n\nTwo\n\nThree"),
        .init("hr", "a<hr>b", "a\n\n----------\n\nb"),
        .init("at most two blank lines", "a<br><br><br><br><br><br>b", "a\n\n\nb"),
        .init("leading and trailing breaks trimmed", "<br><br><p></p><div>x</div><br><br>", "x"),
        .init(
            "Outlook empty paragraph",
            "<p class=MsoNormal>Hi<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Bye<o:p></o:p></p>",
            "Hi\n\n\nBye"),
    ]

    static let lists: [HTMLFixture] = [
        .init("unordered", "<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        .init("ordered, unclosed li", "<ol><li>one<li>two</ol>", "1. one\n2. two"),
        .init("ordered with start", "<ol start=\"3\"><li>c</li><li>d</li></ol>", "3. c\n4. d"),
        .init(
            "nested", "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>", "- a\n  - b\n- c"),
        .init(
            "nested ordered in unordered", "<p>x</p><ul><li>a<ol><li>b<li>c</ol></ul><p>y</p>",
            "x\n\n- a\n  1. b\n  2. c\n\ny"),
        .init("li outside a list", "<li>stray</li>", "- stray"),
    ]

    static let quotes: [HTMLFixture] = [
        .init(
            "blockquote paragraphs",
            "<p>Intro</p><blockquote><p>Quoted one</p><p>Quoted two</p></blockquote><p>Reply</p>",
            "Intro\n\n> Quoted one\n>\n> Quoted two\n\nReply"),
        .init(
            "nested blockquote", "<blockquote>a<blockquote>b</blockquote>c</blockquote>",
            "> a\n>\n>> b\n>\n> c"),
        .init("br inside blockquote", "<blockquote>a<br>b</blockquote>", "> a\n> b"),
    ]

    static let tables: [HTMLFixture] = [
        .init(
            "rows and cells",
            "<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table>",
            "Name | Age\nAnn | 31"),
        .init(
            "empty layout cells add no separators",
            "<table><tr><td></td><td>only</td><td> </td></tr></table>", "only"),
        .init("text around table", "before<table><tr><td>x</td></tr></table>after", "before\n\nx\n\nafter"),
    ]

    static let entities: [HTMLFixture] = [
        .init("markup entities", "&lt;tag&gt; &amp; &quot;q&quot; &apos;s&apos;", "<tag> & \"q\" 's'"),
        .init(
            "typographic entities",
            "caf&eacute; &hellip; &mdash; &ndash; &laquo;x&raquo; &euro;5 &copy; &Uuml;ber &szlig;",
            "café … — – «x» €5 © Über ß"),
        .init(
            "numeric", "&#65;&#x42;&#X43;&#0;&#xD800;&#x110000;&#150;&#99999999999;&#x1F600;",
            "ABC\u{FFFD}\u{FFFD}\u{FFFD}–\u{FFFD}😀"),
        .init("nbsp keeps spacing", "a&nbsp;&nbsp;b", "a  b"),
        .init("not references", "AT&T &unknown; & &#; &#xZZ; a&b", "AT&T &unknown; & &#; &#xZZ; a&b"),
        .init("legacy without semicolon", "fish &amp chips &lt3 &copy2024 &ampx", "fish & chips <3 ©2024 &x"),
        .init("numeric whitespace collapses", "a&#10;&#32;&#9;b", "a b"),
        .init("ampersand at end", "x &", "x &"),
    ]

    static let dropped: [HTMLFixture] = [
        .init(
            "script with markup inside", "a <script>if (a<b) document.write('</p>')</script> b", "a b"),
        .init("script any case", "<SCRIPT>x</ScRiPt >b", "b"),
        .init("unclosed script", "a<script>var x = 1; <p>never</p>", "a"),
        .init(
            "document head",
            "<html><head><title>T</title><style>p{color:red}</style><meta charset=utf-8></head><body><p>Hi</p></body></html>",
            "Hi"),
        .init("head never closed", "<html><head><title>T</title><p>Body", "Body"),
        .init("template and noscript", "<template><p>t</p></template><noscript>ns</noscript>ok", "ok"),
        .init("comments", "a<!-- hidden <p>x</p> -->b<!---->c<!-->d<!-- x --!>e", "abcde"),
        .init("unclosed comment", "a<!-- never closed <p>x", "a"),
        .init("doctype, CDATA, processing instruction", "<!DOCTYPE html><![CDATA[x]]>y<?xml version='1.0'?>z", "yz"),
        .init("Outlook conditional comment", "<!--[if mso]><p>mso only</p><![endif]-->shown", "shown"),
        .init("Word list markers", "<p><![if !supportLists]>1.<![endif]>item</p>", "1.item"),
        .init("NUL bytes", "a\u{0}b<p>\u{0}</p>", "ab"),
    ]

    static let text: [HTMLFixture] = [
        .init("lone less-than", "1 < 2 and 3 <= 4, a <> b, </>c", "1 < 2 and 3 <= 4, a <> b, c"),
        .init("whitespace collapse", "  Hello \n\t world  ", "Hello world"),
        .init("whitespace in block", "<p>\n  Some   text\n  here\n</p>", "Some text here"),
        .init("inline tags keep words apart", "a <b>bold</b> and<i> italic</i>!", "a bold and italic!"),
        .init(
            "pre keeps whitespace",
            "<p>x</p><pre>\n  line 1\n    line 2\n</pre><p>y   z</p>", "x\n\n  line 1\n    line 2\n\ny z"),
        .init("attribute with > in quotes", "<p title=\"a > b\" data-x='>'>text</p>", "text"),
        .init("tags split over lines", "<p\nclass=\"x\"\n>text</p\n><div\n>a</div\n><div>b", "text\n\na\nb"),
        .init("input ends inside a tag", "text<a href=\"x", "text"),
        .init("input ends after <", "text<", "text<"),
        .init("input ends after </", "text</", "text</"),
        .init("input ends in tag name", "text <b", "text"),
    ]

    static let links: [HTMLFixture] = [
        .init("url as text", "<a href=\"https://example.org\">https://example.org</a>", "https://example.org"),
        .init("url without scheme as text", "<a href=\"https://example.org/\">example.org</a>", "example.org"),
        .init("mailto as text", "<a href=\"mailto:a@b.org\">a@b.org</a>", "a@b.org"),
        .init("differing text", "See <a href=\"https://x.org/p\">the page</a>.", "See the page (https://x.org/p)."),
        .init("javascript never shown", "<a href=\"javascript:alert(1)\">click</a>", "click"),
        .init("javascript with spaces", "<a href=\"  JAVA\tSCRIPT:x\">j</a>", "j"),
        .init("relative and ftp not shown", "<a href=\"/rel\">rel</a> <a href=\"ftp://x\">f</a>", "rel f"),
        .init("uppercase, unquoted", "<A HREF=HTTP://X.ORG>site</A>", "site (HTTP://X.ORG)"),
        .init("legacy name in href stays", "<a href='http://e.org/?x=1&notice=2'>q</a>", "q (http://e.org/?x=1&notice=2)"),
        .init("entities in href", "<a href='http://e.org/?a=1&amp;b=2&copy=3'>q</a>", "q (http://e.org/?a=1&b=2&copy=3)"),
        .init("image-only link shows url", "<a href=\"https://x.org/\"><img src=a.png></a>", "https://x.org/"),
        .init("unclosed link", "<a href=\"https://x.org\">x", "x (https://x.org)"),
        .init("mailto differing text", "<a href=\"mailto:bob@x.org\">Bob</a>", "Bob (mailto:bob@x.org)"),
    ]

    static let images: [HTMLFixture] = [
        .init("alt text", "<img src=x alt=\"A cat\">", "A cat"),
        .init("no alt", "<p>x<img src=y>z</p>", "xz"),
        .init("alt inline", "see <img alt='the &amp; chart'> above", "see the & chart above"),
    ]

    static let realWorld: [HTMLFixture] = [
        .init(
            "Gmail reply",
            """
            <div dir="ltr">Sounds good, see you there.<div><br></div><div>Anna</div></div><br><div class="gmail_quote">\
            <div dir="ltr" class="gmail_attr">On Mon, May 3, 2021 at 10:00 AM Bob &lt;<a href="mailto:bob@example.org">\
            bob@example.org</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;\
            border-left:1px solid rgb(204,204,204);padding-left:1ex"><div dir="ltr">Shall we meet at 10?</div>\
            </blockquote></div>
            """,
            "Sounds good, see you there.\n\nAnna\n\nOn Mon, May 3, 2021 at 10:00 AM Bob <bob@example.org> wrote:\n\n> Shall we meet at 10?"),
        .init(
            "Outlook reply",
            """
            <html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
            <style><!-- p.MsoNormal {margin:0cm;} --></style></head>
            <body lang=DE><div class=WordSection1><p class=MsoNormal>Thanks, agreed.<o:p></o:p></p>
            <p class=MsoNormal><o:p>&nbsp;</o:p></p>
            <div><div style='border:none;border-top:solid #E1E1E1 1.0pt'><p class=MsoNormal><b>From:</b> Bob &lt;bob@example.org&gt;
            <br><b>Sent:</b> Monday, May 3, 2021 10:00 AM<br><b>To:</b> list@example.org<br><b>Subject:</b> Meeting<o:p></o:p></p></div></div>
            <p class=MsoNormal>Shall we meet?<o:p></o:p></p></div></body></html>
            """,
            "Thanks, agreed.\n\n\nFrom: Bob <bob@example.org>\nSent: Monday, May 3, 2021 10:00 AM\nTo: list@example.org\nSubject: Meeting\n\nShall we meet?"),
    ]

    @Test(arguments: blocks) func blockStructure(_ f: HTMLFixture) { #expect(HTMLText.toPlainText(f.html) == f.text) }
    @Test(arguments: lists) func listBullets(_ f: HTMLFixture) { #expect(HTMLText.toPlainText(f.html) == f.text) }
    @Test(arguments: quotes) func blockquotes(_ f: HTMLFixture) { #expect(HTMLText.toPlainText(f.html) == f.text) }
    @Test(arguments: tables) func tableRows(_ f: HTMLFixture) { #expect(HTMLText.toPlainText(f.html) == f.text) }
    @Test(arguments: entities) func characterReferences(_ f: HTMLFixture) {
        #expect(HTMLText.toPlainText(f.html) == f.text)
    }
    @Test(arguments: dropped) func droppedContent(_ f: HTMLFixture) { #expect(HTMLText.toPlainText(f.html) == f.text) }
    @Test(arguments: text) func textAndTokenizing(_ f: HTMLFixture) { #expect(HTMLText.toPlainText(f.html) == f.text) }
    @Test(arguments: links) func linkRendering(_ f: HTMLFixture) { #expect(HTMLText.toPlainText(f.html) == f.text) }
    @Test(arguments: images) func imageAltText(_ f: HTMLFixture) { #expect(HTMLText.toPlainText(f.html) == f.text) }
    @Test(arguments: realWorld) func realWorldMail(_ f: HTMLFixture) { #expect(HTMLText.toPlainText(f.html) == f.text) }

    // MARK: Hostile input

    @Test func hundredThousandNestedDivs() {
        let html = String(repeating: "<div>", count: 100_000) + "deep" + String(repeating: "</div>", count: 100_000)
        #expect(HTMLText.toPlainText(html) == "deep")
    }

    @Test func deepBlockquotesCapTheQuotePrefix() {
        let html = String(repeating: "<blockquote>", count: 100_000) + "x"
        #expect(HTMLText.toPlainText(html) == String(repeating: ">", count: 32) + " x")
    }

    @Test func deepListsCapTheIndent() {
        let html = String(repeating: "<ul><li>", count: 100_000) + "x"
        let text = HTMLText.toPlainText(html)
        #expect(text.hasSuffix("\n" + String(repeating: " ", count: 16) + "- x"))
        #expect(text.utf8.count < 100_000 * 20)
    }

    @Test func megabyteOfMarkupGarbage() {
        // A fixed linear-congruential stream, so a failure can be reproduced.
        let alphabet = Array("<>&#;/\"'= abcpdivscript!-x\n\tAMP".utf8)
        var state: UInt64 = 42
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 20)
        for _ in 0..<(1 << 20) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes.append(alphabet[Int(state >> 33) % alphabet.count])
        }
        let text = HTMLText.toPlainText(String(decoding: bytes, as: UTF8.self))
        #expect(text.utf8.count <= 2 * bytes.count)
    }

    @Test(arguments: [
        ("<!-- ", ""), ("<script>", ""), ("<a href='", ""), ("<", "<"), ("&#", "&#"), ("&amp;", "&"),
    ])
    func megabyteOfOneConstruct(_ piece: String, _ expectedUnit: String) {
        let count = (1 << 20) / piece.utf8.count
        let text = HTMLText.toPlainText(String(repeating: piece, count: count))
        #expect(text == String(repeating: expectedUnit, count: expectedUnit.isEmpty ? 0 : count))
    }

    @Test func manyUnclosedLinks() {
        let html = String(repeating: "<a href='http://x.org/'>", count: 10_000)
        let text = HTMLText.toPlainText(html)
        #expect(text == Array(repeating: "http://x.org/", count: 10_000).joined(separator: " "))
    }

    // MARK: Corpus

    /// Every HTML-looking raw mail file in the shared corpora converts without trapping (headers,
    /// quoted-printable and base64 included: it is as good a source of odd input as any).
    @Test func corpusFilesConvert() throws {
        let roots = ["../shared/corpora/mime", "../shared/corpora/notmuch-maildirs/html"]
        let fileManager = FileManager.default
        var seen = 0
        for root in roots {
            guard let walker = fileManager.enumerator(atPath: root) else {
                print("HTMLText corpus test: skipping \(root), which is absent")
                continue
            }
            while let relative = walker.nextObject() as? String {
                let path = root + "/" + relative
                guard let data = fileManager.contents(atPath: path) else { continue }
                let raw = String(decoding: data, as: UTF8.self)
                guard raw.range(of: "<html", options: .caseInsensitive) != nil else { continue }
                seen += 1
                let text = HTMLText.toPlainText(raw)
                #expect(text.utf8.count <= raw.utf8.count * 2, "\(path)")
            }
        }
        print("HTMLText corpus test: converted \(seen) files")
    }
}
