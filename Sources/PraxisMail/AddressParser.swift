/// Address-list header values (From, To, Cc, Reply-To, Sender…) to mailboxes.
///
/// The grammar is RFC 5322 §3.4 with the obsolete forms of §4.4 and RFC 6532's UTF-8, parsed
/// leniently: results mirror Python's `email.policy.default` on normal and commonly messy input,
/// except where Python loses addresses (noted at each place), because a mailing list must never drop
/// a recipient or mis-attribute an author just because a neighbouring address is broken.
enum AddressParser {
    /// More addresses than this in one header is an attack or a mistake, never a real message.
    static let maximumAddressCount = 10_000

    /// Parses an address-list header value (From, To, Cc, Reply-To, Sender…; unfolded raw bytes).
    /// Groups are flattened into their member mailboxes (a group with no members yields nothing).
    /// Garbage in one address never loses the others.
    static func parseList(_ raw: ArraySlice<UInt8>, defects: inout [MailDefect]) -> [MailAddress] {
        var parser = AddressListParser(raw)
        let addresses = parser.parse()
        defects.append(contentsOf: parser.defects)
        return addresses
    }
}

// MARK: - Lexer

/// One lexical unit of an address list; comments and whitespace never appear, they only set flags.
private struct AddressToken {
    enum Kind: Equatable {
        /// A run of atom bytes (RFC 5322 atext plus anything 8-bit or stray, such as `)`, `]`, `\`).
        case atom
        /// A quoted string; `range` is its content without the quotes.
        case quoted(hasEscapes: Bool)
        /// A domain literal; `range` is its content without the brackets.
        case domainLiteral(hasEscapes: Bool)
        /// One of `< > @ , ; : .`
        case special(UInt8)
        case end
    }

    var kind: Kind
    /// The token's bytes as the caller wants them (content only for quoted strings and literals).
    var range: Range<Int>
    /// The whole token in the input, delimiters included.
    var span: Range<Int>
    /// Whitespace or a comment separated this token from the previous one.
    var isSpaced: Bool
    /// A comment (not just whitespace) separated this token from the previous one.
    var followsComment: Bool
}

private enum ASCII {
    static let tab: UInt8 = 0x09
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let openParen: UInt8 = 0x28
    static let closeParen: UInt8 = 0x29
    static let comma: UInt8 = 0x2C
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let less: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greater: UInt8 = 0x3E
    static let at: UInt8 = 0x40
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
}

/// Bytes that separate tokens without being one: whitespace and, leniently, every other control
/// byte (a NUL in a display name is noise, never meaning).
@inline(__always)
private func isAddressSpace(_ byte: UInt8) -> Bool {
    byte <= ASCII.space || byte == 0x7F
}

/// Defects of one address list, each kind recorded once: hostile input repeating one flaw a
/// million times must not yield a million defects.
private struct AddressDefectLog {
    private(set) var defects: [MailDefect] = []

    mutating func add(_ defect: MailDefect) {
        // A linear search: there are a handful of kinds, and hashing showed up in profiles.
        if !defects.contains(where: { $0.code == defect.code }) { defects.append(defect) }
    }

    mutating func add(_ code: String, _ detail: String) {
        add(MailDefect(code, detail))
    }
}

private struct AddressLexer {
    let bytes: ArraySlice<UInt8>
    private(set) var position: Int
    var log = AddressDefectLog()

