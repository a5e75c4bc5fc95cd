import Foundation
import GRDB
import PraxisCommunity

public enum OutboxKind: String, Codable, Sendable, CaseIterable { case post, digest, report, notice, reply, moderation }
public enum OutboxState: String, Codable, Sendable, CaseIterable { case queued, sending, sent, failed }

/// One message to send. `recipients` are the envelope recipients, one per line.
public struct OutboxRecord: StoreRecord, Hashable {
    public static let databaseTableName = "outbox"
    public var id: Int64?
    public var kind: OutboxKind
    public var recipients: String
    public var envelopeSender: String
    public var message: Data
    public var state: OutboxState
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    public var postID: Int64?

    /// The envelope recipients as a list.
    public var recipientList: [String] { recipients.split(separator: "\n").map(String.init) }

    enum CodingKeys: String, CodingKey {
        case id, kind, recipients, message, state, attempts
        case envelopeSender = "envelope_sender", nextAttemptAt = "next_attempt_at", lastError = "last_error"
        case createdAt = "created_at", sentAt = "sent_at", postID = "post_id"
    }
}

extension PraxisDatabase {
    /// Puts one message in the outbox, due at once.
    @discardableResult
    public func enqueueOutbox(
        kind: OutboxKind, recipients: [String], envelopeSender: String, message: [UInt8],
        postID: Int64? = nil, at time: Date = Date()
    ) throws(StoreError) -> Int64 {
        try write("queueing a \(kind.rawValue) message") { db in
            try Self.enqueueOutbox(
                kind: kind, recipients: recipients, envelopeSender: envelopeSender, message: message,
                postID: postID, at: time, in: db)
        }
    }

    /// Puts one message in the outbox inside the caller's transaction, so the message is queued if
    /// and only if the event that caused it is recorded.
    ///
    /// - Parameter sharedBody: a body stored once by `storeOutboxBody` for several rows; what
    ///   is delivered is then `message` followed by that body (`message` may be empty).
    public static func enqueueOutbox(
        kind: OutboxKind, recipients: [String], envelopeSender: String, message: [UInt8], sharedBody: Int64? = nil,
        postID: Int64?, at time: Date, in db: Database
    ) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO outbox (kind, recipients, envelope_sender, message, state, attempts,
                next_attempt_at, created_at, post_id, body_id)
            VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)
            """).execute(arguments: [
                kind.rawValue, recipients.joined(separator: "\n"), envelopeSender, Data(message),
                time.timeIntervalSince1970, time.timeIntervalSince1970, postID, sharedBody,
            ])
        return db.lastInsertedRowID
    }
}

extension PraxisDatabase {
    /// Queues `notice` inside the caller's transaction, with the recipient's VERP bounce address
    /// as envelope sender so that a bounce of it is traced to that address.
    @discardableResult
    public static func enqueueNotice(
        _ notice: ListNotice, kind: OutboxKind = .notice, community: Community, at time: Date, in db: Database
    ) throws -> Int64 {
        try enqueueOutbox(
            kind: kind, recipients: [notice.recipient],
            envelopeSender: Screener(community: community).verpAddress(for: notice.recipient),
            message: notice.rendered(for: community, at: time), postID: nil, at: time, in: db)
    }
}
