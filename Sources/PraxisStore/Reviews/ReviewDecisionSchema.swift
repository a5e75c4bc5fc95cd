import GRDB

extension StoreSchema {
    /// `v9-review-decisions`: what the core group agreed after a review (issue 21 item 6). Rows are
    /// only ever added: a later decision supersedes an earlier one by its date, and the history is
    /// the organisation's memory (`reviews.json` in an export).
    static func createReviewDecisions(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE review_decisions (
                id INTEGER PRIMARY KEY,
                quarter TEXT NOT NULL CHECK (length(quarter) = 7 AND quarter GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'),
                decision TEXT NOT NULL CHECK (decision IN ('continue','refocus','disband')),
                note TEXT NOT NULL,
                decided_by TEXT NOT NULL,
                decided_at REAL NOT NULL
            );
            CREATE INDEX review_decisions_by_time ON review_decisions(decided_at);
            """)
    }
}
