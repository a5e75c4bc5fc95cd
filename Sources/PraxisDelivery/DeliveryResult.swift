/// One reply of an SMTP server: the three-digit code and the text after it (the lines of a
/// multi-line reply joined by a space).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var text: String

    public init(code: Int, text: String) {
        self.code = code
        self.text = text
    }

    /// 2xx and 3xx: the server goes on.
    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: try again later (RFC 5321 §4.2.1).
    public var isTransient: Bool { (400..<500).contains(code) }
    /// 5xx: do not try this again.
    public var isPermanent: Bool { (500..<600).contains(code) }

    public var description: String { text.isEmpty ? "\(code)" : "\(code) \(text)" }
}

/// Whether a message (or one recipient of it) got through, and if not whether to try again.
public enum DeliveryStatus: String, Sendable, Hashable, Codable {
    /// The server took responsibility for it.
    case accepted
    /// 4xx, a network failure, a timeout, a TLS or login problem: worth trying again later.
    case transient
    /// 5xx to MAIL, RCPT or DATA: final, and (for a recipient) counts toward that address's bounces.
    case permanent
}

/// Which step of the SMTP transaction a reply answered.
public enum SMTPStage: String, Sendable, Hashable, Codable {
    /// Before the transaction: connecting, greeting, EHLO, STARTTLS, AUTH.
    case connection
    case mailFrom = "mail"
    case recipient = "rcpt"
    case data
}

/// What became of one envelope recipient.
public struct RecipientResult: Sendable, Hashable {
    public var recipient: String
    public var status: DeliveryStatus
    /// The server's reply to this recipient (RCPT, or the message-level reply when the message
    /// failed as a whole); nil when no reply came (a network failure).
    public var reply: SMTPReply?
    /// Where it failed; `.data` for an accepted recipient.
    public var stage: SMTPStage

    public init(recipient: String, status: DeliveryStatus, reply: SMTPReply?, stage: SMTPStage) {
        self.recipient = recipient
        self.status = status
        self.reply = reply
        self.stage = stage
    }
}

/// What became of one message handed to a transport.
public struct DeliveryResult: Sendable, Hashable {
    /// One entry per envelope recipient, in envelope order.
    public var recipients: [RecipientResult]
    /// The reply that decided the message as a whole: the reply to the end of DATA when it went
    /// through, else the failing reply; nil when there was none (a network failure).
    public var reply: SMTPReply?
    /// What went wrong, for the log and `last_error`: the reply, or libcurl's message. Empty when
    /// every recipient accepted it.
    public var detail: String

    public init(recipients: [RecipientResult], reply: SMTPReply?, detail: String) {
        self.recipients = recipients
        self.reply = reply
        self.detail = detail
    }

    /// Accepted when at least one recipient was; else transient when any recipient may still
    /// succeed later; else permanent.
    public var status: DeliveryStatus {
        if recipients.contains(where: { $0.status == .accepted }) { return .accepted }
        if recipients.contains(where: { $0.status == .transient }) || recipients.isEmpty { return .transient }
        return .permanent
    }

    /// Every recipient with the same outcome (a message that failed as a whole, or went through).
    public static func uniform(
        _ recipients: [String], status: DeliveryStatus, reply: SMTPReply?, stage: SMTPStage, detail: String
    ) -> DeliveryResult {
        DeliveryResult(
            recipients: recipients.map { RecipientResult(recipient: $0, status: status, reply: reply, stage: stage) },
            reply: reply, detail: detail)
    }
}

/// One message to send: the SMTP envelope and the bytes.
public struct OutgoingEnvelope: Sendable, Hashable {
    /// MAIL FROM (a VERP bounce address, usually); empty for the null sender `<>`.
    public var sender: String
    /// RCPT TO, one per recipient; never empty.
    public var recipients: [String]
    /// The whole message, headers and body (CRLF or LF line ends; sent as CRLF).
    public var message: [UInt8]

    public init(sender: String, recipients: [String], message: [UInt8]) {
        self.sender = sender
        self.recipients = recipients
        self.message = message
    }
}

/// Where outgoing mail goes: SMTP through libcurl, or a local maildir.
public protocol MailTransport: Sendable {
    /// Delivers every envelope and returns one result per envelope, in the same order. Never
    /// throws: a failure is a transient or permanent result.
    func deliver(_ envelopes: [OutgoingEnvelope]) async -> [DeliveryResult]

    /// Ends open sessions (SMTP QUIT) and stops their threads. Later `deliver` calls fail transiently.
    func shutdown() async
}
