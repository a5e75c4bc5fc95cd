import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import PraxisStore
import Testing
@testable import PraxisDaemon

/// Flood protection for moderators (`moderation.notices_per_hour`), through real ingest of real
/// maildir files into a real store: requests up to the budget, across batches and runs; the rest
/// in summaries from the moderation clerk, with each moderator's own working tokens, listing only
/// posts still waiting, each post announced to each moderator exactly once.
@Suite("Moderation notices under a flood")
struct ModerationFloodTests {
    static let core = ["mod1@example.org", "mod2@example.org"]

    struct Setup {
        let fixture: CommunityFixture
        let instance: CommunityInstance
        let clerk: ModerationClerk

        init(core: [String] = ModerationFloodTests.core, perHour: Int) throws {
            fixture = try CommunityFixture()
            try fixture.writeConfiguration(CommunityFixture.configuration(extra: """
                circles:
                  core: [\(core.joined(separator: ", "))]
                moderation:
                  notices_per_hour: \(perHour)
                """))
            instance = try CommunityInstance.open(configurationPath: fixture.configPath, logger: PraxisLogging.logger("test"))
            clerk = ModerationClerk(
                configuration: ReloadableConfiguration(instance: instance, path: fixture.configPath),
                queue: instance.moderationQueue, database: instance.database, logger: instance.logger)
        }

        /// Delivers `count` posts from non-members, numbered from `first`, and ingests them in
        /// batches of `batchSize`.
        func deliverHeld(_ range: Range<Int>, batchSize: Int, subject: (Int) -> String = { "Post \($0)" },
                         body: (Int) -> String = { "Text of post \($0)." }) async throws {
            for index in range {
                try fixture.deliver(Array("""
                    From: Sender \(index) <sender\(index)@elsewhere.example>\r
                    To: list@example.org\r
                    Subject: \(subject(index))\r
                    Date: Mon, 3 May 2004 10:00:00 +0000\r
                    Message-ID: <held\(index)@example.net>\r
                    \r
                    \(body(index))\r

                    """.utf8), as: CommunityFixture.uniqueName(index))
            }
            try await instance.makeIngestor(batchSize: batchSize).drainNew()
        }

        /// Every moderation mail to `moderator`, oldest first, as the text a reader sees.
        func mail(to moderator: String) throws -> [String] {
            try fixture.database().read("reading moderation mail") { db in
                try Data.fetchAll(db, sql: "SELECT message FROM outbox WHERE kind = 'moderation' AND recipients = ? ORDER BY id",
                                  arguments: [moderator])
            }.map { MailMessage(Array($0)).text }
        }

        /// The moderator's token for the held post of `index`.
        func token(of moderator: String, forPost index: Int) throws -> String {
            try fixture.strings("""
                SELECT c.token FROM confirmations c JOIN held_messages h ON h.id = CAST(c.payload AS INTEGER)
                JOIN posts p ON p.id = h.post_id
                WHERE c.purpose = 'moderation' AND c.address = '\(moderator)' AND p.message_id = 'held\(index)@example.net'
                """).first ?? ""
        }

        func heldID(ofPost index: Int) throws -> Int {
            try fixture.count("""
                SELECT h.id FROM held_messages h JOIN posts p ON p.id = h.post_id WHERE p.message_id = 'held\(index)@example.net'
                """)
        }
    }

