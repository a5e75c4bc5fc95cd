/// A byte written as two hexadecimal digits: the one way Praxis spells a byte in text. Upper case
/// where the standards write it so (`=XX` of quoted-printable and of RFC 2047's Q encoding, `%XX`
/// of RFC 2231 parameters and RFC 3986 URLs, `\uXXXX` of quoted literals), lower case for the
/// SHA-256 hex of content hashes and store keys.
public enum HexDigits {
    public static let upper: [UInt8] = Array("0123456789ABCDEF".utf8)
    public static let lower: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the two digits of `byte`, upper case unless `lowercase`.
    @inlinable
    public static func append(_ byte: UInt8, to out: inout [UInt8], lowercase: Bool = false) {
        let digits = lowercase ? lower : upper
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }

    /// Appends `%` and the two upper-case digits of `byte` (RFC 3986 §2.1, RFC 2231 §4).
    @inlinable
    public static func appendPercentEncoded(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "%"))
        append(byte, to: &out)
    }

    /// `bytes` as lower-case hex, two digits each.
    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes { append(byte, to: &out, lowercase: true) }
        return String(decoding: out, as: UTF8.self)
    }
}
