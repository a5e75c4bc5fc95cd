import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

extension StoreSchema {
    /// `v9-settings-member-links`: what the per-member links of mail and the web hang on (issue 20):
    /// the one-click unsubscribe link of every list copy and digest, and the private feed URL.
    ///
    /// Neither token is stored: each is an HMAC over the member's id, address and `epoch` (the feed
    /// token also over `feed_generation`), so a token is checked by computing it again. `epoch`
    /// goes up whenever a member stops being active (left, disabled), by the trigger, whichever
    /// command, bounce or operator did it: every token mailed or shown before then stops working,
    /// also after the member comes back. `feed_generation` goes up when a member resets their
    /// feed URL. A member without a row has both at 0.
    static func createMemberLinks(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE member_links (
                member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
                epoch INTEGER NOT NULL DEFAULT 0,
                feed_generation INTEGER NOT NULL DEFAULT 0
            );
            CREATE TRIGGER member_links_end_when_member_goes AFTER UPDATE OF status ON members
                WHEN NEW.status <> 'active' AND OLD.status = 'active'
            BEGIN
                INSERT OR IGNORE INTO member_links (member_id) VALUES (NEW.id);
                UPDATE member_links SET epoch = epoch + 1 WHERE member_id = NEW.id;
            END;
            """)
    }
}

/// Makes and checks the per-member link tokens: `ID-MAC`, the member's row id in decimal and 32
/// hex digits of HMAC-SHA-256 under a key derived from the store's secret. The id only says
/// which row to check against; without the store's secret no MAC can be made, so a token cannot
/// be guessed from an address, and one member's token says nothing about another's.
public struct MemberLinkSigner: Sendable {
    private let unsubscribeKey: [UInt8]
    private let feedKey: [UInt8]

    init(memberKey: ArchiveMemberKey) {
        unsubscribeKey = ContentHash.hmacSHA256(key: memberKey.secret, message: Array("praxis one-click unsubscribe".utf8))
        feedKey = ContentHash.hmacSHA256(key: memberKey.secret, message: Array("praxis private feed".utf8))
    }

    /// What a member's tokens are computed from.
    public struct Subject: Sendable, Hashable {
        public var memberID: Int64
        /// Normalised.
        public var address: String
        public var epoch: Int64
        public var feedGeneration: Int64
    }

    /// The token of `subject`'s one-click unsubscribe link.
    public func unsubscribeToken(_ subject: Subject) -> String {
        token(key: unsubscribeKey, subject.memberID, "\(subject.memberID)\u{0}\(subject.address)\u{0}\(subject.epoch)")
    }

    /// The token of `subject`'s private feed URL.
    public func feedToken(_ subject: Subject) -> String {
        token(key: feedKey, subject.memberID,
              "\(subject.memberID)\u{0}\(subject.address)\u{0}\(subject.epoch)\u{0}\(subject.feedGeneration)")
    }

    private func token(key: [UInt8], _ memberID: Int64, _ message: String) -> String {
        "\(memberID)-" + ContentHash.hex(ContentHash.hmacSHA256(key: key, message: Array(message.utf8))).prefix(32)
    }

    /// The member id a token names, when it has the shape of one (digits, `-`, 32 lower-case hex
    /// digits); nil for anything else, which is then no token at all.
    static func memberID(in token: String) -> Int64? {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...18).contains(parts[0].utf8.count), parts[1].utf8.count == 32,
              parts[0].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              parts[1].utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }),
              let id = Int64(parts[0]), id > 0
        else { return nil }
        return id
    }

    /// Whether `given` equals `expected`, in time independent of where they differ.
    static func matches(_ given: String, _ expected: String) -> Bool {
        let given = Array(given.utf8), expected = Array(expected.utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension PraxisDatabase {
    /// The signer of members' link tokens, keyed from the store's secret.
    public func memberLinkSigner() throws(StoreError) -> MemberLinkSigner { MemberLinkSigner(memberKey: try archiveMemberKey()) }

    /// The signer inside a transaction (the recording one, for list copies).
    static func memberLinkSigner(in db: Database) throws -> MemberLinkSigner? {
        guard let hex = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [SettingKey.archiveMemberKey])
        else { return nil }
        return MemberLinkSigner(memberKey: ArchiveMemberKey(hex: hex))
    }

    /// What the tokens of the *active* member with `address` are computed from; nil for anyone else.
    public func memberLinkSubject(address: String) throws(StoreError) -> MemberLinkSigner.Subject? {
        try read("reading a member's links") { db in try Self.memberLinkSubject(address: address, in: db) }
    }

    /// What the tokens of every active member are computed from, by address (a digest run's).
    public func activeMemberLinkSubjects() throws(StoreError) -> [String: MemberLinkSigner.Subject] {
        try read("reading members' links") { db in try Self.activeMemberLinkSubjects(in: db) }
    }

    static func activeMemberLinkSubjects(in db: Database) throws -> [String: MemberLinkSigner.Subject] {
        var subjects: [String: MemberLinkSigner.Subject] = [:]
        let rows = try Row.fetchCursor(db, sql: linkSubjects)
        while let row = try rows.next() {
            let subject = linkSubject(row)
            subjects[subject.address] = subject
        }
        return subjects
    }

    static func memberLinkSubject(address: String, in db: Database) throws -> MemberLinkSigner.Subject? {
        try Row.fetchOne(db.cachedStatement(sql: linkSubjects + " AND m.address = ?"), arguments: [MailAddress(address: address).normalized]).map(Self.linkSubject)
    }

    /// The active member a token was made for by `make`, when it is that member's token now; nil
    /// for a malformed, forged or outdated token, or a member who is not active.
    static func memberLinkSubject(
        token: String, make: (MemberLinkSigner.Subject) -> String, in db: Database
    ) throws -> MemberLinkSigner.Subject? {
        guard let id = MemberLinkSigner.memberID(in: token), let subject = try Row.fetchOne(db, sql: linkSubjects + " AND m.id = ?", arguments: [id]).map(Self.linkSubject)
        else { return nil }
        return MemberLinkSigner.matches(token, make(subject)) ? subject : nil
    }

    /// Active members with what their tokens are computed from (`linkSubject` reads a row).
    private static let linkSubjects = """
        SELECT m.id, m.address, coalesce(l.epoch, 0), coalesce(l.feed_generation, 0)
        FROM members m LEFT JOIN member_links l ON l.member_id = m.id WHERE m.status = 'active'
        """

    private static func linkSubject(_ row: Row) -> MemberLinkSigner.Subject {
        MemberLinkSigner.Subject(memberID: row[0], address: row[1], epoch: row[2], feedGeneration: row[3])
    }

    /// The address whose one-click unsubscribe token `token` is, while it works; nil otherwise.
    /// Changes nothing (what `GET /u/TOKEN` shows).
    public func unsubscribeAddress(token: String, signer: MemberLinkSigner) throws(StoreError) -> String? {
        try read("reading an unsubscribe link") { db in
            try Self.memberLinkSubject(token: token, make: signer.unsubscribeToken, in: db)?.address
        }
    }

    /// The member a private feed token stands for: who reads the feed, as a session would say.
    public struct FeedReader: Sendable, Hashable {
        public var address: String
        /// The core standing in some sub-issue (`CoreGroup`'s stored half).
        public var hasCoreStanding: Bool
    }

    /// The member whose private feed token `token` is, while it works; nil otherwise (a reset
    /// token, a member who left, anything malformed or forged).
    public func feedReader(token: String, signer: MemberLinkSigner) throws(StoreError) -> FeedReader? {
        try read("reading a feed token") { db in
            guard let subject = try Self.memberLinkSubject(token: token, make: signer.feedToken, in: db) else { return nil }
            let core = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM member_sub_issue WHERE member_id = ? AND standing = 'core')
                """, arguments: [subject.memberID]) ?? false
            return FeedReader(address: subject.address, hasCoreStanding: core)
        }
    }

    /// A new private feed URL for the active member with `address`: the one shown before stops working.
    public func resetFeedToken(address: String) throws(StoreError) {
        try write("resetting a feed URL") { db in
            guard let subject = try Self.memberLinkSubject(address: address, in: db) else { return }
            try db.execute(sql: "INSERT OR IGNORE INTO member_links (member_id) VALUES (?)", arguments: [subject.memberID])
            try db.execute(sql: "UPDATE member_links SET feed_generation = feed_generation + 1 WHERE member_id = ?",
                           arguments: [subject.memberID])
        }
    }
}

extension ArchiveMemberKey {
    /// The key from its setting's 64 hex digits (checked when the store opened it first).
    init(hex: String) {
        let digits = Array(hex.utf8)
        let bytes = stride(from: 0, to: min(64, digits.count - 1), by: 2).compactMap {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)
        }
        self.init(secret: bytes)
    }
}
