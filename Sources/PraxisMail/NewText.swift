/// Finds the part of a post that its author actually wrote, so digests don't repeat the thread.
///
/// Works line by line on already decoded (and unflowed) text. Everything here is a heuristic about
/// what mail clients write, so every rule is narrow: it must be recognisable as the client's own
/// furniture (a quote mark, an attribution followed by a quote, a header block, a short signature or
/// list footer at the end) before anything is removed.
public enum NewText {
    /// The longest line considered as an attribution or header: prose lines are longer, and it keeps
    /// the lower-casing of candidate lines cheap on hostile input.
    static let maxFurnitureLength = 300
    /// The most non-blank lines a "--" signature or a list footer may have.
    static let maxTrailerLines = 10

    /// The part of a post's text that is new in it, for digests: removes quoted blocks ("> " lines,
    /// incl. nested), the attribution line introducing a quote ("On <date>, <name> wrote:" and common
    /// localisations: German "Am ... schrieb ...:", French "Le ... a écrit :", Spanish "El ...
    /// escribió:", Dutch "Op ... schreef ...:", also split over two lines as Gmail does), Outlook's
    /// "-----Original Message-----" / "-----Ursprüngliche Nachricht-----" blocks and the
    /// "From: ... Sent: ... To: ... Subject:" header block that starts a top-posted quote (everything
    /// after it), "________________________________" + From: separators, signatures after a "-- " line
    /// (also "--" with no trailing space when it is the whole line, and only when the rest is short —
    /// at most 10 lines — so a "--" in the middle of prose doesn't eat a long post), mailing-list
    /// footers (a block starting with a line of underscores/dashes followed by lines mentioning
    /// "mailing list", "unsubscribe", "listinfo", "To unsubscribe" near the end). Interleaved replies
    /// (quote, answer, quote, answer) keep the answers. If trimming would leave nothing, return the
    /// original text trimmed (the post was only a quote — keep it rather than show nothing).
    /// Trailing/leading blank lines removed, runs of blank lines collapsed to one, trailing
    /// whitespace removed from every line.
    public static func trimmed(_ text: String) -> String {
        let text = LinesOfText(text)
        let lines = text.lines
        var keep = [Bool](repeating: true, count: lines.count)
        var end = lines.count

        // A top-posted quote: the whole rest of the text is the earlier message.
        for i in 0..<lines.count where !isQuoted(lines[i]) && startsEarlierMessage(text, at: i) {
            end = i
            break
        }

        for i in 0..<end where isQuoted(lines[i]) { keep[i] = false }
        removeAttributions(text, end: end, keep: &keep)
        end = signatureStart(lines, end: end, keep: keep) ?? end
        end = footerStart(text, end: end, keep: keep) ?? end

        let result = joined(lines[..<end].indices.filter { keep[$0] }.map { lines[$0] })
        if !result.isEmpty { return result }
        return joined(lines[...])
    }

    // MARK: Lines

