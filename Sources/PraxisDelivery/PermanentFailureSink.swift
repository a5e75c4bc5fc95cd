import Foundation
import PraxisStore

/// One recipient that will never get one outgoing message.
public struct PermanentFailure: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// The server answered 5xx.
        case refused
        /// Transient failures until the retry age ran out.
        case expired
    }

    public var outboxID: Int64
    public var kind: OutboxKind
    /// The post the message distributed, if it was one.
    public var postID: Int64?
    public var recipient: String
    /// The envelope sender (a VERP address names the member too).
    public var envelopeSender: String
    /// The last reply, when there was one.
    public var reply: SMTPReply?
    /// Where it failed: a 5xx to RCPT is about the recipient; one to MAIL FROM is about us.
    public var stage: SMTPStage
    public var reason: Reason
    public var at: Date

    public init(outboxID: Int64, kind: OutboxKind, postID: Int64?, recipient: String, envelopeSender: String,
                reply: SMTPReply?, stage: SMTPStage, reason: Reason, at: Date) {
        self.outboxID = outboxID
        self.kind = kind
        self.postID = postID
        self.recipient = recipient
        self.envelopeSender = envelopeSender
        self.reply = reply
        self.stage = stage
        self.reason = reason
        self.at = at
    }
}

/// Whoever wants to know about permanent failures (bounce scoring). Decides which of them count
/// as hard bounces; the store counts those inside the write transaction that marks the messages
/// failed, so a score changes if and only if the failure is recorded, and an error rolls both
/// back (the messages are then retried).
public protocol PermanentFailureSink: Sendable {
    /// The hard bounces `failures` count as; nil when none is counted.
    func hardBounces(for failures: [PermanentFailure]) -> HardBounces?
}
