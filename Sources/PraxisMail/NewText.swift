#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the part of a post that its author actually wrote, so digests don't repeat the thread.
///
/// Works line by line on already decoded (and unflowed) text. Everything here is a heuristic about
/// what mail clients write, so every rule is narrow: it must be recognisable as the client's own
/// furniture (a quote mark, an attribution followed by a quote, a header block, a short signature or
/// list footer at the end) before anything is removed.
///
/// Ingest runs this on every post, so it works on the text's UTF-8 bytes: lines are ranges found with
/// `memchr`, and only lines that could be furniture at all (a cheap test of a few bytes) are
/// lower-cased, once, into one shared buffer that every rule then matches bytes against.
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
        if let result = text.utf8.withContiguousStorageIfAvailable(trimmed(utf8:)) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(trimmed(utf8:))
    }

    static func trimmed(utf8: UnsafeBufferPointer<UInt8>) -> String {
        let text = LinesOfText(utf8)
        let count = text.lines.count
        var keep = [Bool](repeating: true, count: count)
        var end = count

        // A top-posted quote: the whole rest of the text is the earlier message.
        for i in 0..<count where !text.isQuoted(i) && startsEarlierMessage(text, at: i) {
            end = i
            break
        }

        for i in 0..<end where text.isQuoted(i) { keep[i] = false }
        removeAttributions(text, end: end, keep: &keep)
        end = signatureStart(text, end: end, keep: keep) ?? end
        end = footerStart(text, end: end, keep: keep) ?? end

        let result = text.joined(upTo: end, keeping: keep)
        if !result.isEmpty { return result }
        return text.joined(upTo: count, keeping: nil)
    }

    // MARK: Top-posted quotes

    static let originalMessageTitles = bytePatterns([
        "original message", "ursprüngliche nachricht", "original-nachricht", "ursprungliche nachricht",
        "message d'origine", "message original", "mensaje original", "oorspronkelijk bericht",
        "origineel bericht", "messaggio originale", "opprinnelig melding", "ursprungligt meddelande",
    ])
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
    static let forwardMarkers = bytePatterns([
        "forwarded message", "weitergeleitete nachricht", "message transféré", "mensaje reenviado",
        "doorgestuurd bericht", "messaggio inoltrato", "begin forwarded message",
    ])

    static func bytePatterns(_ strings: [String]) -> [[UInt8]] { strings.map { Array($0.utf8) } }

    /// Whether line `i` starts the earlier message of a top-posted reply.
    static func startsEarlierMessage(_ text: LinesOfText, at i: Int) -> Bool {
        // Each form starts with a rule, a header name or a bold marker.
        guard text.lines[i].shape.mayStartEarlierMessage, let line = text.furniture(i) else { return false }
        let rule: [UInt8] = [ASCII.dash, ASCII.dash, ASCII.dash]
        if line.starts(with: rule) && line.ends(with: rule) {
            let title = line.trimming { $0 == ASCII.dash || $0 == ASCII.space }
            if originalMessageTitles.contains(where: { title.elementsEqual($0) }) { return true }
        }
        if line.count >= 10 && line.allSatisfy({ $0 == ASCII.underscore }) {
            // Outlook on the web: a rule of underscores, then the header block.
            if let next = nextNonBlank(text, after: i, within: 3), text.lines[next].shape.mayStartEarlierMessage,
                let header = text.furniture(next)
            {
                return isHeader(header, fromHeaders)
            }
            return false
        }
        guard isHeader(line, fromHeaders) else { return false }
        var sawDate = false
        var sawSubject = false
        for k in (i + 1)..<min(i + 7, text.lines.count) {
            // A header has its ":" near the start, so it has this shape.
            guard text.lines[k].shape.mayStartEarlierMessage, let header = text.furniture(k) else { continue }
            if isHeader(header, dateHeaders) { sawDate = true }
            if isHeader(header, subjectHeaders) { sawSubject = true }
        }
        guard sawDate && sawSubject else { return false }
        // A forwarded message is something the author chose to share, not a quote.
        if let previous = previousNonBlank(text, before: i, within: 3), let marker = text.furniture(previous) {
            if forwardMarkers.contains(where: { marker.containsBytes($0) }) { return false }
        }
        return true
    }

    /// Whether a lower-cased line is one of the named headers ("from:", "*from:*" as HTML bold shows).
    static func isHeader(_ line: ArraySlice<UInt8>, _ prefixes: [[UInt8]]) -> Bool {
        var bare = line
        if bare.first == ASCII.star { bare = bare.dropFirst() }
        // Every header name is short: most lines are dismissed here without comparing names.
        guard bare.prefix(16).contains(ASCII.colon) else { return false }
        return prefixes.contains { bare.starts(with: $0) }
    }

    static func nextNonBlank(_ text: LinesOfText, after i: Int, within distance: Int) -> Int? {
        var k = i + 1
        while k < text.lines.count && k <= i + distance {
            if !text.isBlank(k) { return k }
            k += 1
        }
        return nil
    }

    static func previousNonBlank(_ text: LinesOfText, before i: Int, within distance: Int) -> Int? {
        var k = i - 1
        while k >= 0 && k >= i - distance {
            if !text.isBlank(k) { return k }
            k -= 1
        }
        return nil
    }

    // MARK: Attributions

    static let attributionEndings = bytePatterns([
        " wrote:", " writes:", " schrieb:", " a écrit :", " a écrit:", " escribió:", " escribió :",
        " schreef:", " ha scritto:", " skrev:",
    ])
    static let attributionOpenings = bytePatterns(["on ", "am ", "le ", "el ", "op ", "il "])
    static let germanVerb = bytePatterns(["am ", " schrieb "])
    static let dutchVerb = bytePatterns(["op ", " schreef "])

    /// Whether a lower-cased line is an attribution.
    static func isAttribution(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.last == ASCII.colon else { return false }  // every form ends in ":"
        if attributionEndings.contains(where: { line.ends(with: $0) }) { return true }
        // German and Dutch put the name after the verb: "Am 3. Mai schrieb Hans <h@x.de>:".
        return (line.starts(with: germanVerb[0]) && line.containsBytes(germanVerb[1]))
            || (line.starts(with: dutchVerb[0]) && line.containsBytes(dutchVerb[1]))
    }

    /// Removes attribution lines that introduce a quote (or end the text, when the quote was cut).
    static func removeAttributions(_ text: LinesOfText, end: Int, keep: inout [Bool]) {
        func introducesQuote(after j: Int) -> Bool {
            var k = j + 1
            while k < end && text.isBlank(k) { k += 1 }
            return k == end || text.isQuoted(k)
        }
        // Reused for every two-line candidate, so that joining them allocates once per post.
        var pair: [UInt8] = []
        var i = 0
        while i < end {
            defer { i += 1 }
            // Every attribution ends in ":", so most lines are passed over on their shape alone.
            guard keep[i], text.lines[i].shape.endsWithColon || text.lines[i].shape.opensAttribution,
                let line = text.furniture(i)
            else { continue }
            if text.lines[i].shape.endsWithColon && isAttribution(line) {
                if introducesQuote(after: i) { keep[i] = false }
                continue
            }
            // Gmail breaks a long attribution inside the name or address.
            guard i + 1 < end, keep[i + 1], text.lines[i].shape.opensAttribution,
                text.lines[i + 1].shape.endsWithColon, let second = text.furniture(i + 1)
            else { continue }
            pair.removeAll(keepingCapacity: true)
            pair.append(contentsOf: line)
            pair.append(ASCII.space)
            pair.append(contentsOf: second)
            guard isAttribution(pair[...]), introducesQuote(after: i + 1) else { continue }
            keep[i] = false
            keep[i + 1] = false
            i += 1
        }
    }

    // MARK: Trailers

    /// Where a signature starts, if there is one.
    static func signatureStart(_ text: LinesOfText, end: Int, keep: [Bool]) -> Int? {
        // Non-blank kept lines from each index to `end`, to judge whether a "--" ends the post;
        // counted only once a bare "--" turns up, since most posts have none.
        var rest: [Int] = []
        let dashDash: [UInt8] = [ASCII.dash, ASCII.dash]
        let dashDashSpace: [UInt8] = [ASCII.dash, ASCII.dash, ASCII.space]
        for i in 0..<end where keep[i] {
            guard text.lines[i].content.count <= 8, text.trimmedBytes(i).elementsEqual(dashDash) else {
                continue
            }
            if text.contentBytes(i).starts(with: dashDashSpace) { return i }
            if rest.isEmpty {
                rest = [Int](repeating: 0, count: end + 1)
                var k = end - 1
                while k >= 0 {
                    rest[k] = rest[k + 1] + (keep[k] && !text.isBlank(k) ? 1 : 0)
                    k -= 1
                }
            }
            if rest[i + 1] <= maxTrailerLines { return i }
        }
        return nil
    }

    static let footerWords = bytePatterns([
        "mailing list", "unsubscribe", "listinfo", "mailman", "abmelden", "désabonner", "desinscribir",
        "you received this message because you are subscribed",
    ])

    /// Where a list footer starts: a rule followed, near the end, by lines about the list.
    static func footerStart(_ text: LinesOfText, end: Int, keep: [Bool]) -> Int? {
        func isRule(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
            line.count >= 3 && line.count <= maxFurnitureLength
                && (line.allSatisfy { $0 == ASCII.underscore } || line.allSatisfy { $0 == ASCII.dash }
                    || line.allSatisfy { $0 == ASCII.equals })
        }
        // A footer lies within the last kept non-blank lines. Most posts end without a rule: only
        // when there is one are those lines lower-cased and searched for list words.
        var sawRule = false
        var linesAfter = 0
        var k = end - 1
        while k >= 0 && linesAfter <= maxTrailerLines {
            defer { k -= 1 }
            guard keep[k], !text.isBlank(k) else { continue }
            if isRule(text.trimmedBytes(k)) { sawRule = true }
            linesAfter += 1
        }
        guard sawRule else { return nil }

        var found: Int?
        var mentionsList = false
        var lowered: [UInt8] = []
        linesAfter = 0
        k = end - 1
        while k >= 0 && linesAfter <= maxTrailerLines {
            defer { k -= 1 }
            guard keep[k], !text.isBlank(k) else { continue }
            let line = text.trimmedBytes(k)
            if isRule(line) {
                if mentionsList { found = k }
            } else if line.count <= maxFurnitureLength {
                lowered.removeAll(keepingCapacity: true)
                LinesOfText.appendLowercased(line, to: &lowered)
                if footerWords.contains(where: { lowered[...].containsBytes($0) }) { mentionsList = true }
            }
            linesAfter += 1
        }
        return found
    }
}

