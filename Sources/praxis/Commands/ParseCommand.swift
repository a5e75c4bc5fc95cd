import ArgumentParser
import Foundation
import PraxisMail

/// `praxis parse FILE... [--json]`: shows how messages parse (DESIGN.md §5).
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show how messages parse.",
        discussion: """
            Each FILE holds one message, as in a maildir (a leading mbox "From " line is skipped). \
            With --json, one JSON object per file, one per line, in input order. A file that cannot \
            be read gives an object with "file" and "error", and the command exits 1 at the end.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "One JSON object per message, one per line.")
    var json = false

    @Argument(help: ArgumentHelp("The message files.", valueName: "file"))
    var files: [String]

    func run() throws {
        var failed = false
        var output = StandardOutput()
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                failed = true
                let reason = Self.readFailure(path)
                if json {
                    var writer = JSONWriter()
                    writer.object { object in
                        object.field("file", path)
                        object.field("error", reason)
                    }
                    output.write(writer.text + "\n")
                } else {
                    FileHandle.standardError.write(Data("praxis: cannot read \(path): \(reason)\n".utf8))
                }
                continue
            }
            let message = MailMessage([UInt8](data))
            output.write(json ? Self.json(message, file: path) + "\n" : Self.summary(message, file: path))
        }
        output.flush()
        if failed { throw ExitCode(1) }
    }

    private static func readFailure(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "is a directory" }
        return "permission denied or unreadable"
    }

    static func json(_ message: MailMessage, file: String) -> String {
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
            object.field("date", message.date.map(Self.utc))
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
        return writer.text
    }

    private static func summary(_ message: MailMessage, file: String) -> String {
        func list(_ addresses: [MailAddress]) -> String {
            addresses.map { address in
                address.name.map { "\($0) <\(address.address)>" } ?? address.address
            }.joined(separator: ", ")
        }
        let body = message.body
        var lines = ["== \(file)"]
        lines.append("Message-ID:  \(message.messageID ?? "(none)")")
        lines.append("Date:        \(message.date.map(Self.utc) ?? "(none or unparsable)")")
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

    static func utc(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}
