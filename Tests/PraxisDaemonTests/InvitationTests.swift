import Foundation
import PraxisMail
import Testing

/// `praxis members invite` through the real binary (issue 21 item 2): the invitation leaves by the
/// outbox into a real maildir, its reply comes back into the incoming maildir, `praxis ingest
/// --once` joins the invitee (outer circle, default delivery) and `praxis members show` shows
/// them. A member is not invited, nor an address invited again within 14 days; nobody joins
/// without replying.
@Suite("Invitations", .serialized)
final class InvitationTests {
    let fixture: CommunityFixture

    init() throws {
        fixture = try CommunityFixture()
        try fixture.writeConfiguration("""
            community:
              name: Mobility
              list_address: list@example.org
              objectives: ["Exchange practice on cycling infrastructure"]
            paths:
              maildir: Maildir
              database: praxis.sqlite
            smtp:
              url: maildir:Outbox
            """)
    }

    func praxis(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    @Test func anInviteeJoinsByReplyingAndNobodyElseIsAdded() throws {
        #expect(try praxis(["members", "add", "ann@example.org"]).status == 0)
        let words = fixture.url.appendingPathComponent("message.txt")
        try Data("We would value your depot experience.\n".utf8).write(to: words)
        let invite = try praxis(["members", "invite", "Zoe@Example.org", "ann@example.org", "--message", words.path, "--json"])
        #expect(invite.status == 1, "one address was refused: \(invite.err)")
        let object = try JSONSerialization.jsonObject(with: Data(invite.out.utf8)) as? [String: Any]
        let results = (object?["invitations"] as? [[String: Any]] ?? []).compactMap { $0["result"] as? String }
        #expect(results == ["invited", "already_member"])
        #expect(try fixture.count("SELECT count(*) FROM members WHERE address = 'zoe@example.org'") == 0, "not joined by the invitation")

        // Again within two weeks: refused, politely.
        let again = try praxis(["members", "invite", "zoe@example.org"])
        #expect(again.status == 1)
        #expect(again.out.contains("not invited zoe@example.org: invited on"), "\(again.out)")

        // The invitation as it left.
        #expect(try praxis(["outbox", "flush"]).status == 0)
        let outgoing = fixture.url.appendingPathComponent("Outbox/new").path
        let sent = try #require(fixture.files(in: outgoing).first)
        let mail = MailMessage(Array(try Data(contentsOf: URL(fileURLWithPath: outgoing + "/" + sent))))
        #expect(mail.to.first?.address == "zoe@example.org")
        #expect(mail.text.contains("Exchange practice on cycling infrastructure"), "\(mail.text)")
        #expect(mail.text.contains("We would value your depot experience."))
        let subject = try #require(mail.subject)
        #expect(subject.hasPrefix("confirm "))

        // Zoe replies; her mail client adds "Re:" and quotes the invitation.
        try fixture.deliver(Array("""
            From: Zoe <zoe@example.org>\r
            To: list-request@example.org\r
            Subject: Re: \(subject)\r
            Message-ID: <zoe-reply@example.org>\r
            In-Reply-To: <\(mail.messageID ?? "")>\r
            \r
            Happy to join.\r

            """.utf8), as: CommunityFixture.uniqueName(1))
        let ingest = try praxis(["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
        let show = try praxis(["members", "show", "zoe@example.org", "--json"])
        #expect(show.status == 0, "\(show.err)")
        #expect(show.out.contains("\"status\": \"active\""), "\(show.out)")
        #expect(try fixture.strings("SELECT delivery FROM members WHERE address = 'zoe@example.org'") == ["default"])
    }
}
