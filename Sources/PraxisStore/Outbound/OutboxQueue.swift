import Foundation
import GRDB
import PraxisMail

/// One outbox row claimed for a delivery attempt.
public struct OutboxClaim: Sendable, Hashable {
    public var id: Int64
    public var kind: OutboxKind
    public var postID: Int64?
    /// MAIL FROM; empty for the null sender.
    public var envelopeSender: String
    /// The recipients still to be tried.
    public var recipients: [String]
    /// The row's own bytes followed by its shared body (`outbox_bodies`), if it has one.
    public var message: [UInt8]
    /// Attempts so far, this one included.
    public var attempts: Int
    public var createdAt: Date
}

/// What one attempt left of a claimed row that did not simply go to every recipient.
public struct OutboxRowUpdate: Sendable, Hashable {
    public var id: Int64
    public var state: OutboxState
    /// The recipients still waiting when the row is queued again; else the row's recipients.
    public var recipients: [String]
    public var nextAttemptAt: Date
    public var lastError: String?
    public var sentAt: Date?

    public init(id: Int64, state: OutboxState, recipients: [String], nextAttemptAt: Date, lastError: String?, sentAt: Date?) {
        self.id = id
        self.state = state
        self.recipients = recipients
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.sentAt = sentAt
    }
}

/// Recipients refused for good that count as hard bounces of members (DESIGN.md §2.2), counted by
/// `recorder` in the transaction that marks their messages failed: a score changes if and only if
/// the failure is recorded.
public struct HardBounces: Sendable {
    public struct Bounce: Sendable, Hashable {
        public var address: String
        /// What the server said, for the notice when delivery is disabled.
        public var diagnostic: String
        public var at: Date

        public init(address: String, diagnostic: String, at: Date) {
            self.address = address
            self.diagnostic = diagnostic
            self.at = at
        }
    }

    public var recorder: BounceRecorder
    public var bounces: [Bounce]

    public init(recorder: BounceRecorder, bounces: [Bounce]) {
        self.recorder = recorder
        self.bounces = bounces
    }
}

/// What one window of attempts left, as the outbox records it.
public struct OutboxResults: Sendable {
    /// Rows every recipient accepted, with nothing to note: nearly all of them, written by one
    /// statement per few hundred.
    public var accepted: [Int64] = []
    /// The other rows: deferred, failed, or sent to some recipients only.
    public var updates: [OutboxRowUpdate] = []
    public var hardBounces: HardBounces?

    public init(accepted: [Int64] = [], updates: [OutboxRowUpdate] = [], hardBounces: HardBounces? = nil) {
        self.accepted = accepted
        self.updates = updates
        self.hardBounces = hardBounces
    }

    /// How many attempts these are.
    public var count: Int { accepted.count + updates.count }
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
    public func claim(limit: Int, dueBy due: Date, lease: TimeInterval, now: Date = Date()) async throws(StoreError) -> [OutboxClaim] {
        try await database.write("claiming up to \(limit) outbox messages") { db in
            try Self.claim(limit: limit, dueBy: due, lease: lease, now: now, in: db)
        }
    }

    /// Records `results` and claims up to `limit` more rows due by `due`, in one transaction: the
    /// results of one window and the claim of the next cost one commit.
    ///
    /// Carried out even when the calling task is cancelled (graceful shutdown): the results of
    /// messages already handed to the server must be recorded, or they would all be sent again
    /// after the restart. Pass a `limit` of 0 to claim nothing. Hard bounces are counted in the
    /// same transaction.
    public func settle(
        _ results: OutboxResults, claiming limit: Int, dueBy due: Date, lease: TimeInterval, now: Date = Date()
    ) async throws(StoreError) -> [OutboxClaim] {
        let operation = limit > 0
            ? "recording \(results.count) delivery attempts and claiming up to \(limit) outbox messages"
            : "recording \(results.count) delivery attempts"
        return try await database.writeToCompletion(operation) { db in
            if results.count > 0 || results.hardBounces != nil {
                try Self.record(results, now: now, in: db)
            }
            return limit > 0 ? try Self.claim(limit: limit, dueBy: due, lease: lease, now: now, in: db) : []
        }
    }

    /// At most this many ids in one `IN (…)` list: SQLite before 3.32 allows 999 parameters.
    static let idsPerStatement = 500
    /// `?,?,…,?` for the longest `IN` list: a prefix of it is the list for any shorter one.
    private static let placeholders = String(repeating: "?,", count: idsPerStatement)
    /// The bytes a claim may hold in messages of their own (not shared bodies): far above a window
    /// of ordinary mail, so only large posts make claims shorter.
    public static let claimBytesLimit = 32 << 20

