import Foundation

/// A parsed internet message (RFC 5322 with MIME).
///
/// Parsing a message splits its header sections and its MIME tree, and nothing else: each field
/// is decoded only when asked for, so code that needs only the Message-ID and the sender pays for
/// no more. Parsing never fails: whatever is wrong is worked around and reported in `defects`.
public struct MailMessage: Sendable {
    /// The message's bytes as parsed: a leading mbox `From ` line skipped; in the message's own
    /// header section every bare CR, NUL, and (when that section's lines end in CRLF) bare LF made
    /// a space; bare CRs elsewhere made LF (see `normalizeLineBreaks`).
    public let bytes: [UInt8]
    let parts: [MIMEPart]
    private let structuralDefects: [MailDefect]

    /// Parses `bytes`, one message as it would sit in a maildir file.
    public init(_ bytes: [UInt8], limits: ParseLimits = .default) {
        var defects: [MailDefect] = []
        var storage = bytes
        let start = Self.normalizeLineBreaks(&storage, limits: limits, defects: &defects)
        let parsed = storage.withUnsafeBufferPointer { buffer in
            var parser = MIMEStructureParser(bytes: buffer, storage: storage, limits: limits)
            let parts = parser.parse(start..<buffer.count)
            return (parts, parser.defects)
        }
        self.bytes = storage
        self.parts = parsed.0
        self.structuralDefects = defects + parsed.1
    }

    // MARK: Header fields

    /// Every header field of the message (not of its parts), in order: name as written and the
    /// unfolded value with encoded words decoded.
    public var headerFields: [(name: String, value: String)] {
        var ignored: [MailDefect] = []
        return root.header.fields.map { field in
            (String(decoding: bytes[field.name], as: UTF8.self),
             EncodedWords.decode(MailScanner.unfold(bytes, field.value), defects: &ignored))
        }
    }

    /// The first field named `name` (case-insensitive), unfolded, encoded words decoded.
    public func header(_ name: String) -> String? {
        var ignored: [MailDefect] = []
        return rawHeader(name).map { EncodedWords.decode($0, defects: &ignored) }
    }

    /// Every field named `name` (case-insensitive), unfolded, encoded words decoded.
    public func headers(_ name: String) -> [String] {
        var ignored: [MailDefect] = []
        return fieldLocations(name).map { EncodedWords.decode(MailScanner.unfold(bytes, $0.value), defects: &ignored) }
    }

    /// The Message-ID, without angle brackets.
    public var messageID: String? { rawHeader("message-id").flatMap(MessageIDParser.parseSingle) }

    public var subject: String? {
        var ignored: [MailDefect] = []
        return rawHeader("subject").map { EncodedWords.decode($0, defects: &ignored) }
    }

    public var from: [MailAddress] { addresses("from") }
    public var sender: [MailAddress] { addresses("sender") }
    public var to: [MailAddress] { addresses("to") }
    public var cc: [MailAddress] { addresses("cc") }
    public var replyTo: [MailAddress] { addresses("reply-to") }

    /// The Date field as an instant; nil when absent or unparsable.
    public var date: Date? { rawHeader("date").flatMap(MailDateParser.parse) }

    public var inReplyTo: [String] { rawHeader("in-reply-to").map(MessageIDParser.parseList) ?? [] }
    public var references: [String] { rawHeader("references").map(MessageIDParser.parseList) ?? [] }

    /// The list identifier of List-Id (RFC 2919), the part between angle brackets.
    public var listID: String? {
        guard let raw = rawHeader("list-id") else { return nil }
        let value = String(decoding: raw, as: UTF8.self)
        if let opening = value.lastIndex(of: "<"),
           let closing = value[opening...].firstIndex(of: ">") {
            let id = value[value.index(after: opening)..<closing].trimmingASCIIWhitespace()
            return id.isEmpty ? nil : id
        }
        let id = value.trimmingASCIIWhitespace()
        return id.isEmpty || id.contains(" ") ? nil : id
    }

