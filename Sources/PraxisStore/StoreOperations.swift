import Foundation
import GRDB
import PraxisMail
import PraxisCommunity

/// The counts `praxis status` shows.
public struct StoreStatus: Hashable, Sendable, Codable {
    public var posts: Int
    public var threads: Int
    public var duplicates: Int
    /// Active members.
    public var members: Int
    public var quarantined: Int
    /// Posts waiting for a moderator.
    public var held: Int
    public var outboxQueued: Int
    public var outboxSending: Int
    public var outboxSent: Int
    public var outboxFailed: Int
    /// When ingest last finished a full scan of the maildir, if ever.
    public var lastScanAt: Date?
}

/// Keys of the `settings` table that the store itself reads.
public enum SettingKey {
    /// Unix seconds of the last full maildir scan.
    public static let lastScanAt = "last_scan_at"
}

extension PraxisDatabase {
    /// Notes that `fileName` was moved to the quarantine, and why.
    @discardableResult
    public func recordQuarantine(fileName: String, reason: String, at time: Date = Date()) throws(StoreError) -> Int64 {
        try write("recording the quarantine of \(fileName)") { db in
            try Self.recordQuarantine(fileName: fileName, reason: reason, at: time, in: db)
        }
    }

    /// `recordQuarantine` inside the caller's transaction.
    @discardableResult
    public static func recordQuarantine(fileName: String, reason: String, at time: Date = Date(), in db: Database) throws -> Int64 {
        try QuarantineRecord(id: nil, fileName: MaildirName.unique(fileName), reason: reason, at: time).insert(db)
        return db.lastInsertedRowID
    }

    /// The quarantine records, newest first.
    public func quarantineRecords(limit: Int = 100) throws(StoreError) -> [QuarantineRecord] {
        try read("listing the quarantine") { db in
            try QuarantineRecord.order(Column("at").desc).limit(limit).fetchAll(db)
        }
    }