    /// The tokens in `approve TOKEN` lines of a text.
    static func approveTokens(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            return words.count == 2 && words[0] == "approve" ? String(words[1]) : nil
        }
    }

    @Test func budgetHoldsAcrossBatchesAndRunsAndTheSummaryTellsTheRestOnce() async throws {
        let setup = try Setup(perHour: 3)
        // Batches of two: the prepare stage's budget is read before the batch ahead has spent it.
        try await setup.deliverHeld(0..<8, batchSize: 2)
        try await setup.deliverHeld(8..<10, batchSize: 2)
        #expect(try setup.fixture.count("SELECT count(*) FROM held_messages WHERE state = 'held'") == 10)
        // A token only where a request was mailed (3 each); the other posts wait without one.
        #expect(try setup.fixture.count("SELECT count(*) FROM confirmations WHERE purpose = 'moderation'") == 6)
        for moderator in Self.core {
            let requests = try setup.mail(to: moderator)
            #expect(requests.count == 3, "at most notices_per_hour requests to \(moderator)")
            // The first three held posts, in arrival order, each with this moderator's token.
            for (index, text) in requests.enumerated() {
                #expect(text.contains("On the server: praxis moderation approve \(try setup.heldID(ofPost: index))\n"))
                #expect(Self.approveTokens(in: text) == [try setup.token(of: moderator, forPost: index)])
            }
        }

        // `praxis status` shows what waits for each moderator's summary.
        guard let status = try PraxisChild.run(["status", "--json", "--config", setup.fixture.configPath], in: setup.fixture.url)
        else { return }
        #expect(status.0 == 0, "\(status.2)")
        let object = try JSONSerialization.jsonObject(with: Data(status.1.utf8)) as? [String: Any]
        #expect(object?["held_waiting_for_summary"] as? [String: Int] == ["mod1@example.org": 7, "mod2@example.org": 7])
        guard let text = try PraxisChild.run(["status", "--config", setup.fixture.configPath], in: setup.fixture.url)
        else { return }
        #expect(text.1.contains("  summary      7 held posts wait for the next summary to mod1@example.org\n"), "\(text.1)")

        // The first pass: no summary yet this hour, so one now, listing the seven the budget left out.
        let now = Date()
        setup.clerk.pass(at: now)
        for moderator in Self.core {
            let mail = try setup.mail(to: moderator)
            #expect(mail.count == 4)
            let summary = mail.last ?? ""
            #expect(summary.hasPrefix("7 posts to Test CoP are held for moderation"))
            #expect(try Self.approveTokens(in: summary) == (3..<10).map { try setup.token(of: moderator, forPost: $0) })
            #expect(summary.contains("Held post \(try setup.heldID(ofPost: 3))\nFrom:     Sender 3 <sender3@elsewhere.example>\nSubject:  Post 3\n"))
            #expect(summary.contains("| Text of post 3.\n"))
            #expect(!summary.contains("more posts wait"))
        }
        let after = try PraxisChild.run(["status", "--json", "--config", setup.fixture.configPath], in: setup.fixture.url)
        let afterObject = try JSONSerialization.jsonObject(with: Data((after?.1 ?? "").utf8)) as? [String: Any]
        #expect((afterObject?["held_waiting_for_summary"] as? [String: Int])?.isEmpty == true)
        // The summaries drew the tokens of the posts they listed: one per post and moderator.
        #expect(try setup.fixture.count("SELECT count(*) FROM confirmations WHERE purpose = 'moderation'") == 20)

        // More posts: the hour's budget is spent and a summary went out, so they wait.
        try await setup.deliverHeld(10..<12, batchSize: 2)
        setup.clerk.pass(at: now.addingTimeInterval(300))
        #expect(try setup.mail(to: "mod1@example.org").count == 4)
        // An hour later the budget is back: a summary of just those two.
        setup.clerk.pass(at: now.addingTimeInterval(3_700))
        setup.clerk.pass(at: now.addingTimeInterval(4_000))
        for moderator in Self.core {
            let mail = try setup.mail(to: moderator)
            #expect(mail.count == 5)
            #expect(try Self.approveTokens(in: mail.last ?? "") == (10..<12).map { try setup.token(of: moderator, forPost: $0) })
            // Every held post was announced to this moderator exactly once, with their own token.
            let announced = mail.flatMap(Self.approveTokens)
            #expect(try announced == (0..<12).map { try setup.token(of: moderator, forPost: $0) })
        }
    }

    @Test func summaryListsOnlyUndecidedPostsAndItsTokensWorkOnlyFromTheModerator() async throws {
        let setup = try Setup(perHour: 1)
        try await setup.deliverHeld(0..<5, batchSize: 100)
        #expect(try setup.mail(to: "mod1@example.org").count == 1)
        // Post 2 is rejected on the server, post 3 is about to expire: neither is listed.
        let rejected = try setup.heldID(ofPost: 2)
        let queue = setup.instance.moderationQueue
        let now = Date()
        let expiring = try setup.heldID(ofPost: 3)
        _ = try await setup.instance.database.write("deciding") { db in
            try queue.reject(heldID: Int64(rejected), reason: nil, by: "operator", at: now, in: db)
        }
        try await setup.instance.database.write("shortening") { db in
            try db.execute(sql: "UPDATE held_messages SET expires_at = ? WHERE id = ?",
                           arguments: [now.addingTimeInterval(60).timeIntervalSince1970, expiring])
        }
        setup.clerk.pass(at: now.addingTimeInterval(120))
        let mail = try setup.mail(to: "mod1@example.org")
        #expect(mail.count == 2)
        let summary = mail.last ?? ""
        let listed = Self.approveTokens(in: summary)
        #expect(listed == [try setup.token(of: "mod1@example.org", forPost: 1), try setup.token(of: "mod1@example.org", forPost: 4)])
        #expect(summary.hasPrefix("2 posts to Test CoP"))
        #expect(try setup.fixture.strings("SELECT state FROM held_messages ORDER BY id") == ["held", "held", "rejected", "expired", "held"])

        // The token from the summary, by email from the moderator: approved. The other one, by
        // email from the other moderator: refused like a token that does not exist, still held.
        try setup.fixture.deliver(Array("""
            From: Moderator Two <mod2@example.org>\r
            To: list-request@example.org\r
            Subject: moderation\r
            Message-ID: <forged@example.net>\r
            \r
            approve \(listed.last ?? "")\r

            """.utf8), as: CommunityFixture.uniqueName(100))
        try setup.fixture.deliver(Array("""
            From: Moderator One <MOD1@example.org>\r
            To: list-request@example.org\r
            Subject: Re: Held for moderation\r
            Message-ID: <real@example.net>\r
            \r
            approve \(listed.first ?? "")\r

            """.utf8), as: CommunityFixture.uniqueName(101))
        try await setup.instance.makeIngestor().drainNew()
        #expect(try setup.fixture.strings("SELECT state FROM held_messages ORDER BY id") == ["held", "approved", "rejected", "expired", "held"])
        #expect(try setup.fixture.strings("SELECT kind FROM posts WHERE message_id = 'held1@example.net'") == ["post"])
        let replies = try setup.fixture.strings("SELECT recipients FROM outbox WHERE kind = 'reply' ORDER BY id")
        #expect(replies == ["mod2@example.org", "mod1@example.org"])
        let refusal = try setup.instance.database.read("reading the reply") { db in
            try Data.fetchOne(db, sql: "SELECT message FROM outbox WHERE kind = 'reply' AND recipients = 'mod2@example.org'")
        }
        #expect(MailMessage(Array(refusal ?? Data())).text.contains("No held post waits for that token from mod2@example.org."))

        // Nothing is waiting any more: later passes send nothing.
        setup.clerk.pass(at: now.addingTimeInterval(2 * 3_600))
        #expect(try setup.mail(to: "mod1@example.org").count == 2)
    }

    @Test func aLongFloodIsSummarisedFiftyAtATimeAndHostileTextStaysInert() async throws {
        let setup = try Setup(core: ["mod1@example.org"], perHour: 0)
        let hostile = "approve aaaaaaaaaaaaaaaaaaaaaaaa"
        try await setup.deliverHeld(
            0..<60, batchSize: 64,
            subject: { $0 == 0 ? hostile : "=?utf-8?q?reject_bbbbbbbbbbbbbbbbbbbbbbbb=0Aapprove_cccccccccccccccccccccccc?= \($0)" },
            body: { "\u{202E}help\r\nunsubscribe\r\n\u{1B}[2J approve dddddddddddddddddddddddd \($0)" })
        #expect(try setup.mail(to: "mod1@example.org").isEmpty, "no budget: no request at all")
        let now = Date()
        setup.clerk.pass(at: now)
        var mail = try setup.mail(to: "mod1@example.org")
        #expect(mail.count == 1)
        let summary = mail.first ?? ""
        #expect(summary.hasPrefix("60 posts to Test CoP"))
        #expect(summary.contains("\n10 more posts wait for the next summary.\n"))
        #expect(summary.contains("`praxis moderation list` shows every held post"))
        // The oldest fifty are listed, each with a token drawn for it; the ten left have none yet.
        let tokens = Set(try (0..<50).map { try setup.token(of: "mod1@example.org", forPost: $0) })
        let listed = Self.approveTokens(in: summary)
        #expect(listed.count == 50 && Set(listed) == tokens)
        #expect(try (50..<60).allSatisfy { try setup.token(of: "mod1@example.org", forPost: $0).isEmpty })
        // Every line that reads as a command is one of the intended ones, with a real token.
        var commands = 0
        for line in summary.split(separator: "\n") {
            guard let command = EmailCommandParser.line(Substring(line.trimmingCharacters(in: .whitespaces)))?.command else { continue }
            commands += 1
            switch command {
            case .approve(let token), .reject(let token, _):
                #expect(tokens.contains(token), "an intended command: \(line)")
            default:
                Issue.record("a line of the summary reads as a command: \(line)")
            }
        }
        #expect(commands == 100)
        #expect(summary.contains("Subject:  approve aaaaaaaaaaaaaaaaaaaaaaaa\n"))
        #expect(summary.contains("| help\n"))
        #expect(!summary.contains("\u{1B}") && !summary.contains("\u{202E}"))

        // Within the hour nothing more; after it, the ten left.
        setup.clerk.pass(at: now.addingTimeInterval(600))
        #expect(try setup.mail(to: "mod1@example.org").count == 1)
        setup.clerk.pass(at: now.addingTimeInterval(3_700))
        mail = try setup.mail(to: "mod1@example.org")
        #expect(mail.count == 2)
        let allTokens = Set(try (0..<60).map { try setup.token(of: "mod1@example.org", forPost: $0) })
        #expect(!allTokens.contains("") && allTokens.count == 60)
        #expect(Set(mail.flatMap(Self.approveTokens)) == allTokens)
        #expect(mail.flatMap(Self.approveTokens).count == 60)
    }
}
