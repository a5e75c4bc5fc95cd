import Foundation
import GRDB
import Testing

/// Classification during `praxis ingest --once` of real files in a temporary maildir: every
/// stage, the protected-thread rule, and the moderator's correction with `praxis classify set`.
@Suite("Classification during ingest")
struct IngestClassificationTests {
    static let configuration = CommunityFixture.configuration(extra: """
        sub_issues:
          - {id: cycling, name: Cycling infrastructure, keywords: [bike lane, cycle path, protected intersection, bicycle], aliases: [bikes]}
          - {id: parking, name: Parking and kerbside, keywords: [parking, kerbside, loading zone, residents' permit]}
          - {id: public-transport, name: Public transport, keywords: [bus lane, tram, timetable], aliases: [transit]}
          - {id: procurement, name: Joint procurement, keywords: [tender, framework agreement], protected: true}
        circles:
          core: [moderator@example.org]
        classification: {threshold: 0.5, retrain_after: 10}
        """)

    static func message(
        _ id: String, from: String = "member@city.example.org", to: String = "list@example.org", subject: String,
        inReplyTo: String? = nil, headers: String = "", body: String
    ) -> [UInt8] {
        Array("""
            From: Someone <\(from)>\r
            To: \(to)\r
            Subject: \(subject)\r
            Date: Mon, 3 May 2004 10:00:00 +0000\r
            Message-ID: <\(id)@example.org>\r
            \(inReplyTo.map { "In-Reply-To: <\($0)@example.org>\r\n" } ?? "")\(headers)MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(body)\r

            """.utf8)
    }

    static func rows(_ community: CommunityFixture) throws -> [String: String] {
        try community.database().read("reading") { db in
            try Row.fetchAll(db, sql: "SELECT message_id, sub_issue, classification_stage, is_protected FROM posts")
                .reduce(into: [String: String]()) { result, row in
                    let id: String = row[0], subIssue: String = row[1], stage: String = row[2], protected: Bool = row[3]
                    result[String(id.prefix { $0 != "@" })] = "\(subIssue)/\(stage)" + (protected ? "/protected" : "")
                }
        }
    }

    @Test func everyStageDuringIngest() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(Self.configuration)
        let messages: [[UInt8]] = [
            Self.message("tagged", subject: "[Cycling] New lane on Main Street", body: "We opened it last week."),
            Self.message("reply", subject: "Re: [Cycling] New lane on Main Street", inReplyTo: "tagged",
                         body: "> We opened it last week.\nHow wide is it?"),
            Self.message("address", to: "list+procurement@example.org", subject: "Prices for the new buses",
                         body: "Here is what we paid."),
            Self.message("protected-reply", subject: "[cycling] Re: Prices for the new buses", inReplyTo: "address",
                         body: "And bike racks on them?"),
            Self.message("header-core", from: "moderator@example.org", subject: "Minutes",
                         headers: "X-Praxis-Sub-Issue: Parking\r\n", body: "The minutes of the meeting."),
            Self.message("header-member", subject: "More minutes", headers: "X-Praxis-Sub-Issue: parking\r\n",
                         body: "The minutes of the other meeting."),
            Self.message("model", subject: "Question about a protected intersection",
                         body: "Where the cycle path meets the bike lane, which bicycle signals do you use?"),
            Self.message("hash", subject: "Night service #transit", body: "Which lines run at night?"),
        ]
        for (index, message) in messages.enumerated() {
            try community.deliver(message, as: CommunityFixture.uniqueName(index))
        }
        // A member: posts are distributed, so every stage runs as they arrive (a stranger's post
        // is held and gets the model's stage only when released; see the next test).
        guard let added = try PraxisChild.run(
            ["members", "add", "member@city.example.org", "--config", community.configPath], in: community.url)
        else { return }
        #expect(added.0 == 0, "\(added.2)")
        guard let outcome = try PraxisChild.run(["ingest", "--once", "--config", community.configPath], in: community.url) else { return }
        #expect(outcome.0 == 0, "\(outcome.2)")
        #expect(outcome.1.hasPrefix("recorded 8,"), "\(outcome.1)")
        let rows = try Self.rows(community)
        #expect(rows["tagged"] == "cycling/explicit")
        #expect(rows["reply"] == "cycling/thread")
        #expect(rows["address"] == "procurement/explicit/protected")
        // Its tag says cycling, but a reply in a protected thread stays protected.
        #expect(rows["protected-reply"] == "procurement/thread/protected")
        #expect(rows["header-core"] == "parking/explicit")
        #expect(rows["header-member"] == "general/general")
        #expect(rows["model"] == "cycling/model")
        #expect(rows["hash"] == "public-transport/explicit")
        // Ingest stored the seeded model it used.
        #expect(try community.count("SELECT count(*) FROM classifier_models") == 1)
        let confidence = try community.database().read("confidence") { db in
            try Double.fetchOne(db, sql: "SELECT confidence FROM posts WHERE message_id = 'model@example.org'")
        }
        #expect((confidence ?? 0) >= 0.5)

        // The moderator's correction: the reply that inherited follows.
        guard let set = try PraxisChild.run(
            ["classify", "set", "<tagged@example.org>", "Parking and kerbside", "--config", community.configPath], in: community.url)
        else { return }
        #expect(set.0 == 0, "\(set.2)")
        #expect(set.1 == "<tagged@example.org> is now in parking; 2 posts changed\n")
        let after = try Self.rows(community)
        #expect(after["tagged"] == "parking/moderator")
        #expect(after["reply"] == "parking/thread")

