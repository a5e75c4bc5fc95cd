/// Decoding of RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header text.
enum EncodedWords {
    /// Decodes an unstructured header value (already unfolded, raw bytes which may contain raw
    /// UTF-8 (RFC 6532) or raw 8-bit bytes) to text: RFC 2047 encoded words, B and Q, with the
    /// language suffix (`=?utf-8*en?Q?...?=`); whitespace between adjacent encoded words dropped;
    /// encoded words split mid-character across adjacent words with the same charset joined
    /// before charset decoding; malformed words left as they are; raw 8-bit bytes decoded as
    /// UTF-8 when valid, else windows-1252. Also used for display names and parameter values.
    ///
    /// CR, LF and NUL produced by decoding a word become spaces, so that a decoded value can
    /// never smuggle a line break into a header written downstream. Defects: `8bit-header`
    /// (raw bytes that are not UTF-8), `whitespace-in-encoded-word`, `control-in-encoded-word`,
    /// `bad-encoded-word-base64`, plus the charset defects of ``Charset/decode(_:label:defects:)``.
    static func decode(_ raw: ArraySlice<UInt8>, defects: inout [MailDefect]) -> String {
        if !mayContainEncodedWord(raw) {
            if Charset.isASCII(raw) { return String(decoding: raw, as: UTF8.self) }
            return decodeRawText(raw, defects: &defects)
        }

        var result = ""
        result.reserveCapacity(raw.count)
        var literalStart = raw.startIndex
        var cursor = raw.startIndex
        // A run of adjacent words of one charset, waiting to be decoded as one byte string.
        var pending: (charset: Substring, bytes: [UInt8])?
        var sawWord = false

        func flushPending(_ defects: inout [MailDefect]) {
            guard let run = pending else { return }
            pending = nil
            let label = run.charset.isEmpty ? nil : String(run.charset)
            var text: String
            if label == nil {
                text = Charset.decodeGuessingUTF8(run.bytes[...])
            } else {
                text = Charset.decode(run.bytes[...], label: label, defects: &defects)
            }
            if text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) {
                defects.append(MailDefect("control-in-encoded-word",
                                          "An encoded word decodes to CR, LF or NUL; replaced by a space."))
                text = String(String.UnicodeScalarView(text.unicodeScalars.map {
                    $0 == "\r" || $0 == "\n" || $0 == "\0" ? " " : $0
                }))
            }
            result += text
        }

