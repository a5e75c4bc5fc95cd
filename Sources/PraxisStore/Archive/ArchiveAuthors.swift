import Foundation
import GRDB
import PraxisCommunity
import Synchronization

/// The key in a member's archive URL (`/members/KEY/`): HMAC-SHA-256 of the lower-cased address
/// under the store's secret (`v7-archive-member-key`), 32 hex digits. Nobody without the store
/// can tell from a key whose it is, nor confirm a guessed address.
public struct ArchiveMemberKey: Sendable {
    /// Internal: `FormSigner` derives its key from it.
    let secret: [UInt8]
    /// Shared by the copies of this key, so that a site keeps it between requests.
    private let directory = ArchiveAuthorDirectory()

    init(secret: [UInt8]) { self.secret = secret }

    public func key(for address: String) -> String {
        ContentHash.hex(ContentHash.hmacSHA256(key: secret, message: Array(address.lowercased().utf8))).prefix(32).description
    }

    /// The archived author whose key is `key`, or nil. Whether the reader may see any of their
    /// posts is for the caller to ask.
    func author(forKey key: String, in db: Database) throws -> String? {
        if let known = directory.address(forKey: key) { return known }
        let newestPost = try Int64.fetchOne(db, sql: "SELECT max(id) FROM posts") ?? 0
        guard directory.isStale(newestPost: newestPost) else { return nil }
        let authors = try String.fetchAll(
            db, sql: "SELECT DISTINCT author_address FROM posts WHERE kind = 'post' AND message_id IS NOT NULL")
        var addresses: [String: String] = [:]
        for address in authors {
            let authorKey = self.key(for: address)
            if addresses[authorKey] == nil { addresses[authorKey] = address }
        }
        directory.replace(addresses, newestPost: newestPost)
        return addresses[key]
    }
}

extension PraxisDatabase {
    /// The store's member key; the store was migrated, so its secret exists.
    public func archiveMemberKey() throws(StoreError) -> ArchiveMemberKey {
        guard let hex = try setting(SettingKey.archiveMemberKey), hex.utf8.count == 64 else {
            throw StoreError(code: .corrupt, path: path, operation: "reading the archive's member key",
                             message: "the setting \(SettingKey.archiveMemberKey) is missing or not 64 hex digits")
        }
        return ArchiveMemberKey(hex: hex)
    }

    /// The author whose key is `key`, with up to `limit` of their shown posts (newest first) and
    /// their standing in each shown sub-issue; nil when no shown post is theirs, so an author
    /// who wrote only in protected spaces is as unknown as one who never wrote.
    public func archiveAuthor(key: String, memberKey: ArchiveMemberKey, scope: ArchiveScope, limit: Int) throws(StoreError) -> ArchiveAuthor? {
        let shown = scope.postCondition("p")
        return try read("reading an author's archive page") { db in
            guard let address = try memberKey.author(forKey: key, in: db) else { return nil }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM posts p WHERE p.author_address = ? AND \(shown.sql)",
                                         arguments: [address] + shown.arguments) ?? 0
            guard count > 0 else { return nil }
            let posts = try Row.fetchAll(db, sql: """
                SELECT \(Self.archivePostColumns) FROM posts p LEFT JOIN post_texts t ON t.post_id = p.id
                WHERE p.author_address = ? AND \(shown.sql) ORDER BY p.date DESC, p.id DESC LIMIT ?
                """, arguments: [address] + shown.arguments + [limit]).map(Self.archivePost)
            let memberName = try String.fetchOne(db, sql: "SELECT name FROM members WHERE address = ? COLLATE NOCASE", arguments: [address])
            var standings: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT s.sub_issue, s.standing FROM member_sub_issue s JOIN members m ON m.id = s.member_id
                WHERE m.address = ? COLLATE NOCASE
                """, arguments: [address]) where scope.shows(subIssue: row[0]) {
                standings[row[0]] = row[1]
            }
            return ArchiveAuthor(
                address: address, name: memberName ?? posts.first(where: { $0.authorName != nil })?.authorName,
                postCount: count, posts: posts, standings: standings)
        }
    }

    /// The names and keys of the members standing `core` in any sub-issue, or listed in `addresses`
    /// (the configuration's core group), by name.
    public func archiveCoreGroup(addresses: [String], memberKey: ArchiveMemberKey) throws(StoreError) -> [(name: String?, key: String)] {
        try read("reading the core group") { db in
            let stored = try Row.fetchAll(db, sql: """
                SELECT DISTINCT m.address, m.name FROM members m JOIN member_sub_issue s ON s.member_id = m.id
                WHERE s.standing = 'core' AND m.status = 'active'
                """)
            var names: [String: String?] = [:]
            for row in stored { names[(row[0] as String).lowercased()] = row[1] as String? }
            for address in addresses where names[address.lowercased()] == nil {
                names[address.lowercased()] = try String.fetchOne(
                    db, sql: "SELECT name FROM members WHERE address = ? COLLATE NOCASE", arguments: [address])
            }
            return names.map { (name: $0.value, key: memberKey.key(for: $0.key)) }
                .sorted { ($0.name ?? "~", $0.key) < ($1.name ?? "~", $1.key) }
        }
    }
}

/// Which address each member key stands for, kept between requests. Finding an author by key
/// means hashing every author's address (keys are one-way); on the benchmark's 31,000 posts that
/// is some 9,000 HMACs, several milliseconds for every member page. The table is rebuilt when a
/// key is unknown and posts were recorded since, or it is a minute old (an address corrected in
/// place), so an unknown key costs at most one rebuild a minute however often it is asked for.
final class ArchiveAuthorDirectory: Sendable {
    private struct Table {
        var addresses: [String: String] = [:]
        var newestPost: Int64 = -1
        var builtAt = ContinuousClock.Instant.now - .seconds(3_600)
    }

    static let maximumAge = Duration.seconds(60)
    private let table = Mutex(Table())

    func address(forKey key: String) -> String? { table.withLock { $0.addresses[key] } }

    func isStale(newestPost: Int64) -> Bool {
        table.withLock { $0.newestPost != newestPost || $0.builtAt.duration(to: .now) > Self.maximumAge }
    }

    func replace(_ addresses: [String: String], newestPost: Int64) {
        table.withLock { $0 = Table(addresses: addresses, newestPost: newestPost, builtAt: .now) }
    }
}
