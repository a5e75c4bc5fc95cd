import Foundation
import GRDB
import PraxisMail
import Testing

/// Issue 16: the impersonation defence. Posts whose From domain failed DMARC at our own MTA (an
/// `Authentication-Results` field with an authserv-id in `moderation.authserv_ids`) are held with
/// the reason, members' posts included; fields from other hosts, and fields below our MTA's own
/// (which the sender may have written), are not believed. Through the real binary and real files.
@Suite("Impersonation defence (DMARC)")
struct ImpersonationTests {
    static let ours = "mx.example.org"

    /// A post from alice, a member, with `authenticationResults` as the top of its header (each a
    /// whole field, topmost first), then the fields a sender writes.
    static func post(_ id: String, _ authenticationResults: [String]) -> [UInt8] {
        let fields = authenticationResults.map { "Authentication-Results: \($0)\r\n" }.joined()
        return Array("""
            Return-Path: <alice@example.org>\r
            Delivered-To: list@example.org\r
            Received: by mx.example.org (Postfix, from userid 0) id 4Q; Mon, 3 May 2004 10:00:01 +0000\r
            \(fields)From: Alice <alice@example.org>\r
            To: list@example.org\r
            Subject: Post \(id)\r
            Date: Mon, 3 May 2004 10:00:00 +0000\r
            Message-ID: <\(id)@example.org>\r
            \r
            Hello list, this is \(id).\r

            """.utf8)
    }

    /// A sender's own field sits below the MTA's Received line, as it came in the message.
    static func postWithForgedField(_ id: String, top: [String], forged: String) -> [UInt8] {
        let fields = top.map { "Authentication-Results: \($0)\r\n" }.joined()
        return Array("""
            Return-Path: <alice@example.org>\r
            Delivered-To: list@example.org\r
            \(fields)Received: from attacker.example (attacker.example [192.0.2.66]) by mx.example.org (Postfix) id 4R;\r
            \tMon, 3 May 2004 10:00:01 +0000\r
            Authentication-Results: \(forged)\r
            From: Alice <alice@example.org>\r
            To: list@example.org\r
            Subject: Post \(id)\r
            Date: Mon, 3 May 2004 10:00:00 +0000\r
            Message-ID: <\(id)@example.org>\r
            \r
            Hello list, this is \(id).\r

            """.utf8)
    }

    func praxis(_ fixture: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    func community(moderation: String) throws -> CommunityFixture {
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(CommunityFixture.configuration(extra: """
            circles:
              core: [mod@example.org]
            moderation:
            \(moderation)
            """))
        let check = try praxis(fixture, ["check-config"])
        #expect(check.status == 0, "\(check.err)")
        let added = try praxis(fixture, ["members", "add", "alice@example.org"])
        #expect(added.status == 0, "\(added.err)")
        return fixture
    }

    /// Each message's kind, by Message-ID without the domain.
    func kinds(_ fixture: CommunityFixture) throws -> [String: String] {
        try fixture.database().read("reading kinds") { db in
            var kinds: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT message_id, kind FROM posts") {
                let id: String = row[0]
                kinds[String(id.prefix { $0 != "@" })] = row[1]
            }
            return kinds
        }
    }

