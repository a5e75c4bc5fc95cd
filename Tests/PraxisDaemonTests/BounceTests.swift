import Foundation
import GRDB
import PraxisCommunity
import PraxisDaemon
import PraxisMail
import PraxisStore
import Testing

/// Bounces through real ingest: VERP and RFC 3464 reports (real ones from the MIME corpus when it
/// is there, and our own), the score, disabling with notices, the daily cap and the reset.
@Suite("Bounces")
struct BounceTests {
    static let config = """
        circles:
          core: [mod@example.org]
        """

    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/corpora/mime").standardizedFileURL.path

    static func corpusFile(_ name: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: corpus + "/" + name) else {
            print("note: \(corpus)/\(name) is absent; skipping the part of this test that reads it")
            return nil
        }
        return [UInt8](data)
    }

    /// A DSN of our own making: Postfix's shape, for `recipient`, with `status` and `action`.
    static func dsn(to envelope: String, recipient: String, status: String, action: String = "failed", id: String) -> String {
        """
        Delivered-To: \(envelope)
        From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
        To: \(envelope)
        Subject: Undelivered Mail Returned to Sender
        Auto-Submitted: auto-replied
        Message-ID: <\(id)>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="B"

        --B
        Content-Type: text/plain

        I'm sorry to have to inform you that your message could not be delivered.
        --B
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net

        Final-Recipient: rfc822; \(recipient)
        Original-Recipient: rfc822;\(recipient)
        Action: \(action)
        Status: \(status)
        Diagnostic-Code: smtp; 550 \(status) User unknown
        --B--
        """
    }

    static let verp = "list-bounces+bob=example.org@example.org"

    @Test func verpBounceWithAReportScoresByItsStatus() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("bob@example.org")
        try await fixture.ingest(Self.dsn(to: Self.verp, recipient: "bob@other.example.net", status: "5.1.1", id: "b1@mx"))
        #expect(try fixture.member("bob@example.org").score == 1.0)
        #expect(try fixture.count("SELECT count(*) FROM posts WHERE kind = 'bounce'") == 1)
        #expect(try fixture.postCopies().isEmpty)
    }

    @Test func softBounceScoresHalf() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("bob@example.org")
        try await fixture.ingest(Self.dsn(to: Self.verp, recipient: "bob@example.org", status: "4.2.2", action: "delayed", id: "b2@mx"))
        #expect(try fixture.member("bob@example.org").score == 0.5)
    }

    /// Reports of success, and auto-replies that reach the VERP address, are not failures.
    @Test func deliveredReportsAndVacationRepliesAreNotCounted() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("bob@example.org")
        try await fixture.ingest(Self.dsn(to: Self.verp, recipient: "bob@example.org", status: "2.0.0", action: "delivered", id: "b3@mx"))
        try await fixture.ingest("""
            Delivered-To: \(Self.verp)
            From: Bob <bob@example.org>
            To: \(Self.verp)
            Subject: Out of office: New bike lane
            Auto-Submitted: auto-replied
            Message-ID: <oof@example.org>

            I am away until Monday.
            """)
        #expect(try fixture.member("bob@example.org").score == 0)
        #expect(try fixture.count("SELECT count(*) FROM posts") == 2)
    }

    /// A DSN sent to the list (no VERP) names the member in Final-/Original-Recipient.
    @Test func reportWithoutVerpIsTracedByItsRecipient() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("carol@example.org")
        try await fixture.ingest(Self.dsn(to: "list@example.org", recipient: "carol@example.org", status: "5.0.0", id: "b4@mx"))
        #expect(try fixture.member("carol@example.org").score == 1.0)
    }

    /// Real DSNs from other projects' test suites: AOL (mailbox full, 5.2.2), Fastmail (5.0.0),
    /// and a Sendmail "delayed" report with status 4.0.0.
    @Test func realReportsFromTheCorpus() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("user@aol.com")
        try fixture.addMember("htfgvhyufthdgcvhgjyfthgc@ethereal.email")
        try fixture.addMember("foo@example.com")
        guard let aol = Self.corpusFile("flanker/tests__fixtures__messages__bounce__mailbox-full.eml"),
              let fastmail = Self.corpusFile("postal-mime/test__fixtures__bounce.eml"),
              let delayed = Self.corpusFile("flanker/tests__fixtures__messages__bounce__delayed.eml")
        else { return }
        // The AOL report as it would reach us: to our VERP address for that member.
        try await fixture.ingest(Array("Delivered-To: list-bounces+user=aol.com@example.org\n".utf8) + aol)
        try await fixture.ingest(fastmail)
        try await fixture.ingest(delayed)
        #expect(try fixture.member("user@aol.com").score == 1.0)
        #expect(try fixture.member("htfgvhyufthdgcvhgjyfthgc@ethereal.email").score == 1.0)
        #expect(try fixture.member("foo@example.com").score == 0.5)
        let report = try #require(MailMessage(aol).deliveryStatusReport)
        #expect(report.recipients.map(\.finalRecipient) == ["user@aol.com"])
        #expect(report.recipients.first?.status == "5.2.2")
        #expect(report.recipients.first?.isPermanentFailure == true)
    }

    /// Mailman's rules: one bounce a day counts; at the threshold delivery stops, with a notice to
    /// the member and to the core group; a disabled member gets no posts and no further score;
    /// a score quiet for reset_days starts over.
    @Test func scoreDisablesDeliveryAndResetsAfterQuietDays() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("alice@example.org", standings: ["general": "inner"])
        try fixture.addMember("mod@example.org")
        try fixture.addMember("bob@example.org", standings: ["general": "inner"])
        try fixture.addMember("dave@example.org", standings: ["general": "inner"])
        let now = Date().timeIntervalSince1970
        try await fixture.database.write("setting scores") { db in
            try db.execute(sql: "UPDATE members SET bounce_score = 4.5, last_bounce_at = ? WHERE address = 'bob@example.org'",
                           arguments: [now - 86_400])
            try db.execute(sql: "UPDATE members SET bounce_score = 4.5, last_bounce_at = ? WHERE address = 'dave@example.org'",
                           arguments: [now - 10 * 86_400])
        }
        try await fixture.ingest(Self.dsn(to: Self.verp, recipient: "bob@example.org", status: "5.1.1", id: "d1@mx"))
        try await fixture.ingest(Self.dsn(to: "list-bounces+dave=example.org@example.org", recipient: "dave@example.org",
                                          status: "5.1.1", id: "d2@mx"))
        let bob = try fixture.member("bob@example.org")
        #expect(bob.status == "disabled")
        #expect(bob.score == 5.5)
        #expect(bob.disabledAt != nil)
        #expect(try fixture.member("dave@example.org").score == 1.0)
        #expect(try fixture.member("dave@example.org").status == "active")

        let notices = try fixture.notices()
        #expect(Set(notices.map(\.recipient)) == ["bob@example.org", "mod@example.org"])
        for notice in notices {
            #expect(notice.message.header("auto-submitted") == "auto-generated")
            #expect(notice.message.from.first?.address == "list-owner@example.org")
        }
        #expect(notices.first { $0.recipient == "mod@example.org" }?.message.subject?.contains("bob@example.org") == true)

        // Later the same day: dave's second bounce does not count; bob's is ignored.
        try await fixture.ingest(Self.dsn(to: "list-bounces+dave=example.org@example.org", recipient: "dave@example.org",
                                          status: "5.1.1", id: "d3@mx"))
        #expect(try fixture.member("dave@example.org").score == 1.0)
        try await fixture.ingest(Self.dsn(to: Self.verp, recipient: "bob@example.org", status: "5.1.1", id: "d4@mx"))
        #expect(try fixture.member("bob@example.org").score == 5.5)
        #expect(try fixture.notices().count == 2)

        // A disabled member is not distributed to.
        try await fixture.ingest(post(subject: "After", id: "after@example.org"))
        #expect(Set(try fixture.postCopies().map(\.recipient)) == ["mod@example.org", "dave@example.org"])

        let status = try fixture.database.bounceStatus(resetDays: 7)
        #expect(status.bouncing == 1)
        #expect(status.disabled.map(\.address) == ["bob@example.org"])
    }

    /// The outbox worker's 5xx replies count as hard bounces.
    @Test func permanentSMTPFailureCountsAsHardBounce() throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("erin@example.org")
        let recorder = fixture.instance.configuration.bounceRecorder
        let outcomes = try fixture.database.write("a 5xx reply") { db in
            [
                try BounceRecorder.recordPermanentFailure(
                    address: "Erin@Example.org", diagnostic: "550 5.1.1 no such user", using: recorder, in: db),
                try BounceRecorder.recordPermanentFailure(
                    address: "nobody@example.org", diagnostic: "550", using: recorder, in: db),
            ]
        }
        #expect(outcomes == [.scored(1.0), .notAMember])
        #expect(try fixture.member("erin@example.org").score == 1.0)
    }

    /// `praxis status` shows who bounces and whose delivery is off.
    @Test func statusShowsBounces() throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("bob@example.org", status: "disabled")
        try fixture.database.write("disabling") { db in
            try db.execute(sql: "UPDATE members SET bounce_score = 5, bounce_disabled_at = 1000 WHERE address = 'bob@example.org'")
        }
        guard let json = try PraxisChild.run(["status", "--json", "--config", fixture.community.configPath], in: fixture.community.url),
              let text = try PraxisChild.run(["status", "--config", fixture.community.configPath], in: fixture.community.url)
        else { return }
        #expect(json.0 == 0, "\(json.2)")
        let object = try JSONSerialization.jsonObject(with: Data(json.1.utf8)) as? [String: Any]
        let bounces = object?["bounces"] as? [String: Any]
        #expect(bounces?["disabled"] as? Int == 1)
        #expect(bounces?["disabled_members"] as? [String] == ["bob@example.org"])
        #expect(text.1.contains("disabled     bob@example.org since 1970-01-01T00:16:40Z"))
    }
}

extension OutboundFixture {
    func count(_ sql: String) throws -> Int {
        try database.read("counting") { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}
