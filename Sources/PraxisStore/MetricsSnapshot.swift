import Foundation
import GRDB

/// The figures an operator's monitoring scrapes (Prometheus, through node_exporter's textfile
/// collector), read from one consistent snapshot of the store.
public struct MetricsSnapshot: Sendable, Hashable {
    /// Messages recorded, by what screening made of them (post, held, command, bounce, auto).
    public var messagesByKind: [String: Int]
    public var quarantined: Int
    /// Held posts no moderator has decided on yet.
    public var held: Int
    public var outboxByState: [String: Int]
    public var activeMembers: Int
    /// Seconds from queueing to acceptance by the server, of the messages sent in the last day.
    public var deliveryLatencies: [Double]
    /// Runs of each schedule (digests, reports) ever made.
    public var scheduleRuns: [String: Int]
    public var lastScanAt: Date?

    public init(
        messagesByKind: [String: Int], quarantined: Int, held: Int, outboxByState: [String: Int], activeMembers: Int,
        deliveryLatencies: [Double], scheduleRuns: [String: Int], lastScanAt: Date?
    ) {
        self.messagesByKind = messagesByKind
        self.quarantined = quarantined
        self.held = held
        self.outboxByState = outboxByState
        self.activeMembers = activeMembers
        self.deliveryLatencies = deliveryLatencies
        self.scheduleRuns = scheduleRuns
        self.lastScanAt = lastScanAt
    }
}

extension PraxisDatabase {
    /// How far back delivery latencies are summarised.
    public static let metricsLatencyWindow: TimeInterval = 24 * 3600

    public func metricsSnapshot(at time: Date = Date()) throws(StoreError) -> MetricsSnapshot {
        try read("reading metrics") { db in
            func grouped(_ sql: String) throws -> [String: Int] {
                var result = [String: Int]()
                for row in try Row.fetchAll(db, sql: sql) { result[row[0]] = row[1] }
                return result
            }
            let lastScan = try String.fetchOne(
                db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [SettingKey.lastScanAt])
            return MetricsSnapshot(
                messagesByKind: try grouped("SELECT kind, count(*) FROM posts GROUP BY kind"),
                quarantined: try Int.fetchOne(db, sql: "SELECT count(*) FROM quarantine") ?? 0,
                held: try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM posts WHERE kind = 'held'
                    AND id NOT IN (SELECT post_id FROM held_messages WHERE state <> 'held' AND post_id IS NOT NULL)
                    """) ?? 0,
                outboxByState: try grouped("SELECT state, count(*) FROM outbox GROUP BY state"),
                activeMembers: try Int.fetchOne(db, sql: "SELECT count(*) FROM members WHERE status = 'active'") ?? 0,
                deliveryLatencies: try Double.fetchAll(db, sql: """
                    SELECT sent_at - created_at FROM outbox
                    WHERE state = 'sent' AND sent_at >= ? ORDER BY 1
                    """, arguments: [time.timeIntervalSince1970 - Self.metricsLatencyWindow]),
                scheduleRuns: try grouped("SELECT schedule, count(*) FROM schedule_runs GROUP BY schedule"),
                lastScanAt: lastScan.flatMap(Double.init).map(Date.init(timeIntervalSince1970:)))
        }
    }
}
