import GRDB

extension StoreSchema {
    /// `v7-archive-member-key`: the secret that keys the hashes in members' archive URLs
    /// (`/members/HASH/`). With a plain hash anyone could confirm that an address wrote to the
    /// community by hashing it; with a keyed one only the store can. Made once, here, so that
    /// `praxis web`, which opens the store read-only, finds it.
    static func createArchiveMemberKey(_ db: Database) throws {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format2: UInt8.random(in: 0...255, using: &generator)) }.joined()
        try db.execute(
            sql: "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
            arguments: [SettingKey.archiveMemberKey, secret])
    }
}

extension StoreSchema {
    /// `v8-archive-indexes`: what the archive's listing pages read, in index order.
    ///
    /// A sub-issue page groups the sub-issue's shown posts by thread (`archiveThreads`). Through
    /// `posts_by_sub_issue (sub_issue, date)` that meant one table row per post and a temporary
    /// B-tree to group them: 11,570 posts of one sub-issue on the benchmark's archive, some 12 ms
    /// of CPU per page. This index holds every column those queries read, in thread order, so
    /// they group as they scan and never touch the table (about 5 ms, and the count 1.5 ms
    /// instead of 5). It costs one more index entry per recorded post.
    ///
    /// And the search index's merging, for the recording transaction's cost: FTS5 keeps new
    /// tokens in memory until `hashsize` bytes (1 MB by default), then writes them as a new
    /// segment, and merges segments once `automerge` (4) of a size are there. Ingest records up
    /// to 2,000 posts in one transaction, several MB of text: with the defaults that is several
    /// small segments per commit, each merged again soon after. With 8 MB and 16 a commit writes
    /// about one segment and merges less often (10,000 posts of 4 KB text into this table in
    /// commits of 2,000, three alternated rounds: 125-149 µs of CPU each instead of 167-193;
    /// either setting alone gained about half of that; Benchmarks/README.md). The memory is
    /// freed at each commit.
    static func createArchiveIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX posts_by_sub_issue_thread ON posts(sub_issue, thread_id, date, kind, is_protected, message_id);
            INSERT INTO post_search (post_search, rank) VALUES ('hashsize', 8388608);
            INSERT INTO post_search (post_search, rank) VALUES ('automerge', 16);
            """)
    }
}

extension SettingKey {
    /// 64 hex digits: the key of `ArchiveMemberKey`.
    static let archiveMemberKey = "archive_member_key"
}

extension String {
    /// Two lower-case hex digits.
    fileprivate init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self.init([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
