/// Encoders for outgoing header field bodies: RFC 2047 encoded words, RFC 5322 quoting, and folding.
///
/// Everything returned is printable ASCII; the only line breaks are folds (CRLF followed by white
/// space), so no input can start a new header field. Decoding incoming headers is `EncodedWords`'
/// job, not this file's.
enum HeaderEncoding {
    /// Lines are folded to stay within this many characters (RFC 5322 §2.1.1 "SHOULD").
    static let preferredLineLength = 78
    /// RFC 2047 §2: an encoded word is at most 75 characters.
    static let maxEncodedWordLength = 75
    /// A word without white space longer than this is carried in encoded words, which can be split,
    /// so that no line can reach RFC 5322's hard limit of 998 characters.
    static let maxPlainWordLength = 900
    /// "=?UTF-8?Q?" plus "?=".
    private static let encodedWordOverhead = 12
    /// Room for the largest unit an encoded word must hold whole: one 4-byte scalar in Q (12 chars).
    private static let minEncodedWordLength = encodedWordOverhead + 12

    // MARK: Sanitising

    /// `text` with CR, LF and NUL replaced by spaces, so that it can never end a header line.
    static func withoutLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else { return text }
        let bytes = text.utf8.map { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 ? 0x20 : $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` without line breaks, with leading and trailing spaces and tabs removed (a header's
    /// value has no meaningful outer white space; unfolding would lose it anyway).
    private static func cleaned(_ text: String) -> Substring {
        let flat = withoutLineBreaks(text)
        let utf8 = flat.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              let last = utf8.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })
        else { return "" }
        return flat[first...last]
    }

    // MARK: Unstructured text (Subject, extra headers)

    /// The body of an unstructured header field (RFC 5322 §3.2.5), folded, to follow "`Name`: ".
    ///
    /// Words that are not printable ASCII, look like encoded words, or are too long to fold are
    /// written as RFC 2047 encoded words; neighbouring such words share one run of encoded words,
    /// so the white space between them survives decoding. CR, LF and NUL become spaces; leading and
    /// trailing white space is dropped. `fieldNameLength` is the length of the field name, used to
    /// place the first fold.
    static func encodeUnstructured(_ text: String, fieldNameLength: Int) -> String {
        let value = cleaned(text)
        var writer = FoldedLineWriter(startColumn: fieldNameLength + 2)
        var pendingRun: (space: Substring, start: String.Index, end: String.Index)?

        func flushRun() {
            if let run = pendingRun {
                writer.appendEncoded(String(value[run.start..<run.end]), after: run.space)
                pendingRun = nil
            }
        }

        for (space, word) in words(of: value) {
            if isPlainWord(word) {
                flushRun()
                writer.appendAtom(word, after: space)
            } else if let run = pendingRun {
                pendingRun = (run.space, run.start, word.endIndex)
            } else {
                pendingRun = (space, word.startIndex, word.endIndex)
            }
        }
        flushRun()
        return writer.text
    }

    /// Splits `text` at runs of spaces and tabs: each word with the white space before it. A run
    /// too long to fit on a line of its own becomes one space: white space cannot be folded, so
    /// written as it is it would make a line longer than RFC 5322's 998 characters.
    private static func words(of text: Substring) -> [(space: Substring, word: Substring)] {
        var result: [(space: Substring, word: Substring)] = []
        let utf8 = text.utf8
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let spaceStart = i
            while i < utf8.endIndex, utf8[i] == 0x20 || utf8[i] == 0x09 { i = utf8.index(after: i) }
            let wordStart = i
            while i < utf8.endIndex, utf8[i] != 0x20 && utf8[i] != 0x09 { i = utf8.index(after: i) }
            if wordStart < i {
                let space = text.utf8.distance(from: spaceStart, to: wordStart) > preferredLineLength ? " " : text[spaceStart..<wordStart]
                result.append((space, text[wordStart..<i]))
            }
        }
        return result
    }

    /// Whether `word` can be written as it is: printable ASCII, short enough, and not something a
    /// decoder would take for an encoded word.
    private static func isPlainWord(_ word: Substring) -> Bool {
        var count = 0
        var previous: UInt8 = 0
        for byte in word.utf8 {
            guard byte >= 0x21 && byte <= 0x7E else { return false }
            if previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?") { return false }
            previous = byte
            count += 1
        }
        return count <= maxPlainWordLength
    }

    // MARK: Phrases (display names)

    /// How a display name is written in an address header.
    enum PhraseForm: Equatable {
        /// No name: the address is written alone.
        case none
        /// Atoms or one quoted string, each a fold point apart.
        case atoms([String])
        /// Text to be written as encoded words.
        case encoded(String)
    }

    /// Chooses how to write a display name: as it is when it is plain atoms, quoted when it holds
    /// specials (`"Smith, John"`), encoded when it is not printable ASCII.
    static func phraseForm(_ name: String) -> PhraseForm {
        let value = cleaned(name)
        if value.isEmpty { return .none }
        var printable = true
        var atomsOnly = true
        var previous: UInt8 = 0
        for byte in value.utf8 {
            if byte < 0x20 || byte > 0x7E || (previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?")) {
                printable = false
                break
            }
            // Two spaces in a row would be collapsed between atoms; quoting keeps them.
            if !isAtext(byte) && !(byte == 0x20 && previous != 0x20) { atomsOnly = false }
            previous = byte
        }
        if printable {
            if atomsOnly && value.utf8.count <= maxPlainWordLength {
                return .atoms(value.split(separator: " ").map(String.init))
            }
            let quoted = quotedString(value)
            if quoted.utf8.count <= maxPlainWordLength { return .atoms([quoted]) }
        }
        return .encoded(String(value))
    }

    /// A display name as it appears before `<address>`, unfolded: atoms, a quoted string, or encoded
    /// words separated by single spaces. Empty when the name is empty.
    static func encodePhrase(_ name: String) -> String {
        switch phraseForm(name) {
        case .none:
            return ""
        case .atoms(let atoms):
            return atoms.joined(separator: " ")
        case .encoded(let text):
            var source = EncodedWordSource(text)
            var words: [String] = []
            while let word = source.nextWord(maxLength: maxEncodedWordLength) { words.append(word) }
            return words.joined(separator: " ")
        }
    }

    /// RFC 5322 atext: the characters an atom may hold.
    private static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    /// `text` as a quoted-string, with `"` and `\` escaped.
    static func quotedString(_ text: some StringProtocol) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        out += "\""
        return out
    }

