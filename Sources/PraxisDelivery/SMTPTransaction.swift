import Foundation

/// The pieces of one SMTP mail transaction that need no socket: reading replies out of the bytes
/// a server sent, encoding a message for DATA, and what the replies mean for each recipient.
/// Pure, so every path is tested on plain values.

/// Complete replies cut out of the bytes a server sent, however those bytes were split into reads.
struct SMTPReplyReader {
    private var buffer: [UInt8] = []
    private var start = 0
    private var pendingText: [String] = []

    /// Takes bytes as they came from the connection.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply (the lines of a multi-line reply joined by a space), or nil until
    /// its last line has arrived. A line that is not a reply at all becomes code 0, which no
    /// caller takes for success.
    mutating func next() -> SMTPReply? {
        while let end = buffer[start...].firstIndex(of: 10) {
            let line = buffer[start..<end]
            start = end + 1
            var last = line.endIndex
            if last > line.startIndex, buffer[last - 1] == 13 { last -= 1 }
            let bytes = buffer[line.startIndex..<last]
            var code = 0
            for byte in bytes.prefix(3) {
                guard (48...57).contains(byte) else { code = -1; break }
                code = code * 10 + Int(byte) - 48
            }
            if bytes.count < 3 || code < 0 { code = 0 }
            let isContinuation = code != 0 && bytes.count > 3 && bytes[bytes.startIndex + 3] == UInt8(ascii: "-")
            if bytes.count > 4 {
                pendingText.append(String(decoding: bytes.dropFirst(4), as: UTF8.self))
            }
            if !isContinuation {
                let text = pendingText.count == 1 ? pendingText[0] : pendingText.joined(separator: " ")
                pendingText.removeAll(keepingCapacity: true)
                return SMTPReply(code: code, text: text)
            }
        }
        return nil
    }

    /// Forgets everything (a new connection).
    mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        pendingText.removeAll(keepingCapacity: true)
    }
}

/// The replies one transaction got so far, and what they mean for each recipient.
struct SMTPTransaction {
    let recipients: [String]
    /// The reply to MAIL FROM.
    var mail: SMTPReply?
    /// The replies to RCPT TO, in envelope order (fewer when the connection broke or MAIL failed
    /// without pipelining).
    var rcpt: [SMTPReply] = []
    /// The reply to DATA (354 to go on).
    var data: SMTPReply?
    /// The reply to the end of the message.
    var final: SMTPReply?
    /// What broke the connection or timed out, when something did.
    var failure: String?
    /// The reply that refused the connection before any transaction (greeting, STARTTLS, AUTH).
    var refusal: SMTPReply?

    init(recipients: [String]) {
        self.recipients = recipients
    }

    /// Whether any reply at all came for this message: without one the server saw nothing of it,
    /// so sending it again on a fresh connection cannot make a duplicate.
    var heardReply: Bool { mail != nil }

    /// Whether at least one RCPT was accepted, so the message itself may be sent.
    var hasAcceptedRecipient: Bool { rcpt.contains { $0.isPositive } }

    /// What became of the message for each recipient.
    func result() -> DeliveryResult {
        guard let mail else {
            // No reply explains it: connecting, TLS, a timeout, a closed connection.
            // Even a 5xx there is a matter of the server or of our settings, never of the
            // recipients: worth trying again.
            return .uniform(recipients, status: .transient, reply: refusal, stage: .connection,
                            detail: failure ?? "no reply to MAIL FROM")
        }
        guard mail.isPositive else {
            return .uniform(recipients, status: Self.status(of: mail), reply: mail, stage: .mailFrom,
                            detail: "MAIL FROM: \(mail)")
        }
        var results = [RecipientResult]()
        results.reserveCapacity(recipients.count)
        var allAccepted = true
        for (index, recipient) in recipients.enumerated() {
            let result: RecipientResult
            if index >= rcpt.count {
                result = RecipientResult(recipient: recipient, status: .transient, reply: nil, stage: .recipient)
            } else if !rcpt[index].isPositive {
                result = RecipientResult(recipient: recipient, status: Self.status(of: rcpt[index]), reply: rcpt[index], stage: .recipient)
            } else if let data, data.code != 354 {
                result = RecipientResult(recipient: recipient, status: Self.status(of: data), reply: data, stage: .data)
            } else if let final {
                result = RecipientResult(recipient: recipient, status: Self.status(of: final), reply: final, stage: .data)
            } else {
                // The end of the message got no reply: the server may or may not have taken it.
                result = RecipientResult(recipient: recipient, status: .transient, reply: nil, stage: .data)
            }
            if result.status != .accepted { allAccepted = false }
            results.append(result)
        }
        if allAccepted, let final {
            return DeliveryResult(recipients: results, reply: final, detail: "")
        }
        let reply: SMTPReply?
        var detail: String
        if let final {
            reply = final
            detail = Self.describe(results)
        } else if let data, data.code != 354, hasAcceptedRecipient {
            reply = data
            detail = "DATA: \(data)"
        } else if !hasAcceptedRecipient, let refused = rcpt.last(where: { !$0.isPositive }) {
            reply = refused
            detail = Self.describe(results)
        } else {
            reply = nil
            detail = data?.code == 354 && hasAcceptedRecipient
                ? "no reply to the end of the message: \(failure ?? "the connection closed")"
                : (failure ?? "the connection closed")
        }
        if detail.isEmpty { detail = failure ?? "not delivered" }
        return DeliveryResult(recipients: results, reply: reply, detail: detail)
    }

    static func status(of reply: SMTPReply) -> DeliveryStatus {
        if reply.isPositive { return .accepted }
        if reply.isPermanent { return .permanent }
        return .transient
    }

    /// The refused recipients and their replies, for the log; empty when all were accepted.
    static func describe(_ results: [RecipientResult]) -> String {
        results.filter { $0.status != .accepted }
            .map { "\($0.recipient): \($0.reply.map(String.init(describing:)) ?? "no reply")" }
            .joined(separator: "; ")
    }

    /// Appends the message as DATA carries it (RFC 5321 §4.5.2): every line ending CRLF, a dot
    /// doubled at the start of a line, and the terminating `.` line, so that the whole of it goes
    /// out in one write. One pass of memchr from line end to line end: this runs over every byte
    /// of every message sent.
    static func appendData(of message: [UInt8], to output: inout [UInt8]) {
        output.reserveCapacity(output.count + message.count + 8)
        message.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            var lineStart = 0
            while lineStart < buffer.count {
                if base[lineStart] == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
                let rest = buffer.count - lineStart
                guard let found = memchr(base + lineStart, 10, rest) else {
                    // A last line without an end: end it, so the dot stands on a line of its own.
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[lineStart...]))
                    output.append(contentsOf: [13, 10])
                    return
                }
                let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if newline > lineStart, base[newline - 1] == 13 {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[lineStart...newline]))
                } else {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[lineStart..<newline]))
                    output.append(contentsOf: [13, 10])
                }
                lineStart = newline + 1
            }
        }
        output.append(contentsOf: [UInt8(ascii: "."), 13, 10])
    }
}