/// A text's UTF-8 bytes and its lines, each line that could be client furniture also lower-cased and
/// trimmed for matching (computed once, since several rules look at the same lines).
///
/// Holds the caller's buffer: valid only inside the `withContiguousStorageIfAvailable` (or
/// `withUnsafeBufferPointer`) call that made it, and never stored beyond it.
struct LinesOfText {
    /// One line of the text, as ranges into `bytes` (and `loweredBytes`).
    struct Line {
        /// The line without its line end ("\n" or "\r\n").
        var content: Range<Int>
        /// `content` without leading spaces and tabs or trailing spaces, tabs and CRs; empty when
        /// the line is blank.
        var trimmed: Range<Int>
        /// Whether the line might be client furniture at all (a rule, header or attribution).
        var isFurniture: Bool
        /// The trimmed line lower-cased, as a range in `loweredBytes`; empty for prose and for
        /// furniture of no shape below (lower-cased on demand, rarely).
        var furniture: Range<Int> = 0..<0
        /// Whether the line starts with ">" after optional indentation.
        var isQuoted: Bool
        /// The shape of the furniture form, so that rules pass over most lines without looking at
        /// their bytes (all false for prose).
        var shape = FurnitureShape()
    }

    /// What a few bytes of a trimmed furniture line say about the rules it could meet.
    struct FurnitureShape {
        /// Starts with "-", "_" or "*", or has a ":" among its first 16 bytes.
        var mayStartEarlierMessage = false
        /// Ends with ":", as every attribution does.
        var endsWithColon = false
        /// Starts like the first half of an attribution Gmail broke in two ("on ", "am ", …).
        var opensAttribution = false

