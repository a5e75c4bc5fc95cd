import Foundation
import Testing
@testable import PraxisMail

/// Oracles shared by the composer's tests: a seeded generator and small reference decoders.
///
/// The decoders are deliberately naive, written straight from RFC 2045/2047, and only ever see the
/// composer's own output; they are not the parser's decoders.
enum ComposeTestSupport {
    /// SplitMix64, so boundaries and IDs are reproducible.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Quoted-printable body decoding: soft breaks vanish, `=XX` becomes the byte, CRLF stays.
    static func decodeQuotedPrintable(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "=") {
                guard i + 2 < bytes.count else { return nil }
                if bytes[i + 1] == 0x0D && bytes[i + 2] == 0x0A {
                    i += 3
                    continue
                }
                guard let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) else { return nil }
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    static func decodeBase64(_ text: some StringProtocol) -> [UInt8]? {
        Data(base64Encoded: String(text), options: .ignoreUnknownCharacters).map { [UInt8]($0) }
    }

    /// Decodes one `=?UTF-8?Q|B?…?=` word; nil when `token` is not one.
    static func decodeEncodedWord(_ token: Substring) -> String? {
        let parts = token.split(separator: "?", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "=", parts[4] == "=", parts[1].uppercased() == "UTF-8" else { return nil }
        let bytes: [UInt8]?
        switch parts[2].uppercased() {
        case "B":
            bytes = decodeBase64(parts[3])
        case "Q":
            let text = Array(parts[3].utf8).map { $0 == UInt8(ascii: "_") ? 0x20 : $0 }
            bytes = decodeQuotedPrintable(text)
        default:
            bytes = nil
        }
        guard let bytes, let decoded = String(validating: bytes, as: UTF8.self) else { return nil }
        return decoded
    }

    /// Unfolds a field body and decodes its encoded words, dropping white space between adjacent
    /// encoded words (RFC 2047 §6.2).
    static func decodeUnstructured(_ value: String) -> String {
        let unfolded = value.replacingOccurrences(of: "\r\n", with: "")
        var result = ""
        var pendingSpace = ""
        var previousWasEncoded = false
        var current = ""
        func flushWord() {
            guard !current.isEmpty else { return }
            if let decoded = decodeEncodedWord(Substring(current)) {
                if !previousWasEncoded { result += pendingSpace }
                result += decoded
                previousWasEncoded = true
            } else {
                result += pendingSpace + current
                previousWasEncoded = false
            }
            pendingSpace = ""
            current = ""
        }
        for character in unfolded {
            if character == " " || character == "\t" {
                flushWord()
                pendingSpace.append(character)
            } else {
                current.append(character)
            }
        }
        flushWord()
        return result + pendingSpace
    }

    /// The encoded words in a field body.
    static func encodedWords(in value: String) -> [Substring] {
        value.replacingOccurrences(of: "\r\n", with: "").split(whereSeparator: { $0 == " " || $0 == "\t" })
            .filter { $0.hasPrefix("=?") && $0.hasSuffix("?=") }
    }

    /// Lines of a field body (first line prefixed by `Name: `), for length checks.
    static func lines(of value: String, fieldName: String) -> [Substring] {
        "\(fieldName): \(value)".split(separator: "\r\n", omittingEmptySubsequences: false)
    }

    /// The header's well-formedness: ASCII only, folds are CRLF plus white space, no bare CR or LF.
    static func isWellFolded(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        for (index, byte) in bytes.enumerated() {
            if byte >= 0x80 || byte == 0 { return false }
            if byte == 0x0D {
                guard index + 2 < bytes.count, bytes[index + 1] == 0x0A,
                      bytes[index + 2] == 0x20 || bytes[index + 2] == 0x09 else { return false }
            }
            if byte == 0x0A && (index == 0 || bytes[index - 1] != 0x0D) { return false }
        }
        return true
    }
}

@Suite struct HeaderEncodingTests {
    typealias Support = ComposeTestSupport

