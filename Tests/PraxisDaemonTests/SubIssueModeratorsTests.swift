import Foundation
import GRDB
import PraxisCommunity
import PraxisStore
import Testing

/// `sub_issues[].moderators` through real ingest and the real binary: a held post of a sub-issue
/// goes to its moderators besides the core group, and to no other sub-issue's; they decide on it;
/// `praxis circles` shows them as core there only.
@Suite("Moderators per sub-issue")
struct SubIssueModeratorsTests {
    static let configuration = CommunityFixture.configuration(extra: """
        circles:
          core: [mod1@example.org]
        sub_issues:
          - {id: cycling, moderators: [Cyc@Example.org]}
          - {id: parking, moderators: [park@example.org]}
        """)

    func praxis(_ community: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", community.configPath], in: community.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    /// Moderation requests per held post's Message-ID: who was asked.
    func asked(_ community: CommunityFixture) throws -> [String: [String]] {
        let rows = try community.database().read("reading the requests") { db in
            try Row.fetchAll(db, sql: """
                SELECT p.message_id AS id, c.address AS moderator FROM confirmations c
                JOIN held_messages h ON h.id = CAST(c.payload AS INTEGER) JOIN posts p ON p.id = h.post_id
                WHERE c.purpose = 'moderation' ORDER BY c.address
                """).map { ($0["id"] as String, $0["moderator"] as String) }
        }
        return Dictionary(grouping: rows, by: \.0).mapValues { $0.map(\.1) }
    }

    @Test func heldPostsReachTheirSubIssuesModeratorsOnly() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(Self.configuration)
        for (index, (to, id)) in [("list+cycling@example.org", "bikes"), ("list@example.org", "untagged"),
                                   ("list+parking@example.org", "cars")].enumerated() {
            try community.deliver(Array("""
                From: Stranger <stranger@elsewhere.example>\r
                To: \(to)\r
                Subject: Question \(id)\r
                Date: Mon, 3 May 2004 10:00:00 +0000\r
                Message-ID: <\(id)@example.net>\r
                \r
                Hello.\r

                """.utf8), as: CommunityFixture.uniqueName(index))
        }
        let ingest = try praxis(community, ["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
        #expect(try community.strings("SELECT sub_issue FROM posts WHERE kind = 'held' ORDER BY message_id")
            == ["cycling", "parking", "general"])
        let asked = try asked(community)
        #expect(asked["bikes@example.net"] == ["cyc@example.org", "mod1@example.org"])
        #expect(asked["cars@example.net"] == ["mod1@example.org", "park@example.org"])
        #expect(asked["untagged@example.net"] == ["mod1@example.org"])

        // Cycling's moderator decides with their token; parking's moderator cannot act on it.
        let token = try community.strings("""
            SELECT c.token FROM confirmations c JOIN held_messages h ON h.id = CAST(c.payload AS INTEGER)
            JOIN posts p ON p.id = h.post_id WHERE p.message_id = 'bikes@example.net' AND c.address = 'cyc@example.org'
            """).first ?? ""
        let queue = ModerationQueue(
            community: Community(name: "Test CoP", listAddress: "list@example.org"), configuredCore: ["mod1@example.org"],
            subIssues: [SubIssue(id: "cycling", moderators: ["cyc@example.org"]), SubIssue(id: "parking", moderators: ["park@example.org"])])
        let refused = try community.database().write("deciding") { db in
            try queue.decide(token: token, decision: .approve, by: "park@example.org", at: Date(), language: .standard, in: db)
        }
        #expect(!refused.contains("approved"))
        let approved = try community.database().write("deciding") { db in
            try queue.decide(token: token, decision: .approve, by: "cyc@example.org", at: Date(), language: .standard, in: db)
        }
        #expect(try community.strings("SELECT state FROM held_messages h JOIN posts p ON p.id = h.post_id "
            + "WHERE p.message_id = 'bikes@example.net'") == ["approved"], "\(approved)")
    }

    /// Beyond a moderator's hourly budget a held post waits for their summary; a sub-issue's
    /// moderator's summary lists that sub-issue's posts only.
    @Test func summariesOfASubIssuesModeratorListItsPostsOnly() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(Self.configuration + "\nmoderation: {notices_per_hour: 1}\n")
        for (index, (to, id)) in [("list+cycling@example.org", "bikes1"), ("list+cycling@example.org", "bikes2"),
                                   ("list+cycling@example.org", "bikes3"), ("list@example.org", "untagged"),
                                   ("list+parking@example.org", "cars")].enumerated() {
            try community.deliver(Array("""
                From: stranger@elsewhere.example\r
                To: \(to)\r
                Subject: Question \(id)\r
                Date: Mon, 3 May 2004 10:00:00 +0000\r
                Message-ID: <\(id)@example.net>\r
                \r
                Hello.\r

                """.utf8), as: CommunityFixture.uniqueName(index))
        }
        let ingest = try praxis(community, ["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
        // One request each within the budget of one an hour.
        #expect(try asked(community).values.flatMap { $0 }.filter { $0 == "cyc@example.org" }.count == 1)
        let queue = ModerationQueue(
            community: Community(name: "Test CoP", listAddress: "list@example.org"), configuredCore: ["mod1@example.org"],
            subIssues: [SubIssue(id: "cycling", moderators: ["cyc@example.org"]), SubIssue(id: "parking", moderators: ["park@example.org"])],
            policy: ModerationPolicy(noticesPerHour: 1))
        let later = Date().addingTimeInterval(2 * 3600)
        let waiting = try community.database().read("counting") { db in try queue.waitingForSummaries(at: later, in: db) }
        #expect(waiting == ["mod1@example.org": 4, "cyc@example.org": 2])
        try community.database().write("summaries") { db in _ = try queue.queueDueSummaries(at: later, in: db) }
        let asked = try asked(community)
        #expect(asked.filter { $0.value.contains("cyc@example.org") }.keys.sorted()
            == ["bikes1@example.net", "bikes2@example.net", "bikes3@example.net"])
        #expect(asked["untagged@example.net"] == ["mod1@example.org"])
        #expect(asked["cars@example.net"] == ["mod1@example.org", "park@example.org"])
    }

    @Test func circlesShowModeratorsAsCoreOfTheirSubIssueOnly() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(Self.configuration)
        let run = try praxis(community, ["circles", "--json"])
        #expect(run.status == 0, "\(run.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let subIssues = try #require(object["sub_issues"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: subIssues.compactMap { item in (item["id"] as? String).map { ($0, item) } })
        #expect(byID["cycling"]?["moderators"] as? [String] == ["cyc@example.org"])
        #expect(byID["cycling"]?["core"] as? [String] == ["cyc@example.org", "mod1@example.org"])
        #expect(byID["parking"]?["core"] as? [String] == ["mod1@example.org", "park@example.org"])
        #expect(byID["general"]?["core"] as? [String] == ["mod1@example.org"])
        #expect(byID["general"]?["moderators"] as? [String] == [])
        let text = try praxis(community, ["circles"])
        #expect(text.out.contains("cycling\n  core    cyc@example.org, mod1@example.org\n  moderators  cyc@example.org (core here only)\n"))
    }
}
