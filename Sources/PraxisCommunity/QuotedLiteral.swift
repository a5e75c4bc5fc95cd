/// Text as a double-quoted literal in the syntax JSON and YAML share, so that reading it back
/// gives exactly the text: `JSONWriter`'s strings and the values `praxis init` writes into
/// `praxis.yaml` both come from here.
public enum QuotedLiteral {
    /// Quote and backslash escaped, and every character a reader would fold, drop or refuse as
    /// a `\uXXXX` escape (or `\n`, `\r`, `\t`): C0 and C1 controls, DEL, the line and paragraph
    /// separators, the byte-order mark.
    public static func of(_ text: String) -> String {
        var result = "\""
        result.unicodeScalars.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where breaksOrVanishes(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A character a reader would fold, drop or refuse raw: C0 and C1 controls, DEL, the line
    /// and paragraph separators, the byte-order mark.
    public static func breaksOrVanishes(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF
    }
}
