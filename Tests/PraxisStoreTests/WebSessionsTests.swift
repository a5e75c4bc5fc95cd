import Foundation
import GRDB
import PraxisCommunity
import Testing
@testable import PraxisStore

/// Sign-in links and sessions in the store (migration v8-web-sessions): only hashes of the
/// secrets are kept, a link signs in once, limits hold inside one transaction, and a member who
/// leaves or is disabled loses their sessions whatever recorded the change.
@Suite("Web sessions")
struct WebSessionsTests {
    static let community = Community(name: "Mobility", listAddress: "mobility@lists.example.org")
    static let policy = SignInPolicy(linksPerHour: 3, linksPerClientPerHour: 5)
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Issues a link for `address` and returns its token (nil when none was mailed).
    static func link(_ database: PraxisDatabase, _ address: String, client: String? = "198.51.100.1", at time: Date = start) throws -> String? {
        nonisolated(unsafe) var issued: String?
        let decision = try database.requestSignInLink(address: address, client: client, policy: policy, community: community, at: time) { token in
            issued = token.text
            return "https://cop.example.org/sign-in/" + token.text
        }
        #expect((decision == .mail) == (issued != nil))
        return issued
    }

    @Test func theMigrationAddsTheTablesToAStoreOfThePreviousVersion() throws {
        let store = try OlderStore(migratedUpTo: "v7-archive-member-key") { db in
            try db.execute(sql: """
                INSERT INTO members (id, address, joined_at, status, delivery, digest_frequency, is_moderated, bounce_score)
                    VALUES (1, 'alice@example.org', 1, 'active', 'default', 'weekly', 0, 0),
                           (2, 'bob@example.org', 1, 'unsubscribed', 'default', 'weekly', 0, 0);
                """)
        }
        defer { store.remove() }
        let database = try store.opened()
        #expect(try Self.link(database, "Alice@Example.org") != nil, "the member from before the migration signs in")
        #expect(try Self.link(database, "bob@example.org") == nil, "a member who left before it does not")
        let columns = try database.read("reading the new tables") { db in
            try db.columns(in: "sign_in_links").map(\.name) + db.columns(in: "web_sessions").map(\.name)
        }
        #expect(columns.contains("token_hash") && columns.contains("id_hash") && !columns.contains("token"))
    }

