/// Decoders for the MIME content transfer encodings that change bytes (RFC 2045 §6).
///
/// Both are tolerant in the way deployed mail readers are: damage is repaired where the intent is
/// clear, kept literally where it is not, and recorded as a defect; they never fail.
enum TransferDecoding {
    /// Tolerant base64: skips whitespace and garbage characters, handles missing or excess padding,
    /// stops at a second '=' run / data after padding sensibly; records defects.
    ///
    /// Decoding ends at the padding that completes a group, as Python's `binascii` does: what
    /// follows padding is most often a footer a list server appended, not more data. Defects (each
    /// at most once): `bad-base64-characters`, `bad-base64-padding`, `base64-data-after-padding`,
    /// `bad-base64-length` (a lone final character, which carries fewer than 8 bits and is dropped).
    static func base64(_ bytes: ArraySlice<UInt8>, defects: inout [MailDefect]) -> [UInt8] {
        var sawGarbage = false
        var sawStrayPadding = false
        var dataAfterPadding = false
        var position = 0 // characters into the current 4-character group
        var accumulator: UInt32 = 0
        var endedByPadding = false

        let capacity = bytes.count / 4 * 3 + 3
        let decoded = [UInt8](unsafeUninitializedCapacity: capacity) { output, initialized in
            var written = 0
            base64Table.withUnsafeBufferPointer { table in
                bytes.withUnsafeBufferPointer { input in
                    var index = 0
                    let count = input.count
                    var pads = 0
                    while index < count {
                        let value = table[Int(input[index])]
                        index += 1
                        if value < 64 {
                            pads = 0
                            accumulator = accumulator << 6 | UInt32(value)
                            position += 1
                            if position == 4 {
                                output[written] = UInt8(truncatingIfNeeded: accumulator >> 16)
                                output[written + 1] = UInt8(truncatingIfNeeded: accumulator >> 8)
                                output[written + 2] = UInt8(truncatingIfNeeded: accumulator)
                                written += 3
                                position = 0
                                accumulator = 0
                            }
                        } else if value == base64Pad {
                            if position < 2 {
                                // '=' where no group can end: noise, skipped as Python does.
                                sawStrayPadding = true
                                continue
                            }
                            pads += 1
                            if position + pads >= 4 {
                                endedByPadding = true
                                break
                            }
                        } else if value == base64Skip {
                            continue
                        } else {
                            sawGarbage = true
                        }
                    }
                    if endedByPadding {
                        while index < count {
                            if table[Int(input[index])] < 64 {
                                dataAfterPadding = true
                                break
                            }
                            index += 1
                        }
                    }
                }
            }
            // A partial group at the end, whether properly padded or not.
            if position == 2 {
                output[written] = UInt8(truncatingIfNeeded: accumulator >> 4)
                written += 1
            } else if position == 3 {
                output[written] = UInt8(truncatingIfNeeded: accumulator >> 10)
                output[written + 1] = UInt8(truncatingIfNeeded: accumulator >> 2)
                written += 2
            }
            initialized = written
        }

        recordBase64Defects(
            garbage: sawGarbage, strayPadding: sawStrayPadding, dataAfterPadding: dataAfterPadding,
            partialGroup: position, endedByPadding: endedByPadding, into: &defects)
        return decoded
    }

    /// The defects `base64` found, each at most once (kept apart from the decoding loop, which is hot).
    private static func recordBase64Defects(
        garbage: Bool, strayPadding: Bool, dataAfterPadding: Bool, partialGroup position: Int, endedByPadding: Bool,
        into defects: inout [MailDefect]
    ) {
        if garbage {
            defects.append(MailDefect("bad-base64-characters",
                                      "Base64 data contains characters outside the base64 alphabet; they were skipped."))
        }
        if position == 1 {
            defects.append(MailDefect("bad-base64-length",
                                      "Base64 data ends with a single character that cannot form a byte; it was dropped."))
        } else if strayPadding || (position > 1 && !endedByPadding) {
            defects.append(MailDefect("bad-base64-padding",
                                      "Base64 data has missing or misplaced '=' padding."))
        }
        if dataAfterPadding {
            defects.append(MailDefect("base64-data-after-padding",
                                      "Base64 data continues after its final padding; the rest was ignored."))
        }
    }

