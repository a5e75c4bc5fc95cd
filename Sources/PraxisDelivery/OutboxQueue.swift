import Foundation
import GRDB
import PraxisStore

/// A message taken from the outbox for one delivery attempt.
public struct ClaimedMessage: Sendable, Hashable {
    public var id: Int64
    public var kind: OutboxKind
    public var postID: Int64?
    public var envelope: OutgoingEnvelope
    /// Attempts so far, this one included.
    public var attempts: Int
    public var createdAt: Date
}

/// What one round of delivery did.
public struct DeliveryTally: Sendable, Hashable {
    /// Messages every remaining recipient of which accepted.
    public var sent = 0
    /// Messages (or some of their recipients) queued again for a later attempt.
    public var deferred = 0
    /// Messages that failed for good (5xx, or too old to try again).
    public var failed = 0

    public init(sent: Int = 0, deferred: Int = 0, failed: Int = 0) {
        self.sent = sent
        self.deferred = deferred
        self.failed = failed
    }

    public static func += (lhs: inout DeliveryTally, rhs: DeliveryTally) {
        lhs.sent += rhs.sent
        lhs.deferred += rhs.deferred
        lhs.failed += rhs.failed
    }
}

/// What one `OutboxQueue.settle` did: the results it recorded and the rows it claimed next.
public struct OutboxSettlement: Sendable {
    public var tally = DeliveryTally()
    /// Deferrals and failures, one line each, for the log.
    public var events: [String] = []
    /// The rows claimed for the next attempt, oldest due first.
    public var claimed: [ClaimedMessage] = []
}

/// The outbox table as a queue (Postfix's active window over its incoming and deferred queues):
/// rows are claimed into state `sending` a batch at a time, and each attempt's result is written
/// back in one transaction per batch. All state is in the store, so a restart carries on.
///
/// A claim sets `next_attempt_at` to the end of a lease: a `sending` row whose lease has run out
/// was left by a process that died, and goes back to `queued` (delivery is at least once).
public struct OutboxQueue: Sendable {
    public let database: PraxisDatabase

    public init(database: PraxisDatabase) {
        self.database = database
    }

    /// Claims up to `limit` queued rows due by `due`, oldest due first.
    public func claim(limit: Int, dueBy due: Date, lease: TimeInterval, now: Date = Date()) async throws(StoreError) -> [ClaimedMessage] {
        try await database.write("claiming up to \(limit) outbox messages") { db in
            try Self.claim(limit: limit, dueBy: due, lease: lease, now: now, in: db)
        }
    }

    /// Records what became of `outcomes` and claims up to `limit` more rows due by `due`, in one
    /// transaction: the results of one window and the claim of the next cost one commit.
    ///
    /// Carried out even when the calling task is cancelled (graceful shutdown): the results of
    /// messages already handed to the server must be recorded, or they would all be sent again
    /// after the restart. Pass a `limit` of 0 to claim nothing. Permanent failures reach `sink`
    /// in the same transaction.
    public func settle(
        _ outcomes: [(ClaimedMessage, DeliveryResult)], retry: RetryPolicy, sink: (any PermanentFailureSink)?,
        claiming limit: Int, dueBy due: Date, lease: TimeInterval, now: Date = Date()
    ) async throws(StoreError) -> OutboxSettlement {
        let operation = limit > 0
            ? "recording \(outcomes.count) delivery attempts and claiming up to \(limit) outbox messages"
            : "recording \(outcomes.count) delivery attempts"
        return try await database.writeToCompletion(operation) { db in
            var settlement = OutboxSettlement()
            if !outcomes.isEmpty {
                (settlement.tally, settlement.events) = try Self.record(outcomes, retry: retry, sink: sink, now: now, in: db)
            }
            if limit > 0 {
                settlement.claimed = try Self.claim(limit: limit, dueBy: due, lease: lease, now: now, in: db)
            }
            return settlement
        }
    }

