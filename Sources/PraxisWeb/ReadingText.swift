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

    init(_ text: String) {
        var blocks: [Block] = []
        for line in text.prefix(Self.maxCharacters).split(separator: "\n", omittingEmptySubsequences: false) {
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

    /// A line cut into text and links. A link starts at one of `schemes` (any case) at the start
    /// of a word and runs to white space or a character that cannot be in a URL; trailing
    /// punctuation is left outside it, as readers mean it.
    static func pieces(_ line: Substring) -> [Piece] {
        // Every scheme has a colon: most lines have none and are one piece of text. (Pages lay out
        // every line of every post on each request, so this is the thread page's hottest loop.)
        guard line.utf8.contains(UInt8(ascii: ":")) else { return [Piece(text: String(line), link: nil)] }
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
