/// Turns the HTML body of a mail into the plain text a reader would see.
///
/// HTML mail is untrusted and often broken, so this is not a DOM: a byte-level tokenizer feeds a
/// streaming writer whose whole state is a handful of counters. Nesting is tracked by counting, never
/// by recursion, so neither deep nesting nor unclosed tags can grow the stack or the heap beyond the
/// size of the output, and every byte of input is looked at a bounded number of times.
public enum HTMLText {
    /// Converts (possibly hostile, possibly broken) HTML to readable plain text: block structure kept
    /// (p, div, br, li with "- " or "1. " bullets, headings, blockquote as "> " prefixed lines, tables
    /// as rows of cells separated by " | ", hr as a line), all entities decoded (the HTML4 named set,
    /// decimal and hex numeric, invalid code points → U+FFFD), script/style/head/title/template/noscript
    /// content dropped, comments and CDATA and `<!DOCTYPE>` dropped, whitespace collapsed like a
    /// browser except inside `<pre>`, links rendered as "text (url)" when the url differs from the text
    /// and is http(s)/mailto (never javascript: etc.), images as their alt text if any. At most two
    /// consecutive blank lines. Result trimmed.
    public static func toPlainText(_ html: String) -> String {
        var html = html
        // withUTF8 makes the storage contiguous once, so the scanner can use plain index loops.
        let bytes: [UInt8] = html.withUTF8 { input in
            var converter = HTMLConverter(input: input)
            converter.run()
            return HTMLConverter.tidied(converter.writer.out)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

// MARK: - Byte classes

/// ASCII byte classes, for the parsers of this module.
enum Byte {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let ff: UInt8 = 0x0C
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let bang: UInt8 = 0x21
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let amp: UInt8 = 0x26
    static let apostrophe: UInt8 = 0x27
    static let dash: UInt8 = 0x2D
    static let slash: UInt8 = 0x2F
    static let semicolon: UInt8 = 0x3B
    static let lt: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let gt: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let rightBracket: UInt8 = 0x5D

    @inline(__always) static func isWhitespace(_ b: UInt8) -> Bool {
        b == space || b == lf || b == tab || b == cr || b == ff
    }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
    }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isAlphanumeric(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) }
    @inline(__always) static func lowered(_ b: UInt8) -> UInt8 {
        b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    }
}

// MARK: - Elements

/// The elements the converter treats specially; everything else is transparent.
private enum HTMLElement {
    case paragraphBlock  // blocks browsers set off with a blank line
    case lineBlock       // blocks that only start a new line
    case br, li, ul, ol, blockquote, pre, table, tr, cell, hr, a, img, head, body, headContent
    case rawText         // content never shown: script, style, title, template, noscript, …
    case other

    static let byName: [String: HTMLElement] = {
        var table: [String: HTMLElement] = [
            "br": .br, "li": .li, "ul": .ul, "ol": .ol, "menu": .ul, "dir": .ul,
            "blockquote": .blockquote, "pre": .pre, "listing": .pre, "xmp": .pre,
            "table": .table, "tr": .tr, "td": .cell, "th": .cell, "hr": .hr, "a": .a, "img": .img,
            "head": .head, "body": .body,
            "meta": .headContent, "link": .headContent, "base": .headContent, "basefont": .headContent,
        ]
        for name in ["p", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "address", "figure"] {
            table[name] = .paragraphBlock
        }
        for name in [
            "div", "section", "article", "aside", "header", "footer", "main", "nav", "center",
            "details", "summary", "figcaption", "form", "fieldset", "legend", "caption", "dt", "dd",
            "thead", "tbody", "tfoot", "hgroup", "search", "dialog", "option", "frameset", "noframes",
        ] {
            table[name] = .lineBlock
        }
        for name in ["script", "style", "title", "template", "noscript", "iframe", "noembed", "textarea"] {
            table[name] = .rawText
        }
        return table
    }()
}

/// What a parsed tag said; attribute values are ranges into the input, still entity-encoded.
private struct HTMLTag {
    var element: HTMLElement
    var isEnd: Bool
    var nameRange: Range<Int>
    var href: Range<Int>?
    var alt: Range<Int>?
    var start: Range<Int>?
    /// Index just past the closing `>`.
    var end: Int
}

// MARK: - Writer

/// Accumulates plain text, deciding lazily how blocks, spaces and quote prefixes are laid out.
///
/// Breaks and spaces are only *requested*; they are written when the next visible content arrives, so
/// that runs of empty blocks, trailing whitespace and closing tags never leave stray blank lines.
private struct PlainTextWriter {
    static let maxQuoteMarks = 32
    static let maxListIndent = 8
    static let maxPendingBreaks = 3  // a line end plus two blank lines

