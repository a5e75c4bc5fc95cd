import Testing
@testable import PraxisCommunity

/// `QuotedLiteral` works on UTF-8 bytes for speed; it must write exactly what the definition
/// by Unicode scalars writes (the form it had before), for every character that needs escaping,
/// beside and inside multi-byte text.
@Suite("Quoted literal")
struct QuotedLiteralTests {
    /// The definition, scalar by scalar.
    static func reference(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where QuotedLiteral.breaksOrVanishes(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Scalars at and around every boundary the byte-level escaping looks at.
    static let alphabet: [Unicode.Scalar] = [
        "\u{0}", "\u{1F}", " ", "\"", "\\", "/", "a", "\u{7E}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{FF}",
        "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}", "\u{20A8}", "\u{FEFE}", "\u{FEFF}", "\u{FFFD}", "\u{1F600}",
        "\n", "\r", "\t", "é", "€",
    ]

    @Test func everyBoundaryCharacterIsWrittenAsTheDefinitionSays() {
        for scalar in Self.alphabet {
            let text = "x" + String(scalar) + "y"
            #expect(QuotedLiteral.of(text) == Self.reference(text), "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func randomTextIsWrittenAsTheDefinitionSays() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                text.append(Self.alphabet.randomElement(using: &generator) ?? "a")
            }
            let string = String(text)
            #expect(QuotedLiteral.of(string) == Self.reference(string), "\(Array(string.unicodeScalars))")
        }
    }

    @Test func appendingKeepsWhatWasThere() {
        var bytes = Array("[".utf8)
        QuotedLiteral.append("a\u{2029}", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "[\"a\\u2029\"")
    }
}