    /// The bytes of the message's body as sent, after its header section (still transfer-encoded).
    public var bodyBytes: ArraySlice<UInt8> { bytes[root.bodyRange] }

    /// The message without its body: the same header section (its fields already located, at
    /// the same offsets) and an empty body. For holding on to a message whose body nobody will
    /// read, at a fraction of its memory.
    public var headerSection: MailMessage {
        let end = root.bodyRange.lowerBound
        var root = self.root
        root.bodyRange = end..<end
        root.children = []
        return MailMessage(bytes: Array(bytes[..<end]), parts: [root], structuralDefects: structuralDefects)
    }

    private init(bytes: [UInt8], parts: [MIMEPart], structuralDefects: [MailDefect]) {
        self.bytes = bytes
        self.parts = parts
        self.structuralDefects = structuralDefects
    }

    /// The first field named `name`, unfolded, as raw bytes (no decoding at all).
    public func rawHeaderBytes(_ name: String) -> ArraySlice<UInt8>? { rawHeader(name) }

    /// Whether the raw value of the first field named `name` contains one of `needles` (each
    /// lower-case ASCII), in any case: a search far cheaper than parsing the field, for callers
    /// that can skip a field no needle occurs in. The value is searched as written, folded: a
    /// needle with no white space in it is found all the same.
    public func rawHeader(_ name: String, containsAnyOf needles: [String]) -> Bool {
        guard let field = firstField(name, in: 0) else { return false }
        return bytes.withUnsafeBufferPointer { all in
            let value = UnsafeBufferPointer(rebasing: all[field.value])
            return needles.contains { needle in
                var needle = needle
                return needle.withUTF8 { Self.containsCaseInsensitive(value, lowerCaseASCII: $0) }
            }
        }
    }

    private static func containsCaseInsensitive(_ haystack: UnsafeBufferPointer<UInt8>, lowerCaseASCII needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where Byte.lowered(haystack[start]) == first {
            var offset = 1
            while offset < needle.count, Byte.lowered(haystack[start + offset]) == needle[offset] { offset += 1 }
            if offset == needle.count { return true }
        }
        return false
    }

    /// Whether the message has any header field at all; a file without one is not mail.
    public var hasHeaderFields: Bool { !root.header.fields.isEmpty }

    /// The lower-cased media type of the message itself, e.g. `multipart/report`.
    public var mediaType: String { root.mediaType }

    /// Whether the message itself is of media type `type`/`subtype` (both lower-case): what
    /// `mediaType == "type/subtype"` says, without building the string for every message.
    public func hasMediaType(_ type: String, _ subtype: String) -> Bool { root.type == type && root.subtype == subtype }

    /// A parameter of the message's own Content-Type, e.g. `report-type`.
    public func contentTypeParameter(_ name: String) -> String? { root.contentType[name.lowercased()] }

    // MARK: Body

    /// The text a reader sees, and where it came from.
    public var body: BodyText {
        var ignored: [MailDefect] = []
        return BodyTextExtractor(message: self).extract(defects: &ignored)
    }

    /// The text of the message: see `body`.
    public var text: String { body.text }

    /// Every part a reader would call an attachment, in order, including those inside attached
    /// messages.
    public var attachments: [Attachment] {
        var ignored: [MailDefect] = []
        return attachmentList(defects: &ignored)
    }

    /// Everything the parser worked around, from the structure and from every field it knows.
    public var defects: [MailDefect] {
        var all = structuralDefects
        for name in Self.singletonFields where fieldLocations(name).count > 1 {
            all.append(MailDefect("repeated-field", "the \(name) field occurs more than once; the first is used"))
        }
        for name in ["subject"] { if let raw = rawHeader(name) { _ = EncodedWords.decode(raw, defects: &all) } }
        for name in ["from", "sender", "to", "cc", "reply-to"] {
            if let raw = rawHeader(name) { _ = AddressParser.parseList(raw, defects: &all) }
        }
        if let raw = rawHeader("date"), MailDateParser.parse(raw) == nil {
            all.append(MailDefect("bad-date", "the Date field \"\(String(decoding: raw.prefix(80), as: UTF8.self))\" cannot be parsed"))
        }
        _ = BodyTextExtractor(message: self).extract(defects: &all)
        _ = attachmentList(defects: &all)
        return all
    }

