import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import PraxisStore
import Testing

/// Held posts through real ingest of real files: the core group told once each with its own
/// token, decisions by token (a forged From refused), rejection and expiry notices to the sender,
/// and the operator's `praxis moderation` commands.
@Suite("Moderation of held posts")
struct ModerationTests {
    static let core = ["mod1@example.org", "mod2@example.org"]
    static let listCommunity = Community(name: "Test CoP", listAddress: "list@example.org")

    static func community() throws -> CommunityFixture {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: """
            circles:
              core: [\(core.joined(separator: ", "))]
            moderation:
              expire_days: 14
            """))
        return community
    }

    /// The one answer to a moderation token that `address` cannot use, whatever the reason.
    static func unusableToken(_ address: String) -> String {
        "No held post waits for that token from \(address). Check that the line was copied whole "
            + "and that you wrote from the address the moderation request went to."
    }

    static func post(from: String, subject: String, id: String, body: String = "Hello list.") -> [UInt8] {
        Array("""
            From: \(from)\r
            To: list@example.org\r
            Subject: \(subject)\r
            Date: Mon, 3 May 2004 10:00:00 +0000\r
            Message-ID: <\(id)@example.net>\r
            \r
            \(body)\r

            """.utf8)
    }

    @discardableResult
    func praxis(_ community: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", community.configPath], in: community.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    /// Every moderation request in the outbox: (recipient, message text).
    func requests(_ community: CommunityFixture) throws -> [(String, String)] {
        try community.database().read("reading the outbox") { db in
            try Row.fetchAll(db, sql: "SELECT recipients, message FROM outbox WHERE kind = 'moderation' ORDER BY recipients")
                .map { ($0["recipients"], String(decoding: $0["message"] as Data, as: UTF8.self)) }
        }
    }

    func token(for moderator: String, heldID: Int64, in community: CommunityFixture) throws -> String {
        try community.strings("""
            SELECT token FROM confirmations WHERE purpose = 'moderation' AND address = '\(moderator)' AND payload = '\(heldID)'
            """).first ?? ""
    }

    func heldID(messageID: String, in community: CommunityFixture) throws -> Int64 {
        Int64(try community.count("""
            SELECT h.id FROM held_messages h JOIN posts p ON p.id = h.post_id WHERE p.message_id = '\(messageID)@example.net'
            """))
    }

    func decide(_ token: String, _ decision: ModerationDecision, by moderator: String, at time: Date = Date(),
                in community: CommunityFixture) throws -> String {
        let queue = ModerationQueue(community: Self.listCommunity, configuredCore: Self.core)
        return try community.database().write("deciding in a test") { db in
            try queue.decide(token: token, decision: decision, by: moderator, at: time, language: .standard, in: db)
        }
    }

    @Test func nonMemberPostIsHeldAndEachModeratorGetsOwnToken() throws {
        let community = try Self.community()
        // A member with the core standing joins the configured core group.
        try praxis(community, ["members", "add", "Chair@Example.org", "--role", "core"])
        try praxis(community, ["members", "add", "alice@example.org"])
        let hostileBody = "approve aaaaaaaaaaaaaaaaaaaaaaaa\r\n\u{1B}[2JCheap \u{202E}gnp.exe pills"
        try community.deliver(Self.post(from: "Mallory <mallory@evil.example>", subject: "Buy now", id: "spam", body: hostileBody),
                              as: CommunityFixture.uniqueName(1))
        try community.deliver(Self.post(from: "alice@example.org", subject: "Bike lanes", id: "alice"), as: CommunityFixture.uniqueName(2))
        let ingest = try praxis(community, ["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")

        #expect(try community.strings("SELECT kind FROM posts ORDER BY message_id") == ["post", "held"])
        #expect(try community.count("SELECT count(*) FROM held_messages WHERE state = 'held'") == 1)
        let requests = try requests(community)
        #expect(requests.map(\.0) == ["chair@example.org", "mod1@example.org", "mod2@example.org"])
        let held = try heldID(messageID: "spam", in: community)
        var tokens = Set<String>()
        for (moderator, text) in requests {
            let token = try token(for: moderator, heldID: held, in: community)
            tokens.insert(token)
            #expect(token.count == 24)
            #expect(text.contains("\r\napprove \(token)\r\n"), "the request to \(moderator) carries its own token")
            #expect(text.contains("\r\nreject \(token) REASON\r\n"))
            // Composed before the post had its number, which the writer put in.
            #expect(text.contains("\r\nOn the server: praxis moderation approve \(held)\r\n"))
            #expect(text.contains("From:     Mallory <mallory@evil.example>"))
            #expect(text.contains("Subject: Held for moderation: Buy now"))
            // The hostile text is quoted plain: no escape, no reordering, no line that reads as a command.
            #expect(text.contains("| approve aaaaaaaaaaaaaaaaaaaaaaaa\r\n"))
            #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}"))
            #expect(text.contains("| [2JCheap gnp.exe pills"))
        }
        #expect(tokens.count == 3)

        // The same message delivered again is a duplicate: nobody is told twice.
        try community.deliver(Self.post(from: "Mallory <mallory@evil.example>", subject: "Buy now", id: "spam", body: hostileBody),
                              as: CommunityFixture.uniqueName(3))
        try praxis(community, ["ingest", "--once"])
        #expect(try self.requests(community).count == 3)
        #expect(try community.count("SELECT count(*) FROM held_messages") == 1)

        let status = try praxis(community, ["status", "--json"])
        #expect(status.out.contains("\"held\": 1"))
    }

    @Test func rightTokenFromRightModeratorApprovesAndForgeryIsRefused() throws {
        let community = try Self.community()
        try community.deliver(Self.post(from: "newcomer@elsewhere.example", subject: "Hello", id: "new"), as: CommunityFixture.uniqueName(1))
        try praxis(community, ["ingest", "--once"])
        let held = try heldID(messageID: "new", in: community)
        let token1 = try token(for: "mod1@example.org", heldID: held, in: community)
        let token2 = try token(for: "mod2@example.org", heldID: held, in: community)

        // A forged From: mod1's token in mail that claims to come from mod2, or from anyone else,
        // gets the answer a token that does not exist gets.
        var reply = try decide(token1, .approve, by: "mod2@example.org", in: community)
        #expect(reply == Self.unusableToken("mod2@example.org"))
        reply = try decide(token1, .approve, by: "newcomer@elsewhere.example", in: community)
        #expect(reply == Self.unusableToken("newcomer@elsewhere.example"))
        reply = try decide("bbbbbbbbbbbbbbbbbbbbbbbb", .approve, by: "mod1@example.org", in: community)
        #expect(reply == Self.unusableToken("mod1@example.org"))
        #expect(try community.strings("SELECT state FROM held_messages") == ["held"])
        #expect(try community.strings("SELECT kind FROM posts") == ["held"])

        // The moderator it was sent to (in any case of the address, the token as typed).
        reply = try decide(token1.uppercased(), .approve, by: "MOD1@example.org", in: community)
        #expect(reply == "Approved: “Hello” from newcomer@elsewhere.example.")
        #expect(try community.strings("SELECT kind FROM posts") == ["post"])
        #expect(try community.strings("SELECT state || ' ' || decided_by FROM held_messages") == ["approved mod1@example.org"])
        #expect(try community.count("SELECT count(*) FROM confirmations WHERE used_at IS NULL") == 0)
        // The other moderator's token is spent with the decision.
        reply = try decide(token2, .reject(reason: nil), by: "mod2@example.org", in: community)
        #expect(reply.contains("already approved by mod1@example.org"))
        #expect(try community.count("SELECT count(*) FROM outbox WHERE kind = 'notice'") == 0)
    }

    /// Issue 16: replies to `approve`/`reject` by email must not tell a guesser which tokens exist.
    /// Through the real binary: command mails in the maildir, `praxis ingest --once`, the replies
    /// read back from the outbox. Another moderator's real token, a well-formed token nobody was
    /// sent and a malformed one all get the same sentence, from a core member and from a stranger.
    @Test func aForeignTokenGetsTheSameAnswerAsOneThatDoesNotExist() throws {
        let community = try Self.community()
        try community.deliver(Self.post(from: "newcomer@elsewhere.example", subject: "Hello", id: "new"), as: CommunityFixture.uniqueName(1))
        try praxis(community, ["ingest", "--once"])
        let held = try heldID(messageID: "new", in: community)
        let foreign = try token(for: "mod1@example.org", heldID: held, in: community)
        #expect(foreign.count == 24)
        let invented = "bbbbbbbbbbbbbbbbbbbbbbbb"
        let commands = [
            ("mod2@example.org", "approve \(foreign)"), ("mod2@example.org", "approve \(invented)"),
            ("mod2@example.org", "reject \(foreign) spam"), ("mod2@example.org", "reject \(invented) spam"),
            ("mod2@example.org", "approve 0123456789"),
            ("stranger@elsewhere.example", "approve \(foreign)"), ("stranger@elsewhere.example", "approve \(invented)"),
        ]
        for (index, (from, line)) in commands.enumerated() {
            try community.deliver(Array("""
                From: \(from)\r
                To: list-request@example.org\r
                Subject: moderation\r
                Message-ID: <token-\(index)@example.net>\r
                \r
                \(line)\r

                """.utf8), as: CommunityFixture.uniqueName(10 + index))
        }
        let ingest = try praxis(community, ["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")

        // What each reply says about its one command: the paragraph after the quoted line.
        var answers: [String: [String]] = [:]
        for (index, (from, line)) in commands.enumerated() {
            let texts = try community.database().read("reading replies") { db in
                try Data.fetchAll(db, sql: "SELECT message FROM outbox WHERE kind = 'reply' AND recipients = ?", arguments: [from])
            }.map { MailMessage(Array($0)) }.filter { $0.inReplyTo == ["token-\(index)@example.net"] }.map(\.text)
            #expect(texts.count == 1, "one reply to \(line) from \(from)")
            let text = texts.first ?? ""
            guard let quoted = text.range(of: "> \(line)\n") else {
                Issue.record("the reply does not quote \(line): \(text)")
                continue
            }
            let answer = String(text[quoted.upperBound...].prefix { $0 != "\n" })
            #expect(!answer.contains(foreign) && !answer.contains("mod1"), "\(answer)")
            answers[from, default: []].append(answer)
        }
        #expect(Set(answers["mod2@example.org"] ?? []).count == 1, "\(answers)")
        #expect(Set(answers["stranger@elsewhere.example"] ?? []).count == 1, "\(answers)")
        #expect(answers["mod2@example.org"]?.first == Self.unusableToken("mod2@example.org"))
        #expect(try community.strings("SELECT state FROM held_messages") == ["held"])
    }

    @Test func rejectTellsTheSenderWithTheReason() throws {
        let community = try Self.community()
        try community.deliver(Self.post(from: "Pat <pat@elsewhere.example>", subject: "Off topic", id: "pat"), as: CommunityFixture.uniqueName(1))
        try praxis(community, ["ingest", "--once"])
        let held = try heldID(messageID: "pat", in: community)
        let reply = try decide(try token(for: "mod2@example.org", heldID: held, in: community),
                               .reject(reason: "Please keep to mobility topics."), by: "mod2@example.org", in: community)
        #expect(reply == "Rejected: “Off topic” from pat@elsewhere.example; the sender is told.")
        let notices = try community.database().read("reading notices") { db in
            try Row.fetchAll(db, sql: "SELECT recipients, envelope_sender, message FROM outbox WHERE kind = 'notice'")
        }
        #expect(notices.count == 1)
        #expect(notices.first?["recipients"] == "pat@elsewhere.example")
        #expect(notices.first?["envelope_sender"] == "list-bounces+pat=elsewhere.example@example.org")
        let text = String(decoding: (notices.first?["message"] as Data?) ?? Data(), as: UTF8.self)
        #expect(text.contains("Their reason: Please keep to mobility topics."))
        #expect(text.contains("In-Reply-To: <pat@example.net>"))
        #expect(try community.strings("SELECT kind FROM posts") == ["held"])
    }

    @Test func expiryTellsTheSenderOnceAndTheCommandLineDecides() throws {
        let community = try Self.community()
        for (index, id) in ["old", "keep", "drop"].enumerated() {
            try community.deliver(Self.post(from: "\(id)@elsewhere.example", subject: "Post \(id)", id: id),
                                  as: CommunityFixture.uniqueName(index))
        }
        try praxis(community, ["ingest", "--once"])
        let old = try heldID(messageID: "old", in: community)
        let queue = ModerationQueue(community: Self.listCommunity, configuredCore: Self.core)
        // Nothing is due before the 14 days are up; after them every held post expires once.
        let due = try community.database().write("expiring") { db in
            (try queue.expire(at: Date().addingTimeInterval(13 * 86_400), in: db),
             try queue.expire(at: Date().addingTimeInterval(15 * 86_400), in: db),
             try queue.expire(at: Date().addingTimeInterval(16 * 86_400), in: db))
        }
        #expect(due.0 == 0 && due.1 == 3 && due.2 == 0)
        let expiredText = try community.database().read("reading") { db in
            try Data.fetchOne(db, sql: "SELECT message FROM outbox WHERE kind = 'notice' AND recipients = 'old@elsewhere.example'")
        }
        #expect(String(decoding: expiredText ?? Data(), as: UTF8.self).contains("for 14 days and has expired"))
        #expect(try community.count("SELECT count(*) FROM outbox WHERE kind = 'notice'") == 3)
        let reply = try decide(try token(for: "mod1@example.org", heldID: old, in: community), .approve,
                               by: "mod1@example.org", in: community)
        #expect(reply.contains("has expired"))

        // The operator's commands on fresh held posts.
        for (index, id) in ["keep2", "drop2"].enumerated() {
            try community.deliver(Self.post(from: "\(id)@elsewhere.example", subject: "Post \(id)", id: id),
                                  as: CommunityFixture.uniqueName(10 + index))
        }
        try praxis(community, ["ingest", "--once"])
        var run = try praxis(community, ["moderation", "list", "--json"])
        #expect(run.status == 0, "\(run.err)")
        let listed = (try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])?["held"] as? [[String: Any]] ?? []
        #expect(listed.compactMap { $0["from"] as? String } == ["keep2@elsewhere.example", "drop2@elsewhere.example"])
        let keep = try heldID(messageID: "keep2", in: community)
        let drop = try heldID(messageID: "drop2", in: community)
        run = try praxis(community, ["moderation", "approve", String(keep)])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "Approved: “Post keep2” from keep2@elsewhere.example.\n")
        run = try praxis(community, ["moderation", "reject", String(drop), "--reason", "spam"])
        #expect(run.status == 0, "\(run.err)")
        run = try praxis(community, ["moderation", "approve", String(drop)])
        #expect(run.status == 1)
        #expect(run.err.contains("already rejected by operator"))
        run = try praxis(community, ["moderation", "approve", "999"])
        #expect(run.status == 1)
        #expect(run.err == "praxis: No held post has the number 999.\n")
        run = try praxis(community, ["moderation", "list"])
        #expect(run.out.hasSuffix("0 held posts waiting\n"))
    }

    @Test func postsOfModeratedMembersAreHeld() throws {
        let community = try Self.community()
        try praxis(community, ["members", "add", "watched@example.org"])
        try praxis(community, ["members", "set", "watched@example.org", "--moderated", "yes"])
        try community.deliver(Self.post(from: "watched@example.org", subject: "Mine", id: "watched"), as: CommunityFixture.uniqueName(1))
        try praxis(community, ["ingest", "--once"])
        #expect(try community.strings("SELECT reason FROM held_messages") == ["the author's posts are moderated"])
        #expect(try requests(community).count == 2)
    }
}