    /// `claim` inside the caller's transaction.
    ///
    /// A SELECT of what is sent and then one UPDATE of those ids, rather than `UPDATE …
    /// RETURNING`: SQLite copies every RETURNING row, message included, into a temporary table
    /// before handing out the first, and this runs for every message sent.
    ///
    /// A shared body (a post's copy, `outbox_bodies`) is read once per claim however many of the
    /// claimed rows point at it, and rows without bytes of their own hand on that one array: the
    /// copies of a large post to a whole window cost its size once in memory, not once per row.
    /// A row with a head of its own (a member's one-click unsubscribe lines) becomes head plus
    /// body, a copy: the claim stops taking rows once such copies reach `claimBytesLimit`, so a
    /// 64 MiB post to a window of members costs a few copies at a time, never one per row.
    static func claim(limit: Int, dueBy due: Date, lease: TimeInterval, now: Date, in db: Database) throws -> [OutboxClaim] {
        let select = try db.cachedStatement(sql: """
            SELECT id, kind, post_id, recipients, envelope_sender, message, attempts, created_at, body_id
            FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
            """)
        select.setUncheckedArguments([due.timeIntervalSince1970, limit])
        let readBody = try db.cachedStatement(sql: "SELECT bytes FROM outbox_bodies WHERE id = ?")
        var bodies = [Int64: [UInt8]]()
        var claimed = [OutboxClaim]()
        claimed.reserveCapacity(limit)
        // Columns by position, and the message copied once straight out of SQLite's buffer:
        // decoding by name and through Data cost as much as the UPDATE itself.
        let rows = try Row.fetchCursor(select)
        var copiedBytes = 0
        while let row = try rows.next() {
            let recipients: String = row[3]
            var message = try row.withUnsafeData(atIndex: 5) { data in data.map { [UInt8]($0) } ?? [] }
            let hasOwnBytes = !message.isEmpty
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
            if hasOwnBytes {
                // The row just read stays queued for the next claim when it would pass the limit.
                if !claimed.isEmpty && copiedBytes + message.count > Self.claimBytesLimit { break }
                copiedBytes += message.count
            }
            claimed.append(OutboxClaim(
                id: row[0], kind: OutboxKind(rawValue: row[1]) ?? .notice, postID: row[2],
                envelopeSender: row[4],
                // Byte search: Foundation's String.contains(String) went through
                // CFStringFind and was a tenth of the claim.
                recipients: recipients.utf8.contains(UInt8(ascii: "\n"))
                    ? recipients.split(whereSeparator: \.isNewline).map(String.init) : [recipients],
                message: message,
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
    /// counts the hard bounces.
    static func record(_ results: OutboxResults, now: Date, in db: Database) throws {
        let update = try db.cachedStatement(sql: """
            UPDATE outbox SET state = ?, recipients = ?, next_attempt_at = ?, last_error = ?, sent_at = ?
            WHERE id = ?
            """)
        for row in results.updates {
            try update.execute(arguments: [
                row.state.rawValue, row.recipients.joined(separator: "\n"), row.nextAttemptAt.timeIntervalSince1970,
                row.lastError, row.sentAt?.timeIntervalSince1970, row.id,
            ])
        }
        try Self.update(
            ids: results.accepted, set: "state = 'sent', next_attempt_at = ?1, last_error = NULL, sent_at = ?1",
            arguments: [now.timeIntervalSince1970], in: db)
        if let hard = results.hardBounces {
            for bounce in hard.bounces {
                _ = try BounceRecorder.recordPermanentFailure(
                    address: bounce.address, diagnostic: bounce.diagnostic, using: hard.recorder, at: bounce.at, in: db)
            }
        }
    }

    /// Calls `action` each time a transaction of this process that inserted into the outbox
    /// commits: ingest's fan-out wakes the delivery worker at once instead of at its next poll.
    public func onInsert(_ action: @escaping @Sendable () -> Void) {
        database.pool.add(transactionObserver: OutboxInsertObserver(action: action), extent: .databaseLifetime)
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
    /// The Subject, encoded words decoded, when found in the first 8 KiB; control characters
    /// (a decoded CR, LF or ESC from a hostile subject) become spaces, so a listing stays one
    /// line per message and cannot drive the operator's terminal.
    public var subject: String?

    static func subject(in head: [UInt8]) -> String? {
        MailMessage(head).subject.map { decoded in
            var shown = String.UnicodeScalarView()
            for scalar in decoded.unicodeScalars {
                shown.append(scalar.properties.generalCategory == .control ? " " : scalar)
            }
            return String(shown)
        }
    }
}

/// Calls its action when a transaction that inserted into `outbox` commits.
private final class OutboxInsertObserver: TransactionObserver, @unchecked Sendable {
    // Touched only on the database's writer queue, where GRDB calls every method.
    private var inserted = false
    private let action: @Sendable () -> Void

    init(action: @escaping @Sendable () -> Void) { self.action = action }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        if case .insert(let table) = eventKind { return table == "outbox" }
        return false
    }

    func databaseDidChange(with event: DatabaseEvent) {
        inserted = true
        // One insert is enough to know: no need to hear of the rest of this transaction.
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        if inserted { action() }
        inserted = false
    }

    func databaseDidRollback(_ db: Database) { inserted = false }
}
