import Foundation
import Testing
@testable import PraxisMail

@Suite struct TransferDecodingTests {
    // MARK: base64

    // Expected bytes checked with Python's `email._encoded_words.decode_b` (what `get_payload(
    // decode=True)` uses) and `binascii.a2b_base64`; defect codes are ours.
    @Test(arguments: [
        ("SGVsbG8gV29ybGQ=", "Hello World", [String]()),
        ("SGVs\r\nbG8g V29y\tbGQ=", "Hello World", []),
        ("4pyTIMOgIGxhIG1vZGU=", "✓ à la mode", []),
        ("", "", []),
        ("SGVsbG8gV29ybGQ", "Hello World", ["bad-base64-padding"]),
        ("QQ", "A", ["bad-base64-padding"]),
        ("QUI", "AB", ["bad-base64-padding"]),
        ("QQ=", "A", ["bad-base64-padding"]),
        ("SGVsbG8*gV29ybGQ=", "Hello World", ["bad-base64-characters"]),
        ("SGVsbG8gV29ybGQ==", "Hello World", []),
        ("=QUJD", "ABC", ["bad-base64-padding"]),
        ("Q=Q==", "A", ["bad-base64-padding"]),
        // Python stops at the first complete padding too; what follows is usually a list footer.
        ("SGVsbG8gV29ybGQ=QUJD", "Hello World", ["base64-data-after-padding"]),
        ("QQ==QkM=", "A", ["base64-data-after-padding"]),
        ("QQ==\r\n-- \r\n", "A", []),
        // Python returns the undecoded text here; a lone trailing character carries under 8 bits,
        // so we keep the complete groups and drop it.
        ("QUJDR", "ABC", ["bad-base64-length"]),
        ("QUJD-_", "ABC", ["bad-base64-characters"]),
        ("QUJD-_Q", "ABC", ["bad-base64-characters", "bad-base64-length"]),
    ])
    func base64(_ input: String, _ expected: String, _ codes: [String]) {
        var defects: [MailDefect] = []
        let output = TransferDecoding.base64(Array(input.utf8)[...], defects: &defects)
        #expect(output == Array(expected.utf8))
        #expect(defects.map(\.code) == codes)
    }

