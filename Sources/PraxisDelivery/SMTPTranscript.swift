/// The replies of one SMTP transaction as libcurl reports them, and what they mean for each
/// recipient. Pure: no libcurl, no I/O, so every path is tested on plain values.
///
/// libcurl hands every reply line of the conversation to the header callback, but not which
/// command it answered. The transaction's shape is fixed, though (MAIL, one RCPT per recipient,
/// DATA's 354, the reply to the end of data), and libcurl sends its commands one at a time, so the
/// replies are matched to commands by position, counted from the 354 or from the end.
struct SMTPTranscript {
    /// Complete replies, oldest first.
    private(set) var replies: [SMTPReply] = []
    private var pendingCode: Int?
    private var pendingText: [String] = []

    /// Adds one line as the server sent it (with or without CRLF). Continuation lines (`250-…`)
    /// are gathered until the last line of the reply (`250 …`).
    mutating func add(line bytes: UnsafeBufferPointer<UInt8>) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 13 || bytes[end - 1] == 10 { end -= 1 }
        guard end >= 3 else { return }
        var code = 0
        for index in 0..<3 {
            let digit = Int(bytes[index]) - 48
            guard (0...9).contains(digit) else { return }
            code = code * 10 + digit
        }
        let isContinuation = end > 3 && bytes[3] == UInt8(ascii: "-")
        let text = end > 4 ? String(decoding: UnsafeBufferPointer(rebasing: bytes[4..<end]), as: UTF8.self) : ""
        if !text.isEmpty { pendingText.append(text) }
        pendingCode = code
        if !isContinuation {
            replies.append(SMTPReply(code: code, text: pendingText.joined(separator: " ")))
            pendingCode = nil
            pendingText.removeAll(keepingCapacity: true)
        }
    }

    /// Forgets everything, for the next message on the same session.
    mutating func reset() {
        replies.removeAll(keepingCapacity: true)
        pendingCode = nil
        pendingText.removeAll(keepingCapacity: true)
    }

    /// What the transaction meant for each of `recipients`.
    ///
    /// - Parameters:
    ///   - failed: libcurl reported an error for the transfer.
    ///   - failure: libcurl's error text ("RCPT failed: 550", "Failed to connect…").
    func result(recipients: [String], failed: Bool, failure: String) -> DeliveryResult {
        let count = recipients.count
        var replies = self.replies
        // After a failed transaction libcurl closes the connection with QUIT: its 221 says nothing
        // about the message.
        if failed { while replies.last?.code == 221 { replies.removeLast() } }
        if let dataIndex = replies.lastIndex(where: { $0.code == 354 }), dataIndex >= count {
            let recipientReplies = Array(replies[(dataIndex - count)..<dataIndex])
            let final = dataIndex + 1 < replies.count ? replies[dataIndex + 1] : nil
            let finalStatus: DeliveryStatus
            if let final {
                finalStatus = Self.status(of: final)
            } else {
                // The end of data got no reply: the server may or may not have taken it.
                finalStatus = failed ? .transient : .accepted
            }
            var results = [RecipientResult]()
            for (recipient, reply) in zip(recipients, recipientReplies) {
                let status = Self.status(of: reply)
                results.append(status == .accepted
                    ? RecipientResult(recipient: recipient, status: finalStatus, reply: final, stage: .data)
                    : RecipientResult(recipient: recipient, status: status, reply: reply, stage: .recipient))
            }
            var detail = Self.describe(results)
            if final == nil && failed { detail = "no reply to the end of the message: \(failure)" }
            return DeliveryResult(recipients: results, reply: final, detail: detail)
        }
        guard failed else {
            // Never seen: a successful transfer always passes DATA. Trust libcurl.
            return .uniform(recipients, status: .accepted, reply: replies.last, stage: .data, detail: "")
        }
        guard let last = replies.last, !last.isPositive else {
            // No reply explains it: connecting, TLS, a timeout, a closed connection.
            return .uniform(recipients, status: .transient, reply: nil, stage: .connection, detail: failure)
        }
        if failure.hasPrefix("RCPT failed"), replies.count >= count {
            // Every recipient refused (with RCPT allow-fails libcurl goes on until the last).
            let results = zip(recipients, replies.suffix(count)).map { recipient, reply in
                RecipientResult(recipient: recipient, status: Self.status(of: reply), reply: reply, stage: .recipient)
            }
            return DeliveryResult(recipients: results, reply: last, detail: Self.describe(results))
        }
        if failure.hasPrefix("MAIL failed") {
            return .uniform(recipients, status: Self.status(of: last), reply: last, stage: .mailFrom, detail: "MAIL FROM: \(last)")
        }
        if failure.hasPrefix("DATA failed"), replies.count >= count + 1 {
            let recipientReplies = replies.dropLast().suffix(count)
            let results = zip(recipients, recipientReplies).map { recipient, reply in
                Self.status(of: reply) == .accepted
                    ? RecipientResult(recipient: recipient, status: Self.status(of: last), reply: last, stage: .data)
                    : RecipientResult(recipient: recipient, status: Self.status(of: reply), reply: reply, stage: .recipient)
            }
            return DeliveryResult(recipients: results, reply: last, detail: "DATA: \(last)")
        }
        // Refused before the transaction (greeting, EHLO, STARTTLS, AUTH): a matter of the
        // server or of our settings, never of the recipients, so worth trying again.
        return .uniform(recipients, status: .transient, reply: last, stage: .connection, detail: "\(failure) (\(last))")
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
}
