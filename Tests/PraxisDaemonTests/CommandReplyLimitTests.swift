import Foundation
import GRDB
import PraxisMail
import Testing

/// Issue 16, finding 7: 500 command mails with a forged From got 500 replies and 150 confirmation
/// tokens. Through the real binary: command mails in a real maildir, `praxis ingest --once`, then
/// the outbox, the store and `praxis status` read back. At most `moderation.command_replies_per_hour`
/// replies go to one address in any hour (a sliding window); the rest are recorded, carried out
/// never, answered never, and draw no token.
@Suite("Command replies per address and hour")
final class CommandReplyLimitTests {
    let fixture: CommunityFixture
    private var delivered = 0


    init() throws {
        fixture = try CommunityFixture()
        // No moderation key: the documented default of 10 applies.
        try fixture.writeConfiguration(CommunityFixture.configuration())
    }

    /// Delivers `count` messages to the request address from `from`, each asking to subscribe.
    func deliverCommands(_ count: Int, from: String) throws {
        for _ in 0..<count {
            delivered += 1
            try fixture.deliver(Array("""
                From: \(from)\r
                To: list-request@example.org\r
                Subject: subscribe\r
                Message-ID: <command-\(delivered)@example.net>\r
                \r
                subscribe\r

                """.utf8), as: CommunityFixture.uniqueName(delivered))
        }
    }

    func praxis(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    func replies(to address: String) throws -> Int {
        try fixture.count("SELECT count(*) FROM outbox WHERE kind = 'reply' AND recipients = '\(address)'")
    }

    func tokens(for address: String) throws -> Int {
        try fixture.count("SELECT count(*) FROM confirmations WHERE address = '\(address)'")
    }

    func statusObject() throws -> [String: Any] {
        let run = try praxis(["status", "--json"])
        #expect(run.status == 0, "\(run.err)")
        return (try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func thirtyCommandsInAnHourGetTenRepliesAndTheWindowSlides() throws {
        let victim = "victim@example.org"
        try deliverCommands(30, from: "Victim <\(victim)>")
        var ingest = try praxis(["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")

        // All 30 are recorded; 10 are answered, each with its token; 20 are not, and drew none.
        #expect(try fixture.count("SELECT count(*) FROM posts WHERE kind = 'command'") == 30)
        #expect(try replies(to: victim) == 10)
        #expect(try tokens(for: victim) == 10)
        #expect(try fixture.count("SELECT count(*) FROM outbox") == 10)
        #expect(try fixture.count("SELECT count(*) FROM command_replies WHERE address = '\(victim)' AND answered = 1") == 10)
        #expect(try fixture.count("SELECT count(*) FROM command_replies WHERE address = '\(victim)' AND answered = 0") == 20)
        // The tenth reply says that this is the last one for now.
        let last = try fixture.database().read("reading the last reply") { db in
            try Data.fetchOne(db, sql: "SELECT message FROM outbox WHERE kind = 'reply' ORDER BY id DESC LIMIT 1")
        }
        let lastText = MailMessage(Array(last ?? Data())).text
        #expect(lastText.contains("We answer at most 10 messages from one address in an hour"), "\(lastText)")

        // `praxis status`: a new field; the existing ones are all still there, unchanged.
        var status = try statusObject()
        #expect(status["commands_unanswered"] as? Int == 20)
        #expect(status["posts"] as? Int == 30)
        #expect(status["held"] as? Int == 0)
        #expect(status["members"] as? Int == 0)
        #expect(status["quarantined"] as? Int == 0)
        #expect((status["outbox"] as? [String: Int])?["queued"] == 10)
        #expect(Set(status.keys).isSuperset(of: [
            "community", "posts", "threads", "duplicates", "members", "quarantined", "held", "held_waiting_for_summary",
            "waiting_in_maildir", "outbox", "bounces", "last_scan", "warnings",
        ]))
        let human = try praxis(["status"])
        #expect(human.out.contains("  commands     20 not answered (over moderation.command_replies_per_hour, 10 per address)\n"),
                "\(human.out)")
        #expect(human.out.contains("warning: 20 command messages from 1 address were not answered in the last 24 hours"),
                "\(human.out)")

        // Another address has its own budget.
        try deliverCommands(1, from: "other@example.org")
        ingest = try praxis(["ingest", "--once"])
        #expect(try replies(to: "other@example.org") == 1)

        // Time passes, in the store: half the replies were 61 minutes ago, half 30 minutes ago.
        // The window slides: five have left it, so five more are answered, and no more.
        try fixture.database().write("moving the replies back in time") { db in
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM command_replies WHERE address = ? AND answered = 1 ORDER BY id
                """, arguments: [victim])
            for (index, id) in ids.enumerated() {
                try db.execute(sql: "UPDATE command_replies SET received_at = received_at - ? WHERE id = ?",
                               arguments: [index < 5 ? 3_660 : 1_800, id])
            }
        }
        try deliverCommands(10, from: victim)
        ingest = try praxis(["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
        #expect(try replies(to: victim) == 15)
        #expect(try tokens(for: victim) == 15)
        status = try statusObject()
        #expect(status["commands_unanswered"] as? Int == 25)
    }

    @Test func zeroAnswersNoCommandAtAll() throws {
        try fixture.writeConfiguration(CommunityFixture.configuration(extra: """
            moderation:
              command_replies_per_hour: 0
            """))
        try deliverCommands(3, from: "someone@example.org")
        let ingest = try praxis(["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
        #expect(try fixture.count("SELECT count(*) FROM posts WHERE kind = 'command'") == 3)
        #expect(try fixture.count("SELECT count(*) FROM outbox") == 0)
        #expect(try fixture.count("SELECT count(*) FROM confirmations") == 0)
        #expect(try statusObject()["commands_unanswered"] as? Int == 3)
    }
}