    /// The counts for `praxis status`, from one consistent snapshot.
    public func status() throws(StoreError) -> StoreStatus {
        try read("reading the status") { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            var outbox = [String: Int]()
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) FROM outbox GROUP BY state") {
                outbox[row[0]] = row[1]
            }
            let lastScan = try String.fetchOne(
                db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [SettingKey.lastScanAt])
            return StoreStatus(
                posts: try count("SELECT count(*) FROM posts"),
                threads: try count("SELECT count(*) FROM threads"),
                duplicates: try count("SELECT count(*) FROM duplicates"),
                members: try count("SELECT count(*) FROM members WHERE status = 'active'"),
                quarantined: try count("SELECT count(*) FROM quarantine"),
                // Posts held for a moderator (non-members, moderated members, mail to the owner)
                // that no moderator has decided on yet.
                held: try count("""
                    SELECT count(*) FROM posts WHERE kind = 'held'
                    AND id NOT IN (SELECT post_id FROM held_messages WHERE state <> 'held' AND post_id IS NOT NULL)
                    """),
                outboxQueued: outbox["queued"] ?? 0,
                outboxSending: outbox["sending"] ?? 0,
                outboxSent: outbox["sent"] ?? 0,
                outboxFailed: outbox["failed"] ?? 0,
                lastScanAt: lastScan.flatMap(Double.init).map(Date.init(timeIntervalSince1970:)))
        }
    }

    /// The post with that Message-ID (without angle brackets), if recorded.
    public func post(messageID: String) throws(StoreError) -> PostRecord? {
        try read("looking up post \(messageID)") { db in
            try PostRecord.filter(Column("message_id") == messageID).fetchOne(db)
        }
    }

    /// The post with that id, if recorded.
    public func post(id: Int64) throws(StoreError) -> PostRecord? {
        try read("looking up post \(id)") { db in try PostRecord.fetchOne(db, key: id) }
    }

    /// The thread with that id.
    public func thread(id: Int64) throws(StoreError) -> ThreadRecord? {
        try read("looking up thread \(id)") { db in try ThreadRecord.fetchOne(db, key: id) }
    }

    /// Whether a maildir file (flags ignored) was already recorded as a post, a duplicate or a held
    /// message: the start-up rescan of `cur/` records only files for which this is false.
    public func isKnown(fileName: String) throws(StoreError) -> Bool {
        let name = MaildirName.unique(fileName)
        return try read("checking whether \(fileName) is known") { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM posts WHERE file_name = ?1)
                    OR EXISTS (SELECT 1 FROM duplicates WHERE file_name = ?1)
                    OR EXISTS (SELECT 1 FROM held_messages WHERE file_name = ?1)
                """, arguments: [name]) ?? false
        }
    }

    /// Every maildir file name the store knows (without flags), for a rescan of a whole folder at once.
    public func knownFileNames() throws(StoreError) -> Set<String> {
        try read("listing known file names") { db in
            var names = Set<String>()
            let cursor = try String.fetchCursor(db, sql: """
                SELECT file_name FROM posts WHERE file_name IS NOT NULL
                UNION SELECT file_name FROM duplicates WHERE file_name != ''
                UNION SELECT file_name FROM held_messages WHERE file_name IS NOT NULL
                """)
            while let name = try cursor.next() { names.insert(name) }
            return names
        }
    }

    /// The member with that address (compared normalised), if any.
    /// Every active member's normalised address, with whether their posts are held for moderation.
    /// Ingest loads this once per batch: the member list is small and screening needs it per message.
    public func activeMembers() throws(StoreError) -> [String: Bool] {
        try read("loading the active members") { db in
            var members: [String: Bool] = [:]
            // Read for every batch ingest prepares: a cached statement, columns by position.
            let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT address, is_moderated FROM members WHERE status = 'active'"))
            while let row = try rows.next() {
                members[row[0]] = row[1]
            }
            return members
        }
    }

    public func member(address: String) throws(StoreError) -> MemberRecord? {
        let normalised = MailAddress(address: address).normalized
        return try read("looking up member \(normalised)") { db in
            try MemberRecord.filter(Column("address") == normalised).fetchOne(db)
        }
    }

    /// Adds a member with the address normalised, or returns the existing one unchanged: adding the
    /// same author twice (as `import --add-authors` does) is harmless.
    @discardableResult
    public func addMember(address: String, name: String? = nil, joinedAt: Date) throws(StoreError) -> MemberRecord {
        let normalised = MailAddress(address: address).normalized
        guard !normalised.isEmpty else {
            throw StoreError(code: .invalidArgument, path: path, operation: "adding a member",
                             message: "the address is empty")
        }
        return try write("adding member \(normalised)") { db in
            if let existing = try MemberRecord.filter(Column("address") == normalised).fetchOne(db) {
                return existing
            }
            var member = MemberRecord(address: normalised, name: name, joinedAt: joinedAt)
            try member.insert(db)
            member.id = db.lastInsertedRowID
            return member
        }
    }

    /// Adds as active members, in one transaction, the authors not yet known; a member's join
    /// time is the earliest given for them. Returns how many were added.
    public func addMissingMembers(_ authors: [(address: String, name: String?, joinedAt: Date)]) throws(StoreError) -> Int {
        var earliest: [String: (name: String?, joinedAt: Date)] = [:]
        for author in authors where !author.address.isEmpty {
            let address = MailAddress(address: author.address).normalized
            if let known = earliest[address], known.joinedAt <= author.joinedAt { continue }
            earliest[address] = (author.name ?? earliest[address]?.name, author.joinedAt)
        }
        guard !earliest.isEmpty else { return 0 }
        return try write("adding \(earliest.count) authors as members") { db in
            var added = 0
            for (address, details) in earliest {
                if let existing = try MemberRecord.filter(Column("address") == address).fetchOne(db) {
                    if details.joinedAt < existing.joinedAt {
                        try db.execute(sql: "UPDATE members SET joined_at = ? WHERE id = ?",
                                       arguments: [details.joinedAt.timeIntervalSince1970, existing.id])
                    }
                    continue
                }
                var member = MemberRecord(address: address, name: details.name, joinedAt: details.joinedAt)
                try member.insert(db)
                added += 1
            }
            return added
        }
    }

    /// Puts one message in the outbox, due at once.
    @discardableResult
    public func enqueueOutbox(
        kind: OutboxKind, recipients: [String], envelopeSender: String, message: [UInt8],
        postID: Int64? = nil, at time: Date = Date()
    ) throws(StoreError) -> Int64 {
        try write("queueing a \(kind.rawValue) message") { db in
            try Self.enqueueOutbox(
                kind: kind, recipients: recipients, envelopeSender: envelopeSender, message: message,
                postID: postID, at: time, in: db)
        }
    }

    /// Puts one message in the outbox inside the caller's transaction, so the message is queued if
    /// and only if the event that caused it is recorded.
    ///
    /// - Parameter sharedBody: a body stored once by `storeOutboxBody` for several rows; what
    ///   is delivered is then `message` followed by that body (`message` may be empty).
    public static func enqueueOutbox(
        kind: OutboxKind, recipients: [String], envelopeSender: String, message: [UInt8], sharedBody: Int64? = nil,
        postID: Int64?, at time: Date, in db: Database
    ) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO outbox (kind, recipients, envelope_sender, message, state, attempts,
                next_attempt_at, created_at, post_id, body_id)
            VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)
            """).execute(arguments: [
                kind.rawValue, recipients.joined(separator: "\n"), envelopeSender, Data(message),
                time.timeIntervalSince1970, time.timeIntervalSince1970, postID, sharedBody,
            ])
        return db.lastInsertedRowID
    }

    /// The value of a setting, if set.
    public func setting(_ key: String) throws(StoreError) -> String? {
        try read("reading setting \(key)") { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
        }
    }

    /// Sets (or replaces) a setting.
    public func setSetting(_ key: String, to value: String) throws(StoreError) {
        try write("writing setting \(key)") { db in
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }

    /// Notes the end of a full maildir scan, shown by `praxis status`.
    public func recordScan(at time: Date) throws(StoreError) {
        try setSetting(SettingKey.lastScanAt, to: String(time.timeIntervalSince1970))
    }
}

extension PraxisDatabase {
    /// Queues `notice` inside the caller's transaction, with the recipient's VERP bounce address
    /// as envelope sender so that a bounce of it is traced to that address.
    @discardableResult
    public static func enqueueNotice(
        _ notice: ListNotice, kind: OutboxKind = .notice, community: Community, at time: Date, in db: Database
    ) throws -> Int64 {
        try enqueueOutbox(
            kind: kind, recipients: [notice.recipient],
            envelopeSender: Screener(community: community).verpAddress(for: notice.recipient),
            message: notice.rendered(for: community, at: time), postID: nil, at: time, in: db)
    }
}
