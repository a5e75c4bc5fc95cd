import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
import GRDB
import Logging
import PraxisMail
import PraxisTestSupport
import Testing
@testable import PraxisDaemon

/// Issue 21 item 7, the must-hold: a closed community (`community.state: closed`) through the real
/// binary and a real maildir. Three posts from one sender and one from another in a day get exactly
/// one automatic reply each, also across a second ingest; robots get none; nothing is distributed;
/// the posts are recorded and the archive still serves them over HTTP; `unsubscribe` by mail still
/// works, confirmation included. The farewell goes once, after the last digest.
@Suite("A closed community", .serialized)
final class ClosedCommunityTests {
    let fixture: CommunityFixture
    private var delivered = 0

    static func configuration(state: String, port: Int = 0, extra: String = "") -> String {
        """
        community:
          name: Mobility
          list_address: list@example.org
          state: \(state)
          successor: https://forum.example.org/mobility
        paths:
          maildir: Maildir
          database: praxis.sqlite
        \(extra)
        """
    }

    static func distributing(state: String, port: Int = 0) -> String {
        configuration(state: state, port: port, extra: """
            smtp:
              url: maildir:Outbox
            sub_issues:
              - id: cycling
                name: Cycling
            delivery: {inner: immediate, outer: immediate}
            web:
              listen: 127.0.0.1:\(port)
              base_url: https://cop.example.org/mobility/
              audience: public
            """)
    }

    init() throws {
        fixture = try CommunityFixture()
        try fixture.writeConfiguration(Self.distributing(state: "open"))
    }