        init() {}

        /// The shape of `line`, lower-cased or ASCII (letters are compared ignoring case, which is
        /// the same thing then).
        init(_ line: UnsafeBufferPointer<UInt8>) {
            guard let first = line.first, let last = line.last else { return }
            mayStartEarlierMessage = first == ASCII.dash || first == ASCII.underscore || first == ASCII.star
                || Self.hasColonNearStart(line)
            endsWithColon = last == ASCII.colon
            if line.count >= 3 && line[2] == ASCII.space {
                let opening = (line[0] | 0x20, line[1] | 0x20)
                opensAttribution = NewText.attributionOpenings.contains { $0[0] == opening.0 && $0[1] == opening.1 }
            }
        }

        /// Whether one of the first 16 bytes is ":".
        static func hasColonNearStart(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
            guard line.count >= 16, let base = line.baseAddress else { return line.contains(ASCII.colon) }
            // Two words compared at once rather than 16 bytes in turn: this runs on most lines.
            let raw = UnsafeRawPointer(base)
            return hasColon(raw.loadUnaligned(as: UInt64.self))
                || hasColon(raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }

        /// Whether any of the word's eight bytes is ":" (the classic test for a zero byte, applied
        /// to the word with every ":" turned into zero).
        private static func hasColon(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let x = word ^ (ones &* UInt64(ASCII.colon))
            return (x &- ones) & ~x & (ones &* 0x80) != 0
        }

        var isWorthLowering: Bool { mayStartEarlierMessage || endsWithColon || opensAttribution }
    }

