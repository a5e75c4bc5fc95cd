/// Content-Transfer-Encoding encoders for outgoing bodies (RFC 2045 §6).
///
/// Only the encoding direction lives here; decoding incoming bodies is `TransferDecoding`'s job.
enum TransferEncoding {
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A
    private static let base64Alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Quoted-printable lines may hold at most 76 characters (RFC 2045 §6.7 rule 5); a soft break
    /// costs one of them for its `=`.
    static let quotedPrintableLineLength = 76

    /// Base64 of `bytes`, broken into lines of `lineLength` characters, each ended by CRLF.
    ///
    /// `lineLength` is rounded down to a multiple of 4 (so a line never splits a quantum) and kept
    /// within 4...996 so that no line can pass SMTP's 998-octet limit. A `lineLength` of 0 or less
    /// gives one unbroken line with no line end, the form encoded words need.
    static func base64(_ bytes: some Collection<UInt8>, lineLength: Int = 76) -> [UInt8] {
        if let result = bytes.withContiguousStorageIfAvailable({ base64(buffer: $0, lineLength: lineLength) }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { base64(buffer: $0, lineLength: lineLength) }
    }

    /// The length `base64(_:lineLength:)` would return for `count` input bytes, without encoding.
    static func base64Length(ofByteCount count: Int, lineLength: Int = 76) -> Int {
        let characters = (count + 2) / 3 * 4
        guard lineLength > 0, characters > 0 else { return characters }
        let perLine = clampedBase64LineLength(lineLength)
        return characters + (characters + perLine - 1) / perLine * 2
    }

    private static func clampedBase64LineLength(_ lineLength: Int) -> Int {
        min(max(lineLength, 4), 996) / 4 * 4
    }

    private static func base64(buffer source: UnsafeBufferPointer<UInt8>, lineLength: Int) -> [UInt8] {
        let perLine = lineLength > 0 ? clampedBase64LineLength(lineLength) : Int.max
        let capacity = base64Length(ofByteCount: source.count, lineLength: lineLength)
        return base64Alphabet.withUnsafeBufferPointer { alphabet in
            [UInt8](unsafeUninitializedCapacity: capacity) { out, written in
                var o = 0
                var column = 0
                var i = 0
                let n = source.count
                @inline(__always) func put(_ byte: UInt8) {
                    out[o] = byte
                    o += 1
                }
                while i < n {
                    let b0 = Int(source[i])
                    let b1 = i + 1 < n ? Int(source[i + 1]) : 0
                    let b2 = i + 2 < n ? Int(source[i + 2]) : 0
                    put(alphabet[b0 >> 2])
                    put(alphabet[((b0 & 0x03) << 4) | (b1 >> 4)])
                    put(i + 1 < n ? alphabet[((b1 & 0x0F) << 2) | (b2 >> 6)] : UInt8(ascii: "="))
                    put(i + 2 < n ? alphabet[b2 & 0x3F] : UInt8(ascii: "="))
                    i += 3
                    column += 4
                    if column >= perLine {
                        put(cr)
                        put(lf)
                        column = 0
                    }
                }
                // The last line ends with CRLF too, unless it already did or lines were not asked for.
                if column > 0 && perLine != Int.max {
                    put(cr)
                    put(lf)
                }
                written = o
            }
        }
    }

    /// Quoted-printable of text bytes, with every line end (CRLF, lone LF or lone CR) written as CRLF.
    ///
    /// Output lines are at most 76 characters, using soft breaks (`=` CRLF). Beyond RFC 2045's own
    /// rules it also escapes what mail transport is known to damage: a `.` at the start of a line
    /// (a lone "." ends an SMTP DATA section on careless relays) and `F` of "From " at the start of a
    /// line (mbox writers prefix it with `>`). Both checks apply to physical lines, so they also hold
    /// after a soft break. A final line end is written only if the input has one.
    static func quotedPrintable(_ text: [UInt8]) -> [UInt8] {
        // Worst case: every byte escaped (3 characters) plus a soft break for every 25 escapes, and
        // a line end that grows from one byte to two.
        let capacity = text.count * 3 + (text.count / 25 + 1) * 3 + text.count + 16
        return text.withUnsafeBufferPointer { source in
            HexDigits.upper.withUnsafeBufferPointer { hex in
                [UInt8](unsafeUninitializedCapacity: capacity) { out, written in
                    let n = source.count
                    var o = 0
                    var i = 0
                    var column = 0
                    while i < n {
                        let byte = source[i]
                        if byte == cr || byte == lf {
                            out[o] = cr
                            out[o + 1] = lf
                            o += 2
                            column = 0
                            i += (byte == cr && i + 1 < n && source[i + 1] == lf) ? 2 : 1
                            continue
                        }
                        let isLastOnLine = i + 1 == n || source[i + 1] == cr || source[i + 1] == lf
                        let literal: Bool
                        switch byte {
                        case 0x20, 0x09:
                            // Trailing white space is stripped by transports, so it must be escaped.
                            literal = !isLastOnLine
                        case UInt8(ascii: "="):
                            literal = false
                        case UInt8(ascii: "."):
                            literal = column != 0
                        case UInt8(ascii: "F"):
                            literal = !(column == 0 && startsWithFromSpace(source, at: i))
                        case 0x21...0x7E:
                            literal = true
                        default:
                            literal = false
                        }
                        let width = literal ? 1 : 3
                        // Keep room for the `=` of a soft break, except for the line's last
                        // character, which may use the full 76.
                        let limit = isLastOnLine ? quotedPrintableLineLength : quotedPrintableLineLength - 1
                        if column + width > limit {
                            out[o] = UInt8(ascii: "=")
                            out[o + 1] = cr
                            out[o + 2] = lf
                            o += 3
                            column = 0
                            // Re-examine this byte: at a line start "." and "From " need escaping.
                            continue
                        }
                        if literal {
                            out[o] = byte
                            o += 1
                        } else {
                            out[o] = UInt8(ascii: "=")
                            out[o + 1] = hex[Int(byte >> 4)]
                            out[o + 2] = hex[Int(byte & 0x0F)]
                            o += 3
                        }
                        column += width
                        i += 1
                    }
                    written = o
                }
            }
        }
    }

    private static func startsWithFromSpace(_ source: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        i + 4 < source.count
            && source[i + 1] == UInt8(ascii: "r") && source[i + 2] == UInt8(ascii: "o")
            && source[i + 3] == UInt8(ascii: "m") && source[i + 4] == UInt8(ascii: " ")
    }

    /// `bytes` with every line end (CRLF, lone LF, lone CR) made CRLF; nothing else changes.
    static func normalizedLineEnds(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let result = bytes.withContiguousStorageIfAvailable({ normalizedLineEnds(buffer: $0) }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { normalizedLineEnds(buffer: $0) }
    }

    private static func normalizedLineEnds(buffer source: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let n = source.count
        // Count first so the output is allocated once at its exact size.
        var added = 0
        var i = 0
        while i < n {
            let byte = source[i]
            if byte == cr {
                if i + 1 < n && source[i + 1] == lf { i += 1 } else { added += 1 }
            } else if byte == lf {
                added += 1
            }
            i += 1
        }
        if added == 0 { return Array(source) }
        return [UInt8](unsafeUninitializedCapacity: n + added) { out, written in
            var o = 0
            var i = 0
            while i < n {
                let byte = source[i]
                if byte == cr || byte == lf {
                    out[o] = cr
                    out[o + 1] = lf
                    o += 2
                    i += (byte == cr && i + 1 < n && source[i + 1] == lf) ? 2 : 1
                } else {
                    out[o] = byte
                    o += 1
                    i += 1
                }
            }
            written = o
        }
    }
}