    func praxis(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url) else {
            Issue.record("the praxis binary is missing")
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    func deliver(from: String, to: String = "list@example.org", subject: String, body: String = "Some words.", extra: String = "") throws {
        delivered += 1
        try fixture.deliver(Array("""
            From: \(from)\r
            To: \(to)\r
            Subject: \(subject)\r
            Date: Sun, 6 Dec 2026 10:\(String(format: "%02d", delivered)):00 +0000\r
            Message-ID: <closed-\(delivered)@example.net>\r
            \(extra)\r
            \(body)\r

            """.utf8), as: CommunityFixture.uniqueName(delivered))
    }

    func outbox(_ condition: String) throws -> Int {
        try fixture.count("SELECT count(*) FROM outbox WHERE \(condition)")
    }

    @Test func answersOncePerSenderADayDistributesNothingAndKeepsArchiveAndUnsubscribe() async throws {
        for address in ["ann@example.org", "bob@example.org", "cem@example.org"] {
            #expect(try praxis(["members", "add", address]).status == 0)
        }
        // While open, a post is distributed: the configuration is one that distributes.
        try deliver(from: "Ann <ann@example.org>", subject: "[cycling] Before closing")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        #expect(try outbox("kind = 'post'") == 2)

        try fixture.writeConfiguration(Self.distributing(state: "closed"))
        #expect(try praxis(["check-config"]).status == 0)
        for index in 1...3 {
            try deliver(from: "Ann <ann@example.org>", subject: "[cycling] Still here \(index)", body: "Lanes matter \(index).")
        }
        try deliver(from: "Bob <bob@example.org>", subject: "Hello?")
        // Robots and ourselves get nothing (RFC 3834).
        try deliver(from: "Away <away@example.org>", subject: "Out of office", extra: "Auto-Submitted: auto-replied\r\n")
        try deliver(from: "Other list <news@example.com>", subject: "News", extra: "List-Id: <news.example.com>\r\n")
        let ingest = try praxis(["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")

        #expect(try outbox("kind = 'post'") == 2, "nothing distributed after closing")
        #expect(try outbox("kind = 'reply' AND recipients = 'ann@example.org'") == 1)
        #expect(try outbox("kind = 'reply' AND recipients = 'bob@example.org'") == 1)
        #expect(try outbox("kind = 'reply'") == 2)
        #expect(try fixture.count("SELECT count(*) FROM posts WHERE kind = 'post'") == 5, "nothing lost")

        // A restart and another post the same day: still one reply.
        try deliver(from: "Ann <ann@example.org>", subject: "Anyone?")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        #expect(try outbox("kind = 'reply' AND recipients = 'ann@example.org'") == 1)

        // The reply, as it would leave: automatic, polite, says where the conversation went.
        let replyBytes = try fixture.database().read("reading the reply") { db in
            try Data.fetchOne(db, sql: "SELECT message FROM outbox WHERE kind = 'reply' AND recipients = 'ann@example.org'")
        }
        let reply = MailMessage(Array(replyBytes ?? Data()))
        #expect(reply.header("auto-submitted") == "auto-replied")
        #expect(reply.text.contains("https://forum.example.org/mobility"), "\(reply.text)")
        #expect(reply.text.contains("https://cop.example.org/mobility/"), "\(reply.text)")

        // Unsubscribe by mail still works: the request, the token mailed back, the confirmation.
        try deliver(from: "Cem <cem@example.org>", to: "list-request@example.org", subject: "unsubscribe")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        let request = try fixture.database().read("reading the confirmation") { db in
            try String.fetchOne(db, sql: "SELECT token FROM confirmations WHERE address = 'cem@example.org'")
        }
        let token = try #require(request)
        try deliver(from: "Cem <cem@example.org>", to: "list-request@example.org", subject: "confirm \(token)")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        #expect(try fixture.strings("SELECT status FROM members WHERE address = 'cem@example.org'") == ["unsubscribed"])
        #expect(try outbox("kind = 'reply' AND recipients = 'cem@example.org'") == 2, "both commands answered, no closing notice")
        // A subscription is not carried out: it gets the day's automatic reply instead of a token.
        try deliver(from: "Dan <dan@example.org>", to: "list-request@example.org", subject: "subscribe")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        #expect(try fixture.count("SELECT count(*) FROM confirmations WHERE address = 'dan@example.org'") == 0)
        #expect(try outbox("kind = 'reply' AND recipients = 'dan@example.org'") == 1)

        // The archive still serves the thread written before closing and the posts after it.
        let port = try freePort()
        try fixture.writeConfiguration(Self.distributing(state: "closed", port: port))
        guard let child = try PraxisChild(["web", "--config", fixture.configPath], in: fixture.url) else { return }
        defer { child.signal(SIGTERM); _ = child.wait(timeout: .seconds(30)) }
        let deadline = ContinuousClock.now + .seconds(30)
        while !child.standardError.contains("archive at"), child.process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        let (data, response) = try await URLSession.shared.data(from: #require(URL(string: "http://127.0.0.1:\(port)/mobility/t/closed-1@example.net/")))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("Before closing"))
        let (after, afterResponse) = try await URLSession.shared.data(from: #require(URL(string: "http://127.0.0.1:\(port)/mobility/t/closed-2@example.net/")))
        #expect((afterResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: after, as: UTF8.self).contains("Lanes matter 1."))
    }

    /// The last digest and the farewell go out once, however often the scheduler looks.
    @Test func farewellGoesOnceAfterTheLastDigest() async throws {
        try fixture.writeConfiguration(Self.configuration(state: "closed", extra: """
            digests:
              - {name: weekly, schedule: "weekly mon 07:00", audience: outer}
            """))
        for address in ["ann@example.org", "bob@example.org"] {
            #expect(try praxis(["members", "add", address]).status == 0)
        }
        try deliver(from: "Ann <ann@example.org>", subject: "A last word")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        let first = try await DigestScheduler.sendFarewellIfDue(DigestRun(instance: try instance()), now: Date())
        let digests = try outbox("kind = 'digest'")
        #expect(digests > 0, "the last digest carries the last post")
        #expect(first == DigestScheduler.Farewell(digests: digests, notices: 2))
        #expect(try outbox("kind = 'notice' AND CAST(message AS TEXT) LIKE '%Subject: Mobility: farewell%'") == 2)
        // The digest goes before the farewell.
        #expect(try fixture.count("SELECT max(id) FROM outbox WHERE kind = 'digest'") < fixture.count("SELECT min(id) FROM outbox WHERE kind = 'notice'"))
        // A restart: the scheduler looks again and finds it done.
        let again = try await DigestScheduler.sendFarewellIfDue(DigestRun(instance: try instance()), now: Date().addingTimeInterval(60))
        #expect(again == nil)
        #expect(try outbox("kind = 'notice'") == 2)
        #expect(try outbox("kind = 'digest'") == digests)
    }

    func instance() throws -> CommunityInstance {
        try CommunityInstance(configuration: ConfigurationLoader.load(path: fixture.configPath), logger: Logger(label: "test"))
    }
}