    /// A quoted string opened at or after this position is known to run to the end unterminated,
    /// so it is not scanned again (which would make `"a\"b\"c…` quadratic).
    private var unterminatedQuoteFrom: Int?
    /// How many bytes may still be spent re-scanning after unterminated comments before the lexer
    /// stops recovering from them; keeps hostile `((((…` input linear.
    private var commentRescanBudget: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
        self.commentRescanBudget = bytes.count + 4096
    }

    mutating func next() -> AddressToken {
        var isSpaced = false
        var followsComment = false
        let end = bytes.endIndex
        while position < end {
            let byte = bytes[position]
            if isAddressSpace(byte) {
                isSpaced = true
                position += 1
                continue
            }
            if byte == ASCII.openParen {
                skipComment()
                isSpaced = true
                followsComment = true
                continue
            }
            let start = position
            switch byte {
            case ASCII.quote:
                if let (close, hasEscapes) = scanQuoted(from: start) {
                    position = close + 1
                    return AddressToken(kind: .quoted(hasEscapes: hasEscapes), range: start + 1..<close,
                                        span: start..<close + 1, isSpaced: isSpaced, followsComment: followsComment)
                }
                // Unterminated: drop the stray quote and read what follows as ordinary tokens, so the
                // addresses after it survive.
                log.add(MailDefect("unterminated-quoted-string",
                                  "A quoted string in an address list has no closing quote; the quote was ignored."))
                position += 1
                isSpaced = true
                continue
            case ASCII.openBracket:
                return lexDomainLiteral(from: start, isSpaced: isSpaced, followsComment: followsComment)
            case ASCII.less, ASCII.greater, ASCII.at, ASCII.comma, ASCII.semicolon, ASCII.colon, ASCII.dot:
                position += 1
                return AddressToken(kind: .special(byte), range: start..<position, span: start..<position,
                                    isSpaced: isSpaced, followsComment: followsComment)
            default:
                position = encodedWordEnd(from: start) ?? start + 1
                while position < end, isAtomByte(bytes[position]) { position += 1 }
                return AddressToken(kind: .atom, range: start..<position, span: start..<position,
                                    isSpaced: isSpaced, followsComment: followsComment)
            }
        }
        return AddressToken(kind: .end, range: end..<end, span: end..<end, isSpaced: isSpaced,
                            followsComment: followsComment)
    }

    @inline(__always)
    private func isAtomByte(_ byte: UInt8) -> Bool {
        switch byte {
        case ASCII.quote, ASCII.openParen, ASCII.comma, ASCII.dot, ASCII.colon, ASCII.semicolon,
             ASCII.less, ASCII.greater, ASCII.at, ASCII.openBracket:
            return false
        default:
            return !isAddressSpace(byte)
        }
    }

    /// The end of an encoded word `=?charset?e?text?=` starting at `start`, if one does. Its text
    /// may hold specials (mailers write `=?ISO-8859-1?Q?"J=F8rg"?=`), so it must be one atom, as
    /// Python lexes it; the scan stops at whitespace, which no encoded word contains, so it is cheap.
    private func encodedWordEnd(from start: Int) -> Int? {
        let end = bytes.endIndex
        guard start + 1 < end, bytes[start] == ASCII.equals, bytes[start + 1] == 0x3F else { return nil }
        var index = start + 2
        var questionMarks = 0
        while index < end, !isAddressSpace(bytes[index]) {
            if bytes[index] == 0x3F {
                questionMarks += 1
                if questionMarks >= 3, index + 1 < end, bytes[index + 1] == 0x3D { return index + 2 }
            }
            index += 1
        }
        return nil
    }

    /// Returns the index of the closing quote, or nil when the string runs to the end.
    private mutating func scanQuoted(from open: Int) -> (Int, Bool)? {
        if let known = unterminatedQuoteFrom, open >= known { return nil }
        var index = open + 1
        var hasEscapes = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == ASCII.quote { return (index, hasEscapes) }
            if byte == ASCII.backslash {
                hasEscapes = true
                index += 2
            } else {
                index += 1
            }
        }
        // Any later quote was seen escaped by this scan (else it would have closed it), so a scan
        // from there meets exactly the same bytes in the same state and cannot close either.
        unterminatedQuoteFrom = open
        return nil
    }

    /// Skips a (possibly nested) comment starting at `position`.
    private mutating func skipComment() {
        let open = position
        var depth = 0
        var index = open
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == ASCII.backslash {
                index += 2
                continue
            }
            if byte == ASCII.openParen {
                depth += 1
            } else if byte == ASCII.closeParen {
                depth -= 1
                if depth == 0 {
                    position = index + 1
                    return
                }
            }
            index += 1
        }
        commentRescanBudget -= bytes.endIndex - open
        if commentRescanBudget >= 0 {
            log.add(MailDefect("unterminated-comment",
                                  "A comment in an address list has no closing parenthesis; the parenthesis was ignored."))
            position = open + 1
        } else {
            log.add(MailDefect("too-many-unterminated-comments",
                                  "Too many unterminated comments in an address list; the rest of it was ignored."))
            position = bytes.endIndex
        }
    }

    /// A domain literal may not contain these; meeting one means the `]` is missing. Stopping there
    /// (rather than at the end) keeps recovery local and the scan linear.
    @inline(__always)
    private func endsBrokenDomainLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case ASCII.openBracket, ASCII.less, ASCII.greater, ASCII.comma, ASCII.semicolon, ASCII.at,
             ASCII.quote, ASCII.openParen, ASCII.closeParen:
            return true
        default:
            return false
        }
    }

    private mutating func lexDomainLiteral(from open: Int, isSpaced: Bool, followsComment: Bool) -> AddressToken {
        var index = open + 1
        var hasEscapes = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == ASCII.closeBracket {
                position = index + 1
                return AddressToken(kind: .domainLiteral(hasEscapes: hasEscapes), range: open + 1..<index,
                                    span: open..<index + 1, isSpaced: isSpaced, followsComment: followsComment)
            }
            if byte == ASCII.backslash, index + 1 < bytes.endIndex {
                hasEscapes = true
                index += 2
                continue
            }
            if endsBrokenDomainLiteral(byte) { break }
            index += 1
        }
        let stop = min(index, bytes.endIndex)
        log.add(MailDefect("unterminated-domain-literal",
                                  "A domain literal in an address list has no closing bracket."))
        position = stop
        return AddressToken(kind: .domainLiteral(hasEscapes: hasEscapes), range: open + 1..<stop,
                            span: open..<stop, isSpaced: isSpaced, followsComment: followsComment)
    }
}