    @Test func onlyHashesOfTheSecretsAreStored() throws {
        let (database, folder) = try Self.store(members: ["alice@example.org"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = try #require(try Self.link(database, "alice@example.org"))
        let session = try #require(try database.signIn(token: token, at: Self.start + 60).session)
        try database.read("reading the hashes") { db in
            let linkHash = try #require(try Data.fetchOne(db, sql: "SELECT token_hash FROM sign_in_links"))
            let sessionHash = try #require(try Data.fetchOne(db, sql: "SELECT id_hash FROM web_sessions"))
            #expect(linkHash == Data(ContentHash.sha256Digest(try #require(WebSecret(token)).bytes)))
            #expect(sessionHash == Data(ContentHash.sha256Digest(session.bytes)))
        }
        // The session's secret is nowhere in the file (the link's is in the queued mail, by design).
        try database.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        let bytes = try Data(contentsOf: folder.appendingPathComponent("praxis.sqlite"))
        #expect(bytes.range(of: Data(session.text.utf8)) == nil)
        #expect(bytes.range(of: Data(session.bytes)) == nil)
    }

    @Test func aLinkSignsInOnceAndNotAfterFifteenMinutes() throws {
        let (database, folder) = try Self.store(members: ["alice@example.org"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try #require(try Self.link(database, "alice@example.org"))
        #expect(try database.signInLinkState(token: first, at: Self.start + 10) == .good)
        #expect(try database.signInLinkState(token: first, at: Self.start + 10) == .good, "looking does not use it")
        #expect(try database.signIn(token: first, at: Self.start + 20).session != nil)
        let again = try database.signIn(token: first, at: Self.start + 30)
        #expect(again.state == .used && again.session == nil)
        let late = try #require(try Self.link(database, "alice@example.org"))
        let lateTry = try database.signIn(token: late, at: Self.start + 15 * 60)
        #expect(lateTry.state == .expired && lateTry.session == nil)
        for forged in ["", "00", String(repeating: "0", count: 64), String(repeating: "g", count: 64), first.uppercased() + "0",
                       "../" + first, first + "\u{0}"] {
            #expect(try database.signIn(token: forged, at: Self.start + 30).session == nil, "\(forged)")
        }
        #expect(try database.signIn(token: first.uppercased(), at: Self.start + 30).state == .used, "hex in either case is the same token")
    }

    @Test func limitsPerAddressAndPerClientHoldAndRenewAfterAnHour() throws {
        let (database, folder) = try Self.store(members: ["alice@example.org", "bob@example.org", "carol@example.org"])
        defer { try? FileManager.default.removeItem(at: folder) }
        var mailed = 0
        for second in 0..<50 where try Self.link(database, "alice@example.org", client: "198.51.100.\(second)", at: Self.start + Double(second)) != nil {
            mailed += 1
        }
        #expect(mailed == Self.policy.linksPerHour)
        // One client, three members: five links in all, whoever they go to.
        var fromOneClient = 0
        for address in ["bob@example.org", "carol@example.org", "bob@example.org", "carol@example.org", "bob@example.org", "carol@example.org"]
        where try Self.link(database, address, client: "203.0.113.9", at: Self.start + 100) != nil {
            fromOneClient += 1
        }
        #expect(fromOneClient == 5)
        #expect(try Self.link(database, "alice@example.org", at: Self.start + 3_601) != nil, "an hour later the address may have one again")
        let queued = try database.read("counting notices") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE kind = 'notice'") }
        #expect(queued == mailed + fromOneClient + 1, "one mail per link, none for refusals")
        #expect(try Self.link(database, "nobody@example.org", client: "192.0.2.1") == nil)
    }

    @Test(arguments: ["unsubscribe", "bounce", "remove"])
    func aMemberWhoGoesLosesEverySession(_ how: String) throws {
        let (database, folder) = try Self.store(members: ["alice@example.org"])
        defer { try? FileManager.default.removeItem(at: folder) }
        var sessions: [WebSecret] = []
        for second in 0..<2 {
            let token = try #require(try Self.link(database, "alice@example.org", at: Self.start + Double(second)))
            sessions.append(try #require(try database.signIn(token: token, at: Self.start + 10).session))
        }
        let unused = try #require(try Self.link(database, "alice@example.org", at: Self.start + 5))
        #expect(try database.signedInMember(session: sessions[0].text, at: Self.start + 20)?.address == "alice@example.org")
        switch how {
        case "unsubscribe":
            try database.write("unsubscribing by mail") { db in
                try PraxisDatabase.changeMember("alice@example.org", .leave, at: Self.start + 30, in: db)
            }
        case "bounce":
            let id = try #require(try database.read("finding alice") { db in try Int64.fetchOne(db, sql: "SELECT id FROM members") })
            try database.write("disabling after bounces") { db in
                try PraxisDatabase.apply([.disableDelivery(memberID: id, score: 5, at: Self.start + 30)], community: Self.community, in: db)
            }
        default:
            _ = try database.removeMember("alice@example.org", at: Self.start + 30)
        }
        for session in sessions {
            #expect(try database.signedInMember(session: session.text, at: Self.start + 40) == nil)
        }
        #expect(try database.read("counting sessions") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM web_sessions") } == 0)
        #expect(try database.signIn(token: unused, at: Self.start + 40).state == .memberGone)
    }

    @Test func sessionsLapseAndAreWrittenOnlyNowAndThen() throws {
        let (database, folder) = try Self.store(members: ["alice@example.org"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = try #require(try Self.link(database, "alice@example.org"))
        let session = try #require(try database.signIn(token: token, at: Self.start).session)
        func lastSeen() throws -> Double? {
            try database.read("reading the session") { db in try Double.fetchOne(db, sql: "SELECT last_seen_at FROM web_sessions") }
        }
        #expect(try database.signedInMember(session: session.text, at: Self.start + 60) != nil)
        #expect(try lastSeen() == Self.start.timeIntervalSince1970, "a minute later nothing is written")
        #expect(try database.signedInMember(session: session.text, at: Self.start + 6 * 86_400) != nil)
        #expect(try lastSeen() == (Self.start + 6 * 86_400).timeIntervalSince1970)
        #expect(try database.signedInMember(session: session.text, at: Self.start + 30 * 86_400) == nil, "absolute lifetime")
        #expect(try lastSeen() == nil, "the ended session is deleted")
    }

    @Test func aReadOnlyStoreReadsSessionsWithoutWriting() throws {
        let (database, folder) = try Self.store(members: ["alice@example.org"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = try #require(try Self.link(database, "alice@example.org"))
        let session = try #require(try database.signIn(token: token, at: Self.start).session)
        let replica = try PraxisDatabase(path: database.path, readOnly: true)
        #expect(try replica.signedInMember(session: session.text, at: Self.start + 86_400)?.address == "alice@example.org")
        #expect(try replica.signedInMember(session: session.text, at: Self.start + 8 * 86_400) == nil)
        try database.endSession(session.text)
        #expect(try replica.signedInMember(session: session.text, at: Self.start + 60) == nil, "signed out in the main service")
    }

    static func store(members: [String]) throws -> (PraxisDatabase, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-sessions-\(UUID().uuidString)")
        let database = try PraxisDatabase(path: folder.appendingPathComponent("praxis.sqlite").path)
        for address in members {
            _ = try database.addMember(address, change: MemberChange(), subIssues: [.general], at: start - 86_400)
        }
        return (database, folder)
    }
}
