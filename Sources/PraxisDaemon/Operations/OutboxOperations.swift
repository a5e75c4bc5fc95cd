import Foundation
import PraxisDelivery
import PraxisStore

/// What `praxis outbox list` shows: the outbox's counts and every message not yet sent, oldest first.
public struct OutboxListing: Sendable {
    public var status: StoreStatus
    public var entries: [OutboxEntry]
}

/// How `praxis outbox flush` ended.
public enum OutboxFlushOutcome: Sendable {
    /// Every queued message was tried once; `seconds` is how long that took.
    case flushed(DeliveryTally, seconds: Double)
    /// Delivery could not be set up (the transport, the SMTP password file); why.
    case cannotSetUp(String)
    /// The store failed while delivering; why.
    case failed(String)
}

extension CommunityInstance {
    public func outboxListing() throws -> OutboxListing {
        OutboxListing(status: try database.status(), entries: try OutboxQueue(database: database).waiting())
    }

    /// Tries every queued message once now, deferred ones too (like `postqueue -f`).
    public func flushOutbox() async -> OutboxFlushOutcome {
        let worker: DeliveryWorker
        do {
            worker = try makeDeliveryWorker(sink: permanentFailureSink)
        } catch {
            return .cannotSetUp("\(error)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: OutboxFlushOutcome
        do {
            let tally = try await worker.flush()
            outcome = .flushed(tally, seconds: (clock.now - start).inSeconds)
        } catch {
            outcome = .failed("\(error)")
        }
        await worker.transport.shutdown()
        return outcome
    }
}
