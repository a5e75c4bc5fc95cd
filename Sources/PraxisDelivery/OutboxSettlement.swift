import Foundation
import PraxisStore

extension OutboxClaim {
    /// What the transport sends for this row.
    public var envelope: OutgoingEnvelope {
        OutgoingEnvelope(sender: envelopeSender, recipients: recipients, message: message)
    }
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
    public var claimed: [OutboxClaim] = []

    public init() {}
}

extension OutboxQueue {
    /// Records what became of `outcomes` and claims up to `limit` more rows due by `due`, in one
    /// transaction (see the store's `settle`). What each result means for its row (sent,
    /// deferred with backoff, failed for good once `retry`'s age is past) is decided here;
    /// permanent failures reach `sink`, whose hard bounces are counted in the same transaction.
    public func settle(
        _ outcomes: [(OutboxClaim, DeliveryResult)], retry: RetryPolicy, sink: (any PermanentFailureSink)?,
        claiming limit: Int, dueBy due: Date, lease: TimeInterval, now: Date = Date()
    ) async throws(StoreError) -> OutboxSettlement {
        var decided = AttemptResults(outcomes, retry: retry, now: now)
        if let sink, !decided.failures.isEmpty {
            decided.results.hardBounces = sink.hardBounces(for: decided.failures)
        }
        var settlement = OutboxSettlement()
        settlement.tally = decided.tally
        settlement.events = decided.events
        settlement.claimed = try await settle(decided.results, claiming: limit, dueBy: due, lease: lease, now: now)
        return settlement
    }
}

/// What a window of delivery results means for the outbox: the retry policy applied to each
/// message, as values for the store to write.
struct AttemptResults {
    var tally = DeliveryTally()
    var events: [String] = []
    var results = OutboxResults()
    var failures: [PermanentFailure] = []

    init(_ outcomes: [(OutboxClaim, DeliveryResult)], retry: RetryPolicy, now: Date) {
        results.accepted.reserveCapacity(outcomes.count)
        for (message, result) in outcomes {
            // Nearly every message: every recipient took it. Nothing to work out or log, and
            // the store writes all of them with one statement.
            if result.detail.isEmpty, result.recipients.allSatisfy({ $0.status == .accepted }) {
                results.accepted.append(message.id)
                tally.sent += 1
                continue
            }
            record(message, result, retry: retry, now: now)
        }
    }

    private mutating func record(_ message: OutboxClaim, _ result: DeliveryResult, retry: RetryPolicy, now: Date) {
        let waiting = result.recipients.filter { $0.status == .transient }
        let refused = result.recipients.filter { $0.status == .permanent }
        let detail = result.detail.isEmpty ? nil : result.detail
        let someAccepted = result.recipients.contains { $0.status == .accepted }
        let label = "outbox message \(message.id) (\(message.kind.rawValue))"
        var state = OutboxState.sent
        var recipients = message.recipients
        var next = now
        var expired = [RecipientResult]()
        if !waiting.isEmpty {
            if retry.hasExpired(createdAt: message.createdAt, now: now) {
                expired = waiting
                state = someAccepted ? .sent : .failed
                events.append("\(label) failed for good after \(message.attempts) attempts: \(result.detail)")
            } else {
                state = .queued
                recipients = waiting.map(\.recipient)
                next += retry.delay(afterAttempt: message.attempts, random: Double.random(in: 0..<1))
                events.append("\(label) deferred, attempt \(message.attempts): \(result.detail)")
            }
        } else if !someAccepted {
            state = .failed
            events.append("\(label) refused for good: \(result.detail)")
        } else if !refused.isEmpty {
            events.append("\(label) refused for some recipients: \(result.detail)")
        }
        switch state {
        case .sent: tally.sent += 1
        case .queued: tally.deferred += 1
        case .failed: tally.failed += 1
        case .sending: break
        }
        results.updates.append(OutboxRowUpdate(
            id: message.id, state: state, recipients: recipients, nextAttemptAt: next,
            lastError: state == .sent && detail == nil
                ? nil : (expired.isEmpty ? detail : "gave up after \(message.attempts) attempts: \(result.detail)"),
            sentAt: state == .sent ? now : nil))
        for (recipient, reason) in refused.map({ ($0, PermanentFailure.Reason.refused) }) + expired.map({ ($0, .expired) }) {
            failures.append(PermanentFailure(
                outboxID: message.id, kind: message.kind, postID: message.postID, recipient: recipient.recipient,
                envelopeSender: message.envelopeSender, reply: recipient.reply, stage: recipient.stage,
                reason: reason, at: now))
        }
    }
}
