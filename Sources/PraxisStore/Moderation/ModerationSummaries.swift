import Foundation
import GRDB
import PraxisCommunity

extension ModerationQueue {
    /// Queues a summary to each moderator (the core group, and each sub-issue's own moderators for
    /// that sub-issue's posts) who has held posts waiting for them
    /// (posts still undecided and unexpired of which they have no token: their budget was spent
    /// when the posts arrived, or they joined the core group since) and is due one at `time`:
    /// when their hour has budget again, or when they had no summary in the last hour. The
    /// summary lists the oldest waiting posts, each with a token drawn for this moderator now.
    /// Expire due posts first (`expire(at:in:)`). Returns how many summaries were queued.
    @discardableResult
    public func queueDueSummaries(at time: Date, in db: Database) throws -> Int {
        var queued = 0
        for (moderator, subIssues) in try summaryRecipients(in: db) {
            // Whether one is due first: in a flood that is rarely, and counting is the dear part.
            let hourAgo = time.addingTimeInterval(-NoticeBudget.window)
            let hasBudget = try NoticeBudget.sent(to: moderator, since: hourAgo, in: db) < policy.noticesPerHour
            // "At least hourly": a flood that never lets the budget recover still gets one an hour.
            let hadSummary = try NoticeBudget.sent(to: moderator, since: hourAgo, kind: .summary, in: db) > 0
            guard hasBudget || !hadSummary else { continue }
            let waiting = try waitingCount(for: moderator, of: subIssues, at: time, in: db)
            guard waiting > 0 else { continue }
            let arguments: StatementArguments = [time.timeIntervalSince1970, moderator, subIssues]
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT h.id AS held_id, h.reason, h.held_at, h.expires_at, h.file_name,
                    p.author_name, p.author_address, p.subject, t.text
                \(Self.waitingPosts)
                ORDER BY h.id
                LIMIT ?
                """), arguments: arguments + [ModerationNotices.summaryLimit])
            var entries: [ModerationNotices.SummaryEntry] = []
            for row in rows {
                let heldID: Int64 = row["held_id"]
                let expiresAt = Date(timeIntervalSince1970: row["expires_at"])
                let token = Self.makeToken()
                try Self.insertToken(token, of: moderator, forHeld: heldID, at: time, expiresAt: expiresAt, in: db)
                // Held posts are recorded without their text (`Ingestor.prepareOne`): it is read
                // from the file, but a post held before that still has its own.
                let stored: String? = row["text"]
                let text = stored.flatMap { $0.isEmpty ? nil : $0 } ?? heldText(fileName: row["file_name"])
                entries.append(ModerationNotices.SummaryEntry(
                    post: ModerationNotices.HeldPost(
                        id: heldID, authorName: row["author_name"], authorAddress: row["author_address"] ?? "",
                        subject: row["subject"] ?? "", reason: row["reason"], text: text,
                        heldAt: Date(timeIntervalSince1970: row["held_at"]), expiresAt: expiresAt),
                    token: token))
            }
            try PraxisDatabase.enqueueNotice(
                ModerationNotices.summary(
                    of: entries, waiting: waiting, to: moderator, noticesPerHour: policy.noticesPerHour, community: community,
                    language: try MemberRecord.ownLanguage(of: moderator, in: db) ?? community.language),
                kind: .moderation, community: community, at: time, in: db)
            try NoticeBudget.record(.summary, to: moderator, heldPosts: entries.count, at: time, in: db)
            queued += 1
        }
        return queued
    }

    /// How many held posts wait for a summary to each moderator of the core group at `time`
    /// (undecided, unexpired, and without a token of theirs), leaving out moderators with none.
    public func waitingForSummaries(at time: Date, in db: Database) throws -> [String: Int] {
        var waiting: [String: Int] = [:]
        for (moderator, subIssues) in try summaryRecipients(in: db) {
            let count = try waitingCount(for: moderator, of: subIssues, at: time, in: db)
            if count > 0 { waiting[moderator] = count }
        }
        return waiting
    }

    /// Who hears of held posts, with the sub-issues whose posts they decide on: nil for the core
    /// group of the whole community; for a sub-issue's own moderator, the sub-issues they moderate
    /// as a JSON list (ids need no escaping), so a summary lists only those sub-issues' posts.
    private func summaryRecipients(in db: Database) throws -> [(moderator: String, subIssues: String?)] {
        let group = try moderatorGroup(in: db)
        let whole = Set(group.addresses)
        var moderated: [String: [String]] = [:]
        for (subIssue, moderators) in group.moderators {
            for moderator in moderators where !whole.contains(moderator) { moderated[moderator, default: []].append(subIssue) }
        }
        return group.addresses.map { ($0, nil) } + moderated.sorted { $0.key < $1.key }.map { moderator, subIssues in
            (moderator, "[" + subIssues.sorted().map { "\"\($0)\"" }.joined(separator: ",") + "]")
        }
    }

    /// How many held posts wait for `moderator`'s next summary at `time` (of `subIssues` only, a
    /// JSON list, when given).
    private func waitingCount(for moderator: String, of subIssues: String?, at time: Date, in db: Database) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) \(Self.waitingPosts)"),
            arguments: [time.timeIntervalSince1970, moderator, subIssues]) ?? 0
    }

    /// The held posts waiting for a moderator, as the FROM and WHERE of a query whose arguments
    /// are the time, the moderator and the sub-issues they decide on (a JSON list; NULL for all):
    /// undecided, unexpired, of those sub-issues, and without a token of theirs.
    private static let waitingPosts = """
        FROM held_messages h
        LEFT JOIN posts p ON p.id = h.post_id
        LEFT JOIN post_texts t ON t.post_id = h.post_id
        WHERE h.state = 'held' AND h.expires_at > ?1
            AND (?3 IS NULL OR p.sub_issue IN (SELECT value FROM json_each(?3)))
            AND NOT EXISTS (
                SELECT 1 FROM confirmations c
                WHERE c.purpose = 'moderation' AND c.payload = CAST(h.id AS TEXT) AND c.address = ?2
            )
        """
}