    // MARK: Encoded words

    /// Emits the RFC 2047 encoded words for one piece of text, one at a time, each within a given
    /// length, never splitting a grapheme (or, for graphemes too big for one word, a scalar).
    struct EncodedWordSource {
        private let bytes: [UInt8]
        /// End offsets in `bytes` of the units that must not be split.
        private let unitEnds: [Int]
        private let useQ: Bool
        private var nextUnit = 0
        private var consumedBytes = 0

        init(_ text: String) {
            let qLength = text.utf8.reduce(0) { $0 + HeaderEncoding.qLength(of: $1) }
            useQ = qLength <= (text.utf8.count + 2) / 3 * 4
            var bytes: [UInt8] = []
            var ends: [Int] = []
            // A grapheme bigger than one word's payload (63 characters) is split into scalars.
            let maxUnitBytes = useQ ? 21 : 45
            for character in text {
                let count = character.utf8.count
                if count <= maxUnitBytes {
                    bytes.append(contentsOf: character.utf8)
                    ends.append(bytes.count)
                } else {
                    for scalar in character.unicodeScalars {
                        bytes.append(contentsOf: String(scalar).utf8)
                        ends.append(bytes.count)
                    }
                }
            }
            self.bytes = bytes
            self.unitEnds = ends
        }

        var isExhausted: Bool { nextUnit >= unitEnds.count }