    // Each expected value was checked with Python 3.11's email package (policy.default) decoding
    // "Subject: <value>" back to the input (after CR/LF/NUL → space and trimming).
    @Test(arguments: [
        ("Hello world", "Hello world"),
        ("  padded\t ", "padded"),
        ("two  spaces", "two  spaces"),
        ("Hi\r\nBcc: x@y", "Hi  Bcc: x@y"),
        ("nul\u{0}byte", "nul byte"),
        ("", ""),
        ("Grüße", "=?UTF-8?B?R3LDvMOfZQ==?="),
        ("Parkplätze", "=?UTF-8?Q?Parkpl=C3=A4tze?="),
        ("Grüße aus Köln", "=?UTF-8?B?R3LDvMOfZQ==?= aus =?UTF-8?B?S8O2bG4=?="),
        ("Tag: Grüße aus", "Tag: =?UTF-8?B?R3LDvMOfZQ==?= aus"),
        ("=?utf-8?q?x?=", "=?UTF-8?B?PT91dGYtOD9xP3g/PQ==?="),
        ("Parkplätze Fahrräder", "=?UTF-8?Q?Parkpl=C3=A4tze_Fahrr=C3=A4der?="),
        ("über über", "=?UTF-8?B?w7xiZXIgw7xiZXI=?="),
        ("日本語", "=?UTF-8?B?5pel5pys6Kqe?="),
        ("bell\u{7}", "=?UTF-8?Q?bell=07?="),
    ])
    func unstructuredFixtures(input: String, expected: String) {
        #expect(HeaderEncoding.encodeUnstructured(input, fieldNameLength: 7) == expected)
    }