// MARK: - Parser

private struct AddressListParser {
    private var lexer: AddressLexer
    private var peeked: AddressToken?
    private var addresses: [MailAddress] = []
    private var ownLog = AddressDefectLog()
    private var inGroup = false

    /// Real mailboxes have a few words; the cap keeps a megabyte of junk from becoming a
    /// megabyte of tokens in memory.
    static let maximumWordCount = 512
    /// RFC 5321 allows 255; longer is junk, cut rather than carried.
    static let maximumDomainLength = 1024

    init(_ bytes: ArraySlice<UInt8>) {
        lexer = AddressLexer(bytes)
    }

    var defects: [MailDefect] {
        var merged = lexer.log
        for defect in ownLog.defects { merged.add(defect) }
        return merged.defects
    }
    private var bytes: ArraySlice<UInt8> { lexer.bytes }

    private mutating func peek() -> AddressToken {
        if let token = peeked { return token }
        let token = lexer.next()
        peeked = token
        return token
    }

    @discardableResult
    private mutating func take() -> AddressToken {
        let token = peek()
        peeked = nil
        return token
    }

    private mutating func defect(_ code: String, _ detail: String) {
        ownLog.add(code, detail)
    }

    mutating func parse() -> [MailAddress] {
        // Set after a mailbox until a separator is seen, to notice (and survive) missing commas.
        var needsSeparator = false
        while true {
            let token = peek()
            switch token.kind {
            case .end:
                return addresses
            case .special(ASCII.comma):
                take()
                needsSeparator = false
            case .special(ASCII.semicolon):
                take()
                needsSeparator = false
                if inGroup {
                    inGroup = false
                } else {
                    // Outlook users type `a@x; b@y`; Python stops at the `;` and loses b@y.
                    defect("semicolon-separator", "A semicolon separates addresses outside a group.")
                }
            case .special(ASCII.greater):
                take()
                defect("stray-angle-bracket", "An address list has a '>' that closes nothing.")
            case .special(ASCII.colon):
                take()
                defect("unnamed-group", "An address list starts a group without a name.")
                inGroup = true
            default:
                if addresses.count >= AddressParser.maximumAddressCount {
                    defect("too-many-addresses",
                           "An address list has more than \(AddressParser.maximumAddressCount) addresses; the rest were ignored.")
                    return addresses
                }
                let before = addresses.count
                parseMailbox(afterMailboxWithoutSeparator: needsSeparator)
                if addresses.count > before {
                    if needsSeparator {
                        // Python keeps only the first of `<a@x> <b@y>`; both are plainly meant.
                        defect("missing-address-separator", "Two addresses are not separated by a comma.")
                    }
                    needsSeparator = true
                }
            }
        }
    }

