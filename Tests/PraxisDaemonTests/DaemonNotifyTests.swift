import Foundation
import Glibc
import Testing

/// `praxis run` under a stand-in for systemd: the sd_notify protocol on a datagram socket the test
/// binds, readiness only after the start-up scan, arrivals, SIGHUP reloads and SIGTERM.
@Suite("praxis run and sd_notify")
struct DaemonNotifyTests {
    static func isReady(_ message: String) -> Bool { message.split(separator: "\n").contains("READY=1") }

    @Test func lifecycleOverAPathSocket() throws {
        let community = try CommunityFixture()
        // Waiting before start: three deliveries in new/ and two files a power cut left in cur/.
        for index in 0..<3 { try community.deliver(TestMessages.synthetic(index), as: CommunityFixture.uniqueName(index)) }
        for index in 3..<5 { try community.placeInCur(TestMessages.synthetic(index), as: CommunityFixture.uniqueName(index)) }
        let socket = try NotifySocket(name: community.url.path + "/notify.sock")
        guard let daemon = try PraxisChild(
            ["run", "--config", community.configPath], in: community.url,
            environment: ["NOTIFY_SOCKET": socket.name, "WATCHDOG_USEC": "200000"], label: "run")
        else { return }
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }

        var seen: [String] = []
        let ready = socket.receive(until: Self.isReady, timeout: .seconds(30), seen: &seen)
        #expect(ready?.contains("STATUS=") == true, "no READY=1 with STATUS=; got \(seen); stderr: \(daemon.standardError)")
        // READY=1 comes only once the start-up scan has recorded what was waiting.
        #expect(try community.count("SELECT COUNT(*) FROM posts") == 5)
        #expect(community.files(in: community.newPath).isEmpty)
        // The first status says what the start-up is doing. Watchdog pings run beside the scan
        // (systemd takes them at any time), so on a loaded machine one may come first.
        #expect(seen.first { $0 != "WATCHDOG=1" } == "STATUS=scanning the maildir", "\(seen)")

        // The watchdog is pinged at half of WATCHDOG_USEC.
        var pings = 0
        let pingStart = ContinuousClock.now
        while pings < 3, ContinuousClock.now - pingStart < .seconds(5) {
            if socket.receive(timeout: .seconds(1)) == "WATCHDOG=1" { pings += 1 }
        }
        #expect(pings == 3)

        // A message renamed into new/ is recorded and claimed.
        try community.deliver(TestMessages.synthetic(5), as: CommunityFixture.uniqueName(5))
        #expect(try eventually { try community.count("SELECT COUNT(*) FROM posts") == 6 })
        #expect(eventually { community.files(in: community.curPath).contains(CommunityFixture.uniqueName(5) + ":2,S") })

        // SIGHUP with a valid, changed configuration: RELOADING=1, then READY=1.
        try community.writeConfiguration(CommunityFixture.configuration(name: "Renamed CoP"))
        seen = []
        daemon.signal(SIGHUP)
        #expect(socket.receive(until: { $0 == "RELOADING=1" }, timeout: .seconds(10), seen: &seen) != nil, "\(seen)")
        #expect(socket.receive(until: Self.isReady, timeout: .seconds(10), seen: &seen) != nil, "\(seen)")
        #expect(eventually { daemon.standardError.contains("configuration reloaded") })

        // SIGHUP with a corrupt file: the running configuration stays, the problem is logged.
        try community.writeConfiguration("community: [this is not\n  a: mapping\n")
        seen = []
        daemon.signal(SIGHUP)
        #expect(socket.receive(until: { $0 == "RELOADING=1" }, timeout: .seconds(10), seen: &seen) != nil, "\(seen)")
        #expect(socket.receive(until: Self.isReady, timeout: .seconds(10), seen: &seen) != nil, "\(seen)")
        #expect(eventually { daemon.standardError.contains("reload refused; the running configuration stays") })
        #expect(daemon.process.isRunning)
        try community.deliver(TestMessages.synthetic(6), as: CommunityFixture.uniqueName(6))
        #expect(try eventually { try community.count("SELECT COUNT(*) FROM posts") == 7 })

        // SIGTERM: STOPPING=1 and a clean exit.
        seen = []
        daemon.signal(SIGTERM)
        #expect(socket.receive(until: { $0 == "STOPPING=1" }, timeout: .seconds(10), seen: &seen) != nil, "\(seen)")
        daemon.wait(timeout: .seconds(30))
        #expect(!daemon.wasKilledBySignal)
        #expect(daemon.exitStatus == 0, "\(daemon.standardError)")
        #expect(daemon.standardError.contains("stopped"))
        #expect(try community.count("SELECT COUNT(*) FROM posts") == 7)
        #expect(try community.count("SELECT COUNT(*) FROM duplicates") == 0)
    }

    /// `NOTIFY_SOCKET=@name` is a socket in the abstract namespace (no file).
    @Test func abstractNamespaceSocket() throws {
        let community = try CommunityFixture()
        try community.deliver(TestMessages.synthetic(0), as: CommunityFixture.uniqueName(0))
        let socket = try NotifySocket(name: "@praxis-test-\(UUID().uuidString)")
        guard let daemon = try PraxisChild(
            ["run", "--config", community.configPath], in: community.url,
            environment: ["NOTIFY_SOCKET": socket.name], label: "run")
        else { return }
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }
        var seen: [String] = []
        let ready = socket.receive(until: Self.isReady, timeout: .seconds(30), seen: &seen)
        #expect(ready == "READY=1\nSTATUS=watching \(community.newPath); 1 recorded at start-up", "\(seen); \(daemon.standardError)")
        daemon.signal(SIGTERM)
        #expect(socket.receive(until: { $0 == "STOPPING=1" }, timeout: .seconds(10), seen: &seen) != nil, "\(seen)")
        daemon.wait(timeout: .seconds(30))
        #expect(daemon.exitStatus == 0)
        // No watchdog was asked for, so none was sent.
        #expect(!seen.contains("WATCHDOG=1"))
    }

    /// Without NOTIFY_SOCKET the daemon runs the same and says nothing to anyone.
    @Test func withoutNotifySocketRunsAndStops() throws {
        let community = try CommunityFixture()
        try community.deliver(TestMessages.synthetic(0), as: CommunityFixture.uniqueName(0))
        guard let daemon = try PraxisChild(["run", "--config", community.configPath], in: community.url, label: "run") else { return }
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }
        #expect(try eventually(timeout: .seconds(30)) { try community.count("SELECT COUNT(*) FROM posts") == 1 })
        daemon.signal(SIGTERM)
        daemon.wait(timeout: .seconds(30))
        #expect(daemon.exitStatus == 0)
    }
}