    // MARK: Internals

    var root: MIMEPart { parts[0] }

    private static let singletonFields = ["from", "sender", "reply-to", "to", "cc", "bcc", "message-id", "in-reply-to", "references", "subject", "date"]

    /// The first field named `name` in `part` (the message itself by default), unfolded.
    func rawHeader(_ name: String, in part: Int = 0) -> ArraySlice<UInt8>? {
        guard let field = firstField(name, in: part) else { return nil }
        return MailScanner.unfold(bytes, field.value)
    }

    func fieldLocations(_ name: String, in part: Int = 0) -> [HeaderFieldLocation] {
        Self.withLowercasedUTF8(name) { wanted in parts[part].header.fields.filter { matches($0, wanted) } }
    }

    /// The first field named `name` in `part`. Every accessor comes through here, a few dozen
    /// times per message over all its fields, so the name is compared as bytes without copying it.
    private func firstField(_ name: String, in part: Int) -> HeaderFieldLocation? {
        Self.withLowercasedUTF8(name) { wanted in parts[part].header.fields.first { matches($0, wanted) } }
    }

    /// Calls `body` with the UTF-8 bytes of `name` lower-cased; copies only a name that is not
    /// lower-case already (our own names are literals in lower case).
    private static func withLowercasedUTF8<Result>(
        _ name: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        var name = name
        if name.utf8.contains(where: { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || $0 >= 0x80 }) {
            name = name.lowercased()
        }
        return name.withUTF8(body)
    }