        /// The next encoded word of at most `maxLength` characters, or nil when the text is used up
        /// or the next unit does not fit in `maxLength`.
        mutating func nextWord(maxLength: Int) -> String? {
            let payloadLimit = maxLength - HeaderEncoding.encodedWordOverhead
            var end = nextUnit
            var payload = 0
            var qRunning = 0
            while end < unitEnds.count {
                let unitStart = end == 0 ? 0 : unitEnds[end - 1]
                let candidate: Int
                if useQ {
                    var cost = 0
                    for byte in bytes[unitStart..<unitEnds[end]] { cost += HeaderEncoding.qLength(of: byte) }
                    candidate = qRunning + cost
                } else {
                    candidate = (unitEnds[end] - consumedBytes + 2) / 3 * 4
                }
                if candidate > payloadLimit { break }
                payload = candidate
                if useQ { qRunning = candidate }
                end += 1
            }
            guard end > nextUnit else { return nil }
            let chunk = bytes[consumedBytes..<unitEnds[end - 1]]
            nextUnit = end
            consumedBytes = unitEnds[end - 1]
            var word = useQ ? "=?UTF-8?Q?" : "=?UTF-8?B?"
            word.reserveCapacity(payload + HeaderEncoding.encodedWordOverhead)
            if useQ {
                word += HeaderEncoding.qEncoded(chunk)
            } else {
                word += String(decoding: TransferEncoding.base64(chunk, lineLength: 0), as: UTF8.self)
            }
            word += "?="
            return word
        }
    }

    /// Characters allowed unencoded in a Q word anywhere, including phrases (RFC 2047 §5 rule 3).
    private static func isQLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    private static func qLength(of byte: UInt8) -> Int {
        byte == 0x20 || isQLiteral(byte) ? 1 : 3
    }

    private static func qEncoded(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3)
        for byte in bytes {
            if byte == 0x20 {
                out.append(UInt8(ascii: "_"))
            } else if isQLiteral(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "="))
                HexDigits.append(byte, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Folding

    /// Builds a folded field body from atoms, folding before the white space that precedes an atom
    /// when the line would pass 78 characters.
    struct FoldedLineWriter {
        /// The field body so far; the only CRLFs in it are folds.
        private(set) var text = ""
        private var column: Int
        private var lineHasContent = false

        /// `startColumn` is where the body starts on the first line, after "Name: ".
        init(startColumn: Int) {
            column = startColumn
        }

        /// Appends `atom` (printable ASCII without CR/LF), preceded by `space` (spaces and tabs;
        /// empty only for the first atom, which then cannot be moved to a new line).
        mutating func appendAtom(_ atom: some StringProtocol, after space: some StringProtocol) {
            let width = space.utf8.count + atom.utf8.count
            if !space.isEmpty && lineHasContent && column + width > HeaderEncoding.preferredLineLength {
                fold()
            }
            text += space
            text += atom
            column += width
            lineHasContent = true
        }

        /// Appends `run` as one or more encoded words; the first preceded by `space`, the rest by a
        /// single space, which decoders drop between adjacent encoded words.
        mutating func appendEncoded(_ run: String, after space: some StringProtocol) {
            var source = EncodedWordSource(run)
            var separator = String(space)
            while !source.isExhausted {
                let room = HeaderEncoding.preferredLineLength - column - separator.utf8.count
                var word: String?
                if room >= HeaderEncoding.minEncodedWordLength {
                    word = source.nextWord(maxLength: min(HeaderEncoding.maxEncodedWordLength, room))
                }
                if word == nil && !separator.isEmpty && lineHasContent {
                    fold()
                    continue
                }
                // Nothing fits and we cannot fold (first word of the field): accept a longer line.
                guard let chosen = word ?? source.nextWord(maxLength: HeaderEncoding.maxEncodedWordLength)
                else { return }
                text += separator
                text += chosen
                column += separator.utf8.count + chosen.utf8.count
                lineHasContent = true
                separator = " "
            }
        }

        private mutating func fold() {
            text += "\r\n"
            column = 0
            lineHasContent = false
        }
    }
}

extension MessageComposer {
    /// One RFC 5322 keyword (a phrase) for a `Keywords:` field: a quoted string when an ASCII
    /// text holds a special, such as the comma that would split it in two; otherwise the text as
    /// it is (beyond ASCII it becomes encoded words when the field is written).
    public static func keyword(_ text: String) -> String {
        let specials: Set<Character> = ["(", ")", "<", ">", "[", "]", ":", ";", "@", "\\", ",", ".", "\""]
        guard text.unicodeScalars.allSatisfy(\.isASCII), text.contains(where: specials.contains) else { return text }
        return HeaderEncoding.quotedString(text)
    }
}
