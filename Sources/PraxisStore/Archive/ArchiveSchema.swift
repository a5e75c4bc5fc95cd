import GRDB
import PraxisMail

extension StoreSchema {
    /// `v7-archive-member-key`: the secret that keys the hashes in members' archive URLs
    /// (`/members/HASH/`). With a plain hash anyone could confirm that an address wrote to the
    /// community by hashing it; with a keyed one only the store can. Made once, here, so that
    /// `praxis web`, which opens the store read-only, finds it.
    static func createArchiveMemberKey(_ db: Database) throws {
        var generator = SystemRandomNumberGenerator()
        let secret = HexDigits.lowercase((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
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
    /// (FTS5's `hashsize` 8 MB with `automerge` 16 cut the index's cost per post by a quarter in
    /// a table of its own, but not in ingest's recording transaction: 564-568 µs of CPU per
    /// member post with them and this index, 503-591 with neither; so the defaults stay.)
    static func createArchiveIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX posts_by_sub_issue_thread ON posts(sub_issue, thread_id, date, kind, is_protected, message_id);
            """)
    }
}

extension SettingKey {
    /// 64 hex digits: the key of `ArchiveMemberKey`.
    static let archiveMemberKey = "archive_member_key"
}
