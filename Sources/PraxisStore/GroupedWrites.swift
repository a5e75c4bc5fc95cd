import Foundation
import GRDB

/// Hands items from an asynchronous producer to a transaction running on the database's writer
/// thread, so that one transaction can take several items as they are produced.
///
/// Why: each commit writes every page it dirtied to the WAL, and the random-order indexes
/// (Message-ID, content hash) dirty about one page per new post until a commit covers more posts
/// than those indexes have leaf pages. Committing 2,000 posts at a time instead of 250 cut ingest's
/// CPU by a fifth on 50,000 list messages. Holding 2,000 parsed messages in memory would not fit
/// ingest's budget; handing them over in small pieces, each released once written, does.
///
/// The writer side blocks its thread while it waits (it is the database's own serial queue,
/// never a thread of the cooperative pool); the producer side suspends while the handoff is full.
public final class WriterHandoff<Item: Sendable>: @unchecked Sendable {
    // All state below is guarded by `condition`'s lock.
    private let condition = NSCondition()
    private var items: [Item] = []
    private var finished = false
    private var closed = false
    private var spaceWaiters: [CheckedContinuation<Void, Never>] = []
    /// How many items may wait for the writer: with one being produced and one being written,
    /// a capacity of 1 keeps at most three in memory.
    public let capacity: Int

    public init(capacity: Int = 1) {
        self.capacity = max(1, capacity)
    }

    /// Adds `item` once there is room; false (the item dropped) when the writer has stopped.
    public func put(_ item: Item) async -> Bool {
        while true {
            let added: Bool? = condition.withLock {
                if closed { return false }
                guard items.count < capacity else { return nil }
                items.append(item)
                condition.signal()
                return true
            }
            if let added { return added }
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let resumeNow = condition.withLock {
                    if closed || items.count < capacity { return true }
                    spaceWaiters.append(waiter)
                    return false
                }
                if resumeNow { waiter.resume() }
            }
        }
    }

    /// No more items will come: the writer finishes what it has and stops.
    public func finish() {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    /// The writer has stopped (it failed): producers waiting for room are woken and told.
    func close() {
        let waiters = condition.withLock {
            closed = true
            condition.broadcast()
            defer { spaceWaiters = [] }
            return spaceWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The next item if one is waiting now; nil if none is (the producer is behind, or finished).
    func takeIfWaiting() -> Item? { next(waiting: false) }

    /// The next item, blocking the calling thread until one arrives; nil once `finish` was
    /// called and nothing is left.
    func take() -> Item? { next(waiting: true) }

    /// Removes the first item, after waiting for one if `waiting`, and wakes the producers that
    /// waited for its room.
    private func next(waiting: Bool) -> Item? {
        let (item, waiters): (Item?, [CheckedContinuation<Void, Never>]) = condition.withLock {
            while waiting && items.isEmpty && !finished && !closed { condition.wait() }
            guard !items.isEmpty else { return (nil, []) }
            defer { spaceWaiters = [] }
            return (items.removeFirst(), spaceWaiters)
        }
        for waiter in waiters { waiter.resume() }
        return item
    }
}

extension PraxisDatabase {
    /// Writes the items of `handoff` as they come, several per transaction: a transaction goes
    /// on taking items until their `weight` reaches `groupWeight` or the producer has finished,
    /// then commits, and only then passes what `body` returned for its items to `committed`
    /// (which should hand them on quickly: the next group starts after it returns).
    /// When items arrive one at a time (an idle daemon), each is committed at once.
    ///
    /// The texts of the posts `body` records go in its `PendingPostTexts`, stored as the last
    /// statement of the group's transaction: a group of ingest then writes one search index
    /// segment, at its commit. Except when the writer is ahead: if no item is waiting and at
    /// least `PendingPostTexts.worthStoringWhileWaiting` texts are, they are stored before the
    /// writer waits for the producer. On a backlog of member posts (2 cores, Benchmarks/README)
    /// the first transaction's posts come slower than the writer records them, so it waited half
    /// the time, then spent ~70 ms indexing 2,000 texts at the commit while the producer, its
    /// handoff full, waited in turn; indexing in the waits overlaps the two. Later transactions,
    /// with a backlog waiting, never wait and still store once. Each early store is a search
    /// index segment of its own (FTS5 merges them later), so it is not done for a handful.
    ///
    /// Other writers of this process wait at most one group. A failure rolls back the group that
    /// was open, stops the handoff (waking the producer) and is thrown; groups committed before
    /// stay committed, and were passed to `committed`.
    public func writeGroups<Item: Sendable, Result: Sendable>(
        from handoff: WriterHandoff<Item>, groupWeight: Int, weight: @escaping @Sendable (Item) -> Int,
        operation: String, body: @escaping @Sendable (Item, inout PendingPostTexts, Database) throws -> Result,
        committed: ([Result]) -> Void
    ) async throws(StoreError) {
        do {
            while true {
                let results: [Result]? = try await pool.writeWithoutTransaction { db in
                    guard let first = handoff.take() else { return nil }
                    var results: [Result] = []
                    try db.inTransaction {
                        var texts = PendingPostTexts()
                        results.append(try body(first, &texts, db))
                        var written = weight(first)
                        while written < groupWeight {
                            var waiting = handoff.takeIfWaiting()
                            if waiting == nil {
                                if texts.count >= PendingPostTexts.worthStoringWhileWaiting { try texts.store(in: db) }
                                waiting = handoff.take()
                            }
                            guard let next = waiting else { break }
                            results.append(try body(next, &texts, db))
                            written += weight(next)
                        }
                        try texts.store(in: db)
                        return .commit
                    }
                    return results
                }
                guard let results else { return }
                committed(results)
            }
        } catch {
            handoff.close()
            throw StoreError.wrapping(error, path: path, operation: operation)
        }
    }
}
