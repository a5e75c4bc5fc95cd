import Foundation
import Glibc
import PraxisStore
import Testing
@testable import PraxisDaemon

/// The Prometheus textfile: the right figures in the exposition format, written atomically by the
/// running daemon and kept up to date.
@Suite("Metrics textfile")
struct MetricsTests {
    @Test func rendersTheExpositionFormat() {
        let snapshot = MetricsSnapshot(
            messagesByKind: ["post": 7, "held": 2], quarantined: 1, held: 2, outboxByState: ["sent": 4, "queued": 1],
            activeMembers: 3, deliveryLatencies: [0.5, 0.1, 0.2, 2.0], scheduleRuns: ["weekly": 2],
            lastScanAt: Date(timeIntervalSince1970: 1_700_000_000))
        let text = MetricsTextfile.render(snapshot, community: "Mobility \"CoP\"")
        let lines = Set(text.split(separator: "\n").map(String.init))
        let label = #"community="Mobility \"CoP\"""#
        for expected in [
            "praxis_messages_ingested_total{\(label),kind=\"post\"} 7",
            "praxis_messages_ingested_total{\(label),kind=\"bounce\"} 0",
            "praxis_messages_quarantined_total{\(label)} 1",
            "praxis_messages_held{\(label)} 2",
            "praxis_outbox_messages{\(label),state=\"queued\"} 1",
            "praxis_outbox_messages{\(label),state=\"failed\"} 0",
            "praxis_delivery_latency_seconds{\(label),quantile=\"0.5\"} 0.2",
            "praxis_delivery_latency_seconds{\(label),quantile=\"0.99\"} 2",
            "praxis_delivery_latency_seconds_sum{\(label)} 2.8",
            "praxis_delivery_latency_seconds_count{\(label)} 4",
            "praxis_schedule_runs_total{\(label),schedule=\"weekly\"} 2",
            "praxis_last_scan_timestamp_seconds{\(label)} 1700000000",
            "# TYPE praxis_outbox_messages gauge",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        // Every sample line is NAME{LABELS} VALUE, as node_exporter's parser wants.
        for line in lines where !line.hasPrefix("#") {
            #expect(line.wholeMatch(of: /[a-z_]+\{[^}]*\} -?[0-9.e+]+/) != nil, "malformed: \(line)")
        }
    }

    @Test func theDaemonWritesAndUpdatesTheFile() throws {
        let community = try CommunityFixture()
        let textfile = community.url.appendingPathComponent("praxis.prom").path
        try community.writeConfiguration(CommunityFixture.configuration(extra: "metrics: {textfile: \(textfile)}"))
        try community.deliver(TestMessages.synthetic(0), as: CommunityFixture.uniqueName(0))
        guard let daemon = try PraxisChild(["run", "--config", community.configPath], in: community.url, label: "run")
        else { return }
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }

        func metrics() -> String { (try? String(contentsOfFile: textfile, encoding: .utf8)) ?? "" }
        #expect(eventually(timeout: .seconds(30)) { metrics().contains(#"kind="held"} 1"#) },
                "metrics: \(metrics()); stderr: \(daemon.standardError)")
        try community.deliver(TestMessages.synthetic(1), as: CommunityFixture.uniqueName(1))
        // The file is rewritten every 15 s, and once more on shutdown.
        #expect(try eventually { try community.count("SELECT COUNT(*) FROM posts") == 2 })
        daemon.signal(SIGTERM)
        daemon.wait(timeout: .seconds(30))
        #expect(daemon.exitStatus == 0, "\(daemon.standardError)")
        #expect(metrics().contains(#"kind="held"} 2"#), "\(metrics())")
        // No temporary file is left beside it.
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: community.url.path))?.filter { $0.hasSuffix(".tmp") }
        #expect(leftovers == [])
    }
}