        while cursor < raw.endIndex {
            guard raw[cursor] == UInt8(ascii: "="),
                  raw.index(after: cursor) < raw.endIndex,
                  raw[raw.index(after: cursor)] == UInt8(ascii: "?"),
                  let word = parseWord(raw, at: cursor, defects: &defects)
            else {
                cursor = raw.index(after: cursor)
                continue
            }
            // Text between the previous word and this one: dropped when it is only whitespace
            // (RFC 2047 §6.2), otherwise literal text.
            let between = raw[literalStart..<cursor]
            if sawWord && isAllWhitespace(between) {
                // Adjacent words: nothing to emit.
            } else {
                flushPending(&defects)
                if !between.isEmpty { result += decodeRawText(between, defects: &defects) }
            }
            if let run = pending, sameCharset(run.charset, word.charset) {
                pending?.bytes.append(contentsOf: word.bytes)
            } else {
                flushPending(&defects)
                pending = (word.charset, word.bytes)
            }
            cursor = word.end
            literalStart = word.end
            sawWord = true
        }
        flushPending(&defects)
        if literalStart < raw.endIndex {
            result += decodeRawText(raw[literalStart...], defects: &defects)
        }
        return result
    }

    // MARK: - Words

    private struct Word {
        /// The charset label without its RFC 2231 language suffix.
        var charset: Substring
        var bytes: [UInt8]
        /// Just past the closing `?=`.
        var end: ArraySlice<UInt8>.Index
    }

    /// Parses `=?charset?E?text?=` at `start`, or returns nil when it is not a well-formed word
    /// (the caller then keeps the text literally).
    private static func parseWord(_ raw: ArraySlice<UInt8>, at start: ArraySlice<UInt8>.Index,
                                  defects: inout [MailDefect]) -> Word? {
        let charsetStart = start + 2
        var index = charsetStart
        // Charset names are short tokens; bounding the scan keeps hostile input linear.
        let charsetLimit = min(raw.endIndex, charsetStart + 80)
        while index < charsetLimit {
            let byte = raw[index]
            if byte == UInt8(ascii: "?") { break }
            if byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "=") { return nil }
            index += 1
        }
        guard index < charsetLimit, index + 2 < raw.endIndex, raw[index + 2] == UInt8(ascii: "?") else { return nil }
        let encoding = raw[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        var charsetBytes = raw[charsetStart..<index]
        if let star = charsetBytes.firstIndex(of: UInt8(ascii: "*")) { charsetBytes = charsetBytes[..<star] }
        let textStart = index + 3
        // Encoded text never contains '?' (RFC 2047 §5), so the first '?' must open the closing
        // "?=". Stopping there also keeps the scan linear: the next candidate starts beyond it.
        var textEnd = textStart
        while textEnd < raw.endIndex && raw[textEnd] != UInt8(ascii: "?") { textEnd += 1 }
        guard textEnd + 1 < raw.endIndex, raw[textEnd + 1] == UInt8(ascii: "=") else { return nil }
        let text = raw[textStart..<textEnd]
        var bytes: [UInt8]
        if encoding == UInt8(ascii: "q") {
            bytes = decodeQ(text)
        } else {
            var wordDefects: [MailDefect] = []
            bytes = TransferDecoding.base64(text, defects: &wordDefects)
            if !wordDefects.isEmpty {
                defects.append(MailDefect("bad-encoded-word-base64",
                                          "A B-encoded word is damaged (\(wordDefects.map(\.code).joined(separator: ", "))); decoded what was readable."))
            }
        }
        if text.contains(0x20) || text.contains(0x09) {
            defects.append(MailDefect("whitespace-in-encoded-word", "An encoded word contains whitespace."))
        }
        let charset = Substring(decoding: charsetBytes, as: UTF8.self)
        return Word(charset: charset, bytes: bytes, end: textEnd + 2)
    }

    /// RFC 2047 §4.2 "Q": `_` is a space, `=XX` a byte; a `=` without two hex digits is kept as
    /// it is.
    private static func decodeQ(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            switch byte {
            case UInt8(ascii: "_"):
                output.append(0x20)
                index += 1
            case UInt8(ascii: "="):
                if index + 2 < text.endIndex, let high = TransferDecoding.hexValue(text[index + 1]), let low = TransferDecoding.hexValue(text[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                } else {
                    output.append(byte)
                    index += 1
                }
            default:
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    // MARK: - Plain text

    /// Decodes header text that is not an encoded word. Raw 8-bit header bytes are UTF-8 (RFC 6532);
    /// bytes that are not valid UTF-8 carry no label to decode them by, so they become U+FFFD, as in
    /// Python's email package and most mail clients, rather than a guess that turns other legacy
    /// charsets (KOI8-R, Shift_JIS …) into confident-looking nonsense.
    static func decodeRawText(_ raw: ArraySlice<UInt8>, defects: inout [MailDefect]) -> String {
        // ASCII (nearly every value) is valid UTF-8; checking that first skips the generic validation.
        if Charset.isASCII(raw) { return String(decoding: raw, as: UTF8.self) }
        if let text = String(validating: raw, as: UTF8.self) { return text }
        defects.append(MailDefect("8bit-header",
                                  "Header text holds raw 8-bit bytes that are not UTF-8; they were replaced by U+FFFD."))
        return String(decoding: raw, as: UTF8.self)
    }

    /// Whether `=?` occurs anywhere; when it does not, the value is plain text.
    private static func mayContainEncodedWord(_ raw: ArraySlice<UInt8>) -> Bool {
        raw.withUnsafeBufferPointer { buffer in
            guard buffer.count >= 2 else { return false }
            for index in 0..<(buffer.count - 1) where buffer[index] == UInt8(ascii: "=") {
                if buffer[index + 1] == UInt8(ascii: "?") { return true }
            }
            return false
        }
    }

    private static func isAllWhitespace(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
    }

    private static func sameCharset(_ a: Substring, _ b: Substring) -> Bool {
        a.utf8.elementsEqual(b.utf8) || a.lowercased() == b.lowercased()
    }
}
