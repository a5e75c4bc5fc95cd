import Testing
@testable import PraxisMail

@Suite struct HeaderParametersTests {
    struct Fixture: CustomTestStringConvertible, Sendable {
        let raw: [UInt8]
        let value: String
        let parameters: [[String]] // [name, value] pairs, in order
        let defects: [String]
        let note: String

        init(_ raw: String, _ value: String, _ parameters: [[String]], _ defects: [String] = [], _ note: String = "") {
            self.init(bytes: Array(raw.utf8), value, parameters, defects, note)
        }

        init(bytes: [UInt8], _ value: String, _ parameters: [[String]], _ defects: [String] = [], _ note: String = "") {
            self.raw = bytes
            self.value = value
            self.parameters = parameters
            self.defects = defects
            self.note = note
        }

        var testDescription: String { String(decoding: raw.prefix(60), as: UTF8.self) }
    }

    // Expected values checked with Python: `email.message_from_bytes(..., policy=email.policy.default)`
    // (`.params`) and the legacy `Message.get_params()`; `note` says which we follow where they
    // differ, or why we follow neither.
    static let fixtures: [Fixture] = [
        Fixture("text/plain; charset=utf-8", "text/plain", [["charset", "utf-8"]]),
        Fixture("TEXT/Plain (c;x); Charset=UTF-8", "text/plain", [["charset", "UTF-8"]], [], "comment with ';' in the value"),
        Fixture("  multipart/mixed ;\r\n\tboundary=\"----=_Part_1\"", "multipart/mixed", [["boundary", "----=_Part_1"]]),
        Fixture("text/plain; charset=us-ascii (Plain text)", "text/plain", [["charset", "us-ascii"]], [], "new parser"),
        Fixture("attachment; filename=report (final)", "attachment", [["filename", "report"]], [], "new parser"),
        Fixture("attachment; filename=foo (1).pdf", "attachment", [["filename", "foo (1).pdf"]], [],
                "legacy: the parenthesis is part of the name (new parser cuts it to 'foo')"),
        Fixture("attachment; filename=My Document.pdf", "attachment", [["filename", "My Document.pdf"]], [], "legacy"),
        Fixture("text/plain; name=a/b.txt", "text/plain", [["name", "a/b.txt"]]),
        Fixture("text/plain;; charset = \"x y\" ;", "text/plain", [["charset", "x y"]]),
        Fixture("attachment; (c) charset = utf-8", "attachment", [["charset", "utf-8"]], [], "new parser"),
        Fixture("text/plain; charset", "text/plain", [["charset", ""]], ["parameter-missing-value"]),
        Fixture("text/plain; name=\"unterminated", "text/plain", [["name", "unterminated"]], ["unterminated-quoted-string"]),
        Fixture("text/plain; charset=utf-8; charset=latin1", "text/plain", [["charset", "utf-8"]], ["duplicate-parameter"]),
        Fixture("attachment; charset=\"utf-8\" junk; format=flowed", "attachment",
                [["charset", "utf-8"], ["format", "flowed"]], ["parameter-trailing-text"], "new parser"),
        Fixture("attachment; name=\"a \\\"b\\\" c\\\\d\"", "attachment", [["name", "a \"b\" c\\d"]]),
        Fixture("attachment; filename=\"C:\\path\\file.txt\"", "attachment", [["filename", "C:pathfile.txt"]], [],
                "RFC 5322 quoted-pairs: every backslash escapes the next character, as in Python's new parser"),
        Fixture("attachment; filename=\"x-=?utf-8?q?y?=.txt\"", "attachment", [["filename", "x-=?utf-8?q?y?=.txt"]], [],
                "an encoded word inside a word is literal text, as in Python"),
        Fixture("attachment; filename=\"=?utf-8?q?Gr=C3=BC=C3=9Fe?=.txt\"", "attachment", [["filename", "Grüße.txt"]], [],
                "an encoded word starting the value is decoded, as every client does"),
        Fixture("text/plain; =foo; charset=x", "text/plain", [["charset", "x"]], ["parameter-missing-name"]),
        Fixture("filename=\"a.pdf\"", "", [["filename", "a.pdf"]], ["missing-header-value"], "disposition type left out"),
        Fixture("; charset=utf-8", "", [["charset", "utf-8"]]),
        Fixture("multipart/mixed boundary=\"b1\"", "multipart/mixed", [["boundary", "b1"]], ["missing-semicolon"],
                "neither: Python gives up on the header; the boundary is plainly there (found in enmime's corpus)"),
        Fixture("text / plain", "text/plain", []),
        Fixture("text/plain (c) charset=x", "text/plain", [["charset", "x"]], ["missing-semicolon"]),
        Fixture("text/calendar; method=text/calendar", "text/calendar", [["method", "text/calendar"]], [],
                "unquoted values with '/' are taken to ';' (Python: 'text')"),
        Fixture("", "", []),
        Fixture("attachment", "attachment", []),
        // RFC 2047 inside values (non-standard, but what mailers send).
        Fixture("attachment; filename=\"=?utf-8?B?w6kucGRm?=\"", "attachment", [["filename", "é.pdf"]], [], "new parser"),
        Fixture("attachment; filename==?utf-8?B?w6kucGRm?=", "attachment", [["filename", "é.pdf"]], [],
                "neither: Python drops or keeps it raw; every mail client shows é.pdf"),
        Fixture("multipart/mixed; boundary=\"=?utf-8?q?x?=\"", "multipart/mixed", [["boundary", "=?utf-8?q?x?="]], [],
                "legacy: a boundary is matched byte for byte, never decoded"),
        // RFC 2231.
        Fixture("attachment; filename*=iso-8859-1''caf%E9.txt", "attachment", [["filename", "café.txt"]]),
        Fixture("attachment; filename*=utf-8'en'%E2%82%AC", "attachment", [["filename", "€"]]),
        Fixture("attachment; filename*=\"utf-8''%E2%82%AC\"", "attachment", [["filename", "€"]]),
        Fixture("attachment; filename*=%E2%82%AC", "attachment", [["filename", "€"]], [], "new parser"),
        Fixture("attachment; filename*=utf-8'en'%E2%82%AC%ZZ", "attachment", [["filename", "€%ZZ"]], ["bad-percent-escape"]),
        Fixture("attachment; filename*0*=utf-8''%C3; filename*1*=%A9.pdf", "attachment", [["filename", "é.pdf"]], [],
                "a character split across segments"),
        Fixture("attachment; filename*0*=iso-8859-1''caf; filename*1*=%E9; filename*2=\".txt\"", "attachment",
                [["filename", "café.txt"]]),
        Fixture("attachment; filename*1=\"b.pdf\"; filename*0=\"a\"", "attachment", [["filename", "ab.pdf"]]),
        Fixture("attachment; filename*0=\"a\"; filename*2=\"c.pdf\"", "attachment", [["filename", "ac.pdf"]],
                ["missing-parameter-segment"], "legacy (new parser stops at the gap: 'a')"),
        Fixture("attachment; filename*0=\"a\"; filename*0=\"b\"", "attachment", [["filename", "a"]], ["duplicate-parameter"]),
        Fixture("attachment; title*0=\"a\"; title*1*=utf-8''%C3%A9", "attachment", [["title", "autf-8''é"]], [],
                "RFC 2231 §4.1: only segment 0 carries a charset (new parser guesses 'aé')"),
        Fixture("attachment; filename=\"a.pdf\"; filename*=utf-8''b%C3%A9.pdf", "attachment", [["filename", "a.pdf"]],
                ["duplicate-parameter"], "new parser: the first of name and name* wins"),
        Fixture("attachment; filename*=utf-8''b%C3%A9.pdf; filename=\"a.pdf\"", "attachment", [["filename", "bé.pdf"]],
                ["duplicate-parameter"], "new parser"),
        Fixture("attachment; filename*200=x", "attachment", [], ["too-many-parameter-segments"]),
        Fixture("attachment; filename*99999999999999999999=x", "attachment", [], ["too-many-parameter-segments"]),
        Fixture("attachment; filename*199=x", "attachment", [["filename", "x"]], ["missing-parameter-segment"]),
        Fixture("attachment; a*b=x", "attachment", [["a*b", "x"]]),
        // Raw 8-bit values.
        Fixture("attachment; filename=\"Grüße.txt\"", "attachment", [["filename", "Grüße.txt"]], [], "new parser"),
        Fixture(bytes: Array("attachment; filename=\"Gr".utf8) + [0xFC, 0xDF] + Array("e.txt\"".utf8), "attachment",
                [["filename", "Gr\u{FFFD}\u{FFFD}e.txt"]], ["8bit-header"], "not UTF-8: U+FFFD, as in Python (RFC 6532)"),
        Fixture(bytes: Array("text/plain; name=\"a".utf8) + [0] + Array("b\"".utf8), "text/plain", [["name", "a\0b"]]),
    ]