    /// At most this many ids in one `IN (…)` list: SQLite before 3.32 allows 999 parameters.
    static let idsPerStatement = 500
    /// `?,?,…,?` for the longest `IN` list: a prefix of it is the list for any shorter one.
    private static let placeholders = String(repeating: "?,", count: idsPerStatement)

    /// `claim` inside the caller's transaction.
    ///
    /// A SELECT of what is sent and then one UPDATE of those ids, rather than `UPDATE …
    /// RETURNING`: SQLite copies every RETURNING row, message included, into a temporary table
    /// before handing out the first, and this runs for every message sent.
    ///
    /// A shared body (a post's copy, `outbox_bodies`) is read once per claim however many of the
    /// claimed rows point at it, and rows without bytes of their own hand on that one array: the
    /// copies of a large post to a whole window cost its size once in memory, not once per row.
    static func claim(limit: Int, dueBy due: Date, lease: TimeInterval, now: Date, in db: Database) throws -> [ClaimedMessage] {
        let select = try db.cachedStatement(sql: """
            SELECT id, kind, post_id, recipients, envelope_sender, message, attempts, created_at, body_id
            FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
            """)
        select.setUncheckedArguments([due.timeIntervalSince1970, limit])
        let readBody = try db.cachedStatement(sql: "SELECT bytes FROM outbox_bodies WHERE id = ?")
        var bodies = [Int64: [UInt8]]()
        var claimed = [ClaimedMessage]()
        claimed.reserveCapacity(limit)
        // Columns by position, and the message copied once straight out of SQLite's buffer:
        // decoding by name and through Data cost as much as the UPDATE itself.
        let rows = try Row.fetchCursor(select)
        while let row = try rows.next() {
            let recipients: String = row[3]
            var message = try row.withUnsafeData(atIndex: 5) { data in data.map { [UInt8]($0) } ?? [] }
            if let bodyID: Int64 = row[8] {
                let body: [UInt8]
                if let read = bodies[bodyID] {
                    body = read
                } else {
                    // A second statement while the cursor is open: SQLite allows it, and the
                    // body is not in the row the cursor reads.
                    body = try Data.fetchOne(readBody, arguments: [bodyID]).map { [UInt8]($0) } ?? []
                    bodies[bodyID] = body
                }
                if message.isEmpty { message = body } else { message += body }
            }
            claimed.append(ClaimedMessage(
                id: row[0], kind: OutboxKind(rawValue: row[1]) ?? .notice, postID: row[2],
                envelope: OutgoingEnvelope(
                    sender: row[4],
                    // Byte search: Foundation's String.contains(String) went through
                    // CFStringFind and was a tenth of the claim.
                    recipients: recipients.utf8.contains(UInt8(ascii: "\n"))
                        ? recipients.split(whereSeparator: \.isNewline).map(String.init) : [recipients],
                    message: message),
                // This attempt included.
                attempts: row[6] + 1,
                createdAt: Date(timeIntervalSince1970: row[7])))
        }
        try update(
            ids: claimed.map { $0.id },
            set: "state = 'sending', attempts = attempts + 1, next_attempt_at = ?",
            arguments: [now.timeIntervalSince1970 + lease], in: db)
        return claimed
    }

