/// The changes a mailing list makes to a message before passing it on: header fields removed,
/// replaced and added, and a footer. The original's bytes are kept everywhere else (its body,
/// Message-ID, Date, trace fields), so a copy differs from the post only where it must.
public struct MessageRewrite: Sendable {
    /// Lower-case names of fields to drop (e.g. `list-id`, `dkim-signature`, `return-path`).
    public var removedFields: Set<String>
    /// A new Subject, written where the old one was; nil keeps it.
    public var subject: String?
    /// A new From; nil keeps it.
    public var from: MailAddress?
    /// A new Reply-To; nil keeps the original, an empty list removes it.
    public var replyTo: [MailAddress]?
    /// Fields added after the original ones, in order; values are unstructured text.
    public var addedFields: [(name: String, value: String)]
    /// Text added at the end of the message's readable text; nil adds none.
    public var footer: String?

    public init(
        removedFields: Set<String> = [], subject: String? = nil, from: MailAddress? = nil,
        replyTo: [MailAddress]? = nil, addedFields: [(name: String, value: String)] = [], footer: String? = nil
    ) {
        self.removedFields = removedFields
        self.subject = subject
        self.from = from
        self.replyTo = replyTo
        self.addedFields = addedFields
        self.footer = footer
    }
}

extension MailMessage {
    /// The message with `rewrite` applied, CRLF line ends throughout.
    ///
    /// The footer goes where a reader sees it: appended to a text/plain body; into both the
    /// plain and the HTML part of a multipart/alternative (HTML before `</body>`); into the first
    /// part of a multipart/mixed when that is text, else as a new inline part at its end. Signed
    /// and encrypted messages are left as they are, since any change would break them. A text part
    /// whose charset cannot carry the footer's text gets it in a part of its own, the original
    /// wrapped in a multipart/mixed with it.
    ///
    /// No line of the result is longer than 998 octets (RFC 5322 §2.1.1): copied fields are
    /// folded (see `LongLines.conformingField`), and a part whose body has such a line, the
    /// footer included, is encoded again (`withLongBodyLinesEncoded`). Every line ends in CRLF; the copied fields hold
    /// no bare CR or NUL, since parsing made those spaces.
    public func rewritten(_ rewrite: MessageRewrite) -> [UInt8] {
        let copy = rewrittenKeepingBodyLines(rewrite)
        // The copy's own fields are short already; a long line is in a body (or the footer).
        guard LongLines.hasLongLine(copy[...]) else { return copy }
        return MailMessage(copy).withLongBodyLinesEncoded()?.bytes ?? copy
    }