    @Test(arguments: fixtures)
    func parses(_ fixture: Fixture) {
        var defects: [MailDefect] = []
        let parsed = HeaderParameters.parse(fixture.raw[...], defects: &defects)
        #expect(parsed.value == fixture.value)
        #expect(parsed.parameters.map { [$0.name, $0.value] } == fixture.parameters)
        #expect(defects.map(\.code) == fixture.defects)
    }

    @Test func lookupIsCaseInsensitiveAndFirstWins() {
        var defects: [MailDefect] = []
        let parsed = HeaderParameters.parse(Array("text/plain; Charset=utf-8; CHARSET=latin1; Format=flowed".utf8)[...],
                                            defects: &defects)
        #expect(parsed["charset"] == "utf-8")
        #expect(parsed["CHARSET"] == "utf-8")
        #expect(parsed["format"] == "flowed")
        #expect(parsed["delsp"] == nil)
    }

    @Test func parsesOnlyTheSlice() {
        let header = Array("Content-Type: text/plain; charset=koi8-r\r\n".utf8)
        var defects: [MailDefect] = []
        let parsed = HeaderParameters.parse(header[14..<(header.count - 2)], defects: &defects)
        #expect(parsed.value == "text/plain")
        #expect(parsed["charset"] == "koi8-r")
        #expect(defects.isEmpty)
    }

