import Foundation

/// A message Praxis sends: a list copy, a digest, a notice or a command reply.
///
/// Every string is untrusted as far as rendering is concerned: whatever it holds, `rendered()`
/// produces a well-formed message whose header lines are exactly the fields below.
/// - CR, LF and NUL in any text (subject, display names, extra header values) become spaces.
/// - Addresses and message IDs are cut before the first character that could break out of their
///   syntax (see `MailAddress.isComposable`); a mailbox whose address is then empty or longer than
///   254 characters is left out of its header, and so is a message ID that is empty or over 900.
/// - Extra header names lose everything but printable ASCII other than `:`; a field whose name is
///   then empty or longer than 76 characters, or is one the composer writes itself (From, To, Cc,
///   Reply-To, Subject, Date, Message-ID, In-Reply-To, References, MIME-Version, Content-Type,
///   Content-Transfer-Encoding, Content-Disposition), is left out: a caller can never contradict
///   the MIME structure the body is written in. Other `Content-` fields (`Content-Language`) pass.
public struct OutgoingMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var replyTo: [MailAddress]
    public var subject: String
    public var date: Date
    /// The offset from UTC written in the Date header, in seconds (e.g. 7200 for CEST).
    public var timeZoneOffsetSeconds: Int
    /// Without angle brackets; the header is left out when empty.
    public var messageID: String
    /// Without angle brackets.
    public var inReplyTo: String?
    /// Without angle brackets, oldest first.
    public var references: [String]
    /// Further fields (List-Id, List-Unsubscribe, Precedence, …), written in order after the
    /// standard ones. Values are treated as unstructured text: non-ASCII becomes encoded words.
    public var extraHeaders: [(name: String, value: String)]
    public var body: OutgoingBody

    public init(
        from: MailAddress,
        to: [MailAddress] = [],
        cc: [MailAddress] = [],
        replyTo: [MailAddress] = [],
        subject: String,
        date: Date,
        timeZoneOffsetSeconds: Int = 0,
        messageID: String,
        inReplyTo: String? = nil,
        references: [String] = [],
        extraHeaders: [(name: String, value: String)] = [],
        body: OutgoingBody
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.extraHeaders = extraHeaders
        self.body = body
    }

    /// The message as bytes on the wire: CRLF line ends, header lines folded at 78 characters,
    /// ending with CRLF, with MIME boundaries chosen at random.
    ///
    /// The result is 7-bit ASCII (text goes out as 7bit, quoted-printable or base64), except when a
    /// `.message` or `.digest` part holds 8-bit bytes: those parts cannot be re-encoded (RFC 2046
    /// §5.2.1), so they and their enclosing multiparts are labelled `8bit`.
    public func rendered() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return rendered(using: &generator)
    }

    /// `rendered()` with the boundaries drawn from `generator`, so tests can fix them.
    func rendered(using generator: inout some RandomNumberGenerator) -> [UInt8] {
        var out: [UInt8] = []
        func field(_ name: String, _ value: String) {
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: ":"))
            if !value.isEmpty {
                out.append(0x20)
                out.append(contentsOf: value.utf8)
            }
            out.append(0x0D)
            out.append(0x0A)
        }

        field("From", MessageComposer.addressList([from], fieldNameLength: 4))
        if let value = MessageComposer.nonEmptyAddressList(to, fieldNameLength: 2) { field("To", value) }
        if let value = MessageComposer.nonEmptyAddressList(cc, fieldNameLength: 2) { field("Cc", value) }
        if let value = MessageComposer.nonEmptyAddressList(replyTo, fieldNameLength: 8) { field("Reply-To", value) }
        field("Subject", HeaderEncoding.encodeUnstructured(subject, fieldNameLength: 7))
        field("Date", formatMailDate(date, timeZoneOffsetSeconds: timeZoneOffsetSeconds))
        if let id = MessageComposer.sanitizedMessageID(messageID) { field("Message-ID", "<\(id)>") }
        if let inReplyTo, let id = MessageComposer.sanitizedMessageID(inReplyTo) { field("In-Reply-To", "<\(id)>") }
        let referenceIDs = references.compactMap(MessageComposer.sanitizedMessageID)
        if !referenceIDs.isEmpty {
            var writer = HeaderEncoding.FoldedLineWriter(startColumn: 12)
            for (index, id) in referenceIDs.enumerated() { writer.appendAtom("<\(id)>", after: index == 0 ? "" : " ") }
            field("References", writer.text)
        }
        for (name, value) in extraHeaders {
            guard let name = MessageComposer.sanitizedFieldName(name) else { continue }
            field(name, HeaderEncoding.encodeUnstructured(value, fieldNameLength: name.utf8.count))
        }
        field("MIME-Version", "1.0")

        let entity = MessageComposer.entity(for: body, depth: 0, generator: &generator)
        for line in entity.headerLines {
            out.append(contentsOf: line.utf8)
            out.append(0x0D)
            out.append(0x0A)
        }
        out.append(0x0D)
        out.append(0x0A)
        out.append(contentsOf: entity.content)
        if let last = out.last, last != 0x0A {
            out.append(0x0D)
            out.append(0x0A)
        }
        return out
    }
}