    /// Parses one mailbox or a group's start, emitting at most one address.
    private mutating func parseMailbox(afterMailboxWithoutSeparator: Bool) {
        var words: [AddressToken] = []
        while true {
            let token = peek()
            switch token.kind {
            case .atom, .quoted, .domainLiteral, .special(ASCII.dot):
                guard words.count < AddressListParser.maximumWordCount else {
                    defect("address-too-long", "An address has too many words; it was ignored.")
                    skipToSeparator()
                    return
                }
                words.append(take())
            case .special(ASCII.less):
                take()
                let name = displayName(words)
                if let address = parseAngleAddress() {
                    addresses.append(MailAddress(name: name, address: address))
                }
                return
            case .special(ASCII.at):
                take()
                parseAddressSpec(localWords: words)
                return
            case .special(ASCII.colon) where !inGroup:
                // The phrase was a group's name; its members follow as ordinary mailboxes.
                take()
                inGroup = true
                return
            case .special(ASCII.colon):
                take()
                defect("nested-group", "A group inside a group is not allowed; its name was ignored.")
                words.removeAll()
            default:
                // `,` `;` `>` or the end: a phrase with no address at all.
                guard !words.isEmpty else { return }
                if afterMailboxWithoutSeparator {
                    // `<a@x> Alice`: a trailing name, not a recipient (Python drops it too).
                    defect("junk-after-address", "Text after an address was ignored.")
                    return
                }
                if let address = address(localWords: words, domain: nil, sawAt: false) {
                    addresses.append(MailAddress(address: address))
                }
                return
            }
        }
    }

    /// After `local@`: the domain. Whatever follows before the next separator is junk; Python
    /// drops it too, and in real mail it is most often a folded-in line of message ids
    /// (`keith@cco.caltech.edu (Keith) <930401.1123@mantis.co.uk>` in old news) or a repeat of the
    /// address (`eve@example.com <eve@example.com>`), so the first addr-spec is the one meant.
    private mutating func parseAddressSpec(localWords: [AddressToken]) {
        let domain = parseDomain()
        skipToSeparator()
        if let address = address(localWords: localWords, domain: domain, sawAt: true) {
            addresses.append(MailAddress(address: address))
        }
    }

    /// `local@domain` as one string, recording what is missing; nil when there is no local part.
    private mutating func address(localWords: [AddressToken], domain: [UInt8]?, sawAt: Bool) -> String? {
        var value = localPart(localWords)
        guard !value.isEmpty else {
            if sawAt {
                defect("address-without-local-part", "An address has nothing before its '@'; it was ignored.")
            }
            return nil
        }
        if let domain {
            value.append(ASCII.at)
            value.append(contentsOf: domain)
        } else if sawAt {
            defect("address-without-domain", "An address ends at its '@'; it was kept without a domain.")
        } else {
            defect("address-without-domain", "An address has no '@domain'; it was kept as written.")
        }
        return String(decoding: value, as: UTF8.self)
    }

    /// Skips tokens up to (not including) the next `,`, `;` or the end.
    private mutating func skipToSeparator() {
        var skipped = false
        while true {
            switch peek().kind {
            case .end, .special(ASCII.comma), .special(ASCII.semicolon):
                if skipped { defect("junk-after-address", "Text after an address was ignored.") }
                return
            default:
                take()
                skipped = true
            }
        }
    }

    /// The part of an angle address after `<`, through `>` when present. Nil for `<>`.
    private mutating func parseAngleAddress() -> String? {
        if case .special(ASCII.at) = peek().kind { skipRoute() }
        var words: [AddressToken] = []
        var address: String?
        collect: while true {
            let token = peek()
            switch token.kind {
            case .atom, .quoted, .special(ASCII.dot):
                guard words.count < AddressListParser.maximumWordCount else {
                    defect("address-too-long", "An address has too many words; it was ignored.")
                    return nil
                }
                words.append(take())
            case .special(ASCII.at):
                take()
                address = self.address(localWords: words, domain: parseDomain(), sawAt: true)
                break collect
            default:
                // What is left up to `>` is skipped below as junk.
                address = self.address(localWords: words, domain: nil, sawAt: false)
                break collect
            }
        }
        // Expect `>`; skip anything else inside the brackets, but never past a separator, so an
        // unclosed `<` costs only its own address.
        var skippedJunk = false
        while true {
            let token = peek()
            switch token.kind {
            case .special(ASCII.greater):
                take()
                if skippedJunk { defect("junk-in-angle-address", "Text inside an angle address was ignored.") }
                if address == nil, !skippedJunk {
                    defect("empty-address", "An angle address is empty; it was ignored.")
                }
                return address
            case .end, .special(ASCII.comma), .special(ASCII.semicolon), .special(ASCII.less):
                defect("unterminated-angle-address", "An angle address has no closing '>'.")
                return address
            default:
                take()
                skippedJunk = true
            }
        }
    }

