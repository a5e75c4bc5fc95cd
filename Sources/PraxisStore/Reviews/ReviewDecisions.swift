import Foundation
import GRDB
import PraxisCommunity

extension PraxisDatabase {
    /// Records a decision of the core group; returns it as stored.
    @discardableResult
    public func recordReviewDecision(_ decision: ReviewDecision) throws(StoreError) -> ReviewDecision {
        try write("recording the decision on \(decision.quarter)") { db in
            try Self.recordReviewDecision(decision, in: db)
            return decision
        }
    }

    /// `recordReviewDecision` inside the caller's transaction (an email command's confirmation).
    public static func recordReviewDecision(_ decision: ReviewDecision, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO review_decisions (quarter, decision, note, decided_by, decided_at) VALUES (?, ?, ?, ?, ?)
            """, arguments: [decision.quarter.description, decision.decision.rawValue, decision.note, decision.by,
                             decision.decidedAt.timeIntervalSince1970])
    }

    /// Every decision, oldest first: `praxis review history` and the export's `reviews.json`.
    public func reviewDecisions() throws(StoreError) -> [ReviewDecision] {
        try read("listing the review decisions") { db in try Self.reviewDecisions(in: db) }
    }

    public static func reviewDecisions(in db: Database) throws -> [ReviewDecision] {
        try Row.fetchAll(db, sql: """
            SELECT quarter, decision, note, decided_by, decided_at FROM review_decisions ORDER BY decided_at, id
            """).compactMap(Self.decision)
    }

    /// The latest decision recorded before `time`, if any: what the next reviews and reports show.
    public static func latestReviewDecision(before time: Date, in db: Database) throws -> ReviewDecision? {
        try Row.fetchOne(db, sql: """
            SELECT quarter, decision, note, decided_by, decided_at FROM review_decisions
            WHERE decided_at < ? ORDER BY decided_at DESC, id DESC LIMIT 1
            """, arguments: [time.timeIntervalSince1970]).flatMap(Self.decision)
    }

    public func latestReviewDecision(before time: Date) throws(StoreError) -> ReviewDecision? {
        try read("reading the latest review decision") { db in try Self.latestReviewDecision(before: time, in: db) }
    }

    /// The table's CHECKs make both parses certain; a row that still fails is skipped, not a crash.
    private static func decision(_ row: Row) -> ReviewDecision? {
        guard let quarter = Quarter(parsing: row["quarter"]),
              let decision = ReviewAssessment.Recommendation(rawValue: row["decision"])
        else { return nil }
        return ReviewDecision(quarter: quarter, decision: decision, note: row["note"], by: row["decided_by"],
                              decidedAt: Date(timeIntervalSince1970: row["decided_at"]))
    }
}
