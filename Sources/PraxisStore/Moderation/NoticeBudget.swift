import Foundation
import GRDB

/// How many more moderation mails each moderator may get in the hour before an instant
/// (`moderation.notices_per_hour`), counted from `moderation_notices`.
struct NoticeBudget: Sendable {
    /// What kind of moderation mail a row of `moderation_notices` stands for.
    enum Kind: String {
        case request
        case summary
    }

    /// The span the budget covers, back from the instant it is read at.
    static let window: TimeInterval = 3600

    private var remaining: [String: Int] = [:]

    /// The budget of each of `moderators` at `time`: `perHour` less what they got in the hour before.
    init(moderators: [String], perHour: Int, at time: Date, in db: Database) throws {
        for moderator in moderators {
            remaining[moderator] = max(0, perHour - (try Self.sent(to: moderator, since: time.addingTimeInterval(-Self.window), in: db)))
        }
    }

    /// Spends one mail to `moderator` if there is one left; false when not (or for a moderator
    /// the budget was not read for, who then waits for a summary rather than risk a flood).
    mutating func take(_ moderator: String) -> Bool {
        guard let left = remaining[moderator], left > 0 else { return false }
        remaining[moderator] = left - 1
        return true
    }

    /// Moderation mails queued to `moderator` after `start`.
    static func sent(to moderator: String, since start: Date, kind: Kind? = nil, in db: Database) throws -> Int {
        if let kind {
            return try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM moderation_notices WHERE moderator = ? AND sent_at > ? AND kind = ?
                """), arguments: [moderator, start.timeIntervalSince1970, kind.rawValue]) ?? 0
        }
        return try Int.fetchOne(db.cachedStatement(sql: """
            SELECT count(*) FROM moderation_notices WHERE moderator = ? AND sent_at > ?
            """), arguments: [moderator, start.timeIntervalSince1970]) ?? 0
    }

    /// Notes a moderation mail queued to `moderator` at `time`, naming `heldPosts` held posts.
    static func record(_ kind: Kind, to moderator: String, heldPosts: Int, at time: Date, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO moderation_notices (moderator, kind, sent_at, held_count) VALUES (?, ?, ?, ?)
            """).execute(arguments: [moderator, kind.rawValue, time.timeIntervalSince1970, heldPosts])
    }
}