        guard let unknownPost = try PraxisChild.run(
            ["classify", "set", "nobody@example.org", "parking", "--config", community.configPath], in: community.url)
        else { return }
        #expect(unknownPost.0 == 1)
        #expect(unknownPost.2.contains("no post has the Message-ID <nobody@example.org>"))
        guard let unknownSubIssue = try PraxisChild.run(
            ["classify", "set", "tagged@example.org", "skating", "--config", community.configPath], in: community.url)
        else { return }
        #expect(unknownSubIssue.0 == 2)
        #expect(unknownSubIssue.2.contains("\"skating\" is no sub-issue"))
    }

    /// A held post is recorded with the explicit and thread stages only and without its text;
    /// approving it stores the text and applies the model, and a reply that inherited its
    /// `general` follows.
    @Test func aHeldPostGetsItsTextAndTheModelsStageWhenReleased() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(Self.configuration)
        guard let added = try PraxisChild.run(
            ["members", "add", "member@city.example.org", "--config", community.configPath], in: community.url)
        else { return }
        #expect(added.0 == 0, "\(added.2)")
        try community.deliver(Self.message(
            "question", from: "stranger@elsewhere.example", subject: "Question about a protected intersection",
            body: "Where the cycle path meets the bike lane, which bicycle signals do you use?"), as: CommunityFixture.uniqueName(0))
        try community.deliver(Self.message(
            "tagged", from: "stranger@elsewhere.example", subject: "[parking] Permits", body: "How long do they last?"),
            as: CommunityFixture.uniqueName(1))
        guard let first = try PraxisChild.run(["ingest", "--once", "--config", community.configPath], in: community.url) else { return }
        #expect(first.0 == 0, "\(first.2)")
        try community.deliver(Self.message(
            "answer", subject: "Re: Question about a protected intersection", inReplyTo: "question",
            body: "> which bicycle signals\nThe small ones."), as: CommunityFixture.uniqueName(2))
        guard let second = try PraxisChild.run(["ingest", "--once", "--config", community.configPath], in: community.url) else { return }
        #expect(second.0 == 0, "\(second.2)")

        func text(_ id: String) throws -> String {
            try community.strings("""
                SELECT t.text FROM post_texts t JOIN posts p ON p.id = t.post_id WHERE p.message_id = '\(id)@example.org'
                """).first ?? "(none)"
        }
        var rows = try Self.rows(community)
        #expect(rows["question"] == "general/general")
        #expect(rows["tagged"] == "parking/explicit")
        #expect(rows["answer"] == "general/thread")
        #expect(try text("question") == "(none)", "a held post has no text row until it is released")
        #expect(try text("answer").contains("The small ones."))

        let held = try community.strings("SELECT id FROM held_messages ORDER BY id")
        #expect(held.count == 2)
        for id in held {
            guard let approved = try PraxisChild.run(
                ["moderation", "approve", id, "--config", community.configPath], in: community.url) else { return }
            #expect(approved.0 == 0, "\(approved.2)")
        }
        rows = try Self.rows(community)
        #expect(rows["question"] == "cycling/model")
        #expect(rows["answer"] == "cycling/thread")
        // The explicit stage decided at arrival stands; the text is stored all the same, as
        // training data.
        #expect(rows["tagged"] == "parking/explicit")
        #expect(try text("question").contains("which bicycle signals do you use?"))
        #expect(try text("tagged").contains("How long do they last?"))
        #expect(try community.count("SELECT count(*) FROM posts WHERE kind = 'held'") == 0)
    }

    @Test func classifyFileExplains() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(Self.configuration)
        let file = community.url.appendingPathComponent("question.eml")
        try Data(Self.message("q", subject: "Kerbside question",
                              body: "How do you run the residents' permit and the loading zone for parking?")).write(to: file)
        guard let text = try PraxisChild.run(["classify", file.path, "--explain", "--config", community.configPath], in: community.url)
        else { return }
        #expect(text.0 == 0, "\(text.2)")
        #expect(text.1.contains("sub-issue   parking\n"), "\(text.1)")
        #expect(text.1.contains("stage       model\n"))
        #expect(text.1.contains("features that weighed most for parking:"))
        #expect(text.1.contains("residents"))

        guard let json = try PraxisChild.run(["classify", file.path, "--explain", "--json", "--config", community.configPath],
                                             in: community.url) else { return }
        #expect(json.0 == 0, "\(json.2)")
        let object = try JSONSerialization.jsonObject(with: Data(json.1.utf8)) as? [String: Any]
        #expect(object?["sub_issue"] as? String == "parking")
        #expect(object?["stage"] as? String == "model")
        #expect(object?["protected"] as? Bool == false)
        let scores = object?["scores"] as? [[String: Any]] ?? []
        #expect(Set(scores.compactMap { $0["sub_issue"] as? String }) == ["cycling", "parking", "public-transport"])
        let features = object?["features"] as? [[String: Any]] ?? []
        #expect(features.count >= 3)
        #expect(features.first?["feature"] as? String == "kerbside")
    }
}
