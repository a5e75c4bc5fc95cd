import Foundation
import GRDB
import PraxisCommunity

extension ModerationQueue {
    /// Queues a summary to each moderator of the core group who has held posts they were not told
    /// of (their budget was spent when the posts arrived) and is due one at `time`: when their
    /// hour has budget again, or when they had no summary in the last hour. Expire due posts
    /// first (`expire(at:in:)`): only posts still waiting for a decision are listed, and the
    /// ones listed count as told. Returns how many summaries were queued.
    @discardableResult
    public func queueDueSummaries(at time: Date, in db: Database) throws -> Int {
        var queued = 0
        for moderator in try coreGroup(in: db) {
            let waiting = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM confirmations c JOIN held_messages h ON h.id = CAST(c.payload AS INTEGER)
                WHERE c.purpose = 'moderation' AND c.notified_at IS NULL AND c.used_at IS NULL AND c.address = ?
                    AND h.state = 'held' AND h.expires_at > ?
                """), arguments: [moderator, time.timeIntervalSince1970]) ?? 0
            guard waiting > 0 else { continue }
            let hourAgo = time.addingTimeInterval(-NoticeBudget.window)
            let hasBudget = try NoticeBudget.sent(to: moderator, since: hourAgo, in: db) < policy.noticesPerHour
            // "At least hourly": a flood that never lets the budget recover still gets one an hour.
            let hadSummary = try NoticeBudget.sent(to: moderator, since: hourAgo, kind: .summary, in: db) > 0
            guard hasBudget || !hadSummary else { continue }
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT c.id AS confirmation_id, c.token, h.id AS held_id, h.reason, h.held_at, h.expires_at, h.file_name,
                    p.author_name, p.author_address, p.subject, t.text
                FROM confirmations c
                JOIN held_messages h ON h.id = CAST(c.payload AS INTEGER)
                LEFT JOIN posts p ON p.id = h.post_id
                LEFT JOIN post_texts t ON t.post_id = h.post_id
                WHERE c.purpose = 'moderation' AND c.notified_at IS NULL AND c.used_at IS NULL AND c.address = ?
                    AND h.state = 'held' AND h.expires_at > ?
                ORDER BY c.id
                LIMIT ?
                """), arguments: [moderator, time.timeIntervalSince1970, ModerationNotices.summaryLimit])
            let entries = rows.map { row in
                // Held posts are recorded without their text (`Ingestor.prepareOne`): it is read
                // from the file, but a post held before that still has its own.
                let stored: String? = row["text"]
                let text = stored.flatMap { $0.isEmpty ? nil : $0 } ?? heldText(fileName: row["file_name"])
                return ModerationNotices.SummaryEntry(
                    post: ModerationNotices.HeldPost(
                        id: row["held_id"], authorName: row["author_name"], authorAddress: row["author_address"] ?? "",
                        subject: row["subject"] ?? "", reason: row["reason"], text: text,
                        heldAt: Date(timeIntervalSince1970: row["held_at"]),
                        expiresAt: Date(timeIntervalSince1970: row["expires_at"])),
                    token: row["token"])
            }
            try PraxisDatabase.enqueueNotice(
                ModerationNotices.summary(
                    of: entries, waiting: waiting, to: moderator, noticesPerHour: policy.noticesPerHour, community: community),
                kind: .moderation, community: community, at: time, in: db)
            let told = try db.cachedStatement(sql: "UPDATE confirmations SET notified_at = ? WHERE id = ?")
            for row in rows {
                try told.execute(arguments: [time.timeIntervalSince1970, row["confirmation_id"] as Int64])
            }
            try NoticeBudget.record(.summary, to: moderator, heldPosts: entries.count, at: time, in: db)
            queued += 1
        }
        return queued
    }
}