    @Test func longASCIISubjectFoldsAtSpacesWithin78() {
        let subject = (1...40).map { "word\($0)" }.joined(separator: " ")
        let value = HeaderEncoding.encodeUnstructured(subject, fieldNameLength: 7)
        #expect(value == """
            word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11\r
             word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22\r
             word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33\r
             word34 word35 word36 word37 word38 word39 word40
            """)
        #expect(value.replacingOccurrences(of: "\r\n", with: "") == subject)
    }

    @Test func firstEncodedWordFitsTheFirstLine() {
        let value = HeaderEncoding.encodeUnstructured(String(repeating: "ü", count: 40), fieldNameLength: 7)
        let lines = Support.lines(of: value, fieldName: "Subject")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(Support.decodeUnstructured(value) == String(repeating: "ü", count: 40))
    }

    /// Hostile and awkward text: whatever goes in, the field is folded ASCII within the limits, every
    /// encoded word is at most 75 characters, and decoding gives back the cleaned text.
    // Passed by index: the test log would otherwise print megabytes and raw NULs.
    static let hostileTexts = [
        String(repeating: "x", count: 100_000),
        String(repeating: "Grüße aus Köln ", count: 7000),
        String(repeating: "日本語のテキスト", count: 12_500),
        String(repeating: "👩‍👩‍👧‍👦", count: 300),
        "e" + String(repeating: "\u{301}", count: 500),
        "mixed 日本 ascii 👍🏽 und Ümlaut =?x?= \t tab",
        String(repeating: "a\r\nb\u{0}", count: 5000),
        String(repeating: " ", count: 1000),
        String(decoding: [0x61, 0xFF, 0xC3, 0x62, 0xE2, 0x82], as: UTF8.self),
    ]

    @Test(arguments: hostileTexts.indices)
    func hostileUnstructuredStaysWellFormed(index: Int) {
        let input = Self.hostileTexts[index]
        for fieldNameLength in [7, 30, 76] {
            let value = HeaderEncoding.encodeUnstructured(input, fieldNameLength: fieldNameLength)
            #expect(Support.isWellFolded(value))
            let name = String(repeating: "X", count: fieldNameLength)
            for (number, line) in Support.lines(of: value, fieldName: name).enumerated() {
                // A line passes 78 only when a plain word is that long, or when the field's first
                // word is an encoded word that cannot be moved off the name's line; never 998.
                #expect(line.utf8.count <= 998)
                if line.utf8.count > 78 {
                    #expect(line.split(separator: " ").contains { $0.utf8.count > 60 && !$0.hasPrefix("=?") }
                        || (number == 0 && line.utf8.count <= fieldNameLength + 2 + 75))
                }
            }
            #expect(Support.encodedWords(in: value).allSatisfy { $0.utf8.count <= 75 })
            let cleaned = HeaderEncoding.withoutLineBreaks(input)
                .trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            #expect(Support.decodeUnstructured(value) == cleaned)
        }
    }

    @Test func encodedWordsNeverSplitAGrapheme() {
        let family = "👩‍👩‍👧‍👦"
        let value = HeaderEncoding.encodeUnstructured(String(repeating: family, count: 40), fieldNameLength: 7)
        let words = Support.encodedWords(in: value)
        #expect(words.count > 1)
        for word in words {
            let decoded = Support.decodeEncodedWord(word)
            #expect(decoded.map { $0.allSatisfy { String($0) == family } } == true)
        }
    }

    @Test func oversizedGraphemeIsSplitAtScalars() {
        let zalgo = "e" + String(repeating: "\u{301}", count: 200)
        let value = HeaderEncoding.encodeUnstructured(zalgo, fieldNameLength: 7)
        for word in Support.encodedWords(in: value) {
            #expect(word.utf8.count <= 75)
            #expect(Support.decodeEncodedWord(word) != nil)  // each word is valid UTF-8 on its own
        }
        #expect(Support.decodeUnstructured(value) == zalgo)
    }

    // Checked with Python 3.11: email.headerregistry parses `To: <phrase> <a@b>` back to the name.
    @Test(arguments: [
        ("John Smith", "John Smith"),
        ("Smith, John", "\"Smith, John\""),
        ("John Q. Public", "\"John Q. Public\""),
        ("He said \"hi\" \\ ok", "\"He said \\\"hi\\\" \\\\ ok\""),
        ("a  b", "\"a  b\""),
        ("  Mobility CoP  ", "Mobility CoP"),
        ("Evil\r\nBcc: x@y", "\"Evil  Bcc: x@y\""),
        ("José Müller", "=?UTF-8?B?Sm9zw6kgTcO8bGxlcg==?="),
        ("山田 太郎", "=?UTF-8?B?5bGx55SwIOWkqumDjg==?="),
        ("=?utf-8?q?x?=", "=?UTF-8?B?PT91dGYtOD9xP3g/PQ==?="),
        ("", ""),
        (" \t ", ""),
    ])
    func phraseFixtures(name: String, expected: String) {
        #expect(HeaderEncoding.encodePhrase(name) == expected)
    }

    @Test(arguments: [
        String(repeating: "Ü", count: 5000),
        String(repeating: "n", count: 5000),
        String(repeating: "\\", count: 700),
        "👩‍👩‍👧‍👦 Family",
    ])
    func longOrOddPhrasesStayWithinLimits(name: String) {
        let phrase = HeaderEncoding.encodePhrase(name)
        #expect(!phrase.contains("\r") && !phrase.contains("\n"))
        #expect(phrase.split(separator: " ").allSatisfy { $0.utf8.count <= 900 })
        #expect(Support.encodedWords(in: phrase).allSatisfy { $0.utf8.count <= 75 })
        if phrase.hasPrefix("=?") {
            #expect(Support.decodeUnstructured(phrase) == name)
        }
    }

    @Test func writerFoldsOnlyBeforeWhiteSpace() {
        var writer = HeaderEncoding.FoldedLineWriter(startColumn: 4)
        writer.appendAtom(String(repeating: "a", count: 100), after: "")
        writer.appendAtom("b", after: " ")
        writer.appendAtom("c", after: "")
        #expect(writer.text == String(repeating: "a", count: 100) + "\r\n bc")
    }
}
