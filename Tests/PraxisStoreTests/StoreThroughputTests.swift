import Foundation
import PraxisMail
import Testing
@testable import PraxisStore

/// A measurement, not a check: runs only with `PRAXIS_STORE_THROUGHPUT=1`, best in a release build:
/// `PRAXIS_STORE_THROUGHPUT=1 swift test -c release -Xswiftc -enable-testing --filter StoreThroughput`
@Suite("StoreThroughput", .enabled(if: ProcessInfo.processInfo.environment["PRAXIS_STORE_THROUGHPUT"] != nil))
struct StoreThroughputTests {
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    @Test func recordFiftyThousandPostsInBatchesOf500() throws {
        let temporary = try TemporaryDatabase()
        let total = ProcessInfo.processInfo.environment["PRAXIS_BENCH_POSTS"].flatMap { Int($0) } ?? 50_000
        // A realistic mix: a third start threads, the rest reply by In-Reply-To with References,
        // some only by subject; ~2 KB of trimmed text each.
        let environment = ProcessInfo.processInfo.environment
        let batchSize = environment["PRAXIS_BENCH_BATCH"].flatMap { Int($0) } ?? 500
        let repeats = environment["PRAXIS_BENCH_TEXT"].flatMap { Int($0) } ?? 36
        let filler = String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", count: repeats)
        if let pragmas = environment["PRAXIS_BENCH_PRAGMAS"] {
            try temporary.database.pool.writeWithoutTransaction { db in try db.execute(sql: pragmas) }
        }
        var posts = [NewPost]()
        posts.reserveCapacity(total)
        for index in 0..<total {
            let text = "\(index) \(filler)"
            let isRoot = index % 3 == 0
            let root = index - index % 3
            posts.append(NewPost(
                messageID: "\(index)@bench.example", contentHash: ContentHash.sha256(Array(text.utf8)),
                author: MailAddress(name: "Member \(index % 400)", address: "member\(index % 400)@example.org"),
                date: Date(timeIntervalSince1970: 1_600_000_000 + Double(index) * 60),
                receivedAt: Date(timeIntervalSince1970: 1_600_000_000 + Double(index) * 60 + 3),
                subject: isRoot ? "Topic \(index)" : "Re: Topic \(root)",
                inReplyTo: isRoot || index % 3 == 2 ? [] : ["\(index - 1)@bench.example"],
                references: isRoot || index % 3 == 2 ? [] : ["\(root)@bench.example", "\(index - 1)@bench.example"],
                trimmedText: text, size: text.utf8.count + 600,
                fileName: "\(1_600_000_000 + index).M\(index)P1.bench"))
        }
        let clock = ContinuousClock()
        let cpuBefore = Self.processCPUSeconds()
        let elapsed = try clock.measure {
            var offset = 0
            while offset < total {
                _ = try temporary.database.recordPosts(Array(posts[offset..<min(total, offset + batchSize)]))
                offset += batchSize
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpuSeconds = Self.processCPUSeconds() - cpuBefore
        // Wall time suffers when other work shares the machine; CPU time shows what one idle core would do.
        print("PraxisStore throughput: \(total) posts in batches of \(batchSize) in \(String(format: "%.2f", seconds)) s wall = \(Int(Double(total) / seconds)) posts/s; \(String(format: "%.2f", cpuSeconds)) s CPU = \(Int(Double(total) / cpuSeconds)) posts/s per CPU second")
        let status = try temporary.database.status()
        #expect(status.posts == total)
        #expect(status.threads == total / 3 + (total % 3 == 0 ? 0 : 1))

        let bytes = [UInt8](repeating: 0x61, count: total < 50_000 ? 1 << 20 : 64 << 20)
        let hashTime = clock.measure { _ = ContentHash.sha256(bytes) }
        let hashSeconds = Double(hashTime.components.seconds) + Double(hashTime.components.attoseconds) / 1e18
        print("ContentHash.sha256: \(Int(Double(bytes.count >> 20) / hashSeconds)) MB/s")
    }
}
