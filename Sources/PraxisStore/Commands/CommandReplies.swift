import Foundation
import GRDB

extension StoreSchema {
    /// One row per command message from an answerable address (`moderation.command_replies_per_hour`):
    /// whether it was answered. The budget is a count of one address's answered rows of the last
    /// hour, a short range of the index; the unanswered rows are what `praxis status` reports.
    /// Replies queued before this migration are not counted: for the first hour after an upgrade
    /// an address may get up to one budget more.
    static func createCommandReplies(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE command_replies (
                id INTEGER PRIMARY KEY,
                post_id INTEGER REFERENCES posts(id) ON DELETE CASCADE,
                address TEXT NOT NULL,
                received_at REAL NOT NULL,
                answered INTEGER NOT NULL CHECK (answered IN (0, 1))
            );
            CREATE INDEX command_replies_by_address ON command_replies(address, answered, received_at);
            """)
    }
}

/// How many command messages went unanswered because their address had had its replies for the
/// hour (`moderation.command_replies_per_hour`), as `praxis status` shows it.
public struct UnansweredCommands: Sendable, Hashable {
    /// Ever.
    public var total: Int
    /// In the day before the instant asked about.
    public var lastDay: Int
    /// The distinct From addresses of `lastDay`.
    public var lastDayAddresses: Int
}

extension PraxisDatabase {
    /// The command messages left unanswered, ever and in the day before `time`.
    public func unansweredCommands(at time: Date = Date()) throws(StoreError) -> UnansweredCommands {
        try read("counting unanswered command messages") { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM command_replies WHERE answered = 0") ?? 0
            let day = try Row.fetchOne(db, sql: """
                SELECT count(*), count(DISTINCT address) FROM command_replies WHERE answered = 0 AND received_at > ?
                """, arguments: [time.timeIntervalSince1970 - 86_400])
            return UnansweredCommands(total: total, lastDay: day?[0] ?? 0, lastDayAddresses: day?[1] ?? 0)
        }
    }
}