    /// Runs `UPDATE outbox SET <assignments> WHERE id IN (ids)`, a few hundred ids per statement:
    /// one statement for a whole window instead of one per row.
    ///
    /// `OR ROLLBACK`: a constraint failure (never expected: the values are fixed) ends the whole
    /// transaction, as any error does here anyway. Plain UPDATE of several rows of a table with
    /// CHECK constraints keeps a statement journal to undo just that statement, and with 16 KiB
    /// pages it spilled to a temporary file: a copy of every page the window touched, written
    /// for nothing.
    private static func update(ids: [Int64], set assignments: String, arguments: [Double], in db: Database) throws {
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(ids.count, start + idsPerStatement)]
            // Cached per chunk length: windows are mostly of one size, so few texts recur.
            let statement = try db.cachedStatement(sql: """
                UPDATE OR ROLLBACK outbox SET \(assignments) WHERE id IN (\(placeholders.prefix(2 * chunk.count - 1)))
                """)
            var values = [DatabaseValue]()
            values.reserveCapacity(arguments.count + chunk.count)
            for argument in arguments { values.append(argument.databaseValue) }
            for id in chunk { values.append(id.databaseValue) }
            statement.setUncheckedArguments(StatementArguments(values))
            try statement.execute()
            start += chunk.count
        }
    }

    /// Writes back what became of each claimed message, inside the caller's transaction, and
    /// hands permanent failures to `sink`.
    static func record(
        _ outcomes: [(ClaimedMessage, DeliveryResult)], retry: RetryPolicy, sink: (any PermanentFailureSink)?,
        now: Date, in db: Database
    ) throws -> (DeliveryTally, [String]) {
        var tally = DeliveryTally()
        var failures = [PermanentFailure]()
        var events = [String]()
        var accepted = [Int64]()
        accepted.reserveCapacity(outcomes.count)
        let update = try db.cachedStatement(sql: """
            UPDATE outbox SET state = ?, recipients = ?, next_attempt_at = ?, last_error = ?, sent_at = ?
            WHERE id = ?
            """)
        let time = now.timeIntervalSince1970
        for (message, result) in outcomes {
            // Nearly every message: every recipient took it. Nothing to work out or log, and
            // all of them are written by one statement below.
            if result.detail.isEmpty, result.recipients.allSatisfy({ $0.status == .accepted }) {
                accepted.append(message.id)
                tally.sent += 1
                continue
            }
            let waiting = result.recipients.filter { $0.status == .transient }
            let refused = result.recipients.filter { $0.status == .permanent }
            let detail = result.detail.isEmpty ? nil : result.detail
            let someAccepted = result.recipients.contains { $0.status == .accepted }
            var state = OutboxState.sent
            var recipients = message.envelope.recipients
            var next = time
            var expired = [RecipientResult]()
            if !waiting.isEmpty {
                if retry.hasExpired(createdAt: message.createdAt, now: now) {
                    expired = waiting
                    state = someAccepted ? .sent : .failed
                    events.append("outbox message \(message.id) (\(message.kind.rawValue)) failed for good after \(message.attempts) attempts: \(result.detail)")
                } else {
                    state = .queued
                    recipients = waiting.map(\.recipient)
                    next += retry.delay(afterAttempt: message.attempts, random: Double.random(in: 0..<1))
                    events.append("outbox message \(message.id) (\(message.kind.rawValue)) deferred, attempt \(message.attempts): \(result.detail)")
                }
            } else if !someAccepted {
                state = .failed
                events.append("outbox message \(message.id) (\(message.kind.rawValue)) refused for good: \(result.detail)")
            } else if !refused.isEmpty {
                events.append("outbox message \(message.id) (\(message.kind.rawValue)) refused for some recipients: \(result.detail)")
            }
            switch state {
            case .sent: tally.sent += 1
            case .queued: tally.deferred += 1
            case .failed: tally.failed += 1
            case .sending: break
            }
            try update.execute(arguments: [
                state.rawValue, recipients.joined(separator: "\n"), next,
                state == .sent && detail == nil ? nil : (expired.isEmpty ? detail : "gave up after \(message.attempts) attempts: \(result.detail)"),
                state == .sent ? time : nil, message.id,
            ])
            for recipient in refused {
                failures.append(PermanentFailure(
                    outboxID: message.id, kind: message.kind, postID: message.postID, recipient: recipient.recipient,
                    envelopeSender: message.envelope.sender, reply: recipient.reply, stage: recipient.stage,
                    reason: .refused, at: now))
            }
            for recipient in expired {
                failures.append(PermanentFailure(
                    outboxID: message.id, kind: message.kind, postID: message.postID, recipient: recipient.recipient,
                    envelopeSender: message.envelope.sender, reply: recipient.reply, stage: recipient.stage,
                    reason: .expired, at: now))
            }
        }
        try Self.update(
            ids: accepted, set: "state = 'sent', next_attempt_at = ?1, last_error = NULL, sent_at = ?1",
            arguments: [time], in: db)
        if let sink, !failures.isEmpty { try sink.record(failures, in: db) }
        return (tally, events)
    }

    /// Puts `sending` rows back to `queued`: all of them (at start-up of the one daemon, when no
    /// other process can be sending), or only those whose lease ran out (a `flush` beside a daemon).
    @discardableResult
    public func recoverInterrupted(all: Bool, now: Date = Date()) throws(StoreError) -> Int {
        try database.write("putting interrupted outbox messages back in the queue") { db in
            try db.execute(sql: """
                UPDATE outbox SET state = 'queued', next_attempt_at = ?
                WHERE state = 'sending' AND (? OR next_attempt_at <= ?)
                """, arguments: [now.timeIntervalSince1970, all, now.timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// Makes every queued row due at `now`, deferred ones too (`praxis outbox flush`, like
    /// `postqueue -f`).
    @discardableResult
    public func makeAllDue(now: Date) throws(StoreError) -> Int {
        try database.write("making every queued outbox message due") { db in
            try db.execute(sql: "UPDATE outbox SET next_attempt_at = ? WHERE state = 'queued' AND next_attempt_at > ?",
                           arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// When the earliest queued row is due, if any is queued.
    public func nextDue() throws(StoreError) -> Date? {
        try database.read("finding the next outbox message due") { db in
            try Double.fetchOne(db, sql: "SELECT min(next_attempt_at) FROM outbox WHERE state = 'queued'")
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// The rows not yet sent (queued, sending, failed), oldest first, without their messages'
    /// bytes but with their Subject.
    public func waiting(limit: Int = 100_000) throws(StoreError) -> [OutboxEntry] {
        try database.read("listing the outbox") { db in
            try Row.fetchAll(db, sql: """
                SELECT o.id, o.kind, o.state, o.recipients, o.envelope_sender, o.attempts, o.next_attempt_at,
                       o.created_at, o.last_error, o.post_id, substr(o.message, 1, 8192) AS head,
                       substr(b.bytes, 1, 8192) AS body_head
                FROM outbox o LEFT JOIN outbox_bodies b ON b.id = o.body_id
                WHERE o.state <> 'sent' ORDER BY o.id LIMIT ?
                """, arguments: [limit]).map { row in
                let recipients: String = row["recipients"]
                // The row's own bytes come first, then its shared body: a post's header section
                // is at the start of the body.
                let head: Data = (row["head"] ?? Data()) + (row["body_head"] ?? Data())
                return OutboxEntry(
                    id: row["id"], kind: row["kind"], state: row["state"],
                    recipients: recipients.split(whereSeparator: \.isNewline).map(String.init),
                    envelopeSender: row["envelope_sender"], attempts: row["attempts"],
                    nextAttemptAt: Date(timeIntervalSince1970: row["next_attempt_at"]),
                    createdAt: Date(timeIntervalSince1970: row["created_at"]),
                    lastError: row["last_error"], postID: row["post_id"],
                    subject: OutboxEntry.subject(in: [UInt8](head)))
            }
        }
    }
}

/// One outbox row as `praxis outbox list` shows it.
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int64
    public var kind: String
    public var state: String
    public var recipients: [String]
    public var envelopeSender: String
    public var attempts: Int
    public var nextAttemptAt: Date
    public var createdAt: Date
    public var lastError: String?
    public var postID: Int64?
    /// The Subject header as written (still encoded), when found in the first 8 KiB.
    public var subject: String?

    /// The raw Subject of a message's header section (unfolded).
    static func subject(in head: [UInt8]) -> String? {
        let text = String(decoding: head, as: UTF8.self)
        var found: String?
        // "\r\n" is one Character in Swift: split on both forms of line end.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.isEmpty { break }
            if let current = found {
                if line.first == " " || line.first == "\t" {
                    found = current + " " + line.trimmingCharacters(in: .whitespaces)
                    continue
                }
                break
            }
            if line.lowercased().hasPrefix("subject:") {
                found = line.dropFirst("subject:".count).trimmingCharacters(in: .whitespaces)
            }
        }
        return found
    }
}