    @Test func boundsTheNumberOfParameters() {
        let raw = "text/plain" + (0..<1000).map { "; p\($0)=v" }.joined()
        var defects: [MailDefect] = []
        let parsed = HeaderParameters.parse(Array(raw.utf8)[...], defects: &defects)
        #expect(parsed.parameters.count == HeaderParameters.maximumParameters)
        #expect(parsed.parameters.last?.name == "p63")
        #expect(defects.map(\.code) == ["too-many-parameters"])
    }

    @Test func manyContinuationSegmentsAreJoinedInOrder() {
        let raw = "attachment" + (0..<200).reversed().map { "; filename*\($0)=\"\($0 % 10)\"" }.joined()
        var defects: [MailDefect] = []
        let parsed = HeaderParameters.parse(Array(raw.utf8)[...], defects: &defects)
        #expect(parsed["filename"] == (0..<200).map { String($0 % 10) }.joined())
        #expect(defects.isEmpty)
    }

    @Test(arguments: [
        String(repeating: ";", count: 200_000),
        String(repeating: "=", count: 200_000),
        String(repeating: "\"", count: 200_001),
        String(repeating: "(", count: 200_000),
        String(repeating: ")", count: 200_000),
        String(repeating: "a*0*=%;", count: 50_000),
        "text/plain; x=\"" + String(repeating: "\\", count: 200_001),
        String(repeating: "a; ", count: 100_000),
    ])
    func hostileInputsNeverCrash(_ raw: String) {
        var defects: [MailDefect] = []
        let parsed = HeaderParameters.parse(Array(raw.utf8)[...], defects: &defects)
        #expect(parsed.parameters.count <= HeaderParameters.maximumParameters)
        #expect(defects.count <= 20)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("a*0=;\"\\()' %E9?_\t".utf8) + [0x00, 0xC3, 0xFF]
        for _ in 0..<300 {
            let raw = (0..<Int.random(in: 0...300, using: &generator)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            }
            var defects: [MailDefect] = []
            let parsed = HeaderParameters.parse(raw[...], defects: &defects)
            #expect(parsed.parameters.count <= HeaderParameters.maximumParameters)
        }
    }
}