    private func rewrittenKeepingBodyLines(_ rewrite: MessageRewrite) -> [UInt8] {
        let plan = rewrite.footer.map { FooterPlanner(message: self, text: Self.lineFeedsOnly($0)).plan() } ?? .none
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 2_048)
        let wraps: Bool
        if case .wrap = plan { wraps = true } else { wraps = false }
        let movedFields = writeRewrittenHeader(rewrite, movingContentFields: wraps, into: &out)
        writeBody(plan, movedFields: movedFields, into: &out)
        if let last = out.last, last != 0x0A { out.append(contentsOf: [0x0D, 0x0A]) }
        return Self.withCRLF(out)
    }

    /// The footer's line ends made LF, so that one written with CRs cannot leave a bare one.
    private static func lineFeedsOnly(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var bytes: [UInt8] = []
        var afterCR = false
        for byte in text.utf8 {
            if byte == 0x0A && afterCR { afterCR = false; continue }
            afterCR = byte == 0x0D
            bytes.append(afterCR ? 0x0A : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendField(_ name: String, _ value: String, to out: inout [UInt8]) {
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: ": ".utf8)
        out.append(contentsOf: value.utf8)
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// Copies one field of the original, folded to conform (a field that cannot is left out).
    private func copyField(_ field: HeaderFieldLocation, to out: inout [UInt8]) {
        let name = String(decoding: bytes[field.name], as: UTF8.self)
        guard let conforming = LongLines.conformingField(bytes[field.name.lowerBound..<field.value.upperBound], name: name)
        else { return }
        out.append(contentsOf: conforming)
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// Writes the header section of the copy: the original's fields in their order, with Subject,
    /// From and Reply-To replaced where the rewrite sets them (each written once, where the first
    /// original stood, or after the rest), removed fields left out and added fields last. When the
    /// footer wraps the body, the body's Content-* fields are returned to move into its first part.
    private func writeRewrittenHeader(
        _ rewrite: MessageRewrite, movingContentFields wraps: Bool, into out: inout [UInt8]
    ) -> [HeaderFieldLocation] {
        var replaced: [String: String] = [:]
        if let subject = rewrite.subject {
            replaced["subject"] = HeaderEncoding.encodeUnstructured(subject, fieldNameLength: 7)
        }
        if let from = rewrite.from { replaced["from"] = MessageComposer.addressList([from], fieldNameLength: 4) }
        let replyTo = rewrite.replyTo.flatMap { MessageComposer.nonEmptyAddressList($0, fieldNameLength: 8) }
        let displayNames = ["subject": "Subject", "from": "From", "reply-to": "Reply-To"]
        var written: Set<String> = []
        func writeReplaced(_ name: String) {
            guard written.insert(name).inserted else { return }
            if name == "reply-to" {
                if let replyTo { Self.appendField("Reply-To", replyTo, to: &out) }
            } else if let value = replaced[name], let display = displayNames[name] {
                Self.appendField(display, value, to: &out)
            }
        }
        let replacedNames: Set<String> = Set(replaced.keys).union(rewrite.replyTo == nil ? [] : ["reply-to"])
        var movedFields: [HeaderFieldLocation] = []
        for field in root.header.fields {
            let name = String(decoding: bytes[field.name], as: UTF8.self).lowercased()
            if rewrite.removedFields.contains(name) { continue }
            if replacedNames.contains(name) {
                writeReplaced(name)
            } else if wraps && name == "mime-version" {
                continue
            } else if wraps && name.hasPrefix("content-") {
                movedFields.append(field)
            } else {
                copyField(field, to: &out)
            }
        }
        for name in ["from", "subject", "reply-to"] where replacedNames.contains(name) { writeReplaced(name) }
        for (name, value) in rewrite.addedFields {
            guard let clean = MessageComposer.sanitizedFieldName(name) else { continue }
            Self.appendField(clean, HeaderEncoding.encodeUnstructured(value, fieldNameLength: clean.utf8.count), to: &out)
        }
        return movedFields
    }

    /// Writes the blank line and the body: as it was, with the footer's edits, or wrapped with the
    /// footer in a new multipart/mixed whose first part is the original body.
    private func writeBody(_ plan: FooterPlanner.Plan, movedFields: [HeaderFieldLocation], into out: inout [UInt8]) {
        let body = root.bodyRange
        switch plan {
        case .none:
            out.append(contentsOf: [0x0D, 0x0A])
            out.append(contentsOf: bytes[body])
        case .edits(let edits):
            out.append(contentsOf: [0x0D, 0x0A])
            var position = body.lowerBound
            for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
                out.append(contentsOf: bytes[position..<edit.range.lowerBound])
                out.append(contentsOf: edit.replacement)
                position = edit.range.upperBound
            }
            out.append(contentsOf: bytes[position..<body.upperBound])
        case .wrap(let footerPart):
            let boundary = Self.freshBoundary(notIn: bytes[body])
            Self.appendField("MIME-Version", "1.0", to: &out)
            Self.appendField("Content-Type", "multipart/mixed; boundary=\"\(boundary)\"", to: &out)
            out.append(contentsOf: [0x0D, 0x0A])
            out.append(contentsOf: "--\(boundary)\r\n".utf8)
            for field in movedFields { copyField(field, to: &out) }
            out.append(contentsOf: [0x0D, 0x0A])
            out.append(contentsOf: bytes[body])
            out.append(contentsOf: "\r\n--\(boundary)\r\n".utf8)
            out.append(contentsOf: footerPart)
            out.append(contentsOf: "\r\n--\(boundary)--\r\n".utf8)
        }
    }

    private static func freshBoundary(notIn body: ArraySlice<UInt8>) -> String {
        var generator = SystemRandomNumberGenerator()
        let probe = MessageComposer.Entity(headerLines: [], content: Array(body), is8bit: false)
        var boundary = "=_praxis_" + MessageComposer.randomToken(length: 24, using: &generator)
        var attempts = 0
        while attempts < 16, MessageComposer.occurs(boundary: boundary, in: probe) {
            boundary = "=_praxis_" + MessageComposer.randomToken(length: 24, using: &generator)
            attempts += 1
        }
        return boundary
    }

    /// Every bare LF made CRLF: maildir files usually hold LF alone, SMTP wants CRLF.
    static func withCRLF(_ bytes: [UInt8]) -> [UInt8] {
        var bareLF = 0
        for index in bytes.indices where bytes[index] == 0x0A && (index == 0 || bytes[index - 1] != 0x0D) { bareLF += 1 }
        guard bareLF > 0 else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bareLF)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x0A && previous != 0x0D { out.append(0x0D) }
            out.append(byte)
            previous = byte
        }
        return out
    }
}

