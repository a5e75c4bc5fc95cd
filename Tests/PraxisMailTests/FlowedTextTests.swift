import Testing

@testable import PraxisMail

/// One flowed input, its DelSp parameter, and the exact unflowed text.
struct FlowedFixture: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    let delSp: Bool
    let expected: String
    init(_ name: String, _ text: String, delSp: Bool = false, _ expected: String) {
        self.name = name
        self.text = text
        self.delSp = delSp
        self.expected = expected
    }
    var testDescription: String { name }
}

@Suite("FlowedText")
struct FlowedTextTests {
    static let joining: [FlowedFixture] = [
        .init("soft breaks join", "This is a \nflowed \nparagraph.\n", "This is a flowed paragraph.\n"),
        .init("fixed lines stay", "Line one\nLine two\n", "Line one\nLine two\n"),
        .init("paragraphs", "One \ntwo\n\nThree \nfour\n", "One two\n\nThree four\n"),
        .init("CRLF", "a \r\nb\r\n", "a b\n"),
        .init("no final newline", "a \nb", "a b\n"),
        .init("flowed at end of text", "end \n", "end \n"),
        .init("empty text", "", ""),
        .init("only a newline", "\n", "\n"),
        .init("flowed line absorbs the empty line after it", "a \n\nb\n", "a \nb\n"),
        .init("trailing spaces kept when not DelSp", "two  \nspaces\n", "two  spaces\n"),
    ]

    static let delSp: [FlowedFixture] = [
        .init("DelSp joins without the space", "Supercalifragi \nlistic\n", delSp: true, "Supercalifragilistic\n"),
        .init("DelSp no keeps the space", "Supercalifragi \nlistic\n", delSp: false, "Supercalifragi listic\n"),
        .init("DelSp with words", "Hello  \nworld\n", delSp: true, "Hello world\n"),
        .init("DelSp at end of text", "end \n", delSp: true, "end\n"),
        .init("DelSp in quote", "> a \n> b\n", delSp: true, "> ab\n"),
    ]

    static let quoting: [FlowedFixture] = [
        .init("quoted paragraph", "> quoted \n> text\n", "> quoted text\n"),
        .init("unstuffed quote", ">quoted \n>text\n", "> quoted text\n"),
        .init("deep quote", ">>> deep \n>>> line\n", ">>> deep line\n"),
        .init("depth change never joins", "> a \n>> b\n", "> a \n>> b\n"),
        .init("quote then reply", "> q \n> r\nAnswer \nhere\n", "> q r\nAnswer here\n"),
        .init("flowed reply never joins a quote", "Answer \n> quote\n", "Answer \n> quote\n"),
        .init("empty quoted line", ">\n> \n>>\n", ">\n>\n>>\n"),
        .init("spaced quote marks are text", "> > not nested\n", "> > not nested\n"),
    ]

    static let stuffing: [FlowedFixture] = [
        .init("one leading space removed", " From me\n  indented\n", "From me\n indented\n"),
        .init("stuffed quote marker", " >not a quote\n", ">not a quote\n"),
        .init("stuffed flowed line", " a \n b\n", "a b\n"),
    ]

    static let signature: [FlowedFixture] = [
        .init("separator ends a paragraph", "Bye \n-- \nJohn\n", "Bye \n-- \nJohn\n"),
        .init("separator ends a paragraph, DelSp", "Bye \n-- \nJohn\n", delSp: true, "Bye\n-- \nJohn\n"),
        .init("separator never flows", "-- \nJohn \nDoe\n", "-- \nJohn Doe\n"),
        .init("quoted separator", "> text \n> -- \n> sig\n", "> text \n> -- \n> sig\n"),
        .init("stuffed separator", " -- \nsig\n", "-- \nsig\n"),
    ]

    @Test(arguments: joining) func joinsSoftBreaks(_ f: FlowedFixture) {
        #expect(FlowedText.unflow(f.text, delSp: f.delSp) == f.expected)
    }
    @Test(arguments: delSp) func deletesSpaces(_ f: FlowedFixture) {
        #expect(FlowedText.unflow(f.text, delSp: f.delSp) == f.expected)
    }
    @Test(arguments: quoting) func quoteDepth(_ f: FlowedFixture) {
        #expect(FlowedText.unflow(f.text, delSp: f.delSp) == f.expected)
    }
    @Test(arguments: stuffing) func spaceStuffing(_ f: FlowedFixture) {
        #expect(FlowedText.unflow(f.text, delSp: f.delSp) == f.expected)
    }
    @Test(arguments: signature) func signatureSeparator(_ f: FlowedFixture) {
        #expect(FlowedText.unflow(f.text, delSp: f.delSp) == f.expected)
    }

    @Test func thunderbirdReply() {
        let text = """
            On 03.05.21 10:00, Bob wrote:\r
            > Shall we meet at ten, or would the afternoon suit the group \r
            > better?\r
            \r
            Ten is fine for me; I will bring the cycling counts from last \r
            month.\r
            \r
            -- \r
            Anna\r

            """
        let expected = """
            On 03.05.21 10:00, Bob wrote:
            > Shall we meet at ten, or would the afternoon suit the group better?

            Ten is fine for me; I will bring the cycling counts from last month.

            -- 
            Anna

            """
        #expect(FlowedText.unflow(text, delSp: false) == expected)
    }

    // MARK: Hostile input

    @Test func hundredThousandFlowedLinesMakeOneLine() {
        let text = String(repeating: "a \n", count: 100_000) + "end\n"
        #expect(FlowedText.unflow(text, delSp: false) == String(repeating: "a ", count: 100_000) + "end\n")
    }

    @Test func megabyteLineAndDeepQuote() {
        let line = String(repeating: "x", count: 1 << 20)
        #expect(FlowedText.unflow(line, delSp: true) == line + "\n")
        let quotes = String(repeating: ">", count: 100_000)
        #expect(FlowedText.unflow(quotes + " q", delSp: false) == quotes + " q\n")
    }

    @Test(arguments: ["\u{0}", "\r", "\r\r\n", " ", ">", "> ", "-- ", "\u{0} \n\u{0}"])
    func oddBytes(_ text: String) {
        let result = FlowedText.unflow(text, delSp: true)
        #expect(result.utf8.last == 0x0A)  // bytes, since "\r\n" is one Character
        #expect(result.utf8.count <= text.utf8.count + 2)
    }
}
