import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// A secret of a sign-in link or a session: 32 random bytes, written as 64 lower-case hex digits
/// in the mail and the cookie. The store keeps only its SHA-256.
public struct WebSecret: Sendable, Hashable {
    /// The 64 hex digits, as they go into a URL or a cookie.
    public let text: String
    let bytes: [UInt8]

    /// The secret `text` names, or nil for anything but exactly 64 hex digits (any case).
    public init?(_ text: String) {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = Self.value(digits[index]), let low = Self.value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
        self.text = ContentHash.hex(bytes)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        text = ContentHash.hex(bytes)
    }

    /// A new secret from the system's random source.
    public static func random() -> WebSecret {
        var generator = SystemRandomNumberGenerator()
        return WebSecret(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// What the store keeps.
    var hash: Data { Data(ContentHash.sha256Digest(bytes)) }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The member behind a good session.
public struct SignedInMember: Sendable, Hashable {
    public var address: String
    public var name: String?
    /// The core standing in some sub-issue, as the store gives it (`CoreGroup`'s stored half).
    public var hasCoreStanding: Bool
    /// The hex SHA-256 of the session's secret: what forms bind their tokens to.
    public var sessionHash: String
    /// The member's own language (`members.language`); nil: the community's.
    public var language: Language? = nil
}

extension PraxisDatabase {
    /// Someone asked for a sign-in link for `address` from `client`: counts the links of the hour,
    /// asks `policy`, and when it says so records the link and queues its mail (the text from
    /// `SignInPolicy.linkNotice`, the URL from `link` given the token), in one transaction so two
    /// requests at once cannot both pass the limit. Links older than a day are forgotten here.
    public func requestSignInLink(
        address: String, client: String?, policy: SignInPolicy, community: Community, at time: Date,
        link: @escaping (WebSecret) -> String
    ) throws(StoreError) -> SignInPolicy.LinkDecision {
        let normalized = MailAddress(address: address).normalized
        let client = client ?? ""
        let since = (time - SignInPolicy.window).timeIntervalSince1970
        return try write("issuing a sign-in link") { db in
            try db.execute(sql: "DELETE FROM sign_in_links WHERE created_at < ?", arguments: [(time - 86_400).timeIntervalSince1970])
            let member = try Row.fetchOne(db, sql: "SELECT id, status FROM members WHERE address = ?", arguments: [normalized])
            let memberID: Int64? = member?[0]
            let toAddress = try memberID.map { id in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM sign_in_links WHERE member_id = ? AND created_at > ?",
                                 arguments: [id, since]) ?? 0
            } ?? 0
            let fromClient = try Int.fetchOne(db, sql: "SELECT count(*) FROM sign_in_links WHERE client = ? AND created_at > ?",
                                              arguments: [client, since]) ?? 0
            let decision = policy.decide(SignInPolicy.LinkRequest(
                isActiveMember: member?[1] == MemberStatus.active.rawValue, linksToAddress: toAddress, linksFromClient: fromClient))
            guard decision == .mail, let memberID else { return decision }
            let token = WebSecret.random()
            try db.execute(sql: "INSERT INTO sign_in_links (token_hash, member_id, client, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [token.hash, memberID, client, time.timeIntervalSince1970])
            let language = try MemberRecord.ownLanguage(of: normalized, in: db) ?? community.language
            let notice = SignInPolicy.linkNotice(to: normalized, link: link(token), community: community, language: language)
            try Self.enqueueNotice(notice, community: community, at: time, in: db)
            return decision
        }
    }

    /// Whether the link with `token` would sign in now, without using it (the page a mailed
    /// link opens: mail scanners follow links, so opening one must change nothing).
    public func signInLinkState(token: String, at time: Date) throws(StoreError) -> SignInPolicy.LinkState {
        guard let secret = WebSecret(token) else { return .unknown }
        return try read("reading a sign-in link") { db in try Self.issuedLink(secret, in: db).state(at: time) }
    }

    /// Uses the link with `token`: when it is good, marks it used and opens a session, whose
    /// secret is returned for the cookie; otherwise changes nothing.
    public func signIn(token: String, at time: Date) throws(StoreError) -> (state: SignInPolicy.LinkState, session: WebSecret?) {
        guard let secret = WebSecret(token) else { return (.unknown, nil) }
        return try write("signing in with a link") { db in
            let found = try Self.issuedLink(secret, in: db)
            let state = found.state(at: time)
            guard state == .good, let link = found.row else { return (state, nil) }
            try db.execute(sql: "UPDATE sign_in_links SET used_at = ? WHERE id = ?", arguments: [time.timeIntervalSince1970, link.id])
            let session = WebSecret.random()
            try db.execute(sql: "INSERT INTO web_sessions (id_hash, member_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                           arguments: [session.hash, link.memberID, time.timeIntervalSince1970, time.timeIntervalSince1970])
            return (state, session)
        }
    }

    /// The member signed in by the session with secret `session`, or nil when there is no such
    /// session or it has ended (`SignInPolicy.state(of:at:)`). An ended session is deleted, and
    /// the time of a request is written when the last one written is old, unless the store is
    /// open read-only (`praxis web`), where sessions are only read.
    public func signedInMember(session: String, at time: Date) throws(StoreError) -> SignedInMember? {
        guard let secret = WebSecret(session) else { return nil }
        let found = try read("reading a session") { db in try Self.openSession(secret, in: db) }
        guard let (id, stored, member) = found else { return nil }
        let state = SignInPolicy.state(of: stored, at: time)
        guard !pool.configuration.readonly else {
            if case .good = state { return member }
            return nil
        }
        switch state {
        case .good(let touch):
            if touch {
                try write("noting a session's request") { db in
                    try db.execute(sql: "UPDATE web_sessions SET last_seen_at = ? WHERE id = ?", arguments: [time.timeIntervalSince1970, id])
                }
            }
            return member
        case .ended:
            try write("ending a session") { db in try db.execute(sql: "DELETE FROM web_sessions WHERE id = ?", arguments: [id]) }
            return nil
        }
    }

    /// Ends the session with secret `session` (signing out); nothing when there is none.
    public func endSession(_ session: String) throws(StoreError) {
        guard let secret = WebSecret(session) else { return }
        try write("ending a session") { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE id_hash = ?", arguments: [secret.hash])
        }
    }

    /// The signer of the archive's forms, keyed from the store's secret.
    public func formSigner() throws(StoreError) -> FormSigner { FormSigner(memberKey: try archiveMemberKey()) }

    private struct FoundLink {
        var row: (id: Int64, memberID: Int64)?
        var issued: SignInPolicy.IssuedLink?
        func state(at time: Date) -> SignInPolicy.LinkState { SignInPolicy.state(of: issued, at: time) }
    }

    private static func issuedLink(_ secret: WebSecret, in db: Database) throws -> FoundLink {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT l.id, l.member_id, l.created_at, l.used_at, m.status FROM sign_in_links l JOIN members m ON m.id = l.member_id
            WHERE l.token_hash = ?
            """, arguments: [secret.hash])
        else { return FoundLink(row: nil, issued: nil) }
        let used: Double? = row[3]
        let issued = SignInPolicy.IssuedLink(
            createdAt: Date(timeIntervalSince1970: row[2]), usedAt: used.map(Date.init(timeIntervalSince1970:)),
            isMemberActive: row[4] == MemberStatus.active.rawValue)
        return FoundLink(row: (row[0], row[1]), issued: issued)
    }

    private static func openSession(_ secret: WebSecret, in db: Database) throws -> (Int64, SignInPolicy.OpenSession, SignedInMember)? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT s.id, s.created_at, s.last_seen_at, m.status, m.address, m.name,
                EXISTS (SELECT 1 FROM member_sub_issue c WHERE c.member_id = m.id AND c.standing = 'core'), m.language
            FROM web_sessions s JOIN members m ON m.id = s.member_id WHERE s.id_hash = ?
            """, arguments: [secret.hash])
        else { return nil }
        let session = SignInPolicy.OpenSession(
            createdAt: Date(timeIntervalSince1970: row[1]), lastSeenAt: Date(timeIntervalSince1970: row[2]),
            isMemberActive: row[3] == MemberStatus.active.rawValue)
        let member = SignedInMember(
            address: row[4], name: row[5], hasCoreStanding: row[6], sessionHash: ContentHash.hex(Array(secret.hash)),
            language: (row[7] as String?).flatMap(Language.init(code:)))
        return (row[0], session, member)
    }
}

/// Signs the archive's form tokens (a signed double-submit cookie, OWASP): HMAC-SHA-256 under a
/// key derived from the store's secret, so a token cannot be made without the store, and one
/// made for another cookie or session does not fit.
public struct FormSigner: Sendable {
    private let key: [UInt8]

    init(memberKey: ArchiveMemberKey) {
        key = ContentHash.hmacSHA256(key: memberKey.secret, message: Array("praxis archive forms".utf8))
    }

    /// 64 hex digits signing `message`.
    public func sign(_ message: String) -> String { ContentHash.hex(ContentHash.hmacSHA256(key: key, message: Array(message.utf8))) }
}