/// Decides where a footer goes and what bytes it takes there.
private struct FooterPlanner {
    let message: MailMessage
    let text: String

    enum Plan {
        case none
        case edits([Edit])
        /// The whole body goes into a multipart/mixed; the footer part's bytes (headers and content).
        case wrap([UInt8])
    }

    struct Edit {
        var range: Range<Int>
        var replacement: [UInt8]
    }

    private static let separator = "_______________________________________________"

    func plan() -> Plan {
        let parts = message.parts
        let root = parts[0]
        if Self.isSealed(root) { return .none }
        if let edits = edits(for: 0, isRoot: true) { return .edits(edits) }
        if root.type == "multipart", root.subtype == "mixed", let last = root.children.last,
           let boundary = root.contentType["boundary"]?.trimmingTrailingASCIIWhitespace(), !boundary.isEmpty {
            // After the last part, before the line break that belongs to the closing delimiter.
            var insertion = Array("\r\n--\(boundary)\r\n".utf8)
            insertion += footerPart()
            if insertion.last == 0x0A { insertion.removeLast(2) }
            return .edits([Edit(range: parts[last].bodyRange.upperBound..<parts[last].bodyRange.upperBound, replacement: insertion)])
        }
        return .wrap(footerPart())
    }

    /// A new text/plain part holding the footer, in UTF-8.
    private func footerPart() -> [UInt8] {
        let entity = MessageComposer.textEntity(Self.separator + "\n" + text, subtype: "plain")
        var bytes: [UInt8] = []
        for line in entity.headerLines + ["Content-Disposition: inline"] {
            bytes += Array(line.utf8) + [0x0D, 0x0A]
        }
        bytes += [0x0D, 0x0A]
        bytes += entity.content
        return bytes
    }

    /// Signed or encrypted: a change to any byte would break the signature or the message.
    private static func isSealed(_ part: MIMEPart) -> Bool {
        (part.type == "multipart" && (part.subtype == "signed" || part.subtype == "encrypted"))
            || (part.type == "application" && (part.subtype == "pkcs7-mime" || part.subtype == "x-pkcs7-mime"))
    }

