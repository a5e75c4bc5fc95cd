import Glibc

/// Chooses and decodes the text of a message that a reader sees.
///
/// The choice follows what mail clients (and Python's `EmailMessage.get_body`) do: depth first
/// through the MIME tree, the first text/plain part that is not an explicit attachment; inside a
/// multipart/related only its start part; never inside an attached message. When there is no such
/// part, the first text/html part chosen the same way, converted to text.
struct BodyTextExtractor {
    let message: MailMessage

    func extract(defects: inout [MailDefect]) -> BodyText {
        if let index = firstInline(subtype: "plain") {
            let part = message.parts[index]
            let text = Self.withLineFeeds(message.decodedText(part, defects: &defects))
            var body = BodyText(text: text, source: .plain)
            if part.contentType["format"]?.lowercased() == "flowed" {
                body.flowed = .init(deleteSpace: part.contentType["delsp"]?.lowercased() == "yes")
            }
            return body
        }
        if let index = firstInline(subtype: "html") {
            let html = message.decodedText(message.parts[index], defects: &defects)
            return BodyText(text: HTMLText.toPlainText(html), source: .html)
        }
        // A multipart whose parts could not be found (no or wrong boundary): its raw body is
        // still better than nothing, but only when no real text part exists elsewhere.
        if let part = message.parts.first(where: { $0.type == "multipart" && $0.children.isEmpty && !$0.isAttachment }) {
            let text = Self.withLineFeeds(message.decodedText(part, defects: &defects))
            if text.utf8.contains(where: { $0 > 32 }) { return BodyText(text: text, source: .plain) }
        }
        return BodyText(text: "", source: .none)
    }

    private func firstInline(subtype: String) -> Int? {
        let parts = message.parts
        var stack = [0]
        while let index = stack.popLast() {
            let part = parts[index]
            if part.isAttachment { continue }
            if part.type == "text" {
                if part.subtype == subtype { return index }
                continue
            }
            guard part.type == "multipart", !part.children.isEmpty else { continue }
            if part.subtype == "related" {
                stack.append(relatedStart(part) ?? part.children[0])
            } else {
                stack.append(contentsOf: part.children.reversed())
            }
        }
        return nil
    }

    /// The part a multipart/related names in its `start` parameter (RFC 2387), by Content-ID.
    private func relatedStart(_ part: MIMEPart) -> Int? {
        guard let start = part.contentType["start"]?.trimmingASCIIWhitespace(), !start.isEmpty else { return nil }
        return part.children.first { child in
            message.rawHeader("content-id", in: child).map {
                String(decoding: $0, as: UTF8.self).trimmingASCIIWhitespace() == start
            } ?? false
        }
    }

    /// The text with CRLF line ends made LF: the text is for reading, storing and comparing, and
    /// one line end keeps that simple. Outgoing mail gets CRLF again from the composer.
    static func withLineFeeds(_ text: String) -> String {
        let hasCR = text.utf8.withContiguousStorageIfAvailable { buffer in
            buffer.baseAddress.map { memchr($0, 13, buffer.count) != nil } ?? false
        } ?? text.utf8.contains(13)
        guard hasCR else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var previousCR = false
        for byte in text.utf8 {
            if previousCR && byte != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\r")) }
            previousCR = byte == UInt8(ascii: "\r")
            if !previousCR { bytes.append(byte) }
        }
        if previousCR { bytes.append(UInt8(ascii: "\r")) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