    /// The text, as UTF-8.
    let bytes: UnsafeBufferPointer<UInt8>
    let lines: [Line]
    /// The furniture forms of all candidate lines, one after another.
    private let loweredBytes: [UInt8]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var lines: [Line] = []
        // Mail text averages well over 32 bytes a line; one reservation saves most regrowth.
        lines.reserveCapacity(bytes.count / 32 + 1)
        var loweredBytes: [UInt8] = []
        let count = bytes.count
        var start = 0
        while true {
            var lineEnd = count
            if start < count, let base = bytes.baseAddress,
                let found = memchr(base + start, Int32(ASCII.lineFeed), count - start)
            {
                lineEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            var contentEnd = lineEnd
            if contentEnd > start && bytes[contentEnd - 1] == ASCII.carriageReturn { contentEnd -= 1 }

            var trimmedEnd = contentEnd
            while trimmedEnd > start && ASCII.isTrailingWhitespace(bytes[trimmedEnd - 1]) { trimmedEnd -= 1 }
            var trimmedStart = start
            while trimmedStart < trimmedEnd && (bytes[trimmedStart] == ASCII.space || bytes[trimmedStart] == ASCII.tab) {
                trimmedStart += 1
            }
            let trimmed = trimmedStart..<trimmedEnd

            let raw = UnsafeBufferPointer(rebasing: bytes[trimmed])
            var line = Line(
                content: start..<contentEnd, trimmed: trimmed, isFurniture: Self.couldBeFurniture(raw),
                isQuoted: !trimmed.isEmpty && bytes[trimmedStart] == ASCII.greaterThan)
            if line.isFurniture {
                let loweredStart = loweredBytes.count
                if Self.isASCII(raw) {
                    // Lower-casing ASCII moves no byte, so the shape can be read before it.
                    line.shape = FurnitureShape(raw)
                    if line.shape.isWorthLowering { Self.appendLowercased(raw[...], to: &loweredBytes) }
                    line.furniture = loweredStart..<loweredBytes.count
                } else {
                    Self.appendLowercased(raw[...], to: &loweredBytes)
                    line.furniture = loweredStart..<loweredBytes.count
                    line.shape = loweredBytes.withUnsafeBufferPointer {
                        FurnitureShape(UnsafeBufferPointer(rebasing: $0[line.furniture]))
                    }
                }
            }
            lines.append(line)

            guard lineEnd < count else { break }
            start = lineEnd + 1
        }
        self.lines = lines
        self.loweredBytes = loweredBytes
    }

    /// Line `i` trimmed and lower-cased for matching, or nil when it cannot be a rule, header or
    /// attribution (prose, blank, or too long to be client furniture).
    func furniture(_ i: Int) -> ArraySlice<UInt8>? {
        let line = lines[i]
        guard line.isFurniture else { return nil }
        if !line.furniture.isEmpty { return loweredBytes[line.furniture] }
        var lowered: [UInt8] = []
        Self.appendLowercased(bytes[line.trimmed], to: &lowered)
        return lowered[...]
    }

    /// Whether every byte is ASCII (a branch-free pass, which vectorises).
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var highBits: UInt8 = 0
        for byte in bytes { highBits |= byte }
        return highBits < 0x80
    }

    func contentBytes(_ i: Int) -> Slice<UnsafeBufferPointer<UInt8>> { bytes[lines[i].content] }

    func trimmedBytes(_ i: Int) -> Slice<UnsafeBufferPointer<UInt8>> { bytes[lines[i].trimmed] }

    /// Whether line `i` is empty or only whitespace.
    func isBlank(_ i: Int) -> Bool { lines[i].trimmed.isEmpty }

