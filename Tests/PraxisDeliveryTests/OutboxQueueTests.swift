import Foundation
import GRDB
import PraxisDelivery
import PraxisStore
import Testing

/// `OutboxQueue.settle` over a real SQLite store: one window's results recorded and the next
/// window claimed in one transaction.
@Suite("Outbox queue")
struct OutboxQueueTests {
    func queued(_ count: Int, in folder: TemporaryFolder) throws -> (PraxisDatabase, [Int64]) {
        let database = try PraxisDatabase(path: folder.file("praxis.sqlite"))
        let ids = try (0..<count).map { index in
            try database.enqueueOutbox(
                kind: .post, recipients: ["member\(index)@example.org"],
                envelopeSender: "list-bounces+member\(index)=example.org@lists.example.org",
                message: testMessage(index, to: "member\(index)@example.org"))
        }
        return (database, ids)
    }

    func rows(_ database: PraxisDatabase) throws -> [Int64: Row] {
        try database.read("reading the outbox") { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT id, state, attempts, next_attempt_at, last_error, sent_at FROM outbox
                """).map { ($0["id"] as Int64, $0) })
        }
    }

    func result(_ message: OutboxClaim, _ status: DeliveryStatus, code: Int) -> DeliveryResult {
        let reply = SMTPReply(code: code, text: "test reply")
        return .uniform(message.envelope.recipients, status: status, reply: reply,
                        stage: status == .accepted ? .data : .recipient,
                        detail: status == .accepted ? "" : reply.description)
    }

    /// Messages with bytes of their own (a large post's copies, each with its member's own
    /// unsubscribe lines) are claimed only up to `claimBytesLimit` at a time, so a window of
    /// them never holds one copy per row; the first is always claimed, however large.
    @Test func largeCopiesAreClaimedAFewAtATime() async throws {
        let folder = try TemporaryFolder()
        let database = try PraxisDatabase(path: folder.file("praxis.sqlite"))
        let size = OutboxQueue.claimBytesLimit / 4 + 1
        for index in 0..<6 {
            var message = testMessage(index, to: "member\(index)@example.org")
            message += Array(repeating: UInt8(ascii: "x"), count: size)
            _ = try database.enqueueOutbox(kind: .post, recipients: ["member\(index)@example.org"],
                                           envelopeSender: "list-bounces@lists.example.org", message: message)
        }
        let queue = OutboxQueue(database: database)
        var claims: [Int] = []
        while true {
            let claimed = try await queue.claim(limit: 128, dueBy: Date(), lease: 600)
            if claimed.isEmpty { break }
            #expect(claimed.count == 1 || claimed.reduce(0) { $0 + $1.envelope.message.count } <= OutboxQueue.claimBytesLimit)
            claims.append(claimed.count)
        }
        #expect(claims == [3, 3])
    }

    @Test func oneWindowIsRecordedAndTheNextClaimedInOneGo() async throws {
        let folder = try TemporaryFolder()
        let (database, ids) = try queued(7, in: folder)
        let queue = OutboxQueue(database: database)
        let sink = FailureLog()
        let lease: TimeInterval = 600
        let first = try await queue.settle([], retry: RetryPolicy(), sink: sink, claiming: 4, dueBy: Date(), lease: lease)
        #expect(first.claimed.map(\.id) == Array(ids[0..<4]), "oldest due first")
        #expect(first.claimed.allSatisfy { $0.attempts == 1 && $0.envelope.message == testMessage(Int($0.id - ids[0]), to: $0.envelope.recipients[0]) })
        #expect(try rows(database).values.filter { $0["state"] == "sending" }.count == 4)

        // Two accepted, one 4xx, one 5xx.
        let window = first.claimed
        let outcomes = [
            (window[0], result(window[0], .accepted, code: 250)),
            (window[1], result(window[1], .transient, code: 451)),
            (window[2], result(window[2], .permanent, code: 550)),
            (window[3], result(window[3], .accepted, code: 250)),
        ]
        let now = Date()
        let second = try await queue.settle(outcomes, retry: RetryPolicy(), sink: sink, claiming: 4, dueBy: now, lease: lease, now: now)
        #expect(second.tally == DeliveryTally(sent: 2, deferred: 1, failed: 1))
        #expect(second.claimed.map(\.id) == Array(ids[4..<7]), "fewer than asked: the queue is empty")
        #expect(second.events.count == 2)

        let after = try rows(database)
        for id in [ids[0], ids[3]] {
            #expect(after[id]?["state"] == "sent")
            #expect(after[id]?["sent_at"] == now.timeIntervalSince1970)
            #expect((after[id]?["last_error"] as String?) == nil)
        }
        #expect(after[ids[1]]?["state"] == "queued")
        #expect((after[ids[1]]?["next_attempt_at"] as Double? ?? 0) > now.timeIntervalSince1970 + 30, "backoff")
        #expect((after[ids[1]]?["last_error"] as String?)?.contains("451") == true)
        #expect(after[ids[2]]?["state"] == "failed")
        #expect(sink.failures.withLock { $0.map(\.outboxID) } == [ids[2]])
        for id in ids[4..<7] {
            #expect(after[id]?["state"] == "sending")
            #expect(after[id]?["attempts"] == 1)
            #expect((after[id]?["next_attempt_at"] as Double? ?? 0) >= now.timeIntervalSince1970 + lease - 1, "leased")
        }
    }

    @Test func resultsAreRecordedEvenWhenTheTaskIsCancelled() async throws {
        let folder = try TemporaryFolder()
        let (database, ids) = try queued(3, in: folder)
        let queue = OutboxQueue(database: database)
        let claimed = try await queue.claim(limit: 3, dueBy: Date(), lease: 600)
        // As at a graceful shutdown: the messages went through, and the task is cancelled
        // before their results are written.
        let task = Task {
            while !Task.isCancelled { await Task.yield() }
            return try await queue.settle(
                claimed.map { ($0, result($0, .accepted, code: 250)) }, retry: RetryPolicy(), sink: nil,
                claiming: 10, dueBy: Date(), lease: 600)
        }
        task.cancel()
        let settled = try await task.value
        #expect(settled.tally == DeliveryTally(sent: 3))
        let states = try rows(database).mapValues { $0["state"] as String }
        #expect(states == Dictionary(uniqueKeysWithValues: ids.map { ($0, "sent") }))
    }

    /// A post's copy stored once for all its rows: each claimed row delivers its own bytes (none
    /// for a post) and then the shared body, and `praxis outbox list` still finds the Subject.
    @Test func rowsSharingABodyDeliverTheWholeMessage() async throws {
        let folder = try TemporaryFolder()
        let database = try PraxisDatabase(path: folder.file("praxis.sqlite"))
        let copy = testMessage(1)
        let prefix = Array("X-Only-For-This-Row: yes\r\n".utf8)
        let ids = try await database.write("queueing copies") { db in
            let body = try PraxisDatabase.storeOutboxBody(copy, in: db)
            var ids = try (0..<3).map { index in
                try PraxisDatabase.enqueueOutbox(
                    kind: .post, recipients: ["member\(index)@example.org"], envelopeSender: "bounces@example.org",
                    message: [], sharedBody: body, postID: nil, at: Date(), in: db)
            }
            ids.append(try PraxisDatabase.enqueueOutbox(
                kind: .post, recipients: ["member3@example.org"], envelopeSender: "bounces@example.org",
                message: prefix, sharedBody: body, postID: nil, at: Date(), in: db))
            return ids
        }
        let queue = OutboxQueue(database: database)
        #expect(try queue.waiting().map(\.subject) == Array(repeating: "Test message 1", count: 4))
        let claimed = try await queue.claim(limit: 10, dueBy: Date(), lease: 600)
        #expect(claimed.map(\.id) == ids)
        #expect(claimed.prefix(3).allSatisfy { $0.envelope.message == copy })
        #expect(claimed.last?.envelope.message == prefix + copy)
        #expect(try database.read("counting bodies") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox_bodies") } == 1)
    }
}
