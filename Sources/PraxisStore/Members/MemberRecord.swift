import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

public enum MemberStatus: String, Codable, Sendable, CaseIterable { case active, unsubscribed, disabled }
/// A member's delivery preference; `default` follows their standing (inner: immediate, outer: digest).
public enum DeliveryPreference: String, Codable, Sendable, CaseIterable { case `default`, immediate, digest, none }
public enum DigestFrequency: String, Codable, Sendable, CaseIterable { case daily, weekly }
public enum Standing: String, Codable, Sendable, CaseIterable { case core, inner, outer }
public enum FollowPreference: String, Codable, Sendable, CaseIterable { case `default`, follows, mutes }

/// A subscriber of the list. `address` is always normalised (`MailAddress.normalized`).
public struct MemberRecord: StoreRecord, Hashable {
    public static let databaseTableName = "members"
    public var id: Int64?
    public var address: String
    public var name: String?
    public var joinedAt: Date
    public var leftAt: Date?
    public var status: MemberStatus
    public var delivery: DeliveryPreference
    public var digestFrequency: DigestFrequency
    public var isModerated: Bool
    public var bounceScore: Double
    public var lastBounceAt: Date?
    public var bounceDisabledAt: Date?
    /// `text`, `html`, `mime` or `rfc1153` (`set format`); nil: the digest's configured format.
    /// Kept as the stored word: the column's CHECK allows only those.
    public var digestFormatName: String?
    /// Whether the member's own posts come back to them in list copies and digests (`set own-posts`).
    public var receivesOwnPosts: Bool
    /// The code of the member's own language (`en`, `de`, `fr`, `es`); nil: the community's.
    /// Stored as written so that a row from a newer version with more languages still reads.
    public var language: String?

    public init(
        id: Int64? = nil, address: String, name: String? = nil, joinedAt: Date, leftAt: Date? = nil,
        status: MemberStatus = .active, delivery: DeliveryPreference = .default,
        digestFrequency: DigestFrequency = .weekly, isModerated: Bool = false,
        bounceScore: Double = 0, lastBounceAt: Date? = nil, bounceDisabledAt: Date? = nil,
        digestFormat: DigestPlan.Format? = nil, receivesOwnPosts: Bool = true, language: String? = nil
    ) {
        self.digestFormatName = digestFormat?.rawValue
        self.receivesOwnPosts = receivesOwnPosts
        self.language = language
        self.id = id
        self.address = address
        self.name = name
        self.joinedAt = joinedAt
        self.leftAt = leftAt
        self.status = status
        self.delivery = delivery
        self.digestFrequency = digestFrequency
        self.isModerated = isModerated
        self.bounceScore = bounceScore
        self.lastBounceAt = lastBounceAt
        self.bounceDisabledAt = bounceDisabledAt
    }

    enum CodingKeys: String, CodingKey {
        case id, address, name, status, delivery
        case joinedAt = "joined_at", leftAt = "left_at", digestFrequency = "digest_frequency"
        case isModerated = "is_moderated", bounceScore = "bounce_score", lastBounceAt = "last_bounce_at"
        case bounceDisabledAt = "bounce_disabled_at", digestFormatName = "digest_format", receivesOwnPosts = "own_posts", language
    }

    /// The member's own digest format; nil: the digest's configured one.
    public var digestFormat: DigestPlan.Format? { digestFormatName.flatMap(DigestPlan.Format.init(rawValue:)) }

    /// The member's own language, if they chose one this version knows.
    public var ownLanguage: Language? { language.flatMap(Language.init(code:)) }

    /// The own language of the member with `address` (normalised), if there is one who chose one:
    /// what notices to an author are written in, read without loading the whole row.
    static func ownLanguage(of address: String, in db: Database) throws -> Language? {
        // A cached statement: the standings follow-up asks this for every member post it
        // evaluates, and compiling the query each time was a sixth of that follow-up's CPU.
        try String.fetchOne(db.cachedStatement(sql: "SELECT language FROM members WHERE address = ?"), arguments: [address])
            .flatMap(Language.init(code:))
    }

    /// The own languages of the members among `addresses` (normalised) who chose one: what
    /// moderation requests to each of a held post's moderators are written in.
    static func ownLanguages(of addresses: [String], in db: Database) throws -> [String: Language] {
        guard !addresses.isEmpty else { return [:] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT address, language FROM members
            WHERE language IS NOT NULL AND address IN (\(databaseQuestionMarks(count: addresses.count)))
            """, arguments: StatementArguments(addresses))
        var languages: [String: Language] = [:]
        for row in rows {
            if let language = (row["language"] as String?).flatMap(Language.init(code:)) { languages[row["address"]] = language }
        }
        return languages
    }

    /// The language the member receives mail in: their own, else the community's.
    public func language(in community: Community) -> Language { ownLanguage ?? community.language }

    /// The columns the store's queries name.
    public enum Columns {
        public static let address = Column(CodingKeys.address)
        public static let status = Column(CodingKeys.status)
    }

    /// The member with this normalised address, whatever their status.
    static func withAddress(_ address: String) -> QueryInterfaceRequest<MemberRecord> {
        filter(Columns.address == address)
    }

    /// The active members, or everyone with `includingLeft`, by address.
    static func listed(includingLeft: Bool) -> QueryInterfaceRequest<MemberRecord> {
        (includingLeft ? all() : filter(Columns.status == MemberStatus.active.rawValue)).order(Columns.address)
    }
}

extension PraxisDatabase {
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

    /// The member with that address (compared normalised), if any.
    public func member(address: String) throws(StoreError) -> MemberRecord? {
        let normalised = MailAddress(address: address).normalized
        return try read("looking up member \(normalised)") { db in
            try MemberRecord.withAddress(normalised).fetchOne(db)
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
            if let existing = try MemberRecord.withAddress(normalised).fetchOne(db) {
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
                if let existing = try MemberRecord.withAddress(address).fetchOne(db) {
                    if details.joinedAt < existing.joinedAt {
                        try db.execute(sql: "UPDATE members SET joined_at = ? WHERE id = ?",
                                       arguments: [details.joinedAt.timeIntervalSince1970, existing.id])
                    }
                    continue
                }
                let member = MemberRecord(address: address, name: details.name, joinedAt: details.joinedAt)
                try member.insert(db)
                added += 1
            }
            return added
        }
    }
}
