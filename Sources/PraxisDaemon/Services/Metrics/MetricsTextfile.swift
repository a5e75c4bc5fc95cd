import Foundation
import PraxisStore
import PraxisSystem

/// The Prometheus text exposition format (version 0.0.4) of a `MetricsSnapshot`, written where
/// node_exporter's textfile collector reads it (`metrics: {textfile: PATH}`).
public enum MetricsTextfile {
    /// The file's content. Every metric carries `community` so one node_exporter can serve several
    /// instances of `praxis@.service`.
    public static func render(_ snapshot: MetricsSnapshot, community: String) -> String {
        let label = "community=\"\(escaped(community))\""
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        func sample(_ name: String, labels: String = "", _ value: Double) {
            let all = labels.isEmpty ? label : "\(label),\(labels)"
            out += "\(name){\(all)} \(formatted(value))\n"
        }

        family("praxis_messages_ingested_total", "counter", "Messages recorded from the maildir or an import, by kind.")
        for kind in ["post", "held", "command", "bounce", "auto"] {
            sample("praxis_messages_ingested_total", labels: "kind=\"\(kind)\"", Double(snapshot.messagesByKind[kind] ?? 0))
        }
        family("praxis_messages_quarantined_total", "counter", "Files moved to the .Quarantine folder.")
        sample("praxis_messages_quarantined_total", Double(snapshot.quarantined))
        family("praxis_messages_held", "gauge", "Posts waiting for a moderator.")
        sample("praxis_messages_held", Double(snapshot.held))
        family("praxis_members_active", "gauge", "Active members.")
        sample("praxis_members_active", Double(snapshot.activeMembers))
        family("praxis_outbox_messages", "gauge", "Outbox rows by state.")
        for state in ["queued", "sending", "sent", "failed"] {
            sample("praxis_outbox_messages", labels: "state=\"\(state)\"", Double(snapshot.outboxByState[state] ?? 0))
        }
        family("praxis_delivery_latency_seconds", "summary",
               "Seconds from queueing to acceptance by the SMTP server, messages sent in the last 24 hours.")
        let latencies = snapshot.deliveryLatencies.sorted()
        for quantile in [0.5, 0.9, 0.99] {
            sample("praxis_delivery_latency_seconds", labels: "quantile=\"\(quantile)\"", Self.quantile(quantile, of: latencies))
        }
        sample("praxis_delivery_latency_seconds_sum", latencies.reduce(0, +))
        sample("praxis_delivery_latency_seconds_count", Double(latencies.count))
        family("praxis_schedule_runs_total", "counter", "Digest and report runs, by schedule.")
        for (schedule, runs) in snapshot.scheduleRuns.sorted(by: { $0.key < $1.key }) {
            sample("praxis_schedule_runs_total", labels: "schedule=\"\(escaped(schedule))\"", Double(runs))
        }
        if let lastScan = snapshot.lastScanAt {
            family("praxis_last_scan_timestamp_seconds", "gauge", "When the maildir was last scanned in full.")
            sample("praxis_last_scan_timestamp_seconds", lastScan.timeIntervalSince1970)
        }
        return out
    }

    /// Writes `content` to `path` the way the textfile collector expects: to a temporary file in
    /// the same folder, then renamed over the old one, so a scrape never reads half a file.
    public static func write(_ content: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try Data(content.utf8).write(to: temporary)
        do {
            try systemCall("rename", "\(temporary.path) onto \(path)") { rename(temporary.path, path) }
        } catch {
            removeFile(temporary.path)
            throw error
        }
    }

    /// The nearest-rank quantile of sorted values; 0 when there are none.
    static func quantile(_ q: Double, of sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func formatted(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Label values escape backslash, double quote and line feed.
    static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
