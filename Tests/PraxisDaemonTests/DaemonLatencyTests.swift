import Foundation
import Glibc
import Testing

/// How long an idle `praxis run` takes to record a message renamed into `new/` (target: p99 under
/// 50 ms over 200 messages). A measurement, not a pass/fail timing test: it runs only with
/// PRAXIS_LATENCY=1 and prints the figures, so CI never depends on the machine's load.
@Suite("praxis run arrival latency")
struct DaemonLatencyTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PRAXIS_LATENCY"] == "1"))
    func idleArrivalLatency() throws {
        let community = try CommunityFixture()
        let socket = try NotifySocket(name: community.url.path + "/notify.sock")
        guard let daemon = try PraxisChild(["run", "--config", community.configPath], in: community.url,
                                           environment: ["NOTIFY_SOCKET": socket.name], label: "run")
        else { return }
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }
        var seen: [String] = []
        #expect(socket.receive(until: DaemonNotifyTests.isReady, timeout: .seconds(30), seen: &seen) != nil)

        let messages = TestMessages.backlog(200)
        var latencies: [Double] = []
        for (index, bytes) in messages.enumerated() {
            let name = CommunityFixture.uniqueName(index)
            // Written to tmp/ first, untimed: the clock starts at the rename, as with an MTA.
            try Data(bytes).write(to: URL(fileURLWithPath: community.tmpPath + "/" + name))
            let claimed = community.curPath + "/" + name + ":2,S"
            let start = ContinuousClock.now
            #expect(rename(community.tmpPath + "/" + name, community.newPath + "/" + name) == 0)
            // Claimed means committed: the rename into cur/ happens only after the commit.
            while access(claimed, F_OK) != 0 {
                if ContinuousClock.now - start > .seconds(10) { break }
                usleep(200)
            }
            latencies.append((ContinuousClock.now - start).milliseconds)
            usleep(20_000)
        }
        latencies.sort()
        let p50 = latencies[latencies.count / 2]
        let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
        print(String(format: "arrival latency over %d messages: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                     latencies.count, p50, p99, latencies.last ?? 0))
        #expect(try community.count("SELECT COUNT(*) FROM posts") == messages.count)
        daemon.signal(SIGTERM)
        daemon.wait(timeout: .seconds(30))
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