    var out: [UInt8] = []
    /// 1 ends the current line, 2 adds one blank line, 3 two.
    var pendingBreaks = 0
    var pendingSpace = false
    var atLineStart = true
    var quoteDepth = 0
    /// The quote depth of the last written line, so blank lines inside a quote stay quoted (">").
    var lastLineQuoteDepth = 0
    var cellSeparatorPending = false
    var rowHasContent = false

    mutating func requestBreak(_ count: Int) {
        if count > pendingBreaks { pendingBreaks = count }
    }

    mutating func lineBreak() {
        if pendingBreaks < Self.maxPendingBreaks { pendingBreaks += 1 }
    }

    mutating func appendQuoteMarks(_ depth: Int) {
        for _ in 0..<min(depth, Self.maxQuoteMarks) { out.append(Byte.gt) }
    }

    /// Writes whatever separation is owed before the next visible byte.
    mutating func beginContent() {
        if pendingBreaks > 0 {
            if !out.isEmpty {
                out.append(Byte.lf)
                let blankDepth = min(lastLineQuoteDepth, quoteDepth)
                for _ in 1..<pendingBreaks {
                    appendQuoteMarks(blankDepth)
                    out.append(Byte.lf)
                }
                atLineStart = true
            }
            pendingBreaks = 0
        }
        if atLineStart {
            if quoteDepth > 0 {
                appendQuoteMarks(quoteDepth)
                out.append(Byte.space)
            }
            lastLineQuoteDepth = quoteDepth
            atLineStart = false
        } else if cellSeparatorPending {
            out.append(Byte.space)
            out.append(0x7C)  // "|"
            out.append(Byte.space)
        } else if pendingSpace {
            out.append(Byte.space)
        }
        pendingSpace = false
        cellSeparatorPending = false
        rowHasContent = true
    }

    mutating func appendVisible(_ bytes: UnsafeBufferPointer<UInt8>) {
        beginContent()
        out.append(contentsOf: bytes)
    }

    mutating func appendVisible(scalar: UInt32) {
        beginContent()
        Self.appendUTF8(scalar, to: &out)
    }

    /// Writes text that browsers would lay out inline (alt text): whitespace runs become one space.
    mutating func appendInline(_ bytes: [UInt8]) {
        var i = 0
        while i < bytes.count {
            if Byte.isWhitespace(bytes[i]) {
                pendingSpace = true
                i += 1
                continue
            }
            var j = i + 1
            while j < bytes.count && !Byte.isWhitespace(bytes[j]) { j += 1 }
            beginContent()
            out.append(contentsOf: bytes[i..<j])
            i = j
        }
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        out.append(contentsOf: value.utf8)
    }
}

// MARK: - Converter

private struct HTMLConverter {
    static let maxListStack = 64

    let input: UnsafeBufferPointer<UInt8>
    var writer = PlainTextWriter()
    var preDepth = 0
    var inHead = false
    /// Open lists, outermost first; `listDepth` keeps counting past the stack's bound.
    var listStack: [(ordered: Bool, next: Int)] = []
    var listDepth = 0
    var linkURL: [UInt8]?
    var linkTextStart = 0

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
        writer.out.reserveCapacity(input.count / 2)
    }

    mutating func run() {
        let n = input.count
        var i = 0
        while i < n {
            let b = input[i]
            if b == Byte.lt {
                i = markup(at: i)
            } else if b == Byte.amp {
                i = textReference(at: i)
            } else if Byte.isWhitespace(b) {
                whitespace(b)
                i += 1
            } else if b == 0 {
                i += 1  // browsers never render a NUL; neither do we
            } else {
                var j = i + 1
                while j < n {
                    let c = input[j]
                    if c == Byte.lt || c == Byte.amp || c == 0 { break }
                    if Byte.isWhitespace(c) {
                        // A lone space between words needs no collapsing: keep it in the run, which
                        // saves a trip through the writer for every word of ordinary text.
                        guard c == Byte.space, j + 1 < n, Self.isPlainText(input[j + 1]) else { break }
                        j += 1
                    }
                    j += 1
                }
                if !inHead {
                    writer.appendVisible(UnsafeBufferPointer(rebasing: input[i..<j]))
                }
                i = j
            }
        }
        closeLink()
    }

