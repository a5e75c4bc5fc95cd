import Foundation
import GRDB

/// Standings as they stood at an instant, replayed from the stored transitions: what the review
/// counts at a quarter's end and the weekly report at a week's end (issue 22 §4), rather than
/// today's standings.
enum StandingsAsOf {
    /// Each member's standing per sub-issue at `instant`: the standing after their last move
    /// before it; else the one before their first move after it; else, for a pair that never
    /// moved, its standing if they held it before the instant. Members who had not joined, or had
    /// left, by the instant are not there.
    static func standings(at instant: Date, in db: Database) throws -> [(address: String, subIssue: String, standing: String)] {
        try Row.fetchAll(db, sql: """
            SELECT address, sub_issue, standing FROM (
                SELECT m.address, s.sub_issue, COALESCE(
                    (SELECT t.to_standing FROM standing_transitions t WHERE t.member_id = s.member_id
                     AND t.sub_issue = s.sub_issue AND t.at < ?1 ORDER BY t.at DESC, t.id DESC LIMIT 1),
                    (SELECT t.from_standing FROM standing_transitions t WHERE t.member_id = s.member_id
                     AND t.sub_issue = s.sub_issue AND t.at >= ?1 ORDER BY t.at, t.id LIMIT 1),
                    CASE WHEN s.since < ?1 THEN s.standing END) AS standing
                FROM member_sub_issue s JOIN members m ON m.id = s.member_id
                WHERE m.joined_at < ?1 AND (m.left_at IS NULL OR m.left_at >= ?1))
            WHERE standing IS NOT NULL
            """, arguments: [instant.timeIntervalSince1970]).map { ($0["address"], $0["sub_issue"], $0["standing"]) }
    }

    /// How many members were in each sub-issue's inner circle at `instant`.
    static func innerCircleSizes(at instant: Date, in db: Database) throws -> [String: Int] {
        try standings(at: instant, in: db).filter { $0.standing == "inner" }.reduce(into: [:]) { $0[$1.subIssue, default: 0] += 1 }
    }

    /// The addresses (lowercased) holding the core standing in any sub-issue at `instant`.
    static func coreMembers(at instant: Date, in db: Database) throws -> Set<String> {
        Set(try standings(at: instant, in: db).filter { $0.standing == "core" }.map { $0.address.lowercased() })
    }
}
