import GRDB

extension StoreSchema {
    /// How many index segments FTS5 lets gather on one level before it merges them, where its
    /// default is 4 (`automerge`), and before it must merge them at once (`crisismerge`, 16).
    static let segmentsBeforeMerging = 64

    /// `v12-search-deferred-merges`: the search index merges its segments when the daemon has
    /// time for it (`PraxisDatabase.mergeSearchSegments`), not inside the transactions that
    /// record posts.
    ///
    /// Each recording transaction writes the terms of its posts as one new segment. With FTS5's
    /// defaults, every fourth segment on a level starts a merge that rewrites them as one, and
    /// that work is done by the next transactions that write, on the writer that records posts:
    /// a backlog of member posts paid for it post by post. Measured on the texts of 50,000 of the
    /// largest linux-mips posts, 2,000 per transaction (this SQLite, 3.40): indexing took 2.6 s
    /// of CPU with the defaults, 2.1-2.3 s with 16 segments, 1.7 s with 64 (no merge in that
    /// run); in `praxis ingest` of 50,000 member posts, the writer's CPU fell from 7.3-7.5 s to
    /// 6.1-6.5 s. A search asked for the first time costs about a millisecond more until the
    /// merge (the benchmark's archive as 32 segments against one: 1.9-3.4 ms of the server's CPU
    /// against 1.1-2.6 ms). What is indexed, and so what search finds, is the same.
    static func deferSearchMerges(_ db: Database) throws {
        for option in ["automerge", "crisismerge"] {
            try db.execute(
                sql: "INSERT INTO post_search (post_search, rank) VALUES (?, ?)",
                arguments: [option, segmentsBeforeMerging])
        }
    }
}

extension PraxisDatabase {
    /// How many pages of the search index one merge step writes at most: a few milliseconds
    /// of the writer, so a post that arrives meanwhile waits no longer than that.
    public static let searchMergePages = 200

    /// One step of merging the search index's segments, in a transaction of its own: FTS5 merges
    /// a level of at least four segments (its `usermerge`), writing at most `pages` pages.
    /// Returns whether it merged anything; false means no level has enough segments left to merge.
    public func mergeSearchSegments(pages: Int = searchMergePages) async throws(StoreError) -> Bool {
        try await write("merging the segments of the search index") { db in
            let before = db.totalChangesCount
            try db.execute(
                sql: "INSERT INTO post_search (post_search, rank) VALUES ('merge', ?)", arguments: [pages])
            // FTS5 writes at least two rows (a segment's pages and the new structure) when it
            // merges, and changes nothing when there was nothing to merge.
            return db.totalChangesCount - before >= 2
        }
    }

    /// How many segments the search index is made of: one per recording transaction since the
    /// last merge, and what merges leave.
    public func searchSegmentCount() throws(StoreError) -> Int {
        try read("counting the segments of the search index") { db in
            try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM post_search_idx") ?? 0
        }
    }
}
