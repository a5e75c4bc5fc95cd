import Foundation
import Testing
@testable import PraxisMail

@Suite struct TransferEncodingTests {
    typealias Support = ComposeTestSupport

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    // RFC 4648 §10 test vectors, each line ended by CRLF.
    @Test(arguments: [
        ("", ""), ("f", "Zg==\r\n"), ("fo", "Zm8=\r\n"), ("foo", "Zm9v\r\n"),
        ("foob", "Zm9vYg==\r\n"), ("fooba", "Zm9vYmE=\r\n"), ("foobar", "Zm9vYmFy\r\n"),
    ])
    func base64Vectors(input: String, expected: String) {
        #expect(Self.text(TransferEncoding.base64(Array(input.utf8))) == expected)
        #expect(Self.text(TransferEncoding.base64(Array(input.utf8), lineLength: 0))
            == expected.replacingOccurrences(of: "\r\n", with: ""))
    }

    @Test func base64BreaksLinesAt76() {
        let exact = TransferEncoding.base64([UInt8](repeating: 0xFF, count: 57))
        #expect(Self.text(exact) == String(repeating: "/", count: 76) + "\r\n")
        let over = TransferEncoding.base64([UInt8](repeating: 0, count: 58))
        #expect(Self.text(over) == String(repeating: "A", count: 76) + "\r\nAA==\r\n")
    }

    @Test(arguments: [(10, 8), (1, 4), (-5, 0), (5000, 996)])
    func base64LineLengthIsClamped(requested: Int, effective: Int) {
        let encoded = Self.text(TransferEncoding.base64([UInt8](repeating: 7, count: 3000), lineLength: requested))
        let lines = encoded.split(separator: "\r\n")
        if effective == 0 {
            #expect(lines.count == 1 && !encoded.hasSuffix("\r\n"))
        } else {
            #expect(lines.dropLast().allSatisfy { $0.utf8.count == effective })
            #expect(lines.last.map { $0.utf8.count <= effective } == true)
        }
    }

    /// Foundation's encoder is the oracle for every length around the quantum and line boundaries.
    @Test func base64MatchesFoundation() {
        var random = Support.SeededRandom(state: 42)
        for count in Array(0...300) + [100_000] {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            let ours = Self.text(TransferEncoding.base64(bytes))
            var expected = Data(bytes).base64EncodedString(
                options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            if !expected.isEmpty { expected += "\r\n" }
            #expect(ours == expected, "length \(count)")
            #expect(TransferEncoding.base64Length(ofByteCount: count) == ours.utf8.count)
        }
    }

    @Test func base64AcceptsNonContiguousCollections() {
        let bytes: [UInt8] = Array(0...255)
        let lazy = bytes.lazy.map { $0 }
        #expect(TransferEncoding.base64(lazy) == TransferEncoding.base64(bytes))
        #expect(TransferEncoding.base64(bytes[10..<20]) == TransferEncoding.base64(Array(bytes[10..<20])))
    }

    // Expected values checked against RFC 2045 §6.7 by hand; those without "From "/"." rules also
    // match Python's quopri.encodestring (with CRLF line ends).
    @Test(arguments: [
        ("hello", "hello"),
        ("a=b", "a=3Db"),
        ("trailing \n", "trailing=20\r\n"),
        ("tab\t", "tab=09"),
        ("in ner", "in ner"),
        ("From here\n", "=46rom here\r\n"),
        ("x From y", "x From y"),
        ("From", "From"),
        (".\n", "=2E\r\n"),
        ("..", "=2E."),
        ("a.b", "a.b"),
        ("Grüße", "Gr=C3=BC=C3=9Fe"),
        ("nul\u{0}", "nul=00"),
        ("a\rb\nc\r\nd\n\r", "a\r\nb\r\nc\r\nd\r\n\r\n"),
        ("del\u{7F}", "del=7F"),
        ("", ""),
    ])
    func quotedPrintableFixtures(input: String, expected: String) {
        #expect(Self.text(TransferEncoding.quotedPrintable(Array(input.utf8))) == expected)
    }

    @Test func quotedPrintableSoftBreaks() {
        let x76 = String(repeating: "x", count: 76)
        #expect(Self.text(TransferEncoding.quotedPrintable(Array(x76.utf8))) == x76)
        let x77 = String(repeating: "x", count: 77)
        #expect(Self.text(TransferEncoding.quotedPrintable(Array(x77.utf8)))
            == String(repeating: "x", count: 75) + "=\r\nxx")
        // After a soft break, "From " and "." at the start of the new line are escaped too.
        let from = String(repeating: "x", count: 75) + "From x"
        #expect(Self.text(TransferEncoding.quotedPrintable(Array(from.utf8)))
            == String(repeating: "x", count: 75) + "=\r\n=46rom x")
        let dot = String(repeating: "x", count: 75) + "..\n"
        #expect(Self.text(TransferEncoding.quotedPrintable(Array(dot.utf8)))
            == String(repeating: "x", count: 75) + "=\r\n=2E.\r\n")
        // The line's last character may use column 76, so no break (and no "." at a line start).
        let lastDot = String(repeating: "x", count: 75) + ".\n"
        #expect(Self.text(TransferEncoding.quotedPrintable(Array(lastDot.utf8))) == lastDot.replacingOccurrences(of: "\n", with: "\r\n"))
        // An escape is never split across a soft break.
        let escapes = String(repeating: "x", count: 74) + "éé"
        #expect(Self.text(TransferEncoding.quotedPrintable(Array(escapes.utf8)))
            == String(repeating: "x", count: 74) + "=\r\n=C3=A9=C3=A9")
    }

    /// Random bytes rich in the troublesome cases: the output obeys every line rule and decodes back
    /// to the input with CRLF line ends.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func quotedPrintableInvariants(seed: UInt64) {
        var random = Support.SeededRandom(state: seed)
        let alphabet: [[UInt8]] = [
            [0x20], [0x09], [0x0D], [0x0A], [0x0D, 0x0A], [0x00], [0xC3, 0xA9], [0xFF], [UInt8(ascii: "=")],
            [UInt8(ascii: ".")], Array("From ".utf8), Array("word".utf8), [UInt8(ascii: "x")],
        ]
        var input: [UInt8] = []
        for _ in 0..<20_000 { input += alphabet[Int(random.next(upperBound: UInt64(alphabet.count)))] }
        let encoded = TransferEncoding.quotedPrintable(input)
        #expect(encoded.allSatisfy { $0 == 0x0D || $0 == 0x0A || (0x20...0x7E).contains($0) || $0 == 0x09 })
        let lines = Self.text(encoded).components(separatedBy: "\r\n")
        for line in lines {
            #expect(line.utf8.count <= 76)
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
            #expect(!line.hasPrefix(".") && !line.hasPrefix("From "))
            #expect(!line.contains("\r") && !line.contains("\n"))
        }
        #expect(Support.decodeQuotedPrintable(encoded) == TransferEncoding.normalizedLineEnds(input))
    }

    @Test func quotedPrintableOfAMegabyteOfEscapes() {
        let input = [UInt8](repeating: UInt8(ascii: "="), count: 1 << 20)
        let encoded = TransferEncoding.quotedPrintable(input)
        // 25 escapes (75 characters) and a soft break per line.
        #expect(encoded.count == (1 << 20) * 3 + ((1 << 20) / 25) * 3 - ((1 << 20) % 25 == 0 ? 3 : 0))
        #expect(Support.decodeQuotedPrintable(encoded) == input)
    }

    @Test(arguments: [
        ("", ""), ("a", "a"), ("a\n", "a\r\n"), ("a\r", "a\r\n"), ("a\r\n", "a\r\n"),
        ("\n\n", "\r\n\r\n"), ("\r\r\n", "\r\n\r\n"), ("\n\r", "\r\n\r\n"), ("x\u{0}y", "x\u{0}y"),
    ])
    func lineEndNormalisation(input: String, expected: String) {
        #expect(Self.text(TransferEncoding.normalizedLineEnds(Array(input.utf8))) == expected)
    }
}
