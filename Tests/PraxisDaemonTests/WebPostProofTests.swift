import Foundation
import GRDB
import PraxisMail
import PraxisStore
import Testing

/// Issue 20 item 4's must-hold: a web post carries a proof (`X-Praxis-Web-Proof`) that ingest
/// verifies, and mail that copies a web post's headers is not accepted as one. Through the real
/// binary, the real maildir and store. The community checks DMARC at `mx.example.org`, and every
/// message below arrives with that MTA's `dmarc=fail`: the verdict a forgery gets. A valid proof
/// stands in for From authentication, so only a genuine web post gets past it.
@Suite("Web post proof at ingest")
struct WebPostProofTests {
    static let date = "Sun, 6 Dec 2026 18:00:00 +0000"
    static let failedDMARC = "Authentication-Results: mx.example.org; dmarc=fail (p=reject dis=none) header.from=example.org\r\n"

    static func message(from: String, id: String, date: String = date, proof: String?, body: String, mta: Bool = true) -> [UInt8] {
        Array("""
            \(mta ? failedDMARC : "")From: <\(from)>\r
            To: list@example.org\r
            Subject: From the web\r
            Date: \(date)\r
            Message-ID: <\(id)>\r
            \(proof.map { "X-Praxis-Web-Proof: \($0)\r\n" } ?? "")MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(body)\r

            """.utf8)
    }

    func praxis(_ fixture: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    /// Kind of each recorded message by Message-ID.
    func kinds(_ fixture: CommunityFixture) throws -> [String: String] {
        try fixture.database().read("reading kinds") { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT message_id, kind FROM posts").map { ($0[0], $0[1]) })
        }
    }

    @Test func aForgedCopyOfAWebPostIsNotAcceptedAsOneAndAReplayIsADuplicate() throws {
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(CommunityFixture.configuration(extra: "moderation:\n  authserv_ids: [mx.example.org]\n"))
        for address in ["alice@example.org", "bob@example.org"] {
            let added = try praxis(fixture, ["members", "add", address])
            try #require(added.status == 0, "\(added.err)")
        }
        let signer = try fixture.database().webPostSigner()
        let proof = signer.proof(messageID: "web-1@example.org", sender: "alice@example.org", date: Self.date)
        let messages = [
            Self.message(from: "alice@example.org", id: "web-1@example.org", proof: proof, body: "Alice wrote this on the web."),
            // Alice's proof on Bob's address: the forger is a member too.
            Self.message(from: "bob@example.org", id: "forged-from@example.org", proof: proof, body: "Not Bob."),
            Self.message(from: "alice@example.org", id: "forged-id@example.org", proof: proof, body: "Another Message-ID."),
            Self.message(from: "alice@example.org", id: "web-1@example.org", date: "Sun, 6 Dec 2026 18:00:01 +0000", proof: proof,
                         body: "Another Date, so the same Message-ID with other content."),
            Self.message(from: "alice@example.org", id: "invented@example.org", proof: "v1 " + String(repeating: "0", count: 64),
                         body: "An invented proof."),
        ]
        for (index, bytes) in messages.enumerated() { try fixture.deliver(bytes, as: CommunityFixture.uniqueName(index)) }
        let ingest = try praxis(fixture, ["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
        #expect(try kinds(fixture) == [
            "web-1@example.org": "post", "forged-from@example.org": "held", "forged-id@example.org": "held",
            "invented@example.org": "held",
        ])
        #expect(try fixture.count("SELECT count(*) FROM duplicates WHERE message_id = 'web-1@example.org'") == 1,
                "the copy with another Date is a duplicate of the web post, not a post")

        // Replayed whole (proof, Message-ID, sender and Date as they were) with other text: a duplicate.
        try fixture.deliver(Self.message(from: "alice@example.org", id: "web-1@example.org", proof: proof, body: "Replayed."),
                            as: CommunityFixture.uniqueName(10))
        #expect(try praxis(fixture, ["ingest", "--once"]).status == 0)
        #expect(try fixture.count("SELECT count(*) FROM posts WHERE message_id = 'web-1@example.org'") == 1)
        #expect(try fixture.count("SELECT count(*) FROM duplicates WHERE message_id = 'web-1@example.org'") == 2)
        #expect(try fixture.count("SELECT count(*) FROM post_texts WHERE text LIKE '%Replayed%'") == 0)
    }

    @Test func aClaimWithoutAValidProofIsOrdinaryMailAndNoListCopyCarriesTheField() throws {
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(CommunityFixture.configuration(extra: "delivery: {inner: immediate, outer: immediate}\n"))
        for address in ["alice@example.org", "bob@example.org"] {
            #expect(try praxis(fixture, ["members", "add", address]).status == 0)
        }
        let signer = try fixture.database().webPostSigner()
        let good = signer.proof(messageID: "good@example.org", sender: "alice@example.org", date: Self.date)
        try fixture.deliver(Self.message(from: "alice@example.org", id: "good@example.org", proof: good, body: "Genuine.", mta: false),
                            as: CommunityFixture.uniqueName(1))
        try fixture.deliver(Self.message(from: "alice@example.org", id: "claim@example.org", proof: "v1 not-a-proof", body: "Mail.", mta: false),
                            as: CommunityFixture.uniqueName(2))
        #expect(try praxis(fixture, ["ingest", "--once"]).status == 0)
        // Without a DMARC check, mail from a member is a post whatever it claims: ordinary mail.
        #expect(try kinds(fixture) == ["good@example.org": "post", "claim@example.org": "post"])
        let copies = try fixture.database().read("reading list copies") { db in
            try Data.fetchAll(db, sql: """
                SELECT o.message || coalesce(b.bytes, x'') FROM outbox o LEFT JOIN outbox_bodies b ON b.id = o.body_id WHERE o.kind = 'post'
                """)
        }
        #expect(copies.count >= 2, "each post went to the other member at least")
        for copy in copies {
            #expect(MailMessage(Array(copy)).headers(WebPostSigner.fieldName).isEmpty)
        }
    }
}