    /// Whether line `i` is quoted: ">" after optional indentation.
    func isQuoted(_ i: Int) -> Bool { lines[i].isQuoted }

    /// A cheap look at a trimmed line's first, third and last bytes and its start, so that ordinary
    /// prose is never lower-cased.
    private static func couldBeFurniture(_ trimmed: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = trimmed.first, let last = trimmed.last, trimmed.count <= NewText.maxFurnitureLength
        else { return false }
        if first == ASCII.dash || first == ASCII.underscore || first == ASCII.star || first == ASCII.equals {
            return true
        }
        if last == ASCII.colon || (trimmed.count > 3 && trimmed[2] == ASCII.space) { return true }  // "On ", "Am ", …
        return FurnitureShape.hasColonNearStart(trimmed)
    }

    /// Appends `line` lower-cased. ASCII is lower-cased byte by byte; a line with any other
    /// character goes through `String.lowercased()` (rare, and needed for "Ämne:", "ENVOYÉ :").
    static func appendLowercased(_ line: Slice<UnsafeBufferPointer<UInt8>>, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: line)
        // One pass over contiguous memory, with no per-byte appends, so that it vectorises.
        let allASCII = out.withUnsafeMutableBufferPointer { buffer in
            var highBits: UInt8 = 0
            for k in start..<buffer.count {
                let byte = buffer[k]
                highBits |= byte
                buffer[k] = byte &- 0x41 < 26 ? byte | 0x20 : byte
            }
            return highBits < 0x80
        }
        if allASCII { return }
        out.removeSubrange(start...)
        out.append(contentsOf: String(decoding: line, as: UTF8.self).lowercased().utf8)
    }

    /// The first `end` lines (only those `keep` marks, when given) joined with "\n", trailing
    /// whitespace removed, blank runs collapsed to one, both ends trimmed of blank lines.
    func joined(upTo end: Int, keeping keep: [Bool]?) -> String {
        // Written straight into the string's storage: every line is whole UTF-8 (cut only at ASCII
        // bytes), and the result is never longer than the text.
        String(unsafeUninitializedCapacity: bytes.count) { out in
            var written = 0
            var blankPending = false
            for i in 0..<end where keep?[i] ?? true {
                let line = lines[i]
                if line.trimmed.isEmpty {
                    blankPending = written > 0
                    continue
                }
                if written > 0 {
                    out[written] = ASCII.lineFeed
                    written += 1
                    if blankPending {
                        out[written] = ASCII.lineFeed
                        written += 1
                    }
                }
                blankPending = false
                // Leading indentation is kept; only trailing whitespace goes.
                let kept = UnsafeBufferPointer(rebasing: bytes[line.content.lowerBound..<line.trimmed.upperBound])
                _ = UnsafeMutableBufferPointer(rebasing: out[written...]).initialize(from: kept)
                written += kept.count
            }
            return written
        }
    }
}

/// The bytes the rules look for.
private enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let star: UInt8 = 0x2A
    static let dash: UInt8 = 0x2D
    static let colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D
    static let greaterThan: UInt8 = 0x3E
    static let underscore: UInt8 = 0x5F

    static func isTrailingWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == carriageReturn }
}

extension ArraySlice<UInt8> {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(endIndex - suffix.count)...].elementsEqual(suffix)
    }

    /// Whether `pattern` occurs in the bytes: `memchr` finds each candidate start, so the search
    /// runs at memory speed for the rare first bytes of our patterns.
    fileprivate func containsBytes(_ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first else { return true }
        guard count >= pattern.count else { return false }
        return withUnsafeBufferPointer { haystack in
            guard let base = haystack.baseAddress else { return false }
            let lastStart = haystack.count - pattern.count
            var i = 0
            while i <= lastStart {
                guard let found = memchr(base + i, Int32(first), lastStart - i + 1) else { return false }
                i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if UnsafeBufferPointer(rebasing: haystack[i..<(i + pattern.count)]).elementsEqual(pattern) {
                    return true
                }
                i += 1
            }
            return false
        }
    }

    /// The bytes without leading and trailing bytes for which `isTrimmed` holds.
    fileprivate func trimming(_ isTrimmed: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        var result = self
        while let first = result.first, isTrimmed(first) { result = result.dropFirst() }
        while let last = result.last, isTrimmed(last) { result = result.dropLast() }
        return result
    }
}