/// The body of an outgoing message; text is always sent as UTF-8.
public indirect enum OutgoingBody: Sendable {
    /// text/plain; a missing final line end is added.
    case plain(String)
    /// text/html; a missing final line end is added.
    case html(String)
    /// multipart/alternative of text/plain and text/html.
    case alternative(plain: String, html: String)
    /// multipart/mixed; an empty list gives one empty text/plain part.
    case mixed([OutgoingBody])
    /// A base64 attachment. `contentType` must be `type/subtype` (no parameters); anything else is
    /// sent as application/octet-stream.
    case attachment(filename: String, contentType: String, data: [UInt8])
    /// A message/rfc822 part holding a whole message, passed on as `MailMessage.rewritten` with no
    /// changes writes it: CRLF line ends, fields as Praxis reads them, no line over 998 octets.
    case message([UInt8])
    /// multipart/digest (RFC 2046 §5.1.5): one message/rfc822 part per message.
    case digest([[UInt8]])
}

/// Random message IDs for outgoing mail.
public enum MessageIDGenerator {
    /// A new message ID without angle brackets: 128 random bits, then `@domain`.
    ///
    /// `domain` keeps only letters, digits, `.` and `-`; if nothing is left, `praxis.invalid` is used.
    public static func make(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(domain: domain, using: &generator)
    }

    static func make(domain: String, using generator: inout some RandomNumberGenerator) -> String {
        let cleanDomain = String(String.UnicodeScalarView(domain.unicodeScalars.filter {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-")
        }))
        // 26 base32 characters carry 130 bits, so the ID holds 128 random bits.
        return MessageComposer.randomToken(length: 26, using: &generator)
            + "@" + (cleanDomain.isEmpty ? "praxis.invalid" : cleanDomain)
    }
}

