import Foundation
import PraxisMail

/// What `praxis parse FILE` shows of a message: how it parses.
public struct ParsedMessage: Sendable {
    let message: MailMessage
    let file: String

    /// A leading mbox "From " line is skipped, as in a maildir file.
    public init(_ bytes: [UInt8], file: String) {
        message = MailMessage(bytes)
        self.file = file
    }

    /// One JSON object (DESIGN.md §5).
    public var json: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// `json` as UTF-8, as the command writes it.
    public var jsonBytes: [UInt8] {
        let body = message.body
        var writer = JSONWriter()
        writer.object { object in
            object.field("file", file)
            object.field("message_id", message.messageID)
            object.field("subject", message.subject)
            object.addresses("from", message.from)
            object.addresses("to", message.to)
            object.addresses("cc", message.cc)
            object.addresses("reply_to", message.replyTo)
            object.field("date", message.date.map(JSONWriter.utc))
            object.strings("in_reply_to", message.inReplyTo)
            object.strings("references", message.references)
            object.field("list_id", message.listID)
            object.field("text", body.text)
            object.field("text_source", body.source.rawValue)
            object.array("attachments", message.attachments) { item, attachment in
                item.object { fields in
                    fields.field("filename", attachment.filename)
                    fields.field("content_type", attachment.contentType)
                    fields.field("size", attachment.size)
                }
            }
            object.strings("defects", message.defects.map(\.description))
        }
        return writer.bytes
    }

    /// A summary for a reader: the header fields, attachments, defects and the first lines of text.
    public var summary: String {
        func list(_ addresses: [MailAddress]) -> String {
            addresses.map { address in
                address.name.map { "\($0) <\(address.address)>" } ?? address.address
            }.joined(separator: ", ")
        }
        let body = message.body
        var lines = ["== \(file)"]
        lines.append("Message-ID:  \(message.messageID ?? "(none)")")
        lines.append("Date:        \(message.date.map(JSONWriter.utc) ?? "(none or unparsable)")")
        lines.append("From:        \(list(message.from))")
        if !message.to.isEmpty { lines.append("To:          \(list(message.to))") }
        if !message.cc.isEmpty { lines.append("Cc:          \(list(message.cc))") }
        lines.append("Subject:     \(message.subject ?? "(none)")")
        if let listID = message.listID { lines.append("List-Id:     \(listID)") }
        if !message.inReplyTo.isEmpty { lines.append("In-Reply-To: \(message.inReplyTo.joined(separator: " "))") }
        if !message.references.isEmpty { lines.append("References:  \(message.references.count) ids") }
        for attachment in message.attachments {
            lines.append("Attachment:  \(attachment.filename ?? "(unnamed)") (\(attachment.contentType), \(attachment.size) bytes)")
        }
        for defect in message.defects { lines.append("Defect:      \(defect)") }
        let (shown, lineCount, characters) = Self.firstLines(of: body.text, count: 20)
        lines.append("Text (\(body.source.rawValue), \(characters) characters):")
        for line in shown {
            lines.append("  | " + (line.count > 200 ? line.prefix(200) + "…" : line))
        }
        if lineCount > 20 { lines.append("  | … (\(lineCount - 20) more lines)") }
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// The first `count` lines of `text` (split at the character "\n"), how many lines it has,
    /// and how many characters. Without a CR in the text every LF byte is a "\n" character of
    /// its own (grapheme breaks surround LF; only CR LF is one character), so lines are found by
    /// their bytes and only the lines shown are read as characters; and ASCII text has as many
    /// characters as bytes. Splitting and counting a long body by characters cost `parse` most
    /// of its time.
    static func firstLines(of text: String, count: Int) -> (lines: [Substring], total: Int, characters: Int) {
        let utf8 = text.utf8
        guard !utf8.contains(13) else {
            let all = text.split(separator: "\n", omittingEmptySubsequences: false)
            return (Array(all.prefix(count)), all.count, text.count)
        }
        var lines: [Substring] = []
        var total = 1
        var start = utf8.startIndex
        var index = utf8.startIndex
        var isASCII = true
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte >= 0x80 { isASCII = false }
            if byte == 10 {
                if lines.count < count { lines.append(text[start..<index]) }
                total += 1
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if lines.count < count { lines.append(text[start..<utf8.endIndex]) }
        return (lines, total, isASCII ? utf8.count : text.count)
    }
}
