import Foundation
import Logging
import PraxisStore

/// Drains the outbox through a transport (DESIGN.md §2.5): claims due rows in a bounded window
/// (a few batches in flight, so a backlog never fills memory), records each batch's results in one
/// transaction, retries transient failures with backoff until the retry age, and reports
/// permanent ones to the sink.
///
/// It wakes when a row is inserted into the outbox by this process (a transaction observer on the
/// store, so ingest's fan-out leaves at once), when `wake()` is called, and every `pollInterval`
/// otherwise (rows queued by other processes, retries falling due).
public final class DeliveryWorker: Sendable {
    public let queue: OutboxQueue
    public let transport: any MailTransport
    public let retry: RetryPolicy
    let sink: (any PermanentFailureSink)?
    let logger: Logger
    /// Messages per claim and per result transaction.
    let batchSize: Int
    /// Batches handed to the transport at once: while one is sent the next is ready.
    let batchesInFlight: Int
    let pollInterval: Duration
    /// How long a claim stays valid before another process may take the row back.
    let lease: TimeInterval
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    public init(
        database: PraxisDatabase, transport: any MailTransport, retry: RetryPolicy = RetryPolicy(),
        sink: (any PermanentFailureSink)? = nil, logger: Logger, batchSize: Int = 64, batchesInFlight: Int = 2,
        pollInterval: Duration = .seconds(1), lease: TimeInterval = 600
    ) {
        queue = OutboxQueue(database: database)
        self.transport = transport
        self.retry = retry
        self.sink = sink
        self.logger = logger
        self.batchSize = max(1, batchSize)
        self.batchesInFlight = max(1, batchesInFlight)
        self.pollInterval = pollInterval
        self.lease = lease
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let signal = self.signal
        queue.onInsert { signal.yield() }
    }

    /// Asks the worker to look at the outbox now.
    public func wake() { signal.yield() }

    /// Delivers until the task is cancelled (graceful shutdown): batches in flight finish and are
    /// recorded, nothing new is claimed. Rows left `sending` by an earlier crash are queued again
    /// first: this must be the only process delivering at start-up.
    public func run() async throws {
        let recovered = try queue.recoverInterrupted(all: true)
        if recovered > 0 {
            logger.notice("outbox messages interrupted by a stop are queued again", metadata: ["count": "\(recovered)"])
        }
        await withTaskGroup(of: Void.self) { group in
            let poll = pollInterval
            let signal = self.signal
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: poll)
                    signal.yield()
                }
            }
            signal.yield()
            var lastRecovery = ContinuousClock.now
            for await _ in signals {
                if Task.isCancelled { break }
                do {
                    // Leases of a crashed `flush` beside the daemon run out here. Once per poll
                    // interval, not on every wake: a post's fan-out should not wait for a commit.
                    if ContinuousClock.now - lastRecovery >= poll {
                        try queue.recoverInterrupted(all: false)
                        lastRecovery = .now
                    }
                    _ = try await drain(dueBy: Date.init)
                } catch {
                    logger.error("delivery round failed; trying again shortly", metadata: ["error": "\(error)"])
                }
            }
            group.cancelAll()
        }
        await transport.shutdown()
    }

    /// `praxis outbox flush`: attempts every queued message once (deferred ones too, like
    /// `postqueue -f`) and returns what happened. Messages another process is sending are left to it.
    public func flush() async throws(StoreError) -> DeliveryTally {
        let start = Date()
        try queue.recoverInterrupted(all: false, now: start)
        try queue.makeAllDue(now: start)
        return try await drain(dueBy: { start })
    }

    /// Claims and delivers due rows until none is left (or the task is cancelled).
    ///
    /// The store stays off the sessions' critical path: `batchesInFlight` windows are handed to
    /// the transport at once, and when one comes back its results are recorded and the next
    /// window claimed in one transaction, on the database's writer thread, while the sessions
    /// send the windows still queued.
    func drain(dueBy due: @escaping @Sendable () -> Date) async throws(StoreError) -> DeliveryTally {
        let queue = self.queue, transport = self.transport, retry = self.retry, sink = self.sink
        let logger = self.logger, batchSize = self.batchSize, lease = self.lease
        do {
            return try await withThrowingTaskGroup(of: ([OutboxClaim], [DeliveryResult]).self) { group in
                func send(_ window: [OutboxClaim]) {
                    group.addTask { (window, await transport.deliver(window.map { $0.envelope })) }
                }
                var tally = DeliveryTally()
                // The first windows in one claim.
                let first = try await queue.settle(
                    [], retry: retry, sink: sink, claiming: Task.isCancelled ? 0 : batchSize * batchesInFlight,
                    dueBy: due(), lease: lease)
                var exhausted = first.claimed.count < batchSize * batchesInFlight
                var start = 0
                while start < first.claimed.count {
                    send(Array(first.claimed[start..<min(first.claimed.count, start + batchSize)]))
                    start += batchSize
                }
                // After a failed commit nothing new is claimed, but the windows still out are
                // recorded before the error is thrown: their messages may have been accepted.
                var failure: StoreError?
                while let (window, results) = try await group.next() {
                    let claiming = exhausted || failure != nil || Task.isCancelled ? 0 : batchSize
                    do throws(StoreError) {
                        let settled = try await queue.settle(
                            Array(zip(window, results)), retry: retry, sink: sink,
                            claiming: claiming, dueBy: due(), lease: lease)
                        tally += settled.tally
                        for event in settled.events {
                            if event.contains("for good") {
                                logger.warning("\(event)")
                            } else {
                                logger.info("\(event)")
                            }
                        }
                        if settled.claimed.count < claiming { exhausted = true }
                        if !settled.claimed.isEmpty { send(settled.claimed) }
                    } catch {
                        failure = failure ?? error
                    }
                }
                if let failure { throw failure }
                return tally
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .other, path: queue.database.path, operation: "delivering the outbox",
                             message: String(describing: error))
        }
    }
}
