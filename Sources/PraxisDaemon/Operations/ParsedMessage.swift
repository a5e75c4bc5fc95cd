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
        lines.append("Text (\(body.source.rawValue), \(body.text.count) characters):")
        let textLines = body.text.split(separator: "\n", omittingEmptySubsequences: false)
        for line in textLines.prefix(20) {
            lines.append("  | " + (line.count > 200 ? line.prefix(200) + "…" : line))
        }
        if textLines.count > 20 { lines.append("  | … (\(textLines.count - 20) more lines)") }
        return lines.joined(separator: "\n") + "\n\n"
    }
}