    /// Whether the field's name is `wanted` (lower-case bytes), ignoring ASCII case.
    @inline(__always)
    private func matches(_ field: HeaderFieldLocation, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        guard field.name.count == wanted.count else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            for index in field.name {
                var byte = buffer[index]
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
                if byte != wanted[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    private func addresses(_ name: String) -> [MailAddress] {
        var ignored: [MailDefect] = []
        return rawHeader(name).map { AddressParser.parseList($0, defects: &ignored) } ?? []
    }

    /// The decoded body of a leaf part.
    func decodedBody(_ part: MIMEPart, defects: inout [MailDefect]) -> [UInt8] {
        let raw = bytes[part.bodyRange]
        switch part.transferEncoding {
        case .identity: return Array(raw)
        case .base64:
            guard TransferDecoding.looksLikeBase64(raw) else {
                defects.append(MailDefect("not-base64", "a part labelled base64 holds plain text; it was taken as it is"))
                return Array(raw)
            }
            return TransferDecoding.base64(raw, defects: &defects)
        case .quotedPrintable: return TransferDecoding.quotedPrintable(raw, defects: &defects)
        case .uuencode: return TransferDecoding.uudecode(raw, defects: &defects)
        }
    }

    /// The body of a text part as a String, decoded from its transfer encoding and charset.
    func decodedText(_ part: MIMEPart, defects: inout [MailDefect]) -> String {
        let label = part.contentType["charset"]
        if part.transferEncoding == .identity {
            return Charset.decode(bytes[part.bodyRange], label: label, defects: &defects)
        }
        return Charset.decode(decodedBody(part, defects: &defects)[...], label: label, defects: &defects)
    }

    /// The attachments with their content after transfer decoding, in the order of `attachments`
    /// (the web archive serves them).
    public var attachmentContents: [(attachment: Attachment, bytes: [UInt8])] {
        var ignored: [MailDefect] = []
        return attachmentParts(defects: &ignored)
    }

    private func attachmentList(defects: inout [MailDefect]) -> [Attachment] {
        attachmentParts(defects: &defects).map(\.attachment)
    }

    private func attachmentParts(defects: inout [MailDefect]) -> [(attachment: Attachment, bytes: [UInt8])] {
        var list: [(attachment: Attachment, bytes: [UInt8])] = []
        for part in parts {
            // Multiparts and parsed attached messages are containers; their leaves are listed.
            // Other message/* parts (delivery-status, external-body, …) are reports and
            // references, not files.
            guard part.children.isEmpty, part.type != "multipart" else { continue }
            if part.type == "message", part.subtype != "rfc822", part.subtype != "global" { continue }
            let filename = part.disposition?["filename"] ?? part.contentType["name"]
            let isAttachment = filename != nil || part.isAttachment || part.type != "text"
            guard isAttachment else { continue }
            let bytes = decodedBody(part, defects: &defects)
            list.append((Attachment(filename: filename, contentType: part.mediaType, size: bytes.count), bytes))
        }
        return list
    }

    // MARK: Line ends and the mbox envelope

    /// Decides, once for the whole message, which CRs and LFs end lines; returns where the message
    /// starts (after an mbox `From ` line, if any).
    ///
    /// A file with no LF at all is an old Mac one: each CR ends a line. Otherwise a line ends at
    /// an LF (with or without a CR before it), and inside the message's own header section a CR
    /// that ends no line, a NUL, and, when the section's first line ends in CRLF, an LF without a
    /// CR before it are white space: one space each, as an encoded word's CRLF already is. So
    /// `Subject: x\rReply-To: attacker@evil.example` is one Subject, as every MTA and filter
    /// before us saw it, never a Reply-To that only Praxis reads and then writes into its
    /// copies. A bare LF at the start of a line still ends the section, as the blank line of a
    /// file whose lines mix both ends. In the body, bare CRs still end lines (they were always
    /// read so; boundaries and text depend on it), and header sections of parts keep that
    /// reading: they never become fields of a message Praxis writes.
    static func normalizeLineBreaks(_ storage: inout [UInt8], limits: ParseLimits, defects: inout [MailDefect]) -> Int {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        if !storage.contains(lf) && storage.contains(cr) {
            // Made an LF file first: its header section then gets the same reading as any other.
            for index in storage.indices where storage[index] == cr { storage[index] = lf }
            defects.append(MailDefect("bare-cr", "the message uses bare CR line ends; they were read as LF"))
        }
        let start = envelopeLineEnd(storage)
        let headerEnd = normalizeHeaderLineBreaks(&storage, from: start, limit: limits.maxHeaderBytes, defects: &defects)
        var bareCRs = 0
        storage.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var position = headerEnd
            while position < buffer.count,
                  let found = memchr(base + position, Int32(cr), buffer.count - position) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if index + 1 >= buffer.count || buffer[index + 1] != lf {
                    buffer[index] = lf
                    bareCRs += 1
                }
                position = index + 1
            }
        }
        if bareCRs > 0 {
            defects.append(MailDefect("bare-cr", "the message body uses bare CR line ends; they were read as LF"))
        }
        return start
    }

    /// The header-section half of `normalizeLineBreaks`: rewrites the section starting at `start`
    /// in place and returns the offset just past it (past its blank line, or where the first line
    /// that is neither a field nor a continuation starts, or the first line that starts more than
    /// `limit` bytes in).
    private static func normalizeHeaderLineBreaks(
        _ storage: inout [UInt8], from start: Int, limit: Int, defects: inout [MailDefect]
    ) -> Int {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        var changed = 0
        let end: Int = storage.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            let firstLF = MailScanner.lineEnd(UnsafeBufferPointer(buffer), from: start, limit: count)
            let crlf = firstLF < count && firstLF > start && buffer[firstLF - 1] == cr
            var index = start
            var atLineStart = true
            while index < count {
                let byte = buffer[index]
                if atLineStart {
                    // The blank line, or a line that is neither a field nor a continuation: the body.
                    if byte == lf { return index + 1 }
                    if byte == cr, index + 1 < count, buffer[index + 1] == lf { return index + 2 }
                    // Past the limit the header section ends where `HeaderSection.parse` ends it: at
                    // the first line that starts beyond it. A line that starts before it is read
                    // whole, however long, so it is made safe whole (issue 16's fuzzer: a field
                    // crossing the limit kept its NULs, and a list copy wrote them).
                    if index - start > limit { return index }
                    if byte != space && byte != tab && byte != cr && byte != 0 {
                        var segmentEnd = index
                        while segmentEnd < count, buffer[segmentEnd] != lf, buffer[segmentEnd] != cr { segmentEnd += 1 }
                        if HeaderSection.fieldName(UnsafeBufferPointer(buffer), lineStart: index, contentEnd: segmentEnd) == nil {
                            return index
                        }
                    }
                }
                atLineStart = false
                switch byte {
                case lf:
                    if crlf && buffer[index - 1] != cr {
                        buffer[index] = space
                        changed += 1
                    } else {
                        atLineStart = true
                    }
                case cr:
                    // CR LF ends a line in either kind of file; the LF sees to that.
                    if index + 1 >= count || buffer[index + 1] != lf {
                        buffer[index] = space
                        changed += 1
                    }
                case 0:
                    buffer[index] = space
                    changed += 1
                default:
                    break
                }
                index += 1
            }
            return index
        }
        if changed > 0 {
            defects.append(MailDefect(
                "line-break-in-field",
                "\(changed) bare CR, LF or NUL characters inside header fields were read as spaces"))
        }
        return end
    }