    /// The lines of `text`, without their line ends.
    static func splitLines(_ text: String) -> [Substring] {
        // Split on bytes: as Characters, "\r\n" is one grapheme and would never equal "\n".
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            Substring(line.last == 0x0D ? line.dropLast() : line)
        }
    }

    static func isBlank(_ line: Substring) -> Bool {
        line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    static func trimmingTrailingWhitespace(_ line: Substring) -> Substring {
        var bytes = line.utf8[...]
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0D { bytes = bytes.dropLast() }
        return Substring(bytes)
    }

    static func trimmingWhitespace(_ line: Substring) -> Substring {
        let bytes = trimmingTrailingWhitespace(line).utf8.drop { $0 == 0x20 || $0 == 0x09 }
        return Substring(bytes)
    }

    /// A quoted line: ">" after optional indentation.
    static func isQuoted(_ line: Substring) -> Bool {
        for byte in line.utf8 {
            if byte == 0x3E { return true }
            if byte != 0x20 && byte != 0x09 { return false }
        }
        return false
    }

    /// Lines joined with "\n", trailing whitespace removed, blank runs collapsed to one, both ends
    /// trimmed of blank lines.
    static func joined<S: Sequence>(_ lines: S) -> String where S.Element == Substring {
        var result = ""
        var blankPending = false
        for line in lines {
            let trimmed = trimmingTrailingWhitespace(line)
            if trimmed.isEmpty {
                blankPending = !result.isEmpty
                continue
            }
            if !result.isEmpty { result += blankPending ? "\n\n" : "\n" }
            blankPending = false
            result += trimmed
        }
        return result
    }

    /// The line trimmed and lower-cased for matching, or nil when it is too long to be client
    /// furniture.
    static func lowered(_ line: Substring) -> String? {
        let trimmed = trimmingWhitespace(line)
        guard !trimmed.isEmpty, trimmed.utf8.count <= maxFurnitureLength else { return nil }
        return trimmed.lowercased()
    }

    /// `lowered(line)` when the line could be a rule, header, or attribution at all; nil for prose,
    /// so that ordinary lines are never lower-cased.
    static func furniture(_ line: Substring) -> String? {
        let trimmed = trimmingWhitespace(line).utf8
        guard let first = trimmed.first, trimmed.count <= maxFurnitureLength else { return nil }
        let couldBeFurniture = first == 0x2D || first == 0x5F || first == 0x2A || first == 0x3D
            || trimmed.last == 0x3A || trimmed.prefix(16).contains(0x3A)
            || (trimmed.count > 3 && trimmed.dropFirst(2).first == 0x20)  // "On ", "Am ", "Le ", …
        return couldBeFurniture ? lowered(line) : nil
    }

    // MARK: Top-posted quotes

    static let originalMessageTitles: Set<String> = [
        "original message", "ursprüngliche nachricht", "original-nachricht", "ursprungliche nachricht",
        "message d'origine", "message original", "mensaje original", "oorspronkelijk bericht",
        "origineel bericht", "messaggio originale", "opprinnelig melding", "ursprungligt meddelande",
    ]
    static let fromHeaders = headerPrefixes(["from", "von", "de", "van", "da", "från", "fra", "od"])
    static let dateHeaders = headerPrefixes([
        "sent", "date", "gesendet", "datum", "envoyé", "enviado", "fecha", "verzonden", "inviato",
        "data", "skickat", "sendt",
    ])
    static let subjectHeaders = headerPrefixes([
        "subject", "betreff", "objet", "asunto", "onderwerp", "oggetto", "ämne", "emne",
    ])

    /// "name:" as well as the "name*:" and "name:*" that bold HTML headers turn into.
    static func headerPrefixes(_ names: [String]) -> [[UInt8]] {
        names.flatMap { [Array(($0 + ":").utf8), Array(($0 + "*:").utf8), Array(($0 + ":*").utf8)] }
    }
    static let forwardMarkers = [
        "forwarded message", "weitergeleitete nachricht", "message transféré", "mensaje reenviado",
        "doorgestuurd bericht", "messaggio inoltrato", "begin forwarded message",
    ]

    /// Whether line `i` starts the earlier message of a top-posted reply.
    static func startsEarlierMessage(_ text: LinesOfText, at i: Int) -> Bool {
        let lines = text.lines
        guard let line = text.furniture[i], let first = line.utf8.first else { return false }
        // Each form starts with a rule, a header name or a bold marker.
        guard first == 0x2D || first == 0x5F || first == 0x2A || line.utf8.prefix(16).contains(0x3A) else {
            return false
        }
        if line.hasPrefix("---") && line.hasSuffix("---") {
            let title = line.trimming("- ")
            if originalMessageTitles.contains(title) { return true }
        }
        if line.count >= 10 && line.allSatisfy({ $0 == "_" }) {
            // Outlook on the web: a rule of underscores, then the header block.
            if let next = nextNonBlank(lines, after: i, within: 3), let header = text.furniture[next] {
                return isHeader(header, fromHeaders)
            }
            return false
        }
        guard isHeader(line, fromHeaders) else { return false }
        var sawDate = false
        var sawSubject = false
        for k in (i + 1)..<min(i + 7, lines.count) {
            guard let header = text.furniture[k] else { continue }
            if isHeader(header, dateHeaders) { sawDate = true }
            if isHeader(header, subjectHeaders) { sawSubject = true }
        }
        guard sawDate && sawSubject else { return false }
        // A forwarded message is something the author chose to share, not a quote.
        if let previous = previousNonBlank(lines, before: i, within: 3), let marker = text.furniture[previous] {
            if forwardMarkers.contains(where: { marker.contains($0) }) { return false }
        }
        return true
    }

    /// Whether a lower-cased line is one of the named headers ("from:", "*from:*" as HTML bold shows).
    static func isHeader(_ line: String, _ prefixes: [[UInt8]]) -> Bool {
        var bare = line.utf8[...]
        if bare.first == 0x2A { bare = bare.dropFirst() }  // "*"
        // Every header name is short: most lines are dismissed here without comparing names.
        guard bare.prefix(16).contains(0x3A) else { return false }
        return prefixes.contains { bare.starts(with: $0) }
    }

    static func nextNonBlank(_ lines: [Substring], after i: Int, within distance: Int) -> Int? {
        var k = i + 1
        while k < lines.count && k <= i + distance {
            if !isBlank(lines[k]) { return k }
            k += 1
        }
        return nil
    }

    static func previousNonBlank(_ lines: [Substring], before i: Int, within distance: Int) -> Int? {
        var k = i - 1
        while k >= 0 && k >= i - distance {
            if !isBlank(lines[k]) { return k }
            k -= 1
        }
        return nil
    }

    // MARK: Attributions

    static let attributionEndings = [
        " wrote:", " writes:", " schrieb:", " a écrit :", " a écrit:", " escribió:", " escribió :",
        " schreef:", " ha scritto:", " skrev:",
    ]
    static let attributionOpenings = ["on ", "am ", "le ", "el ", "op ", "il "]

    static func isAttribution(_ line: String) -> Bool {
        guard line.utf8.last == 0x3A else { return false }  // every form ends in ":"
        if attributionEndings.contains(where: { line.hasSuffix($0) }) { return true }
        // German and Dutch put the name after the verb: "Am 3. Mai schrieb Hans <h@x.de>:".
        guard line.hasSuffix(":") else { return false }
        return (line.hasPrefix("am ") && line.contains(" schrieb "))
            || (line.hasPrefix("op ") && line.contains(" schreef "))
    }

    /// Removes attribution lines that introduce a quote (or end the text, when the quote was cut).
    static func removeAttributions(_ text: LinesOfText, end: Int, keep: inout [Bool]) {
        let lines = text.lines
        func introducesQuote(after j: Int) -> Bool {
            var k = j + 1
            while k < end && isBlank(lines[k]) { k += 1 }
            return k == end || isQuoted(lines[k])
        }
        var i = 0
        while i < end {
            defer { i += 1 }
            guard keep[i], let line = text.furniture[i] else { continue }
            if isAttribution(line) {
                if introducesQuote(after: i) { keep[i] = false }
                continue
            }
            // Gmail breaks a long attribution inside the name or address.
            guard i + 1 < end, keep[i + 1], attributionOpenings.contains(where: { line.hasPrefix($0) }),
                let second = text.furniture[i + 1], isAttribution(line + " " + second),
                introducesQuote(after: i + 1)
            else { continue }
            keep[i] = false
            keep[i + 1] = false
            i += 1
        }
    }

    // MARK: Trailers

    /// Where a signature starts, if there is one.
    static func signatureStart(_ lines: [Substring], end: Int, keep: [Bool]) -> Int? {
        // Non-blank kept lines from each index to `end`, to judge whether a "--" ends the post.
        var rest = [Int](repeating: 0, count: end + 1)
        var k = end - 1
        while k >= 0 {
            rest[k] = rest[k + 1] + (keep[k] && !isBlank(lines[k]) ? 1 : 0)
            k -= 1
        }
        for i in 0..<end where keep[i] {
            let line = lines[i]
            guard line.utf8.count <= 8, trimmingWhitespace(line) == "--" else { continue }
            if line.hasPrefix("-- ") || rest[i + 1] <= maxTrailerLines { return i }
        }
        return nil
    }

    static let footerWords = [
        "mailing list", "unsubscribe", "listinfo", "mailman", "abmelden", "désabonner", "desinscribir",
        "you received this message because you are subscribed",
    ]

    /// Where a list footer starts: a rule followed, near the end, by lines about the list.
    static func footerStart(_ text: LinesOfText, end: Int, keep: [Bool]) -> Int? {
        let lines = text.lines
        var found: Int?
        var linesAfter = 0
        var mentionsList = false
        var k = end - 1
        while k >= 0 && linesAfter <= maxTrailerLines {
            defer { k -= 1 }
            guard keep[k], !isBlank(lines[k]) else { continue }
            let line = trimmingWhitespace(lines[k])
            let isRule = line.utf8.count >= 3 && line.utf8.count <= maxFurnitureLength
                && (line.utf8.allSatisfy { $0 == 0x5F } || line.utf8.allSatisfy { $0 == 0x2D }
                    || line.utf8.allSatisfy { $0 == 0x3D })
            if isRule {
                if mentionsList { found = k }
            } else if let lower = lowered(line), footerWords.contains(where: { lower.contains($0) }) {
                mentionsList = true
            }
            linesAfter += 1
        }
        return found
    }
}

/// A text's lines, each with its lower-cased form for matching when it is short enough to be
/// client furniture (computed once, since several rules look at the same lines).
struct LinesOfText {
    let lines: [Substring]
    let furniture: [String?]

    init(_ text: String) {
        lines = NewText.splitLines(text)
        furniture = lines.map(NewText.furniture)
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    fileprivate func trimming(_ set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