    /// The edits that put the footer into part `index` and the parts under it, or nil when this
    /// part cannot take it.
    private func edits(for index: Int, isRoot: Bool) -> [Edit]? {
        let part = message.parts[index]
        if part.isAttachment || Self.isSealed(part) { return nil }
        switch (part.type, part.subtype) {
        case ("text", "plain"): return leafEdit(part, html: false, isRoot: isRoot).map { [$0] }
        case ("text", "html"): return leafEdit(part, html: true, isRoot: isRoot).map { [$0] }
        case ("multipart", "alternative"):
            // Every version of the text gets it, or none: readers see whichever their client picks.
            var all: [Edit] = []
            for child in part.children {
                let childPart = message.parts[child]
                guard childPart.type == "text" || childPart.type == "multipart" else { continue }
                guard let edits = edits(for: child, isRoot: false) else { return nil }
                all += edits
            }
            return all.isEmpty ? nil : all
        case ("multipart", "related"), ("multipart", "mixed"):
            // The first part is what a reader sees first (RFC 2387's root, or the mixed's text).
            guard let first = part.children.first else { return nil }
            return edits(for: first, isRoot: false)
        default:
            return nil
        }
    }

    private func leafEdit(_ part: MIMEPart, html: Bool, isRoot: Bool) -> Edit? {
        let charset = part.contentType["charset"]?.lowercased() ?? "us-ascii"
        let addition: [UInt8]
        if html {
            addition = Array(Self.htmlFooter(text).utf8)
        } else {
            addition = Array((Self.separator + "\n" + text).utf8)
            let isASCII = addition.allSatisfy { $0 < 0x80 }
            if isASCII {
                if ["utf-16", "utf-32", "ucs", "utf-7"].contains(where: charset.hasPrefix) { return nil }
            } else if charset != "utf-8" && charset != "utf8" {
                return nil
            }
        }
        let body = message.bytes[part.bodyRange]
        switch part.transferEncoding {
        case .identity:
            if html, let insertion = Self.closingBodyTag(in: body) {
                return Edit(range: insertion..<insertion, replacement: addition)
            }
            var replacement: [UInt8] = body.isEmpty || body.last == 0x0A ? [] : [0x0D, 0x0A]
            replacement += addition
            if isRoot { replacement += [0x0D, 0x0A] }
            return Edit(range: part.bodyRange.upperBound..<part.bodyRange.upperBound, replacement: replacement)
        case .base64, .quotedPrintable:
            var ignored: [MailDefect] = []
            var decoded = message.decodedBody(part, defects: &ignored)
            if html, let insertion = Self.closingBodyTag(in: decoded[...]) {
                decoded.insert(contentsOf: addition, at: insertion)
            } else {
                if let last = decoded.last, last != 0x0A { decoded.append(0x0A) }
                decoded += addition + [0x0A]
            }
            let encoded = part.transferEncoding == .base64
                ? TransferEncoding.base64(decoded) : TransferEncoding.quotedPrintable(decoded)
            return Edit(range: part.bodyRange, replacement: encoded)
        case .uuencode:
            return nil
        }
    }

    /// Where the last `</body` starts, ignoring case; nil when there is none.
    private static func closingBodyTag(in bytes: ArraySlice<UInt8>) -> Int? {
        let tag = Array("</body".utf8)
        guard bytes.count >= tag.count else { return nil }
        var index = bytes.endIndex - tag.count
        while index >= bytes.startIndex {
            var matches = true
            for offset in 0..<tag.count {
                var byte = bytes[index + offset]
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
                if byte != tag[offset] { matches = false; break }
            }
            if matches { return index }
            index -= 1
        }
        return nil
    }

    /// The footer as HTML, all ASCII (other characters as references), so it fits any charset
    /// that is a superset of ASCII.
    static func htmlFooter(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "\n": escaped += "<br>\n"
            case "\r": continue
            default: escaped += scalar.isASCII ? String(scalar) : "&#\(scalar.value);"
            }
        }
        return "\n<hr>\n<div style=\"font-size:small;color:#666\">\(escaped)</div>\n"
    }
}