    @inline(__always) static func isPlainText(_ b: UInt8) -> Bool {
        b != Byte.lt && b != Byte.amp && b != 0 && !Byte.isWhitespace(b)
    }

    mutating func whitespace(_ b: UInt8) {
        if inHead { return }
        if preDepth == 0 {
            writer.pendingSpace = true
        } else if b == Byte.lf {
            writer.lineBreak()
        } else if b != Byte.cr {
            writer.beginContent()
            writer.out.append(b == Byte.ff ? Byte.space : b)
        }
    }

    // MARK: References

    mutating func textReference(at i: Int) -> Int {
        guard let (scalar, end) = Self.reference(in: input, at: i, inAttribute: false) else {
            if !inHead { writer.appendVisible(scalar: UInt32(Byte.amp)) }
            return i + 1
        }
        if inHead { return end }
        if scalar < 0x80, Byte.isWhitespace(UInt8(scalar)) {
            whitespace(UInt8(scalar))
        } else if scalar == 0xA0 {
            // A no-break space is visible spacing that never collapses; plain text has no need to
            // tell it from a space.
            writer.beginContent()
            writer.out.append(Byte.space)
        } else {
            writer.appendVisible(scalar: scalar)
        }
        return end
    }

    /// Decodes the character reference starting at `i` (an `&`), returning the scalar and the index
    /// after it, or nil when the `&` is just text.
    static func reference(
        in input: UnsafeBufferPointer<UInt8>, at i: Int, inAttribute: Bool
    ) -> (UInt32, Int)? {
        let n = input.count
        var j = i + 1
        guard j < n else { return nil }
        if input[j] == Byte.hash {
            j += 1
            var hex = false
            if j < n, input[j] | 0x20 == 0x78 {  // x or X
                hex = true
                j += 1
            }
            let digitsStart = j
            var value: UInt32 = 0
            while j < n {
                let c = input[j]
                let digit: UInt32
                if Byte.isDigit(c) {
                    digit = UInt32(c - 0x30)
                } else if hex, (c | 0x20) >= 0x61, (c | 0x20) <= 0x66 {
                    digit = UInt32((c | 0x20) - 0x61 + 10)
                } else {
                    break
                }
                // Saturate rather than overflow: anything past U+10FFFF is invalid anyway.
                if value <= 0x10FFFF { value = value * (hex ? 16 : 10) + digit }
                j += 1
            }
            guard j > digitsStart else { return nil }
            if j < n, input[j] == Byte.semicolon { j += 1 }
            return (numericScalar(value), j)
        }
        let nameStart = j
        while j < n, j - nameStart < 32, Byte.isAlphanumeric(input[j]) { j += 1 }
        guard j > nameStart else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: input[nameStart..<j]), as: UTF8.self)
        if let scalar = namedReferences[name] {
            if j < n, input[j] == Byte.semicolon {
                j += 1
            } else if inAttribute, j < n, input[j] == Byte.equals {
                // "?a=1&copy=2" in a URL is a parameter, not a copyright sign (as in browsers).
                return nil
            }
            return (scalar, j)
        }
        // Browsers also accept a legacy (Latin-1) name run into more letters or digits, as in
        // "&copy2024" or "&lt3" — but not in attributes, where "?x=1&notice=2" is a parameter.
        guard !inAttribute else { return nil }
        var length = min(j - nameStart - 1, 6)
        while length >= 2 {
            let prefix = UnsafeBufferPointer(rebasing: input[nameStart..<(nameStart + length)])
            if let scalar = namedReferences[String(decoding: prefix, as: UTF8.self)], scalar < 0x100 {
                return (scalar, nameStart + length)
            }
            length -= 1
        }
        return nil
    }

    /// Browsers read C1 code points in references as Windows-1252, since that is what authors meant.
    static let windows1252: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    static func numericScalar(_ value: UInt32) -> UInt32 {
        switch value {
        case 0x09, 0x0A, 0x0C, 0x0D: return value
        case 0x00..<0x20, 0x7F: return 0xFFFD  // controls have no place in readable text
        case 0x80..<0xA0: return windows1252[Int(value - 0x80)]
        case 0xD800...0xDFFF, 0x110000...: return 0xFFFD
        default: return value
        }
    }

    /// An attribute value with its references decoded.
    func attributeValue(_ range: Range<Int>) -> [UInt8] {
        var value: [UInt8] = []
        value.reserveCapacity(range.count)
        var i = range.lowerBound
        let slice = UnsafeBufferPointer(rebasing: input[..<range.upperBound])
        while i < range.upperBound {
            if input[i] == Byte.amp, let (scalar, end) = Self.reference(in: slice, at: i, inAttribute: true) {
                PlainTextWriter.appendUTF8(scalar, to: &value)
                i = end
            } else {
                value.append(input[i])
                i += 1
            }
        }
        return value
    }

    // MARK: Markup

    /// Handles whatever starts with `<` at `i`; returns the index to continue from.
    mutating func markup(at i: Int) -> Int {
        let n = input.count
        guard i + 1 < n else {
            if !inHead { writer.appendVisible(scalar: UInt32(Byte.lt)) }
            return n
        }
        let next = input[i + 1]
        if Byte.isLetter(next) {
            guard let tag = parseTag(nameStart: i + 1, isEnd: false) else { return n }
            return startTag(tag)
        }
        if next == Byte.slash {
            guard i + 2 < n else {
                if !inHead { writer.appendVisible(UnsafeBufferPointer(rebasing: input[i..<n])) }
                return n
            }
            if Byte.isLetter(input[i + 2]) {
                guard let tag = parseTag(nameStart: i + 2, isEnd: true) else { return n }
                endTag(tag)
                return tag.end
            }
            return skipPast(Byte.gt, from: i + 2)  // "</>" or a bogus comment
        }
        if next == Byte.bang {
            if matches("--", at: i + 2) { return skipComment(from: i + 4) }
            if matches("[CDATA[", at: i + 2) { return skipPast("]]>", from: i + 9) }
            return skipPast(Byte.gt, from: i + 2)  // DOCTYPE, Outlook's <![if ...]>
        }
        if next == Byte.question { return skipPast(Byte.gt, from: i + 2) }
        if !inHead { writer.appendVisible(scalar: UInt32(Byte.lt)) }
        return i + 1
    }

    func matches(_ literal: StaticString, at i: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i + count <= input.count else { return false }
        let base = literal.utf8Start
        for k in 0..<count where input[i + k] != base[k] { return false }
        return true
    }

    func skipPast(_ byte: UInt8, from i: Int) -> Int {
        var j = i
        while j < input.count {
            if input[j] == byte { return j + 1 }
            j += 1
        }
        return input.count
    }

    func skipPast(_ literal: StaticString, from i: Int) -> Int {
        var j = i
        let first = literal.utf8Start[0]
        while j < input.count {
            if input[j] == first, matches(literal, at: j) { return j + literal.utf8CodeUnitCount }
            j += 1
        }
        return input.count
    }

    /// `i` is just past `<!--`. Mirrors the browser: `<!-->` and `<!--->` are empty comments, and
    /// `--!>` ends a comment as well as `-->`.
    func skipComment(from i: Int) -> Int {
        if matches(">", at: i) { return i + 1 }
        if matches("->", at: i) { return i + 2 }
        var j = i
        while j + 2 < input.count {
            if input[j] == Byte.dash, input[j + 1] == Byte.dash {
                if input[j + 2] == Byte.gt { return j + 3 }
                if input[j + 2] == Byte.bang, j + 3 < input.count, input[j + 3] == Byte.gt { return j + 4 }
            }
            j += 1
        }
        return input.count
    }

    /// Parses a tag whose name starts at `nameStart`. Nil when the input ends inside the tag, which
    /// browsers treat as dropping the rest.
    func parseTag(nameStart: Int, isEnd: Bool) -> HTMLTag? {
        let n = input.count
        var k = nameStart
        while k < n {
            let c = input[k]
            if Byte.isWhitespace(c) || c == Byte.slash || c == Byte.gt { break }
            k += 1
        }
        var tag = HTMLTag(
            element: element(named: nameStart..<k), isEnd: isEnd, nameRange: nameStart..<k,
            href: nil, alt: nil, start: nil, end: n)
        while true {
            while k < n, Byte.isWhitespace(input[k]) || input[k] == Byte.slash { k += 1 }
            guard k < n else { return nil }
            if input[k] == Byte.gt {
                tag.end = k + 1
                return tag
            }
            let attributeStart = k
            k += 1  // the first byte belongs to the name whatever it is, even "="
            while k < n {
                let c = input[k]
                if Byte.isWhitespace(c) || c == Byte.slash || c == Byte.gt || c == Byte.equals { break }
                k += 1
            }
            let attributeName = attributeStart..<k
            while k < n, Byte.isWhitespace(input[k]) { k += 1 }
            guard k < n, input[k] == Byte.equals else { continue }
            k += 1
            while k < n, Byte.isWhitespace(input[k]) { k += 1 }
            guard k < n else { return nil }
            let value: Range<Int>
            let q = input[k]
            if q == Byte.quote || q == Byte.apostrophe {
                let valueStart = k + 1
                k = valueStart
                while k < n, input[k] != q { k += 1 }
                guard k < n else { return nil }
                value = valueStart..<k
                k += 1
            } else {
                let valueStart = k
                while k < n, !Byte.isWhitespace(input[k]), input[k] != Byte.gt { k += 1 }
                value = valueStart..<k
            }
            if isName(attributeName, "href") {
                if tag.href == nil { tag.href = value }
            } else if isName(attributeName, "alt") {
                if tag.alt == nil { tag.alt = value }
            } else if isName(attributeName, "start") {
                if tag.start == nil { tag.start = value }
            }
        }
    }

    func isName(_ range: Range<Int>, _ lowercaseName: StaticString) -> Bool {
        guard range.count == lowercaseName.utf8CodeUnitCount else { return false }
        let base = lowercaseName.utf8Start
        for k in 0..<range.count where Byte.lowered(input[range.lowerBound + k]) != base[k] {
            return false
        }
        return true
    }

    func element(named range: Range<Int>) -> HTMLElement {
        // Every name we know fits in a small (heap-free) String.
        guard range.count <= 15 else { return .other }
        let name = String(unsafeUninitializedCapacity: range.count) { buffer in
            for k in 0..<range.count { buffer[k] = Byte.lowered(input[range.lowerBound + k]) }
            return range.count
        }
        return HTMLElement.byName[name] ?? .other
    }

    // MARK: Tags

    mutating func startTag(_ tag: HTMLTag) -> Int {
        if inHead {
            switch tag.element {
            case .head, .headContent, .rawText: break
            default: inHead = false  // a body element means the head was never closed
            }
        }
        switch tag.element {
        case .paragraphBlock:
            writer.requestBreak(2)
        case .lineBlock:
            writer.requestBreak(1)
        case .br:
            writer.lineBreak()
        case .blockquote:
            writer.requestBreak(2)
            writer.quoteDepth += 1
        case .pre:
            writer.requestBreak(2)
            preDepth += 1
            // Browsers drop a newline that directly follows <pre>.
            var end = tag.end
            if end < input.count, input[end] == Byte.cr { end += 1 }
            if end < input.count, input[end] == Byte.lf { end += 1 }
            return end
        case .ul, .ol:
            writer.requestBreak(listDepth == 0 ? 2 : 1)
            listDepth += 1
            if listStack.count < Self.maxListStack {
                var first = 1
                if tag.element == .ol, let start = tag.start { first = number(in: start) ?? 1 }
                listStack.append((ordered: tag.element == .ol, next: first))
            }
        case .li:
            bullet()
        case .table:
            writer.requestBreak(2)
            writer.rowHasContent = false
        case .tr:
            writer.requestBreak(1)
            writer.rowHasContent = false
        case .cell:
            writer.cellSeparatorPending = writer.rowHasContent
        case .hr:
            writer.requestBreak(2)
            writer.beginContent()
            writer.out.append(contentsOf: repeatElement(Byte.dash, count: 10))
            writer.requestBreak(2)
        case .a:
            closeLink()
            if let href = tag.href { openLink(attributeValue(href)) }
        case .img:
            if let alt = tag.alt, !inHead { writer.appendInline(attributeValue(alt)) }
        case .head:
            inHead = true
        case .body:
            inHead = false
        case .rawText:
            return skipRawText(from: tag.end, name: tag.nameRange)
        case .headContent, .other:
            break
        }
        return tag.end
    }

    mutating func endTag(_ tag: HTMLTag) {
        switch tag.element {
        case .paragraphBlock, .table:
            writer.requestBreak(2)
        case .lineBlock, .li, .tr:
            writer.requestBreak(1)
        case .br:
            writer.lineBreak()  // browsers read </br> as <br>
        case .blockquote:
            writer.requestBreak(2)
            if writer.quoteDepth > 0 { writer.quoteDepth -= 1 }
        case .pre:
            writer.requestBreak(2)
            if preDepth > 0 { preDepth -= 1 }
        case .ul, .ol:
            if listDepth > 0 { listDepth -= 1 }
            if listStack.count > listDepth { listStack.removeLast() }
            writer.requestBreak(listDepth == 0 ? 2 : 1)
        case .a:
            closeLink()
        case .head:
            inHead = false
        case .cell, .hr, .img, .body, .headContent, .rawText, .other:
            break
        }
    }

    mutating func bullet() {
        writer.requestBreak(1)
        writer.beginContent()
        let indent = min(max(listDepth - 1, 0), PlainTextWriter.maxListIndent)
        for _ in 0..<indent {
            writer.out.append(Byte.space)
            writer.out.append(Byte.space)
        }
        if listDepth > 0, listDepth == listStack.count, listStack[listDepth - 1].ordered {
            let number = listStack[listDepth - 1].next
            listStack[listDepth - 1].next = number &+ 1
            writer.out.append(contentsOf: String(number).utf8)
            writer.out.append(0x2E)  // "."
        } else {
            writer.out.append(Byte.dash)
        }
        writer.out.append(Byte.space)
    }

    func number(in range: Range<Int>) -> Int? {
        var value = 0
        var sawDigit = false
        for k in range {
            let c = input[k]
            if Byte.isWhitespace(c) && !sawDigit { continue }
            guard Byte.isDigit(c), value < 100_000_000 else { break }
            value = value * 10 + Int(c - 0x30)
            sawDigit = true
        }
        return sawDigit ? value : nil
    }

    /// Index of the `<` of the end tag that closes a raw-text element, or the end of input.
    func skipRawText(from i: Int, name: Range<Int>) -> Int {
        let n = input.count
        var j = i
        while j + 1 < n {
            if input[j] == Byte.lt, input[j + 1] == Byte.slash {
                let nameStart = j + 2
                let nameEnd = nameStart + name.count
                if nameEnd <= n {
                    var same = true
                    for k in 0..<name.count
                    where Byte.lowered(input[nameStart + k]) != Byte.lowered(input[name.lowerBound + k]) {
                        same = false
                        break
                    }
                    if same {
                        if nameEnd == n { return n }
                        let c = input[nameEnd]
                        if Byte.isWhitespace(c) || c == Byte.slash || c == Byte.gt { return j }
                    }
                }
            }
            j += 1
        }
        return n
    }

    // MARK: Links

    mutating func openLink(_ href: [UInt8]) {
        // Browsers strip surrounding spaces and any tab or newline inside a URL.
        let url = href.filter { $0 > Byte.space && $0 != 0x7F }
        guard Self.hasPrefix(url, "http://") || Self.hasPrefix(url, "https://")
            || Self.hasPrefix(url, "mailto:")
        else { return }
        linkURL = url
        linkTextStart = writer.out.count
    }

    mutating func closeLink() {
        guard let url = linkURL else { return }
        linkURL = nil
        var lower = linkTextStart
        var upper = writer.out.count
        while lower < upper, Byte.isWhitespace(writer.out[lower]) { lower += 1 }
        while upper > lower, Byte.isWhitespace(writer.out[upper - 1]) { upper -= 1 }
        let text = writer.out[lower..<upper]
        if text.isEmpty {
            // An image-only link: the URL is all there is to show, kept apart from its neighbours.
            writer.pendingSpace = true
            writer.appendInline(url)
            return
        }
        if Self.textNamesURL(text, url) { return }
        writer.pendingSpace = true
        writer.beginContent()
        writer.out.append(0x28)  // "("
        writer.out.append(contentsOf: url)
        writer.out.append(0x29)  // ")"
    }

    static func hasPrefix(_ bytes: [UInt8], _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        for k in 0..<count where Byte.lowered(bytes[k]) != prefix.utf8Start[k] { return false }
        return true
    }

    /// Whether showing the URL after the link text would only repeat it.
    static func textNamesURL(_ text: ArraySlice<UInt8>, _ url: [UInt8]) -> Bool {
        var candidate = url[...]
        for scheme: StaticString in ["mailto:", "https://", "http://"] {
            if hasPrefix(url, scheme) {
                if equalIgnoringCase(text, candidate) { return true }
                candidate = candidate.dropFirst(scheme.utf8CodeUnitCount)
                break
            }
        }
        if equalIgnoringCase(text, candidate) { return true }
        if candidate.last == Byte.slash, equalIgnoringCase(text, candidate.dropLast()) { return true }
        if text.last == Byte.slash, equalIgnoringCase(text.dropLast(), candidate) { return true }
        return false
    }

    static func equalIgnoringCase(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { Byte.lowered($0) == Byte.lowered($1) }
    }

    // MARK: Final layout

    /// Strips trailing spaces from lines, allows at most two blank lines in a row, trims both ends.
    static func tidied(_ text: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var blankRun = 0
        var i = 0
        let n = text.count
        while i < n {
            var lineEnd = i
            while lineEnd < n, text[lineEnd] != Byte.lf { lineEnd += 1 }
            var contentEnd = lineEnd
            while contentEnd > i, text[contentEnd - 1] == Byte.space || text[contentEnd - 1] == Byte.tab {
                contentEnd -= 1
            }
            if contentEnd == i {
                blankRun += 1
            } else {
                if !result.isEmpty {
                    result.append(Byte.lf)
                    for _ in 0..<min(blankRun, 2) { result.append(Byte.lf) }
                }
                blankRun = 0
                result.append(contentsOf: text[i..<contentEnd])
            }
            i = lineEnd + 1
        }
        return result
    }
}