    @Test func aPostFailingDMARCAtOurMTAIsHeldWithTheReason() throws {
        let fixture = try community(moderation: "  authserv_ids: [MX.example.org]\n")
        let messages: [(String, [UInt8])] = [
            // rspamd's form, folded, with a quoted reason and a comment.
            ("rspamd-fail", Self.post("rspamd-fail", ["""
                mx.example.org;\r
                \tdkim=none;\r
                \tdmarc=fail reason="No valid SPF, No valid DKIM" header.from=example.org (policy=reject);\r
                \tspf=softfail (mx.example.org: domain of alice@example.org does not designate 192.0.2.66) smtp.mailfrom=alice@example.org
                """])),
            // OpenDMARC's form; OpenDKIM's field above it carries no DMARC result.
            ("opendmarc-fail", Self.post("opendmarc-fail", [
                "mx.example.org; dkim=none (no signatures found)",
                "mx.example.org; dmarc=fail (p=none dis=none) header.from=Example.ORG",
            ])),
            // OpenDMARC before 1.3 named the From domain header.d.
            ("old-opendmarc-fail", Self.post("old-opendmarc-fail", ["mx.example.org; dmarc=fail header.d=example.org"])),
            ("pass", Self.post("pass", ["mx.example.org; dmarc=pass (p=reject dis=none) header.from=example.org"])),
            // Another host's verdict means nothing here.
            ("other-host", Self.post("other-host", ["mail.attacker.example; dmarc=fail header.from=example.org"])),
            // A broken DMARC record at the author's domain is no sign of forgery.
            ("permerror", Self.post("permerror", ["mx.example.org; dmarc=permerror header.from=example.org"])),
            // A verdict about another domain is not about this From.
            ("other-domain", Self.post("other-domain", ["mx.example.org; dmarc=fail header.from=elsewhere.example"])),
            // The sender wrote a passing field with our authserv-id; our MTA's, above it, failed.
            ("forged-pass", Self.postWithForgedField(
                "forged-pass", top: ["mx.example.org; dmarc=fail (p=reject dis=none) header.from=example.org"],
                forged: "mx.example.org; dmarc=pass header.from=example.org")),
            // The sender wrote a failing field to get the post held; our MTA's, above it, passed.
            ("forged-fail", Self.postWithForgedField(
                "forged-fail", top: ["mx.example.org; dmarc=pass (p=reject dis=none) header.from=example.org"],
                forged: "mx.example.org; dmarc=fail header.from=example.org")),
        ]
        for (index, (_, bytes)) in messages.enumerated() {
            try fixture.deliver(bytes, as: CommunityFixture.uniqueName(index))
        }
        let ingest = try praxis(fixture, ["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
        #expect(try kinds(fixture) == [
            "rspamd-fail": "held", "opendmarc-fail": "held", "old-opendmarc-fail": "held", "forged-pass": "held",
            "pass": "post", "other-host": "post", "permerror": "post", "other-domain": "post", "forged-fail": "post",
        ])

        // The reason is where moderators look: the list, and the request each was mailed.
        let list = try praxis(fixture, ["moderation", "list", "--json"])
        #expect(list.status == 0, "\(list.err)")
        let held = (try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [String: Any])?["held"] as? [[String: Any]] ?? []
        #expect(held.count == 4)
        let reason = "DMARC failed for the From domain example.org at mx.example.org: the sender may be impersonating alice@example.org"
        #expect(held.allSatisfy { $0["reason"] as? String == reason }, "\(held)")
        let requests = try fixture.database().read("reading requests") { db in
            try Data.fetchAll(db, sql: "SELECT message FROM outbox WHERE kind = 'moderation'")
        }.map { MailMessage(Array($0)).text }
        #expect(requests.count == 4)
        #expect(requests.allSatisfy { $0.contains("DMARC failed for the From domain example.org") }, "\(requests.first ?? "")")
    }

    @Test func theDefenceIsOffWithoutAnAuthservIDOrWhenTurnedOff() throws {
        for moderation in ["  notices_per_hour: 10\n", "  authserv_ids: [mx.example.org]\n  hold_on_dmarc_fail: false\n"] {
            let fixture = try community(moderation: moderation)
            try fixture.deliver(Self.post("fail", ["mx.example.org; dmarc=fail header.from=example.org"]),
                                as: CommunityFixture.uniqueName(1))
            let ingest = try praxis(fixture, ["ingest", "--once"])
            #expect(ingest.status == 0, "\(ingest.err)")
            #expect(try kinds(fixture) == ["fail": "post"], "with \(moderation)")
        }
    }

    @Test func holdingWithoutAnAuthservIDIsAConfigurationError() throws {
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(CommunityFixture.configuration(extra: """
            moderation:
              hold_on_dmarc_fail: true
            """))
        let check = try praxis(fixture, ["check-config"])
        #expect(check.status == 1)
        #expect(check.err.contains(": moderation.hold_on_dmarc_fail: "), "\(check.err)")
        #expect(check.err.contains("moderation.authserv_ids"), "\(check.err)")
    }
}