    /// Tolerant quoted-printable: soft line breaks (`=` CRLF / `=` LF, also with trailing whitespace
    /// before the line end), lower-case hex accepted, bad escapes kept literally (as Python does),
    /// trailing whitespace on lines removed per RFC 2045.
    ///
    /// Line ends are kept as they are in the input (CRLF or LF). A bad escape keeps only its `=`
    /// literally and decoding resumes at the next character, as RFC 2045 §6.7 suggests. Defect:
    /// `bad-quoted-printable-escape` (at most once).
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>, defects: inout [MailDefect]) -> [UInt8] {
        var badEscape = false
        let decoded = [UInt8](unsafeUninitializedCapacity: bytes.count) { output, initialized in
            var written = 0
            bytes.withUnsafeBufferPointer { input in
                let count = input.count
                var index = 0
                // Where the run of literal spaces/tabs at the end of the output began; whitespace
                // that came from an escape (=20) is content and is never in this run.
                var trailingWhitespaceStart = 0
                while index < count {
                    let byte = input[index]
                    switch byte {
                    case UInt8(ascii: "="):
                        // Look past optional transport-added whitespace for a line end.
                        var look = index + 1
                        while look < count && (input[look] == 0x20 || input[look] == 0x09) { look += 1 }
                        if look == count || input[look] == 0x0A || input[look] == 0x0D {
                            // A soft line break ('=' ending the data counts as one). Whitespace
                            // before the '=' was protected by it, so it is content now.
                            index = look + 1
                            if look < count && input[look] == 0x0D && index < count && input[index] == 0x0A {
                                index += 1
                            }
                            trailingWhitespaceStart = written
                            continue
                        }
                        if look == index + 1, index + 2 < count,
                           let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                            output[written] = high << 4 | low
                            written += 1
                            trailingWhitespaceStart = written
                            index += 3
                            continue
                        }
                        badEscape = true
                        output[written] = byte
                        written += 1
                        trailingWhitespaceStart = written
                        index += 1
                    case 0x20, 0x09:
                        output[written] = byte
                        written += 1
                        index += 1
                    case 0x0A:
                        written = trailingWhitespaceStart
                        output[written] = byte
                        written += 1
                        trailingWhitespaceStart = written
                        index += 1
                    case 0x0D where index + 1 < count && input[index + 1] == 0x0A:
                        written = trailingWhitespaceStart
                        output[written] = 0x0D
                        output[written + 1] = 0x0A
                        written += 2
                        trailingWhitespaceStart = written
                        index += 2
                    default:
                        output[written] = byte
                        written += 1
                        trailingWhitespaceStart = written
                        index += 1
                    }
                }
                // The last line has trailing whitespace too when the data lacks a final line end.
                written = trailingWhitespaceStart
            }
            initialized = written
        }
        if badEscape {
            defects.append(MailDefect("bad-quoted-printable-escape",
                                      "Quoted-printable data contains '=' not followed by two hex digits; kept literally."))
        }
        return decoded
    }

    /// The value of one hexadecimal digit, either case; nil for anything else.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte &- UInt8(ascii: "A") &+ 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        default: return nil
        }
    }

    /// Whether a body labelled base64 is base64 at all. Mislabelled plain text (seen from
    /// misconfigured gateways) has words separated by spaces on most lines; real base64 never
    /// has white space inside a line. Decoding such text as base64 would turn a readable message
    /// into noise, so the caller keeps it as it is.
    static func looksLikeBase64(_ bytes: ArraySlice<UInt8>) -> Bool {
        var lines = 0
        var linesWithInnerSpace = 0
        var lineStart = bytes.startIndex
        while lineStart < bytes.endIndex && lines < 64 {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            var line = bytes[lineStart..<lineEnd]
            while let last = line.last, last == 32 || last == 9 || last == 13 { line = line.dropLast() }
            while let first = line.first, first == 32 || first == 9 { line = line.dropFirst() }
            if !line.isEmpty {
                lines += 1
                if line.contains(32) || line.contains(9) { linesWithInnerSpace += 1 }
            }
            lineStart = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
        }
        return lines == 0 || linesWithInnerSpace * 2 <= lines
    }

    private static let base64Pad: UInt8 = 0xFE
    private static let base64Skip: UInt8 = 0xFD
    private static let base64Invalid: UInt8 = 0xFF

    /// Value of each byte in the base64 alphabet; whitespace is skipped silently, other bytes are
    /// garbage worth a defect.
    private static let base64Table: [UInt8] = {
        var table = [UInt8](repeating: base64Invalid, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        for space in [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C] { table[space] = base64Skip }
        table[Int(UInt8(ascii: "="))] = base64Pad
        return table
    }()
}