/// The HTML4 named character references (and &apos;), by name.
private let namedReferences: [String: UInt32] = [
    "AElig": 0xC6, "Aacute": 0xC1, "Acirc": 0xC2, "Agrave": 0xC0, "Alpha": 0x391, "Aring": 0xC5,
    "Atilde": 0xC3, "Auml": 0xC4, "Beta": 0x392, "Ccedil": 0xC7, "Chi": 0x3A7, "Dagger": 0x2021,
    "Delta": 0x394, "ETH": 0xD0, "Eacute": 0xC9, "Ecirc": 0xCA, "Egrave": 0xC8, "Epsilon": 0x395,
    "Eta": 0x397, "Euml": 0xCB, "Gamma": 0x393, "Iacute": 0xCD, "Icirc": 0xCE, "Igrave": 0xCC, "Iota": 0x399,
    "Iuml": 0xCF, "Kappa": 0x39A, "Lambda": 0x39B, "Mu": 0x39C, "Ntilde": 0xD1, "Nu": 0x39D, "OElig": 0x152,
    "Oacute": 0xD3, "Ocirc": 0xD4, "Ograve": 0xD2, "Omega": 0x3A9, "Omicron": 0x39F, "Oslash": 0xD8,
    "Otilde": 0xD5, "Ouml": 0xD6, "Phi": 0x3A6, "Pi": 0x3A0, "Prime": 0x2033, "Psi": 0x3A8, "Rho": 0x3A1,
    "Scaron": 0x160, "Sigma": 0x3A3, "THORN": 0xDE, "Tau": 0x3A4, "Theta": 0x398, "Uacute": 0xDA,
    "Ucirc": 0xDB, "Ugrave": 0xD9, "Upsilon": 0x3A5, "Uuml": 0xDC, "Xi": 0x39E, "Yacute": 0xDD,
    "Yuml": 0x178, "Zeta": 0x396, "aacute": 0xE1, "acirc": 0xE2, "acute": 0xB4, "aelig": 0xE6,
    "agrave": 0xE0, "alefsym": 0x2135, "alpha": 0x3B1, "amp": 0x26, "and": 0x2227, "ang": 0x2220,
    "aring": 0xE5, "asymp": 0x2248, "atilde": 0xE3, "auml": 0xE4, "bdquo": 0x201E, "beta": 0x3B2,
    "brvbar": 0xA6, "bull": 0x2022, "cap": 0x2229, "ccedil": 0xE7, "cedil": 0xB8, "cent": 0xA2, "chi": 0x3C7,
    "circ": 0x2C6, "clubs": 0x2663, "cong": 0x2245, "copy": 0xA9, "crarr": 0x21B5, "cup": 0x222A,
    "curren": 0xA4, "dArr": 0x21D3, "dagger": 0x2020, "darr": 0x2193, "deg": 0xB0, "delta": 0x3B4,
    "diams": 0x2666, "divide": 0xF7, "eacute": 0xE9, "ecirc": 0xEA, "egrave": 0xE8, "empty": 0x2205,
    "emsp": 0x2003, "ensp": 0x2002, "epsilon": 0x3B5, "equiv": 0x2261, "eta": 0x3B7, "eth": 0xF0,
    "euml": 0xEB, "euro": 0x20AC, "exist": 0x2203, "fnof": 0x192, "forall": 0x2200, "frac12": 0xBD,
    "frac14": 0xBC, "frac34": 0xBE, "frasl": 0x2044, "gamma": 0x3B3, "ge": 0x2265, "gt": 0x3E,
    "hArr": 0x21D4, "harr": 0x2194, "hearts": 0x2665, "hellip": 0x2026, "iacute": 0xED, "icirc": 0xEE,
    "iexcl": 0xA1, "igrave": 0xEC, "image": 0x2111, "infin": 0x221E, "int": 0x222B, "iota": 0x3B9,
    "iquest": 0xBF, "isin": 0x2208, "iuml": 0xEF, "kappa": 0x3BA, "lArr": 0x21D0, "lambda": 0x3BB,
    "lang": 0x2329, "laquo": 0xAB, "larr": 0x2190, "lceil": 0x2308, "ldquo": 0x201C, "le": 0x2264,
    "lfloor": 0x230A, "lowast": 0x2217, "loz": 0x25CA, "lrm": 0x200E, "lsaquo": 0x2039, "lsquo": 0x2018,
    "lt": 0x3C, "macr": 0xAF, "mdash": 0x2014, "micro": 0xB5, "middot": 0xB7, "minus": 0x2212, "mu": 0x3BC,
    "nabla": 0x2207, "nbsp": 0xA0, "ndash": 0x2013, "ne": 0x2260, "ni": 0x220B, "not": 0xAC, "notin": 0x2209,
    "nsub": 0x2284, "ntilde": 0xF1, "nu": 0x3BD, "oacute": 0xF3, "ocirc": 0xF4, "oelig": 0x153,
    "ograve": 0xF2, "oline": 0x203E, "omega": 0x3C9, "omicron": 0x3BF, "oplus": 0x2295, "or": 0x2228,
    "ordf": 0xAA, "ordm": 0xBA, "oslash": 0xF8, "otilde": 0xF5, "otimes": 0x2297, "ouml": 0xF6, "para": 0xB6,
    "part": 0x2202, "permil": 0x2030, "perp": 0x22A5, "phi": 0x3C6, "pi": 0x3C0, "piv": 0x3D6,
    "plusmn": 0xB1, "pound": 0xA3, "prime": 0x2032, "prod": 0x220F, "prop": 0x221D, "psi": 0x3C8,
    "quot": 0x22, "rArr": 0x21D2, "radic": 0x221A, "rang": 0x232A, "raquo": 0xBB, "rarr": 0x2192,
    "rceil": 0x2309, "rdquo": 0x201D, "real": 0x211C, "reg": 0xAE, "rfloor": 0x230B, "rho": 0x3C1,
    "rlm": 0x200F, "rsaquo": 0x203A, "rsquo": 0x2019, "sbquo": 0x201A, "scaron": 0x161, "sdot": 0x22C5,
    "sect": 0xA7, "shy": 0xAD, "sigma": 0x3C3, "sigmaf": 0x3C2, "sim": 0x223C, "spades": 0x2660,
    "sub": 0x2282, "sube": 0x2286, "sum": 0x2211, "sup": 0x2283, "sup1": 0xB9, "sup2": 0xB2, "sup3": 0xB3,
    "supe": 0x2287, "szlig": 0xDF, "tau": 0x3C4, "there4": 0x2234, "theta": 0x3B8, "thetasym": 0x3D1,
    "thinsp": 0x2009, "thorn": 0xFE, "tilde": 0x2DC, "times": 0xD7, "trade": 0x2122, "uArr": 0x21D1,
    "uacute": 0xFA, "uarr": 0x2191, "ucirc": 0xFB, "ugrave": 0xF9, "uml": 0xA8, "upsih": 0x3D2,
    "upsilon": 0x3C5, "uuml": 0xFC, "weierp": 0x2118, "xi": 0x3BE, "yacute": 0xFD, "yen": 0xA5, "yuml": 0xFF,
    "zeta": 0x3B6, "zwj": 0x200D, "zwnj": 0x200C,
    "apos": 0x27,
]
