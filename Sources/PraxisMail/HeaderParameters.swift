/// A Content-Type / Content-Disposition style value: `token/token; name=value; ...`.
///
/// Parsing is tolerant of what real mail does to these headers (RFC 2045 §5.1, RFC 2183, RFC 2231):
/// missing or extra semicolons, unquoted values with spaces, unterminated quotes, comments, broken
/// continuations. It never fails; what it repaired is recorded as defects.
struct HeaderParameters {
    /// The leading value, lower-cased, trimmed: "text/plain", "attachment"; "" when absent.
    var value: String
    /// Parameters in order, names lower-cased, values decoded (RFC 2231 continuations `name*0*=`,
    /// charsets `name*=utf-8'en'%E2%82%AC`, quoted strings with backslash escapes, and — though
    /// non-standard, as every mail client does — RFC 2047 encoded words inside quoted values).
    /// Later duplicates do not override the first.
    ///
    /// `name` and `name*` are the same parameter, so the first of them wins too (as in Python's
    /// `email` package). The `boundary` value is kept byte-exact (never decoded as RFC 2047): it
    /// is a delimiter to match in the body, not text to show.
    var parameters: [(name: String, value: String)]

    /// The value of the first parameter called `name`, compared case-insensitively.
    subscript(_ name: String) -> String? {
        let key = name.lowercased()
        return parameters.first { $0.name == key }?.value
    }

    /// At most this many distinct parameters are kept; the rest of a hostile header is ignored.
    static let maximumParameters = 64
    /// RFC 2231 continuation numbers at or above this are ignored.
    static let maximumSegments = 200

    /// Parses a header value (unfolded, raw bytes).
    ///
    /// Defects: `missing-header-value`, `missing-semicolon`, `parameter-missing-value`, `parameter-missing-name`,
    /// `parameter-trailing-text`, `unterminated-quoted-string`, `unterminated-comment`,
    /// `duplicate-parameter`, `too-many-parameters`, `too-many-parameter-segments`,
    /// `missing-parameter-segment`, `bad-percent-escape`, plus those of charset decoding; each
    /// kind at most once.
    static func parse(_ raw: ArraySlice<UInt8>, defects: inout [MailDefect]) -> HeaderParameters {
        var found: [MailDefect] = []
        let parsed = parseReportingAll(raw, defects: &found)
        // One defect of each kind is enough to describe a header; a hostile one could otherwise
        // produce a defect per byte.
        var seen = Set<String>()
        for defect in found where seen.insert(defect.code).inserted {
            defects.append(defect)
        }
        return parsed
    }

    private static func parseReportingAll(_ raw: ArraySlice<UInt8>, defects: inout [MailDefect]) -> HeaderParameters {
        var scanner = Scanner(bytes: raw)
        var recorder = Recorder()

        let leadingStart = scanner.index
        let leading = scanner.readLeadingValue(defects: &defects)
        var value = leading
        if leading.contains(UInt8(ascii: "=")) && !leading.contains(UInt8(ascii: "/")) {
            // `filename="a.pdf"` with the disposition type left out: read it as a parameter.
            defects.append(MailDefect("missing-header-value", "The header has parameters but no leading value."))
            value = []
            scanner.index = leadingStart
        }

        while scanner.skipSeparators(defects: &defects) {
            guard let parameter = scanner.readParameter(defects: &defects) else { continue }
            recorder.record(parameter, defects: &defects)
        }
        return HeaderParameters(value: String(decoding: value, as: UTF8.self),
                                parameters: recorder.finish(defects: &defects))
    }
}

extension HeaderParameters {
    /// One `name=value` as written, before RFC 2231 assembly and decoding.
    fileprivate struct RawParameter {
        var name: [UInt8]
        var value: [UInt8]
    }

    /// A byte cursor over the header value.
    fileprivate struct Scanner {
        let bytes: ArraySlice<UInt8>
        var index: ArraySlice<UInt8>.Index

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            self.index = bytes.startIndex
        }

        var atEnd: Bool { index >= bytes.endIndex }

        /// The leading value without whitespace and comments, lower-cased; stops before `;`, or
        /// before a `name=` that follows it with the `;` forgotten (`multipart/mixed boundary=x`).
        mutating func readLeadingValue(defects: inout [MailDefect]) -> [UInt8] {
            var out: [UInt8] = []
            var afterWhitespace = false
            while !atEnd {
                let byte = bytes[index]
                if byte == UInt8(ascii: ";") { break }
                if byte == UInt8(ascii: "(") {
                    skipComment(defects: &defects)
                    afterWhitespace = true
                    continue
                }
                if isWhitespace(byte) {
                    afterWhitespace = true
                } else {
                    if afterWhitespace && !out.isEmpty && startsParameter() {
                        defects.append(MailDefect("missing-semicolon",
                                                  "A parameter follows the header value without a ';'."))
                        break
                    }
                    afterWhitespace = false
                    out.append(lowercased(byte))
                }
                index += 1
            }
            return out
        }

