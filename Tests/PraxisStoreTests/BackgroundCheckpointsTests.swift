import Foundation
import GRDB
import Synchronization
import Testing
@testable import PraxisStore

/// `BackgroundCheckpoints`: the writer leaves WAL checkpoints to another connection until the WAL
/// reaches its bound, which still holds when the background cannot help, and nothing recorded is
/// lost on the way. Real stores on disk, with the WAL lengths scaled down.
@Suite("Background checkpoints")
struct BackgroundCheckpointsTests {
    /// 16 KiB pages plus each frame's 24-byte header.
    static let frameBytes = PraxisDatabase.pageSize + 24
    /// A row of about 40 KB: three overflow pages, with its table's and index's pages some five
    /// frames of the WAL for each commit of one.
    static let reason = String(repeating: "a long reason for quarantine ", count: 1_400)
    /// The most frames one such commit adds, with room to spare.
    static let commitFrames = 8

    /// A value that escaping closures on other threads share.
    final class Shared<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
        func callAsFunction() -> Value { value.withLock { $0 } }
        func update(_ change: (inout Value) -> Void) { value.withLock { change(&$0) } }
    }

    /// A store whose background checkpoints start at 8 frames and whose writer checkpoints at 64.
    final class Store {
        let folder: URL
        let path: String
        let failures = Shared<[StoreError]>([])
        private(set) var database: PraxisDatabase?

        init() throws {
            folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("praxis-checkpoints-\(UUID().uuidString)", isDirectory: true)
            path = folder.appendingPathComponent("praxis.sqlite").path
            try reopen()
        }

        /// Closes the store and opens it again: a store that exists already, which opening does
        /// not write to (so the background connection is not opened yet).
        func reopen() throws {
            database = nil
            let failures = self.failures
            database = try PraxisDatabase(
                path: path, busyTimeout: 5, readOnly: false,
                checkpointFailed: { error in failures.update { $0.append(error) } },
                backgroundCheckpointFrames: 8, writerCheckpointFrames: 64)
        }

        var open: PraxisDatabase { database! }
        var checkpoints: BackgroundCheckpoints { open.checkpoints! }

        /// Commits `count` transactions of one 40 KB row each.
        func commit(_ count: Int) throws {
            for _ in 0..<count {
                _ = try open.write("test") { db in
                    try PraxisDatabase.recordQuarantine(fileName: "file", reason: BackgroundCheckpointsTests.reason, in: db)
                }
            }
        }

        func rows() throws -> Int {
            try open.read("counting") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quarantine") ?? 0 }
        }

        func size(_ suffix: String = "") -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size]) as? Int) ?? 0
        }

        /// Closes the store (its last connection checkpoints what is left and removes the WAL).
        func close() { database = nil }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    /// Holds the checkpoints' queue until the gate is signalled: what happens meanwhile is the
    /// writer's alone. At most 5 s, so that a writer which waits for the queue (a regression) makes
    /// the test fail instead of hanging.
    static func hold(_ checkpoints: BackgroundCheckpoints) -> DispatchSemaphore {
        let gate = DispatchSemaphore(value: 0)
        checkpoints.queue.async { _ = gate.wait(timeout: .now() + 5) }
        return gate
    }

    @Test func theWriterLeavesCheckpointsToTheBackgroundBelowTheBound() throws {
        let store = try Store()
        try store.commit(1)
        store.checkpoints.settle()
        let fileBefore = store.size()

        // 30 frames: past the background's threshold, short of the writer's. Nothing reaches the
        // database file while the background is held: the writer did not checkpoint.
        let gate = Self.hold(store.checkpoints)
        try store.commit(10)
        #expect(store.size() == fileBefore)
        gate.signal()
        store.checkpoints.settle()
        // The background copied the new rows' pages into the file.
        #expect(store.size() > fileBefore)
        #expect(try store.rows() == 11)
        #expect(store.failures().isEmpty)
    }

    @Test func requestsWhileOneWaitsAreTheSameCheckpoint() throws {
        let store = try Store()
        store.checkpoints.settle()
        let before = store.checkpoints.completedCount
        let gate = Self.hold(store.checkpoints)
        for _ in 0..<1_000 { store.checkpoints.request() }
        gate.signal()
        store.checkpoints.settle()
        #expect(store.checkpoints.completedCount == before + 1)
    }

    @Test func manyCommitsInARowKeepTheWALWithinItsBound() throws {
        let store = try Store()
        // 64 frames, plus the commit that crossed it, plus the WAL's header.
        let bound = (64 + Self.commitFrames) * Self.frameBytes + 32
        var largest = 0
        for _ in 0..<300 {
            try store.commit(1)
            largest = max(largest, store.size("-wal"))
        }
        #expect(largest <= bound, "WAL reached \(largest) bytes, bound \(bound)")
        store.checkpoints.settle()
        #expect(store.checkpoints.completedCount >= 1)
        #expect(try store.rows() == 300)
        #expect(store.failures().isEmpty)
    }

    @Test func aReaderHoldingASnapshotHoldsBackCheckpointsWithoutErrorsAndTheWALStartsOverAfterIt() async throws {
        let store = try Store()
        try store.commit(5)
        let database = store.open
        let reading = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let seen = Shared<[Int]>([])
        let reader = Thread {
            try? database.read("holding a snapshot") { db in
                let count = { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quarantine") ?? -1 }
                seen.update { $0.append((try? count()) ?? -1) }
                reading.signal()
                release.wait()
                // The same snapshot, however much was written and checkpointed meanwhile.
                seen.update { $0.append((try? count()) ?? -1) }
            }
            reading.signal()
        }
        reader.start()
        reading.wait()
        // Well past the writer's bound: neither checkpoint may copy what the reader may still need,
        // so the WAL cannot start over and grows.
        try store.commit(60)
        store.checkpoints.settle()
        let walWhileReading = store.size("-wal")
        #expect(walWhileReading > (64 + Self.commitFrames) * Self.frameBytes)
        release.signal()
        reading.wait()
        #expect(seen() == [5, 5])

        // Once the reader is gone, the first commit's checkpoint copies everything and the WAL
        // is written again from its start: as much again makes the file longer by that commit
        // at most (it began before the checkpoint), not by 60.
        try store.commit(60)
        store.checkpoints.settle()
        #expect(store.size("-wal") <= walWhileReading + Self.commitFrames * Self.frameBytes)
        #expect(try store.rows() == 125)
        #expect(store.failures().isEmpty)
        let integrity = try store.open.read("checking") { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }

    @Test func aStoreThatVanishedIsNotRecreatedAndEverythingIsStillRecorded() async throws {
        let store = try Store()
        try store.reopen()
        let moved = store.path + ".moved"
        // Moved away while open: the open connections keep writing to the file, a new one would
        // find nothing at the path (or, if it could create one, an empty store).
        try FileManager.default.moveItem(atPath: store.path, toPath: moved)
        let sizeAtMove = store.size(".moved")

        let handoff = WriterHandoff<Int>()
        async let producer: Void = {
            for item in 1...200 { _ = await handoff.put(item) }
            handoff.finish()
        }()
        let reason = Self.reason
        try await store.open.writeGroups(
            from: handoff, groupWeight: 10, weight: { _ in 1 }, operation: "test",
            body: { item, _, db in try PraxisDatabase.recordQuarantine(fileName: "item-\(item)", reason: reason, in: db) },
            committed: { _ in })
        await producer
        store.checkpoints.settle()

        #expect(!FileManager.default.fileExists(atPath: store.path))
        let failures = store.failures()
        #expect(failures.count == 1, "one report, not one per commit: \(failures)")
        #expect(failures.first?.code == .cannotOpen)
        #expect(failures.first?.path == store.path)
        // The writer's own checkpoints copied the rows into the moved file and kept the WAL
        // within its bound meanwhile.
        // (All but the last transactions: up to 94 frames, some 40 rows, may still be in the WAL.)
        #expect(store.size(".moved") > sizeAtMove + 100 * 40_000)
        #expect(store.size("-wal") <= (64 + 10 * Self.commitFrames) * Self.frameBytes + 32)

        // The store comes back before it closes: its WAL, which holds the last transactions, is
        // at its own path, and the close checkpoints them into the file.
        try FileManager.default.moveItem(atPath: moved, toPath: store.path)
        store.close()
        #expect(!FileManager.default.fileExists(atPath: store.path + "-wal"))
        let reopened = try DatabaseQueue(path: store.path)
        let (rows, integrity) = try await reopened.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quarantine"), try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(rows == 200)
        #expect(integrity == "ok")
    }
}
