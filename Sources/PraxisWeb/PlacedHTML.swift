import Mustache
import PraxisCommunity

/// HTML that the archive's own code wrote, every value in it escaped as templates escape them
/// (`EscapedTemplate.escapeHTML`), placed into a page where the template says `{{name}}`.
///
/// Why: laying a post's text out through the template's sections, line by line and piece by
/// piece, was 45% of a thread page's CPU (issue 19: the Mustache engine looks each name up through
/// the context stack with dynamic casts). Templates still cannot turn escaping off: what a
/// template places this way is only ever what `place(_:)` was given by Praxis's code, never a
/// value from a message.
///
/// How: the template renders a placeholder, a marker no message can hold (a random number drawn
/// for each page, then the fragment's index), and `filled(_:)` puts each fragment where its
/// marker came out. A post quoting a marker cannot know the next page's number.
final class PlacedHTML {
    /// What a template renders for a placed fragment: the marker, which escaping leaves as it is.
    struct Placeholder: MustacheCustomRenderable {
        let renderText: String
        var isNull: Bool { false }
    }

    private let marker: [UInt8]
    private var fragments: [String] = []

    init() {
        var generator = SystemRandomNumberGenerator()
        marker = Array(("\u{E000}praxis-" + String(generator.next() as UInt64, radix: 16) + "-").utf8)
    }

    /// The value a view holds for `html`.
    func place(_ html: String) -> Placeholder {
        fragments.append(html)
        return Placeholder(renderText: String(decoding: marker, as: UTF8.self) + "\(fragments.count - 1);")
    }

    /// `page` with each fragment's marker replaced by the fragment.
    func filled(_ page: String) -> String {
        guard !fragments.isEmpty else { return page }
        let bytes = Array(page.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + fragments.reduce(0) { $0 + $1.utf8.count })
        var index = 0
        while index < bytes.count {
            if bytes[index] == marker[0], let (number, end) = placeholder(in: bytes, at: index) {
                out.append(contentsOf: fragments[number].utf8)
                index = end
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The fragment number of the marker at `start` and where the marker ends, if one is there.
    private func placeholder(in bytes: [UInt8], at start: Int) -> (number: Int, end: Int)? {
        guard bytes[start...].starts(with: marker) else { return nil }
        var index = start + marker.count, number = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), number < fragments.count {
            number = number * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > start + marker.count, index < bytes.count, bytes[index] == UInt8(ascii: ";"), number < fragments.count else {
            return nil
        }
        return (number, index + 1)
    }
}

extension ReadingText {
    /// The text as HTML, exactly as the thread template laid it out with its sections before
    /// (each line ended by LF, links as `<a … rel="nofollow noopener">`, quoted runs collapsed in
    /// `<details>`), without the LF after the last block: the template's line holding it ends
    /// with one.
    func html(quotedText: String, lineCount: (Int) -> String) -> String {
        var html = ""
        for block in blocks {
            if block.isQuote {
                html += "<details class=\"quote\"><summary>" + EscapedTemplate.escapeHTML(quotedText) + " ("
                    + EscapedTemplate.escapeHTML(lineCount(block.lines.count)) + ")</summary>\n<blockquote>"
            } else {
                html += "<div class=\"text\">"
            }
            for line in block.lines {
                for piece in line {
                    if let link = piece.link {
                        html += "<a href=\"" + EscapedTemplate.escapeHTML(link) + "\" rel=\"nofollow noopener\">"
                            + EscapedTemplate.escapeHTML(piece.text) + "</a>"
                    } else {
                        html += EscapedTemplate.escapeHTML(piece.text)
                    }
                }
                html += "\n"
            }
            html += block.isQuote ? "</blockquote>\n</details>\n" : "</div>\n"
        }
        if html.hasSuffix("\n") { html.removeLast() }
        return html
    }
}