    /// Skips an obsolete source route `@a,@b:` (RFC 5322 §4.4): it carries no meaning today.
    private mutating func skipRoute() {
        while true {
            switch peek().kind {
            case .special(ASCII.colon):
                take()
                return
            case .special(ASCII.at), .special(ASCII.comma), .special(ASCII.dot), .atom, .domainLiteral:
                take()
            default:
                // No `:` before `>`: not a route after all; leave the rest to the caller.
                defect("bad-route", "An angle address has an obsolete route without ':'.")
                return
            }
        }
    }

    /// A dot-atom domain (CFWS allowed around the dots, as obsolete syntax permits) or a literal.
    private mutating func parseDomain() -> [UInt8]? {
        let first = peek()
        if case .domainLiteral(let hasEscapes) = first.kind {
            take()
            var content: [UInt8] = [ASCII.openBracket]
            content.reserveCapacity(first.range.count + 2)
            var index = first.range.lowerBound
            while index < first.range.upperBound {
                var byte = bytes[index]
                if hasEscapes, byte == ASCII.backslash, index + 1 < first.range.upperBound {
                    index += 1
                    byte = bytes[index]
                } else if isAddressSpace(byte) {
                    index += 1
                    continue
                }
                content.append(byte)
                index += 1
            }
            content.append(ASCII.closeBracket)
            return content
        }
        // Atoms and dots as written, empty labels included: `x@.cray.com` and `x@uark..edu` are
        // typos worth keeping whole (Python turns them into `<>`). An atom right after an atom is
        // not part of this domain but junk or the next address.
        var text: [UInt8] = []
        var previousWasAtom = false
        while text.count < AddressListParser.maximumDomainLength {
            let token = peek()
            if case .special(ASCII.dot) = token.kind {
                text.append(ASCII.dot)
                previousWasAtom = false
            } else if case .atom = token.kind, !previousWasAtom {
                text.append(contentsOf: bytes[token.range])
                previousWasAtom = true
            } else {
                break
            }
            take()
        }
        return text.isEmpty ? nil : text
    }

    // MARK: Building values

    /// The local part as Python's `addr_spec` renders it: words joined (a space only between two
    /// words that were apart), then quoted when the result is not a dot-atom.
    private func localPart(_ words: [AddressToken]) -> [UInt8] {
        var value: [UInt8] = []
        var previousWasDot = true
        for word in words {
            let isDot = word.kind == .special(ASCII.dot)
            if word.isSpaced, !isDot, !previousWasDot { value.append(ASCII.space) }
            appendContent(of: word, to: &value)
            previousWasDot = isDot
        }
        var needsQuotes = false
        for byte in value {
            switch byte {
            case ASCII.openParen, ASCII.closeParen, ASCII.less, ASCII.greater, ASCII.at, ASCII.comma,
                 ASCII.colon, ASCII.semicolon, ASCII.backslash, ASCII.quote, ASCII.openBracket,
                 ASCII.closeBracket, ASCII.space, ASCII.tab:
                needsQuotes = true
            default:
                continue
            }
            break
        }
        guard needsQuotes else { return value }
        var quoted: [UInt8] = [ASCII.quote]
        quoted.reserveCapacity(value.count + 2)
        for byte in value {
            if byte == ASCII.backslash || byte == ASCII.quote { quoted.append(ASCII.backslash) }
            quoted.append(byte)
        }
        quoted.append(ASCII.quote)
        return quoted
    }

    /// Appends a word's value: quoted strings and literals unescaped, everything else as written.
    private func appendContent(of word: AddressToken, to value: inout [UInt8]) {
        switch word.kind {
        case .quoted(hasEscapes: true), .domainLiteral(hasEscapes: true):
            appendUnescaped(word.range, to: &value)
        case .domainLiteral:
            value.append(ASCII.openBracket)
            value.append(contentsOf: bytes[word.range])
            value.append(ASCII.closeBracket)
        default:
            value.append(contentsOf: bytes[word.range])
        }
    }

