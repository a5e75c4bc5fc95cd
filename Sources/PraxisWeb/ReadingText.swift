/// A post's text laid out for reading: paragraphs of the author's own lines, and runs of quoted
/// lines (`>`) that pages collapse. Pure, so the page templates only ever insert escaped values
/// and links can only be `http(s):` or `mailto:`.
struct ReadingText: Sendable, Hashable {
    /// A run of lines: the author's own, or quoted.
    struct Block: Sendable, Hashable {
        var isQuote: Bool
        var lines: [[Piece]]
    }

    /// Text, or a link whose target is its text.
    struct Piece: Sendable, Hashable {
        var text: String
        var link: String?
    }

    var blocks: [Block]

    /// Longest text laid out; beyond it the rest is cut with a note (the raw source has it all).
    static let maxCharacters = 200_000

    /// Whether `text` is longer than what is laid out (counting its bytes first: most are shorter
    /// in bytes already, and counting characters walks the whole text).
    static func isCut(_ text: String) -> Bool {
        text.utf8.count > maxCharacters && text.count > maxCharacters
    }

    init(_ text: String) {
        var blocks: [Block] = []
        let laidOut = Self.isCut(text) ? text.prefix(Self.maxCharacters) : text[...]
        for line in Self.lines(laidOut) {
            let plain = line.hasSuffix("\r") ? line.dropLast() : line
            let isQuote = plain.first == ">"
            let pieces = Self.pieces(plain)
            if let last = blocks.indices.last, blocks[last].isQuote == isQuote {
                blocks[last].lines.append(pieces)
            } else {
                blocks.append(Block(isQuote: isQuote, lines: [pieces]))
            }
        }
        // Blank lines at either end of a block are furniture.
        self.blocks = blocks.compactMap { block in
            var block = block
            while block.lines.first?.allSatisfy({ $0.text.allSatisfy(\.isWhitespace) }) == true { block.lines.removeFirst() }
            while block.lines.last?.allSatisfy({ $0.text.allSatisfy(\.isWhitespace) }) == true { block.lines.removeLast() }
            return block.lines.isEmpty ? nil : block
        }
    }

    static let schemes = ["https://", "http://", "mailto:"]

    /// `text` cut at each line feed, as splitting its characters at `"\n"` does, by its bytes:
    /// a line feed after a carriage return is part of one character ("\r\n") and does not cut,
    /// and every other line feed is a character of its own (Unicode's grapheme rules GB3-GB5).
    /// Splitting by characters was an eighth of a thread page's CPU.
    static func lines(_ text: Substring) -> [Substring] {
        var lines: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex, index = bytes.startIndex
        var previous: UInt8 = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") {
                lines.append(text[start..<index])
                start = bytes.index(after: index)
            }
            previous = byte
            index = bytes.index(after: index)
        }
        lines.append(text[start..<bytes.endIndex])
        return lines
    }

    /// Whether `line` holds `http:`, `https:` or `mailto:` in any case of ASCII letters: without,
    /// no link can start in it (`linkEnd` needs one of `schemes`, whose letters only ASCII
    /// letters lowercase to), and the line is one piece.
    static func mayHoldLink(_ line: Substring) -> Bool {
        var window: UInt64 = 0
        for byte in line.utf8 {
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            window = window << 8 | UInt64(lower)
            guard byte == UInt8(ascii: ":") else { continue }
            if window & 0xFF_FFFF_FFFF == Self.httpColon || window & 0xFFFF_FFFF_FFFF == Self.httpsColon
                || window & 0xFF_FFFF_FFFF_FFFF == Self.mailtoColon { return true }
        }
        return false
    }

    private static func packed(_ text: String) -> UInt64 { text.utf8.reduce(0) { $0 << 8 | UInt64($1) } }
    private static let httpColon = packed("http:"), httpsColon = packed("https:"), mailtoColon = packed("mailto:")

    /// A line cut into text and links. A link starts at one of `schemes` (any case) at the start
    /// of a word and runs to white space or a character that cannot be in a URL; trailing
    /// punctuation is left outside it, as readers mean it.
    static func pieces(_ line: Substring) -> [Piece] {
        // Most lines hold no scheme and are one piece of text. (Pages lay out every line of every
        // post on each request, so this is the thread page's hottest loop.)
        guard mayHoldLink(line) else { return [Piece(text: String(line), link: nil)] }
        return scannedPieces(line)
    }

    /// `pieces` found character by character.
    static func scannedPieces(_ line: Substring) -> [Piece] {
        var pieces: [Piece] = []
        var textStart = line.startIndex, index = line.startIndex
        var previous: Character?
        while index < line.endIndex {
            let character = line[index]
            let mayStartLink = character == "h" || character == "H" || character == "m" || character == "M"
            let atWordStart = previous.map { !($0.isLetter || $0.isNumber) } ?? true
            if mayStartLink, atWordStart, let end = linkEnd(line, from: index) {
                if textStart < index { pieces.append(Piece(text: String(line[textStart..<index]), link: nil)) }
                let link = String(line[index..<end])
                pieces.append(Piece(text: link, link: link))
                previous = line[line.index(before: end)]
                index = end
                textStart = end
            } else {
                previous = character
                index = line.index(after: index)
            }
        }
        if textStart < line.endIndex || pieces.isEmpty { pieces.append(Piece(text: String(line[textStart...]), link: nil)) }
        return pieces
    }

    private static func linkEnd(_ line: Substring, from start: Substring.Index) -> Substring.Index? {
        let rest = line[start...]
        let head = rest.prefix(8).lowercased()
        guard let scheme = schemes.first(where: { head.hasPrefix($0) }) else { return nil }
        var end = rest.firstIndex { character in
            character.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || "<>\"`{}|\\^".unicodeScalars.contains($0) }
                || !character.isASCII
        } ?? rest.endIndex
        while end > start {
            let last = line[line.index(before: end)]
            // A closing parenthesis belongs to the link when it closes one opened inside it (Wikipedia's URLs).
            let opened = line[start..<end].filter { $0 == "(" }.count, closed = line[start..<end].filter { $0 == ")" }.count
            guard ".,;:!?]'".contains(last) || (last == ")" && closed > opened) else { break }
            end = line.index(before: end)
        }
        // Nothing after the scheme: no link.
        return line.distance(from: start, to: end) > scheme.count ? end : nil
    }
}
