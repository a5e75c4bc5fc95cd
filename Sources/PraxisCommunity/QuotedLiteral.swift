import PraxisMail

/// Text as a double-quoted literal in the syntax JSON and YAML share, so that reading it back
/// gives exactly the text: `JSONWriter`'s strings and the values `praxis init` writes into
/// `praxis.yaml` both come from here.
public enum QuotedLiteral {
    /// Quote and backslash escaped, and every character a reader would fold, drop or refuse as
    /// a `\uXXXX` escape (or `\n`, `\r`, `\t`): C0 and C1 controls, DEL, the line and paragraph
    /// separators, the byte-order mark.
    public static func of(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `of(text)`'s UTF-8 appended to `bytes`, made byte by byte: `praxis parse --json` quotes
    /// megabytes of text, and going through `Character` or `Unicode.Scalar` cost it most of its time.
    /// A String's UTF-8 is always well formed, so the characters to escape are found by their
    /// bytes: C0 and DEL as one byte, C1 as C2 80–9F, U+2028 and U+2029 as E2 80 A8–A9, the
    /// byte-order mark as EF BB BF.
    public static func append(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            bytes.reserveCapacity(bytes.count + utf8.count + 2)
            bytes.append(UInt8(ascii: "\""))
            var index = 0
            var plainStart = 0
            while index < utf8.count {
                let byte = utf8[index]
                var escapeLength = 0
                var scalar: UInt32 = 0
                switch byte {
                case 0x22, 0x5c, 0x00..<0x20, 0x7f:
                    escapeLength = 1
                    scalar = UInt32(byte)
                case 0xc2 where index + 1 < utf8.count && (0x80...0x9f).contains(utf8[index + 1]):
                    escapeLength = 2
                    scalar = UInt32(utf8[index + 1])
                case 0xe2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (0xa8...0xa9).contains(utf8[index + 2]):
                    escapeLength = 3
                    scalar = 0x2000 + UInt32(utf8[index + 2] - 0x80)
                case 0xef where index + 2 < utf8.count && utf8[index + 1] == 0xbb && utf8[index + 2] == 0xbf:
                    escapeLength = 3
                    scalar = 0xfeff
                default:
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<index]))
                appendEscape(scalar, to: &bytes)
                index += escapeLength
                plainStart = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<utf8.count]))
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// The escape of one character that must not appear raw.
    private static func appendEscape(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0x22: bytes += [0x5c, 0x22]
        case 0x5c: bytes += [0x5c, 0x5c]
        case 0x0a: bytes += [0x5c, UInt8(ascii: "n")]
        case 0x0d: bytes += [0x5c, UInt8(ascii: "r")]
        case 0x09: bytes += [0x5c, UInt8(ascii: "t")]
        default:
            bytes += [0x5c, UInt8(ascii: "u")]
            HexDigits.append(UInt8(truncatingIfNeeded: scalar >> 8), to: &bytes)
            HexDigits.append(UInt8(truncatingIfNeeded: scalar), to: &bytes)
        }
    }

    /// A character a reader would fold, drop or refuse raw: C0 and C1 controls, DEL, the line
    /// and paragraph separators, the byte-order mark.
    public static func breaksOrVanishes(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF
    }
}