/// The Gregorian date of a day counted from 1970-01-01, without Calendar or time zone (Howard
/// Hinnant's algorithm): what the Date header and the schedules' wall clock both need.
public func civilDate(fromDaysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

/// An RFC 5322 date-time, e.g. "Thu, 06 May 2004 07:08:09 +0000".
///
/// The offset is truncated to whole minutes and kept within ±99:59; dates are kept within the
/// years 1 to 9999, so any `Date` gives a well-formed field.
public func formatMailDate(_ date: Date, timeZoneOffsetSeconds: Int = 0) -> String {
    let earliest = -62_135_596_800  // 0001-01-01T00:00:00Z
    let latest = 253_402_300_799    // 9999-12-31T23:59:59Z
    let interval = date.timeIntervalSince1970
    let utc: Int
    if interval.isNaN {
        utc = 0
    } else {
        utc = Int(min(max(interval, Double(earliest)), Double(latest)).rounded(.down))
    }
    let maxOffsetMinutes = 99 * 60 + 59
    let offsetMinutes = min(max(timeZoneOffsetSeconds / 60, -maxOffsetMinutes), maxOffsetMinutes)
    let local = min(max(utc + offsetMinutes * 60, earliest), latest)

    let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    let secondsOfDay = local - days * 86_400
    let (year, month, day) = civilDate(fromDaysSince1970: days)
    // 1970-01-01 was a Thursday.
    let weekday = ((days % 7) + 7 + 4) % 7

    let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    let sign = offsetMinutes < 0 ? "-" : "+"
    let absoluteOffset = abs(offsetMinutes)
    return "\(weekdays[weekday]), \(padded(day, 2)) \(months[month - 1]) \(padded(year, 4)) "
        + "\(padded(secondsOfDay / 3600, 2)):\(padded(secondsOfDay / 60 % 60, 2)):\(padded(secondsOfDay % 60, 2)) "
        + "\(sign)\(padded(absoluteOffset / 60, 2))\(padded(absoluteOffset % 60, 2))"
}

extension MailAddress {
    /// Whether the composer writes this address exactly as it is: printable ASCII without white
    /// space or any of `<>,;:"()\`, at most 254 characters, in the shape `local@domain`.
    ///
    /// The composer never lets an address break a header; it cuts the address before such a
    /// character instead, which may change it. Check this where addresses enter Praxis (member import, config) to
    /// reject them with a clear message instead.
    public var isComposable: Bool {
        guard let clean = MessageComposer.sanitizedAddress(address), clean == address,
              let at = clean.utf8.lastIndex(of: UInt8(ascii: "@"))
        else { return false }
        return at > clean.utf8.startIndex && clean.utf8.index(after: at) < clean.utf8.endIndex
    }
}

/// The pieces of rendering: header values for addresses and IDs, MIME entities, boundaries.
/// Other modules use only its random tokens, so that every token Praxis mails is drawn one way.
public enum MessageComposer {
    /// One rendered MIME entity: its Content-* header lines (folded, without line ends) and content.
    struct Entity {
        var headerLines: [String]
        var content: [UInt8]
        /// Whether the content holds bytes that are not 7-bit (only from embedded messages).
        var is8bit: Bool
    }

    /// Deeper bodies are replaced by an empty text part, so rendering cannot exhaust the stack.
    static let maxNestingDepth = 32
    private static let maxAddressLength = 254
    private static let maxMessageIDLength = 900
    private static let maxFieldNameLength = 76
    private static let composedFieldNames: Set<String> = [
        "from", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references",
        "mime-version", "content-type", "content-transfer-encoding", "content-disposition",
    ]

    // MARK: Header values

    /// `address` cut before the first character that could leave the addr-spec: a control, white
    /// space, non-ASCII, or one of `<>,;:"()\`, after trimming white space and one pair of angle
    /// brackets. Cutting rather than deleting keeps the intended address when something was
    /// appended to it ("a@b.org\r\nBcc: …" or "a@b.org, c@d.org" give "a@b.org").
    /// Nil when nothing is left or it is too long.
    static func sanitizedAddress(_ address: String) -> String? {
        prefixBeforeForbidden(address, maxLength: maxAddressLength) { byte in
            byte <= 0x20 || byte >= 0x7F || "<>,;:\"()\\".utf8.contains(byte)
        }
    }

    /// A message ID cut, like an address, before the first control, white space, non-ASCII or
    /// angle bracket; nil when nothing is left or it is too long to fit on a line.
    static func sanitizedMessageID(_ id: String) -> String? {
        prefixBeforeForbidden(id, maxLength: maxMessageIDLength) { byte in
            byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
        }
    }

    private static func prefixBeforeForbidden(
        _ text: String, maxLength: Int, isForbidden: (UInt8) -> Bool
    ) -> String? {
        var bytes = ArraySlice(text.utf8)
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        if bytes.first == UInt8(ascii: "<") && bytes.last == UInt8(ascii: ">") && bytes.count >= 2 {
            bytes = bytes.dropFirst().dropLast()
        }
        let kept = bytes.prefix { !isForbidden($0) }
        guard !kept.isEmpty, kept.count <= maxLength else { return nil }
        return String(decoding: kept, as: UTF8.self)
    }

    /// A field name reduced to printable ASCII without `:` (RFC 5322 ftext); nil when it is empty,
    /// too long, or names a field the composer writes itself.
    static func sanitizedFieldName(_ name: String) -> String? {
        let kept = name.utf8.filter { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
        guard !kept.isEmpty, kept.count <= maxFieldNameLength else { return nil }
        let clean = String(decoding: kept, as: UTF8.self)
        let lower = clean.lowercased()
        guard !composedFieldNames.contains(lower) else { return nil }
        return clean
    }

    static func nonEmptyAddressList(_ mailboxes: [MailAddress], fieldNameLength: Int) -> String? {
        let value = addressList(mailboxes, fieldNameLength: fieldNameLength)
        return value.isEmpty ? nil : value
    }

    /// A folded address list: `name <address>` or `address`, comma separated.
    static func addressList(_ mailboxes: [MailAddress], fieldNameLength: Int) -> String {
        let usable = mailboxes.compactMap { mailbox in
            sanitizedAddress(mailbox.address).map { (name: mailbox.name ?? "", address: $0) }
        }
        var writer = HeaderEncoding.FoldedLineWriter(startColumn: fieldNameLength + 2)
        for (index, mailbox) in usable.enumerated() {
            let comma = index + 1 < usable.count ? "," : ""
            let space = index == 0 ? "" : " "
            switch HeaderEncoding.phraseForm(mailbox.name) {
            case .none:
                writer.appendAtom(mailbox.address + comma, after: space)
            case .atoms(let atoms):
                for (atomIndex, atom) in atoms.enumerated() { writer.appendAtom(atom, after: atomIndex == 0 ? space : " ") }
                writer.appendAtom("<\(mailbox.address)>" + comma, after: " ")
            case .encoded(let text):
                writer.appendEncoded(text, after: space)
                writer.appendAtom("<\(mailbox.address)>" + comma, after: " ")
            }
        }
        return writer.text
    }

    // MARK: Entities

    static func entity(for body: OutgoingBody, depth: Int, generator: inout some RandomNumberGenerator) -> Entity {
        guard depth < maxNestingDepth else { return textEntity("", subtype: "plain") }
        switch body {
        case .plain(let text):
            return textEntity(text, subtype: "plain")
        case .html(let text):
            return textEntity(text, subtype: "html")
        case .alternative(let plain, let html):
            return multipart(
                "alternative", [textEntity(plain, subtype: "plain"), textEntity(html, subtype: "html")],
                generator: &generator)
        case .mixed(let bodies):
            var parts: [Entity] = []
            for part in bodies { parts.append(entity(for: part, depth: depth + 1, generator: &generator)) }
            return multipart("mixed", parts, generator: &generator)
        case .attachment(let filename, let contentType, let data):
            return attachmentEntity(filename: filename, contentType: contentType, data: data)
        case .message(let bytes):
            return messageEntity(bytes)
        case .digest(let messages):
            return multipart("digest", messages.map(messageEntity), generator: &generator)
        }
    }

    /// A UTF-8 text part, in the most readable encoding that keeps it intact: 7bit when
    /// quoted-printable would change nothing, else quoted-printable or base64, whichever is shorter.
    static func textEntity(_ text: String, subtype: String) -> Entity {
        var bytes = TransferEncoding.normalizedLineEnds(text.utf8)
        if let last = bytes.last, last != 0x0A {
            bytes.append(0x0D)
            bytes.append(0x0A)
        }
        let quoted = TransferEncoding.quotedPrintable(bytes)
        let encoding: String
        let content: [UInt8]
        if quoted == bytes {
            (encoding, content) = ("7bit", bytes)
        } else if quoted.count <= TransferEncoding.base64Length(ofByteCount: bytes.count) {
            (encoding, content) = ("quoted-printable", quoted)
        } else {
            (encoding, content) = ("base64", TransferEncoding.base64(bytes))
        }
        return Entity(
            headerLines: ["Content-Type: text/\(subtype); charset=utf-8", "Content-Transfer-Encoding: \(encoding)"],
            content: content, is8bit: false)
    }

    /// A message/rfc822 part. The message goes in as a list copy with no changes would
    /// (`MailMessage.rewritten`): its header section read as Praxis reads it, so a bare CR or LF
    /// in a field stays white space instead of becoming a field of the embedded message, no line
    /// over 998 octets, CRLF line ends.
    static func messageEntity(_ bytes: [UInt8]) -> Entity {
        let content = MailMessage(bytes).rewritten(MessageRewrite())
        let is8bit = content.contains { $0 >= 0x80 || $0 == 0 }
        var headerLines = ["Content-Type: message/rfc822"]
        if is8bit { headerLines.append("Content-Transfer-Encoding: 8bit") }
        return Entity(headerLines: headerLines, content: content, is8bit: is8bit)
    }

    static func attachmentEntity(filename: String, contentType: String, data: [UInt8]) -> Entity {
        var disposition = HeaderEncoding.FoldedLineWriter(startColumn: "Content-Disposition: ".utf8.count)
        let parameters = filenameParameters(filename)
        disposition.appendAtom(parameters.isEmpty ? "attachment" : "attachment;", after: "")
        for (index, parameter) in parameters.enumerated() {
            disposition.appendAtom(parameter + (index + 1 < parameters.count ? ";" : ""), after: " ")
        }
        return Entity(
            headerLines: [
                "Content-Type: \(validatedMediaType(contentType))",
                "Content-Disposition: \(disposition.text)",
                "Content-Transfer-Encoding: base64",
            ],
            content: TransferEncoding.base64(data), is8bit: false)
    }

    /// `type/subtype` when both are RFC 2045 tokens, else application/octet-stream.
    static func validatedMediaType(_ contentType: String) -> String {
        let parts = contentType.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        let isToken = { (part: Substring.UTF8View.SubSequence) in
            !part.isEmpty && part.count <= 127
                && part.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"()<>@,;:\\\"/[]?=".utf8.contains($0) }
        }
        guard parts.count == 2, isToken(parts[0]), isToken(parts[1]) else { return "application/octet-stream" }
        return contentType.lowercased()
    }

    /// The `filename` parameter(s): a quoted string when short printable ASCII, else RFC 2231
    /// UTF-8 percent-encoding, in continuations of at most 50 characters (never splitting a
    /// percent escape or a UTF-8 sequence).
    static func filenameParameters(_ filename: String) -> [String] {
        let name = HeaderEncoding.withoutLineBreaks(filename)
        if name.isEmpty { return [] }
        let bytes = Array(name.utf8)
        if bytes.count <= 60 && bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return ["filename=" + HeaderEncoding.quotedString(name)]
        }
        var segments: [String] = []
        var current: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            let isAttributeChar = byte > 0x20 && byte < 0x7F && !"*'%()<>@,;:\\\"/[]?=".utf8.contains(byte)
            var encoded: [UInt8] = []
            if isAttributeChar { encoded.append(byte) } else { HexDigits.appendPercentEncoded(byte, to: &encoded) }
            // Start a new segment only before the first byte of a UTF-8 sequence.
            let startsCharacter = byte & 0xC0 != 0x80
            if startsCharacter && current.count + encoded.count > 50 && !current.isEmpty {
                segments.append(String(decoding: current, as: UTF8.self))
                current = []
            }
            current.append(contentsOf: encoded)
            if index == bytes.count - 1 { segments.append(String(decoding: current, as: UTF8.self)) }
        }
        if segments.count == 1 { return ["filename*=utf-8''" + segments[0]] }
        return segments.enumerated().map { index, segment in
            "filename*\(index)*=" + (index == 0 ? "utf-8''" : "") + segment
        }
    }

    static func multipart(_ subtype: String, _ parts: [Entity], generator: inout some RandomNumberGenerator) -> Entity {
        let parts = parts.isEmpty ? [textEntity("", subtype: "plain")] : parts
        var boundary = "=_" + randomToken(length: 28, using: &generator)
        // A 140-bit random token cannot realistically collide; the bound only guards the loop.
        var attempts = 0
        while attempts < 16, parts.contains(where: { occurs(boundary: boundary, in: $0) }) {
            boundary = "=_" + randomToken(length: 28, using: &generator)
            attempts += 1
        }
        let delimiter = Array("--\(boundary)".utf8)
        var content: [UInt8] = []
        content.reserveCapacity(parts.reduce(0) { $0 + $1.content.count + 128 })
        for (index, part) in parts.enumerated() {
            if index > 0 { content.append(contentsOf: [0x0D, 0x0A]) }
            content.append(contentsOf: delimiter)
            content.append(contentsOf: [0x0D, 0x0A])
            for line in part.headerLines {
                content.append(contentsOf: line.utf8)
                content.append(contentsOf: [0x0D, 0x0A])
            }
            content.append(contentsOf: [0x0D, 0x0A])
            content.append(contentsOf: part.content)
        }
        content.append(contentsOf: [0x0D, 0x0A])
        content.append(contentsOf: delimiter)
        content.append(contentsOf: Array("--\r\n".utf8))
        let is8bit = parts.contains { $0.is8bit }
        var headerLines = ["Content-Type: multipart/\(subtype); boundary=\"\(boundary)\""]
        if is8bit { headerLines.append("Content-Transfer-Encoding: 8bit") }
        return Entity(headerLines: headerLines, content: content, is8bit: is8bit)
    }

    /// Whether "--boundary" starts a line of the part (its header lines or content), where a
    /// parser would take it for a delimiter.
    static func occurs(boundary: String, in part: Entity) -> Bool {
        let delimiter = Array("--\(boundary)".utf8)
        if part.headerLines.contains(where: { $0.utf8.starts(with: delimiter) }) { return true }
        return part.content.withUnsafeBufferPointer { content in
            let n = content.count
            var lineStart = 0
            while lineStart < n {
                if n - lineStart >= delimiter.count {
                    var matches = true
                    for k in 0..<delimiter.count where content[lineStart + k] != delimiter[k] {
                        matches = false
                        break
                    }
                    if matches { return true }
                }
                var i = lineStart
                while i < n && content[i] != 0x0A { i += 1 }
                lineStart = i + 1
            }
            return false
        }
    }

    /// Lower-case RFC 4648 base32 letters and digits.
    public static let base32Alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// `length` characters of a 32-character `alphabet`, 5 random bits each, from the system's
    /// secure generator: message IDs, MIME boundaries and every token Praxis mails out.
    public static func randomToken(length: Int, alphabet: [UInt8] = base32Alphabet) -> String {
        var generator = SystemRandomNumberGenerator()
        return randomToken(length: length, alphabet: alphabet, using: &generator)
    }

    /// `randomToken(length:alphabet:)` drawn from `generator`, so tests can fix it.
    ///
    /// Each 64-bit draw gives 12 characters: asking the generator for each character alone costs
    /// one system call per character with the system's generator, which showed in every notice
    /// and list copy on the ingest profile.
    static func randomToken(
        length: Int, alphabet: [UInt8] = base32Alphabet, using generator: inout some RandomNumberGenerator
    ) -> String {
        // A 32-character alphabet makes 5 bits map onto it without bias.
        precondition(alphabet.count == 32, "a token alphabet has 32 characters")
        return String(unsafeUninitializedCapacity: max(0, length)) { buffer in
            var bits: UInt64 = 0
            var available = 0
            for index in 0..<max(0, length) {
                if available < 5 {
                    bits = generator.next()
                    available = 64
                }
                buffer[index] = alphabet[Int(bits & 31)]
                bits >>= 5
                available -= 5
            }
            return max(0, length)
        }
    }
}