    /// Where the message starts: after an mbox `From ` envelope line, if the file has one.
    private static func envelopeLineEnd(_ bytes: [UInt8]) -> Int {
        guard bytes.count > 5, bytes[0] == UInt8(ascii: "F"), bytes[1] == UInt8(ascii: "r"),
              bytes[2] == UInt8(ascii: "o"), bytes[3] == UInt8(ascii: "m"), bytes[4] == UInt8(ascii: " "),
              let lineFeed = bytes.firstIndex(of: UInt8(ascii: "\n"))
        else { return 0 }
        return lineFeed + 1
    }
}

/// A part a reader would call an attachment.
public struct Attachment: Hashable, Sendable {
    /// The file name it suggests (Content-Disposition `filename`, else Content-Type `name`).
    public var filename: String?
    /// The lower-cased media type, e.g. `application/pdf`.
    public var contentType: String
    /// The size in bytes after transfer decoding.
    public var size: Int
}

/// The text of a message that a reader sees.
public struct BodyText: Hashable, Sendable {
    public enum Source: String, Sendable {
        /// The first inline text/plain part.
        case plain
        /// No text/plain part: the first inline text/html part, converted to text.
        case html
        /// No text at all.
        case none
    }

    /// The text as sent, decoded to UTF-8 with LF line ends; format=flowed lines not yet joined,
    /// so that it is the same text every other reader of the message gets.
    public var text: String
    public var source: Source
    /// Set when the text is format=flowed (RFC 3676): its soft line breaks are not real ones.
    public var flowed: Flowed?

    public struct Flowed: Hashable, Sendable {
        /// `DelSp=yes`: the space before a soft line break was added by the sender and goes.
        public var deleteSpace: Bool
    }

    public init(text: String, source: Source, flowed: Flowed? = nil) {
        self.text = text
        self.source = source
        self.flowed = flowed
    }

    /// The text as a reader sees it: format=flowed paragraphs joined into lines again, space
    /// stuffing removed. Digests, trimming and classification work on this.
    public var readerText: String {
        guard let flowed else { return text }
        return FlowedText.unflow(text, delSp: flowed.deleteSpace)
    }
}
