import Foundation
import Glibc
import Testing

// Nested without indenting, so the diff stays one line at each end; see BlockingSuites.
extension BlockingSuites {
/// `praxis ingest --once` killed with SIGKILL at random moments while a backlog drains must
/// neither lose nor double anything (DESIGN.md §2.1: claim only after commit; recording idempotent).
@Suite("Ingest crash safety", .serialized)
struct IngestCrashTests {
    /// Kill-and-restart rounds; PRAXIS_CRASH_ROUNDS raises it (e.g. 50 for the acceptance run).
    static var rounds: Int {
        ProcessInfo.processInfo.environment["PRAXIS_CRASH_ROUNDS"].flatMap(Int.init) ?? 4
    }

    @Test func sigkillAtRandomMomentsLosesAndDoublesNothing() throws {
        let community = try CommunityFixture()
        let messages = TestMessages.backlog(2_000)
        var names: [String] = []
        for (index, bytes) in messages.enumerated() {
            let name = CommunityFixture.uniqueName(index)
            try community.deliver(bytes, as: name)
            names.append(name)
        }
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var completed = false
        var attempts = 0
        // Files left in new/ after each kill: shows the kills landed while the backlog drained.
        var remaining: [Int] = []
        // After `rounds` kills, the next run is left to finish: the point is what a restart finds.
        while !completed && attempts < Self.rounds + 5 {
            attempts += 1
            guard let child = try PraxisChild(["ingest", "--once", "--config", community.configPath], in: community.url) else { return }
            if kills < Self.rounds {
                // Most kills at a random moment in the first 400 ms (opening the store, loading the
                // model, reading, the first transaction), one in six once a random share of what
                // is left has been claimed, plus a few random milliseconds, so they also land
                // between a commit and its claims, however fast or slow the machine is. Only the
                // latter make progress, so many kills fit in one backlog.
                let waiting = community.files(in: community.newPath).count
                if waiting > 1, Int.random(in: 0..<6, using: &generator) == 0 {
                    let target = waiting - Int.random(in: 1...max(1, waiting / 2), using: &generator)
                    _ = eventually(timeout: .seconds(60)) {
                        !child.process.isRunning || community.files(in: community.newPath).count <= target
                    }
                    usleep(UInt32.random(in: 0...20_000, using: &generator))
                } else {
                    usleep(UInt32.random(in: 5_000...400_000, using: &generator))
                }
                child.signal(SIGKILL)
            }
            child.wait(timeout: .seconds(120))
            if child.wasKilledBySignal {
                kills += 1
                remaining.append(community.files(in: community.newPath).count)
            } else {
                #expect(child.exitStatus == 0, "ingest failed: \(child.standardError)")
                completed = child.exitStatus == 0
            }
        }
        print("crash test: \(messages.count) messages, \(kills) SIGKILLs, \(attempts) runs; left in new/ after each kill: \(remaining)")
        #expect(completed)

        // Nothing deleted, nothing left behind: every file is in cur/ (claimed) or in the quarantine.
        #expect(community.files(in: community.newPath).isEmpty)
        let current = community.files(in: community.curPath)
        let quarantined = community.files(in: community.quarantineNewPath)
        #expect(current.count + quarantined.count == names.count)
        #expect(current.allSatisfy { $0.hasSuffix(":2,S") })
        let uniqueParts = Set(current.map { String($0.prefix { $0 != ":" }) } + quarantined)
        #expect(uniqueParts == Set(names))

        // Every recorded message exactly once, and re-reading a file after a kill noted no duplicate.
        let posts = try community.count("SELECT COUNT(*) FROM posts")
        let distinctIDs = try community.count("SELECT COUNT(DISTINCT message_id) FROM posts")
        let distinctFiles = try community.count("SELECT COUNT(DISTINCT file_name) FROM posts")
        #expect(posts == current.count)
        #expect(distinctIDs == posts)
        #expect(distinctFiles == posts)
        #expect(try community.count("SELECT COUNT(*) FROM duplicates") == 0)
        let recordedFiles = Set(try community.strings("SELECT file_name FROM posts"))
        #expect(recordedFiles == Set(current.map { String($0.prefix { $0 != ":" }) }))
        let quarantineRecords = Set(try community.strings("SELECT file_name FROM quarantine"))
        #expect(quarantineRecords == Set(quarantined))

        // A further run finds nothing to do.
        guard let again = try PraxisChild.run(["ingest", "--once", "--config", community.configPath], in: community.url) else { return }
        #expect(again.0 == 0)
        #expect(again.1 == "recorded 0, duplicates 0, quarantined 0\n")
    }
}
}
