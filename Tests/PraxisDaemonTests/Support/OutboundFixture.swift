import Foundation
import GRDB
import Logging
import PraxisDaemon
import PraxisMail
import PraxisStore

/// A community opened in-process, for tests that ingest real maildir files and then look at the
/// outbox and the members table the follow-ups wrote.
final class OutboundFixture {
    let community: CommunityFixture
    let instance: CommunityInstance

    /// `extra` is YAML appended to the fixture's configuration (list:, circles:, sub_issues: …).
    init(name: String = "Mobility CoP", extra: String = "") throws {
        community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(name: name, extra: extra))
        instance = try CommunityInstance.open(configurationPath: community.configPath, logger: Logger(label: "test"))
    }

    var database: PraxisDatabase { instance.database }

    /// Adds an active member; `standings` are per sub-issue `member_sub_issue` rows.
    @discardableResult
    func addMember(
        _ address: String, name: String? = nil, delivery: String = "default", status: String = "active",
        standings: [String: String] = [:], override: [String: String] = [:], follow: [String: String] = [:]
    ) throws -> Int64 {
        let member = try database.addMember(address: address, name: name, joinedAt: Date(timeIntervalSince1970: 0))
        let id = member.id ?? 0
        // Standings given since yesterday: a fresh promotion, within its tenure, so the standing
        // the test sets is the one the post is distributed under (the circles policy would demote
        // an "inner" member without any post for months).
        let since = Date().timeIntervalSince1970 - 86_400
        try database.write("setting up a member") { db in
            try db.execute(sql: "UPDATE members SET delivery = ?, status = ? WHERE id = ?", arguments: [delivery, status, id])
            for subIssue in Set(standings.keys).union(override.keys).union(follow.keys) {
                try db.execute(sql: """
                    INSERT INTO member_sub_issue (member_id, sub_issue, standing, since, delivery_override, follow)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [id, subIssue, standings[subIssue] ?? "outer", since, override[subIssue], follow[subIssue] ?? "default"])
            }
        }
        return id
    }

    private var delivered = 0

    /// Delivers `text` (LF line ends, as maildir files have them) and ingests it.
    func ingest(_ text: String) async throws {
        try await ingest(Array(text.utf8))
    }

    func ingest(_ bytes: [UInt8]) async throws {
        delivered += 1
        try community.deliver(bytes, as: CommunityFixture.uniqueName(delivered))
        try await instance.makeIngestor().drainNew()
    }

    /// The queued copies of posts: recipient, envelope sender and the message parsed back.
    func postCopies() throws -> [(recipient: String, envelope: String, message: MailMessage)] {
        try database.read("reading the outbox") { db in
            // A post's copy is a shared body (outbox_bodies): read each row's whole message.
            try Row.fetchAll(db, sql: "SELECT id, recipients, envelope_sender FROM outbox WHERE kind = 'post' ORDER BY id")
                .map { row in
                    let bytes = try PraxisDatabase.outboxMessage(id: row["id"], in: db) ?? []
                    return (row["recipients"], row["envelope_sender"], MailMessage(bytes))
                }
        }
    }

    func notices() throws -> [(recipient: String, message: MailMessage)] {
        try database.read("reading the outbox") { db in
            try Row.fetchAll(db, sql: "SELECT recipients, message FROM outbox WHERE kind = 'notice' ORDER BY id")
                .map { row in
                    let data: Data = row["message"]
                    return (row["recipients"], MailMessage([UInt8](data)))
                }
        }
    }

    func member(_ address: String) throws -> (status: String, score: Double, disabledAt: Double?) {
        try database.read("reading a member") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT status, bounce_score, bounce_disabled_at FROM members WHERE address = ?",
                                             arguments: [address]) else { return ("absent", 0, nil) }
            return (row["status"], row["bounce_score"], row["bounce_disabled_at"])
        }
    }
}

/// A post as a member's mail client writes it, LF line ends, dated now: a live post, so the
/// standings evaluated on it see an active member.
func post(
    from: String = "Alice Example <alice@example.org>", subject: String, id: String, extraHeaders: String = "",
    contentType: String = "text/plain; charset=utf-8", body: String = "Hello all,\nwe opened the new bike lane.\n"
) -> String {
    """
    From: \(from)
    To: list@example.org
    Subject: \(subject)
    Date: \(formatMailDate(Date()))
    Message-ID: <\(id)>
    MIME-Version: 1.0
    Content-Type: \(contentType)
    \(extraHeaders.isEmpty ? "" : extraHeaders + "\n")
    \(body)
    """
}
