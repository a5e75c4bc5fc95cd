import Foundation
import PraxisMail
import Testing

/// A retired sub-issue through the real binary and maildir: a member's post tagged to it is held
/// (not distributed) and its sender told the open sub-issues; the model never puts a post there;
/// `praxis circles` marks it; its archive stays (the posts recorded before retiring are still there).
@Suite("A retired sub-issue", .serialized)
final class RetiredSubIssueTests {
    let fixture: CommunityFixture
    private var delivered = 0

    static func configuration(retired: Bool) -> String {
        CommunityFixture.configuration(name: "Mobility", extra: """
            sub_issues:
              - id: cycling
                name: Cycling
              - id: parking
                name: Parking
                retired: \(retired)
              - id: hr
                name: Staffing
                protected: true
                members: [boss@example.org]
            delivery: {inner: immediate, outer: immediate}
            """)
    }

    init() throws {
        fixture = try CommunityFixture()
        try fixture.writeConfiguration(Self.configuration(retired: false))
    }

    func praxis(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    func deliver(from: String, subject: String) throws {
        delivered += 1
        try fixture.deliver(Array("""
            From: \(from)\r
            To: list@example.org\r
            Subject: \(subject)\r
            Message-ID: <retired-\(delivered)@example.net>\r
            \r
            Words about \(subject).\r

            """.utf8), as: CommunityFixture.uniqueName(delivered))
    }

    @Test func aTaggedPostIsHeldWithANoticeAndTheArchiveStays() throws {
        for address in ["ann@example.org", "bob@example.org"] { #expect(try praxis(["members", "add", address]).status == 0) }
        try deliver(from: "Ann <ann@example.org>", subject: "[parking] Before retiring")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        #expect(try fixture.count("SELECT count(*) FROM outbox WHERE kind = 'post'") == 1)

        try fixture.writeConfiguration(Self.configuration(retired: true))
        try deliver(from: "Ann <ann@example.org>", subject: "[parking] After retiring")
        try deliver(from: "Bob <bob@example.org>", subject: "[cycling] Lanes")
        let ingest = try praxis(["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
        #expect(try fixture.count("SELECT count(*) FROM outbox WHERE kind = 'post'") == 2, "only the cycling post went out")
        #expect(try fixture.count("SELECT count(*) FROM held_messages WHERE reason LIKE 'tagged to the retired sub-issue%'") == 1)
        let notices = try fixture.database().read("reading the notice") { db in
            try Data.fetchAll(db, sql: "SELECT message FROM outbox WHERE kind = 'notice' AND recipients = 'ann@example.org'")
        }
        #expect(notices.count == 1)
        let text = MailMessage(Array(notices.first ?? Data())).text
        #expect(text.contains("[cycling] Cycling") && text.contains("[general]"), "\(text)")
        #expect(!text.contains("Staffing"), "a protected sub-issue is never named to a sender")
        // The archive keeps what was written before.
        #expect(try fixture.count("SELECT count(*) FROM posts WHERE sub_issue = 'parking' AND kind = 'post'") == 1)

        let circles = try praxis(["circles", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(circles.out.utf8)) as? [String: Any]
        let parking = (object?["sub_issues"] as? [[String: Any]])?.first { $0["id"] as? String == "parking" }
        #expect(parking?["retired"] as? Bool == true)
        #expect(try praxis(["circles"]).out.contains("\nparking (retired)\n"))
    }
}
