import GRDB

extension StoreSchema {
    /// Indexes that let `PostDistribution` find who gets a post at once from the few who may,
    /// instead of reading every member for every batch: those who chose immediate delivery for
    /// everything, and the per-sub-issue choices (an override, following or muting). The inner
    /// circle and the core group of a sub-issue come from `member_sub_issue_by_standing` (v1).
    static func indexImmediateDelivery(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX members_choosing_immediate ON members(id) WHERE delivery = 'immediate';
            CREATE INDEX member_sub_issue_choices ON member_sub_issue(sub_issue)
                WHERE delivery_override IS NOT NULL OR follow <> 'default';
            """)
    }
}