    @Test func base64RoundTripsAllByteValuesAtEveryLength() {
        let data = Data((0..<600).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        for length in 0..<64 {
            let slice = data.prefix(length)
            let encoded = Array(slice.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn,
                                                                    .endLineWithLineFeed]).utf8)
            var defects: [MailDefect] = []
            #expect(TransferDecoding.base64(encoded[...], defects: &defects) == Array(slice))
            #expect(defects.isEmpty)
        }
        let encoded = Array(data.base64EncodedString(options: .lineLength64Characters).utf8)
        var defects: [MailDefect] = []
        #expect(TransferDecoding.base64(encoded[...], defects: &defects) == Array(data))
    }

    @Test func base64DecodesOnlyTheSlice() {
        let message = Array("xxQUJDyy".utf8)
        var defects: [MailDefect] = []
        #expect(TransferDecoding.base64(message[2..<6], defects: &defects) == Array("ABC".utf8))
        #expect(defects.isEmpty)
    }

    @Test func base64HostileInput() {
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<(1 << 18)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var defects: [MailDefect] = []
        let output = TransferDecoding.base64(garbage[...], defects: &defects)
        #expect(output.count <= garbage.count / 4 * 3 + 3)
        #expect(defects.count <= 3)

        let nuls = [UInt8](repeating: 0, count: 10_000)
        defects = []
        #expect(TransferDecoding.base64(nuls[...], defects: &defects).isEmpty)
        #expect(defects.map(\.code) == ["bad-base64-characters"])

        let pads = [UInt8](repeating: UInt8(ascii: "="), count: 10_000)
        defects = []
        #expect(TransferDecoding.base64(pads[...], defects: &defects).isEmpty)
    }

    // MARK: quoted-printable

    // Expected bytes checked with Python's `binascii.a2b_qp` / `quopri.decodestring`, except where
    // a comment says we follow RFC 2045 instead.
    @Test(arguments: [
        ("caf=C3=A9", "café", [String]()),
        ("caf=c3=a9", "café", []),
        ("soft=\r\nbreak", "softbreak", []),
        ("soft=\nbreak", "softbreak", []),
        ("end=", "end", []),
        ("line one\r\nline two\r\n", "line one\r\nline two\r\n", []),
        ("plain = sign", "plain = sign", ["bad-quoted-printable-escape"]),
        ("bad=ZZescape", "bad=ZZescape", ["bad-quoted-printable-escape"]),
        ("x=4", "x=4", ["bad-quoted-printable-escape"]),
        ("=", "", []),
        ("", "", []),
        ("keep  =\nspaces", "keep  spaces", []),
        // RFC 2045 §6.7: whitespace after a soft-break '=' was added in transport, so the break
        // still counts (Python keeps "=  " literally here).
        ("soft=  \r\nbreak", "softbreak", []),
        ("soft=\t\nbreak", "softbreak", []),
        // RFC 2045 §6.7 rule 3: trailing whitespace on a line must be deleted (Python keeps it).
        ("trail   \r\nnext", "trail\r\nnext", []),
        ("tab\t\t\nz", "tab\nz", []),
        ("last line  ", "last line", []),
        // An encoded space is content and stays; the literal ones after it go (Python: "a   \nb").
        ("a=20  \nb", "a \nb", []),
        // Python reads "==" as an escaped '='; RFC 2045 says to keep a bad '=' and go on, which
        // makes the following "=41" a valid escape.
        ("eq==41", "eq=A", ["bad-quoted-printable-escape"]),
    ])
    func quotedPrintable(_ input: String, _ expected: String, _ codes: [String]) {
        var defects: [MailDefect] = []
        let output = TransferDecoding.quotedPrintable(Array(input.utf8)[...], defects: &defects)
        #expect(output == Array(expected.utf8), "\(String(decoding: output, as: UTF8.self).debugDescription)")
        #expect(defects.map(\.code) == codes)
    }

    @Test func quotedPrintableKeepsRawEightBitAndNUL() {
        var defects: [MailDefect] = []
        let input: [UInt8] = [0x61, 0x00, 0xE9, 0x3D, 0x30, 0x30, 0x62]
        #expect(TransferDecoding.quotedPrintable(input[...], defects: &defects) == [0x61, 0x00, 0xE9, 0x00, 0x62])
        #expect(defects.isEmpty)
    }

    @Test func quotedPrintableHostileInput() {
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<(1 << 18)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var defects: [MailDefect] = []
        let output = TransferDecoding.quotedPrintable(garbage[...], defects: &defects)
        #expect(output.count <= garbage.count)

        let equals = [UInt8](repeating: UInt8(ascii: "="), count: 100_000)
        defects = []
        #expect(TransferDecoding.quotedPrintable(equals[...], defects: &defects) == [UInt8](repeating: UInt8(ascii: "="),
                                                                                               count: 99_999))
        let spaces = [UInt8](repeating: 0x20, count: 100_000) + [0x0A]
        defects = []
        #expect(TransferDecoding.quotedPrintable(spaces[...], defects: &defects) == [0x0A])
    }
}

@Suite("uudecode")
struct UUDecodingTests {
    @Test(arguments: [
        // Produced by Python's binascii.b2a_uu and checked with `uudecode`.
        ("begin 644 a.txt\n,:&5L;&\\@=V]R;&0*\n`\nend\n", "hello world\n", nil),
        ("begin 644 a.txt\r\n#8V%T\r\n`\r\nend\r\n", "cat", nil),
        ("no begin line\n#8V%T\n", "", "bad-uuencode"),
        ("begin 644 a\n#8V%T\n!!!not uuencode at all {}\n`\nend\n", "cat", "bad-uuencode"),
        ("begin 644 a\n#8V\n`\nend\n", "c`\u{0}", nil),
    ] as [(String, String, String?)])
    func decodes(_ input: String, _ expected: String, _ defect: String?) {
        var defects: [MailDefect] = []
        let output = TransferDecoding.uudecode(Array(input.utf8)[...], defects: &defects)
        #expect(output == Array(expected.utf8))
        #expect(defects.map(\.code) == (defect.map { [$0] } ?? []))
    }
}