    private func appendUnescaped(_ range: Range<Int>, to value: inout [UInt8]) {
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == ASCII.backslash, index + 1 < range.upperBound { index += 1 }
            value.append(bytes[index])
            index += 1
        }
    }

    /// The display name of a phrase: runs of atoms go through `EncodedWords.decode` as raw bytes
    /// (so adjacent encoded words join and raw 8-bit text is decoded), quoted strings are unescaped
    /// (and decoded too: Python decodes encoded words inside quotes, as real mailers expect), and
    /// the pieces are joined by single spaces. Nil when nothing is left after trimming.
    private mutating func displayName(_ words: [AddressToken]) -> String? {
        guard !words.isEmpty else { return nil }
        var name = ""
        var runStart: Int?
        var runEnd = 0
        var nameDefects: [MailDefect] = []

        func appendPiece(_ piece: String, spaced: Bool) {
            guard !piece.isEmpty else { return }
            if spaced, !name.isEmpty, name.last != " " { name += " " }
            name += piece
        }

        var runSpaced = false
        for word in words {
            let isQuoted: Bool
            if case .quoted = word.kind { isQuoted = true } else { isQuoted = false }
            if isQuoted || word.followsComment, let start = runStart {
                appendPiece(decodeAtomRun(start..<runEnd, defects: &nameDefects), spaced: runSpaced)
                runStart = nil
            }
            if isQuoted {
                let needsDecoding = bytes[word.range].contains { $0 >= 0x80 || $0 == ASCII.equals }
                let text: String
                if case .quoted(hasEscapes: true) = word.kind {
                    var unescaped: [UInt8] = []
                    appendUnescaped(word.range, to: &unescaped)
                    text = decodePhraseText(unescaped[...], needsDecoding: needsDecoding, defects: &nameDefects)
                } else {
                    text = decodePhraseText(bytes[word.range], needsDecoding: needsDecoding, defects: &nameDefects)
                }
                appendPiece(text, spaced: word.isSpaced)
            } else {
                if runStart == nil {
                    runStart = word.span.lowerBound
                    runSpaced = word.isSpaced
                }
                runEnd = word.span.upperBound
            }
        }
        if let start = runStart {
            appendPiece(decodeAtomRun(start..<runEnd, defects: &nameDefects), spaced: runSpaced)
        }
        for defect in nameDefects { ownLog.add(defect) }
        let trimmed = trimmingWhitespace(name)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Decodes a run of atoms (and the whitespace between them). Whitespace runs from folding
    /// become one space first, in the raw bytes where that is cheap; no encoded word contains
    /// whitespace, so this cannot change what an encoded word decodes to.
    private func decodeAtomRun(_ range: Range<Int>, defects: inout [MailDefect]) -> String {
        let run = bytes[range]
        var needsFolding = false
        var needsDecoding = false
        var previousWasSpace = false
        for byte in run {
            let isSpace = isAddressSpace(byte)
            if isSpace, previousWasSpace || byte != ASCII.space { needsFolding = true }
            if byte >= 0x80 || byte == ASCII.equals { needsDecoding = true }
            previousWasSpace = isSpace
        }
        guard needsFolding else { return decodePhraseText(run, needsDecoding: needsDecoding, defects: &defects) }
        var folded: [UInt8] = []
        folded.reserveCapacity(run.count)
        for byte in run {
            if isAddressSpace(byte) {
                if folded.last != ASCII.space { folded.append(ASCII.space) }
            } else {
                folded.append(byte)
            }
        }
        return decodePhraseText(folded[...], needsDecoding: needsDecoding, defects: &defects)
    }

    /// Plain ASCII without `=` can hold no encoded word and needs no charset guess, and most
    /// names are just that: they skip the decoder.
    private func decodePhraseText(_ text: ArraySlice<UInt8>, needsDecoding: Bool,
                                  defects: inout [MailDefect]) -> String {
        needsDecoding ? EncodedWords.decode(text, defects: &defects) : String(decoding: text, as: UTF8.self)
    }
}

/// The text without leading and trailing whitespace (a quoted name may carry some: `" Alice "`).
private func trimmingWhitespace(_ text: String) -> String {
    func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n"
    }
    let scalars = text.unicodeScalars
    guard let first = scalars.first, let last = scalars.last else { return text }
    guard isSpace(first) || isSpace(last) else { return text }
    guard let start = scalars.firstIndex(where: { !isSpace($0) }),
          let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
    return String(scalars[start...end])
}