        /// Whether a token followed by `=` starts here.
        private func startsParameter() -> Bool {
            var look = index
            while look < bytes.endIndex {
                let byte = bytes[look]
                if byte == UInt8(ascii: "=") { return look > index }
                if isWhitespace(byte) || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "/")
                    || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "(") { return false }
                look += 1
            }
            return false
        }

        /// Skips whitespace, comments and any number of `;`. Returns false at the end.
        mutating func skipSeparators(defects: inout [MailDefect]) -> Bool {
            while !atEnd {
                let byte = bytes[index]
                if byte == UInt8(ascii: ";") || isWhitespace(byte) {
                    index += 1
                } else if byte == UInt8(ascii: "(") {
                    skipComment(defects: &defects)
                } else {
                    return true
                }
            }
            return false
        }

        mutating func skipWhitespaceAndComments(defects: inout [MailDefect]) {
            while !atEnd {
                if isWhitespace(bytes[index]) {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "(") {
                    skipComment(defects: &defects)
                } else {
                    return
                }
            }
        }

        /// Skips a comment, nested comments and quoted pairs included; an unterminated one runs
        /// to the end.
        mutating func skipComment(defects: inout [MailDefect]) {
            var depth = 0
            while !atEnd {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\\") {
                    if !atEnd { index += 1 }
                } else if byte == UInt8(ascii: "(") {
                    depth += 1
                } else if byte == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { return }
                }
            }
            defects.append(MailDefect("unterminated-comment", "A comment in the header is not closed."))
        }

        /// Skips to the next `;` outside quotes (or the end).
        mutating func skipToSemicolon() {
            var quoted = false
            while !atEnd {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { quoted.toggle() }
                if byte == UInt8(ascii: "\\") && quoted { index += 1 }
                if byte == UInt8(ascii: ";") && !quoted { return }
                index += 1
            }
        }

        /// Reads one `name=value`, positioned on a non-separator byte. Returns nil for a piece
        /// with no usable name; the scanner is then past it.
        mutating func readParameter(defects: inout [MailDefect]) -> RawParameter? {
            var name: [UInt8] = []
            while !atEnd {
                let byte = bytes[index]
                if byte == UInt8(ascii: "=") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "(")
                    || byte == UInt8(ascii: "\"") || isWhitespace(byte) { break }
                name.append(lowercased(byte))
                index += 1
            }
            skipWhitespaceAndComments(defects: &defects)
            if name.isEmpty {
                defects.append(MailDefect("parameter-missing-name", "A parameter has no name; it was ignored."))
                if !atEnd { index += 1 }
                skipToSemicolon()
                return nil
            }
            if atEnd || bytes[index] == UInt8(ascii: ";") {
                defects.append(MailDefect("parameter-missing-value",
                                          "Parameter \(Charset.quotedForDetail(String(decoding: name, as: UTF8.self))) has no value."))
                return RawParameter(name: name, value: [])
            }
            guard bytes[index] == UInt8(ascii: "=") else {
                defects.append(MailDefect("parameter-trailing-text",
                                          "Parameter \(Charset.quotedForDetail(String(decoding: name, as: UTF8.self))) is followed by text that is not '='; it was ignored."))
                skipToSemicolon()
                return nil
            }
            index += 1
            skipWhitespaceAndComments(defects: &defects)
            if !atEnd && bytes[index] == UInt8(ascii: "\"") {
                let value = readQuotedString(defects: &defects)
                skipWhitespaceAndComments(defects: &defects)
                if !atEnd && bytes[index] != UInt8(ascii: ";") {
                    defects.append(MailDefect("parameter-trailing-text",
                                              "Text after the quoted value of \(Charset.quotedForDetail(String(decoding: name, as: UTF8.self))) was ignored."))
                    skipToSemicolon()
                }
                return RawParameter(name: name, value: value)
            }
            let start = index
            while !atEnd && bytes[index] != UInt8(ascii: ";") { index += 1 }
            return RawParameter(name: name, value: Self.trimmedUnquoted(bytes[start..<index]))
        }

        /// A quoted string's content, every quoted-pair unescaped (RFC 5322 §3.2.4). A Windows
        /// path written without doubled backslashes loses them, as in Python's email package; the
        /// file name at its end, which is what matters, survives.
        mutating func readQuotedString(defects: inout [MailDefect]) -> [UInt8] {
            index += 1
            var out: [UInt8] = []
            while !atEnd {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return out
                }
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.endIndex {
                    out.append(bytes[index + 1])
                    index += 2
                    continue
                }
                out.append(byte)
                index += 1
            }
            defects.append(MailDefect("unterminated-quoted-string", "A quoted parameter value is not closed."))
            return out
        }

        /// An unquoted value taken up to `;`: trailing whitespace removed, and a trailing comment
        /// (`us-ascii (Plain text)`) removed when it stands apart after whitespace. A parenthesis
        /// inside the value (`foo (1).pdf`) is kept, since such values are names, not comments.
        static func trimmedUnquoted(_ value: ArraySlice<UInt8>) -> [UInt8] {
            var end = value.endIndex
            while end > value.startIndex && isWhitespace(value[end - 1]) { end -= 1 }
            if end > value.startIndex && value[end - 1] == UInt8(ascii: ")") {
                var depth = 0
                var open = end - 1
                while open >= value.startIndex {
                    if value[open] == UInt8(ascii: ")") { depth += 1 }
                    if value[open] == UInt8(ascii: "(") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    open -= 1
                }
                if open > value.startIndex, depth == 0, isWhitespace(value[open - 1]) {
                    end = open
                    while end > value.startIndex && isWhitespace(value[end - 1]) { end -= 1 }
                }
            }
            return Array(value[value.startIndex..<end])
        }
    }

    /// Collects parameters in order of first appearance and assembles RFC 2231 forms.
    fileprivate struct Recorder {
        enum Pending {
            case plain([UInt8])
            case extended([UInt8])
            case segments([Int: (bytes: [UInt8], extended: Bool)])
        }

        var order: [String] = []
        var pending: [String: Pending] = [:]
        var reportedTooMany = false
        var reportedTooManySegments = false

        mutating func record(_ parameter: RawParameter, defects: inout [MailDefect]) {
            let (base, form) = Self.split(parameter.name)
            if case .tooFar = form {
                if !reportedTooManySegments {
                    reportedTooManySegments = true
                    defects.append(MailDefect("too-many-parameter-segments",
                                              "A parameter continuation number is \(HeaderParameters.maximumSegments) or more; it was ignored."))
                }
                return
            }
            if let existing = pending[base] {
                if case .segments(var segments) = existing, case .segment(let number, let extended) = form {
                    if segments[number] != nil {
                        defects.append(MailDefect("duplicate-parameter",
                                                  "Segment \(number) of parameter \(Charset.quotedForDetail(base)) appears twice; the first is kept."))
                        return
                    }
                    segments[number] = (parameter.value, extended)
                    pending[base] = .segments(segments)
                } else {
                    defects.append(MailDefect("duplicate-parameter",
                                              "Parameter \(Charset.quotedForDetail(base)) appears twice; the first is kept."))
                }
                return
            }
            guard order.count < HeaderParameters.maximumParameters else {
                if !reportedTooMany {
                    reportedTooMany = true
                    defects.append(MailDefect("too-many-parameters",
                                              "More than \(HeaderParameters.maximumParameters) parameters; the rest were ignored."))
                }
                return
            }
            switch form {
            case .plain:
                pending[base] = .plain(parameter.value)
            case .extended:
                pending[base] = .extended(parameter.value)
            case .segment(let number, let extended):
                pending[base] = .segments([number: (parameter.value, extended)])
            case .tooFar:
                return
            }
            order.append(base)
        }

        enum Form {
            case plain
            case extended
            case segment(Int, extended: Bool)
            case tooFar
        }

        /// `name`, `name*`, `name*N` and `name*N*`; anything else with a `*` is a plain name.
        static func split(_ name: [UInt8]) -> (base: String, form: Form) {
            guard let star = name.firstIndex(of: UInt8(ascii: "*")), star > 0 else {
                return (String(decoding: name, as: UTF8.self), .plain)
            }
            let base = String(decoding: name[..<star], as: UTF8.self)
            var rest = name[(star + 1)...]
            if rest.isEmpty { return (base, .extended) }
            var extended = false
            if rest.last == UInt8(ascii: "*") {
                extended = true
                rest = rest.dropLast()
            }
            guard !rest.isEmpty, rest.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                return (String(decoding: name, as: UTF8.self), .plain)
            }
            // Digits beyond four are already past the bound; stop before they could overflow.
            if rest.count > 4 { return (base, .tooFar) }
            let number = rest.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            if number >= HeaderParameters.maximumSegments { return (base, .tooFar) }
            return (base, .segment(number, extended: extended))
        }

        mutating func finish(defects: inout [MailDefect]) -> [(name: String, value: String)] {
            var result: [(name: String, value: String)] = []
            result.reserveCapacity(order.count)
            for name in order {
                guard let entry = pending[name] else { continue }
                switch entry {
                case .plain(let bytes):
                    if name == "boundary" {
                        result.append((name, String(decoding: bytes, as: UTF8.self)))
                    } else {
                        result.append((name, Self.decodeText(bytes, charset: nil, defects: &defects)))
                    }
                case .extended(let bytes):
                    let (charset, text) = Self.splitCharset(bytes[...])
                    let decoded = Self.percentDecoded(text, defects: &defects)
                    result.append((name, Self.decodeText(decoded, charset: charset, defects: &defects)))
                case .segments(let segments):
                    result.append((name, Self.assemble(name, segments, defects: &defects)))
                }
            }
            return result
        }

        /// Joins continuation segments in number order. Only segment 0, when extended, names a
        /// charset (RFC 2231 §4.1); a gap in the numbering is reported and the rest joined anyway.
        static func assemble(_ name: String, _ segments: [Int: (bytes: [UInt8], extended: Bool)],
                             defects: inout [MailDefect]) -> String {
            let numbers = segments.keys.sorted()
            if numbers.first != 0 || numbers.last != numbers.count - 1 {
                defects.append(MailDefect("missing-parameter-segment",
                                          "Parameter \(Charset.quotedForDetail(name)) has gaps in its continuation segments; joined what was there."))
            }
            var charset: String?
            var bytes: [UInt8] = []
            for number in numbers {
                guard let segment = segments[number] else { continue }
                if segment.extended {
                    var text = segment.bytes[...]
                    if number == 0 {
                        let split = splitCharset(text)
                        charset = split.charset
                        text = split.text
                    }
                    bytes += percentDecoded(text, defects: &defects)
                } else {
                    bytes += segment.bytes
                }
            }
            return decodeText(bytes, charset: charset, defects: &defects)
        }

        static func decodeText(_ bytes: [UInt8], charset: String?, defects: inout [MailDefect]) -> String {
            if let charset, !charset.isEmpty {
                return Charset.decode(bytes[...], label: charset, defects: &defects)
            }
            // No charset: plain text, raw 8-bit or encoded words. Encoded words inside a value are
            // not standard (RFC 2047 §5) but common: decoded when they start the value or a word
            // of it, left alone inside a word, where they are more likely literal text.
            if let marker = firstEncodedWordMarker(bytes),
               marker == 0 || bytes[marker - 1] == 32 || bytes[marker - 1] == 9 {
                return EncodedWords.decode(bytes[...], defects: &defects)
            }
            return EncodedWords.decodeRawText(bytes[...], defects: &defects)
        }

        /// Where the first `=?` starts. A plain loop: the generic `firstRange(of:)` cost more
        /// than all the rest of parsing a Content-Type.
        static func firstEncodedWordMarker(_ bytes: [UInt8]) -> Int? {
            var index = 0
            while index + 1 < bytes.count {
                if bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "?") { return index }
                index += 1
            }
            return nil
        }

        /// `charset'language'text` → (charset, text). Without both quotes there is no charset.
        static func splitCharset(_ bytes: ArraySlice<UInt8>) -> (charset: String?, text: ArraySlice<UInt8>) {
            guard let first = bytes.firstIndex(of: UInt8(ascii: "'")),
                  let second = bytes[(first + 1)...].firstIndex(of: UInt8(ascii: "'")) else {
                return (nil, bytes)
            }
            return (String(decoding: bytes[..<first], as: UTF8.self), bytes[(second + 1)...])
        }

        /// `%XX` → byte; a `%` without two hex digits is kept literally.
        static func percentDecoded(_ bytes: ArraySlice<UInt8>, defects: inout [MailDefect]) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var index = bytes.startIndex
            var bad = false
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == UInt8(ascii: "%") {
                    if index + 2 < bytes.endIndex,
                       let high = TransferDecoding.hexValue(bytes[index + 1]), let low = TransferDecoding.hexValue(bytes[index + 2]) {
                        out.append(high << 4 | low)
                        index += 3
                        continue
                    }
                    bad = true
                }
                out.append(byte)
                index += 1
            }
            if bad {
                defects.append(MailDefect("bad-percent-escape",
                                          "A parameter value has '%' not followed by two hex digits; kept literally."))
            }
            return out
        }
    }
}

private func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
}

private func lowercased(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
}
