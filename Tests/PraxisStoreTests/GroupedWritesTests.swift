import Foundation
import GRDB
import Synchronization
import Testing
@testable import PraxisStore

/// `writeGroups`: items handed over one by one land in few transactions, each committed before
/// its results are passed on, and a failure loses only the group that was open.
@Suite("Grouped writes")
struct GroupedWritesTests {
    /// Records each item as a quarantine row (any table would do) and returns it.
    static func insert(_ item: Int, in db: Database) throws -> Int {
        try PraxisDatabase.recordQuarantine(fileName: "item-\(item)", reason: "test", in: db)
        return item
    }

    static func rowCount(_ database: PraxisDatabase) throws -> Int {
        try database.read("counting") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quarantine") ?? 0 }
    }

    @Test func itemsAreCommittedInGroupsOfTheirWeightAndEachGroupIsVisibleWhenPassedOn() async throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        let handoff = WriterHandoff<Int>()
        let groups = Mutex<[[Int]]>([])
        let visibleAtHandover = Mutex<[Int]>([])
        async let producer: Void = {
            // Slower than the writer: the writer must wait for items, not commit early.
            for item in 1...10 {
                try? await Task.sleep(for: .milliseconds(2))
                #expect(await handoff.put(item))
            }
            handoff.finish()
        }()
        try await database.writeGroups(
            from: handoff, groupWeight: 4, weight: { _ in 1 }, operation: "test",
            body: { item, _, db in try Self.insert(item, in: db) },
            committed: { results in
                groups.withLock { $0.append(results) }
                // Read on another connection: only committed rows are visible there.
                let count = (try? Self.rowCount(database)) ?? -1
                visibleAtHandover.withLock { $0.append(count) }
            })
        await producer
        #expect(groups.withLock { $0 } == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]])
        #expect(visibleAtHandover.withLock { $0 } == [4, 8, 10])
    }

    @Test func aFailureRollsBackTheOpenGroupOnlyAndReleasesTheProducer() async throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        let handoff = WriterHandoff<Int>()
        let committed = Mutex<[Int]>([])
        let refused = Mutex(0)
        async let producer: Void = {
            for item in 1...20 where !(await handoff.put(item)) {
                refused.withLock { $0 += 1 }
            }
            handoff.finish()
        }()
        await #expect(throws: StoreError.self) {
            try await database.writeGroups(
                from: handoff, groupWeight: 3, weight: { _ in 1 }, operation: "test",
                body: { item, _, db in
                    if item == 5 { throw DatabaseError(resultCode: .SQLITE_FULL, message: "disk full") }
                    return try Self.insert(item, in: db)
                },
                committed: { results in committed.withLock { $0 += results } })
        }
        await producer
        #expect(committed.withLock { $0 } == [1, 2, 3])
        #expect(try Self.rowCount(database) == 3)
        // Everything after the failure was refused rather than left waiting for ever.
        #expect(refused.withLock { $0 } >= 1)
    }

    @Test func aSingleItemIsCommittedAtOnceWhenNothingElseComes() async throws {
        let temporary = try TemporaryDatabase()
        let handoff = WriterHandoff<Int>()
        #expect(await handoff.put(1))
        handoff.finish()
        let groups = Mutex<[[Int]]>([])
        try await temporary.database.writeGroups(
            from: handoff, groupWeight: 2_000, weight: { _ in 1 }, operation: "test",
            body: { item, _, db in try Self.insert(item, in: db) },
            committed: { results in groups.withLock { $0.append(results) } })
        #expect(groups.withLock { $0 } == [[1]])
    }
}
