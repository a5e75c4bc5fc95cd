import Foundation
import GRDB

/// The counts `praxis status` shows.
public struct StoreStatus: Hashable, Sendable, Codable {
    public var posts: Int
    public var threads: Int
    public var duplicates: Int
    /// Active members.
    public var members: Int
    public var quarantined: Int
    /// Posts waiting for a moderator.
    public var held: Int
    public var outboxQueued: Int
    public var outboxSending: Int
    public var outboxSent: Int
    public var outboxFailed: Int
    /// When ingest last finished a full scan of the maildir, if ever.
    public var lastScanAt: Date?
}

extension PraxisDatabase {
    /// The counts for `praxis status`, from one consistent snapshot.
    public func status() throws(StoreError) -> StoreStatus {
        try read("reading the status") { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            var outbox = [String: Int]()
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) FROM outbox GROUP BY state") {
                outbox[row[0]] = row[1]
            }
            let lastScan = try String.fetchOne(
                db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [SettingKey.lastScanAt])
            return StoreStatus(
                posts: try count("SELECT count(*) FROM posts"),
                threads: try count("SELECT count(*) FROM threads"),
                duplicates: try count("SELECT count(*) FROM duplicates"),
                members: try count("SELECT count(*) FROM members WHERE status = 'active'"),
                quarantined: try count("SELECT count(*) FROM quarantine"),
                // Posts held for a moderator (non-members, moderated members, mail to the owner)
                // that no moderator has decided on yet.
                held: try count("""
                    SELECT count(*) FROM posts WHERE kind = 'held'
                    AND id NOT IN (SELECT post_id FROM held_messages WHERE state <> 'held' AND post_id IS NOT NULL)
                    """),
                outboxQueued: outbox["queued"] ?? 0,
                outboxSending: outbox["sending"] ?? 0,
                outboxSent: outbox["sent"] ?? 0,
                outboxFailed: outbox["failed"] ?? 0,
                lastScanAt: lastScan.flatMap(Double.init).map(Date.init(timeIntervalSince1970:)))
        }
    }
}
