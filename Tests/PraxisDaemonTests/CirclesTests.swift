import Foundation
import GRDB
import Logging
import PraxisCommunity
import PraxisDaemon
import PraxisMail
import PraxisStore
import Testing

/// Circles in a real store: the follow-up through real ingest of a real maildir, the periodic
/// review, confirmation by the core group through the built binary, protected sub-issues.
@Suite("Circles in the store")
struct CirclesTests {
    static let circlesConfiguration = """
        circles:
          promotion: PROMOTION
          inner: {posts: 2, threads: 2, window_days: 60}
          demotion: {silent_days: 120}
          core: [Boss@example.org]
        sub_issues:
          - {id: secret, name: Secret things, protected: true, members: [carol@example.org]}
        """

    static func fixture(promotion: String = "automatic") throws -> CommunityFixture {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(
            extra: circlesConfiguration.replacingOccurrences(of: "PROMOTION", with: promotion)))
        return community
    }

    static func instance(_ community: CommunityFixture) throws -> CommunityInstance {
        try CommunityInstance(configuration: ConfigurationLoader.load(path: community.configPath),
                              logger: Logger(label: "circles-test"))
    }

    static let rfc5322: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return formatter
    }()

    /// A post from `from`, `minutesAgo` minutes ago; a reply when `inReplyTo` is given.
    static func post(_ id: String, from: String, subject: String, minutesAgo: Double, inReplyTo: String? = nil) -> [UInt8] {
        let date = rfc5322.string(from: Date().addingTimeInterval(-minutesAgo * 60))
        let reply = inReplyTo.map { "In-Reply-To: <\($0)>\r\nReferences: <\($0)>\r\n" } ?? ""
        return Array("""
            From: Someone <\(from)>\r
            To: list@example.org\r
            Subject: \(subject)\r
            Date: \(date)\r
            Message-ID: <\(id)>\r
            \(reply)\r
            A few words about \(subject).\r

            """.utf8)
    }

    static func standing(_ community: CommunityFixture, _ address: String, _ subIssue: String = "general") throws -> String? {
        try community.strings("""
            SELECT s.standing FROM member_sub_issue s JOIN members m ON m.id = s.member_id
            WHERE m.address = '\(address)' AND s.sub_issue = '\(subIssue)'
            """).first
    }

    @Test func aPostThatMeetsTheBarPromotesOnceWithOneNote() async throws {
        let community = try Self.fixture()
        let instance = try Self.instance(community)
        for address in ["alice@example.org", "boss@example.org", "bob@example.org"] {
            try instance.database.addMember(address: address, joinedAt: Date().addingTimeInterval(-86_400))
        }
        try community.deliver(Self.post("a1@x", from: "alice@example.org", subject: "Bike lanes", minutesAgo: 50), as: CommunityFixture.uniqueName(1))
        try community.deliver(Self.post("b1@x", from: "boss@example.org", subject: "Parking", minutesAgo: 45), as: CommunityFixture.uniqueName(2))
        try community.deliver(Self.post("b2@x", from: "boss@example.org", subject: "Budgets", minutesAgo: 44), as: CommunityFixture.uniqueName(3))
        try community.deliver(Self.post("o1@x", from: "bob@example.org", subject: "Re: Bike lanes", minutesAgo: 42, inReplyTo: "a1@x"), as: CommunityFixture.uniqueName(4))
        try await instance.makeIngestor().drainNew()
        #expect(try Self.standing(community, "alice@example.org") == nil)  // 1 post: still outer, no row needed

        // The second post, in a second thread, meets the bar.
        try community.deliver(Self.post("a2@x", from: "alice@example.org", subject: "Re: Parking", minutesAgo: 40, inReplyTo: "b1@x"), as: CommunityFixture.uniqueName(5))
        try await instance.makeIngestor().drainNew()
        #expect(try Self.standing(community, "alice@example.org") == "inner")
        #expect(try community.strings("SELECT reason FROM standing_transitions") == ["2 posts in 2 threads within 60 days"])
        // The configured core group is never promoted; bob has one post.
        #expect(try Self.standing(community, "boss@example.org") == nil)
        #expect(try Self.standing(community, "bob@example.org") == nil)

        // Distribution queues copies of the posts too; the promotion note is the one notice.
        let notes = try instance.database.read("reading the outbox") { db in
            try OutboxRecord.filter(Column("kind") == "notice").fetchAll(db)
        }
        #expect(notes.count == 1)
        let note = try #require(notes.first)
        #expect(note.kind == .notice)
        #expect(note.recipientList == ["alice@example.org"])
        #expect(note.envelopeSender == "list-bounces+alice=example.org@example.org")
        let text = String(decoding: note.message, as: UTF8.self)
        #expect(text.contains("list-owner@example.org"))
        #expect(text.contains("inner circle of General"))
        #expect(text.contains("set delivery digest general"))
        #expect(text.contains("list-request@example.org"))

        // A third post changes nothing and sends nothing.
        try community.deliver(Self.post("a3@x", from: "alice@example.org", subject: "Re: Budgets", minutesAgo: 30, inReplyTo: "b2@x"), as: CommunityFixture.uniqueName(6))
        try await instance.makeIngestor().drainNew()
        #expect(try community.count("SELECT COUNT(*) FROM outbox WHERE kind = 'notice'") == 1)
        #expect(try community.count("SELECT COUNT(*) FROM standing_transitions") == 1)

        // What is stored is what a replay of the same posts gives.
        let evaluator = instance.standingEvaluator
        let now = Date()
        let (stored, replayed) = try instance.database.read("comparing") { db in
            (try evaluator.current(at: now, in: db), try evaluator.replayed(through: now, in: db))
        }
        #expect(stored.subIssues.first?.inner == ["alice@example.org"])
        #expect(stored.subIssues.first?.core == ["boss@example.org"])
        #expect(replayed.subIssues.first?.inner == stored.subIssues.first?.inner)
        #expect(replayed.transitions.map(\.at) == stored.transitions.map(\.at))
        #expect(stored.subIssues.first?.candidates.map(\.address) == ["bob@example.org"])
        #expect(stored.subIssues.first?.candidates.first?.missing == "1 more post, 1 more thread")
    }

    /// The store reads the member's own language for the note (issue 22 §1): a German member's
    /// promotion note is German, its stored English reason worded in German.
    @Test func aGermanMembersPromotionNoteIsGerman() async throws {
        let community = try Self.fixture()
        let instance = try Self.instance(community)
        try instance.database.addMember(address: "alice@example.org", joinedAt: Date().addingTimeInterval(-86_400))
        try await instance.database.write("choosing German") { db in
            try db.execute(sql: "UPDATE members SET language = 'de' WHERE address = 'alice@example.org'")
        }
        try community.deliver(Self.post("a1@x", from: "alice@example.org", subject: "Bike lanes", minutesAgo: 50), as: CommunityFixture.uniqueName(1))
        try community.deliver(Self.post("a2@x", from: "alice@example.org", subject: "Parking", minutesAgo: 40), as: CommunityFixture.uniqueName(2))
        try await instance.makeIngestor().drainNew()
        #expect(try community.strings("SELECT reason FROM standing_transitions") == ["2 posts in 2 threads within 60 days"])
        let notes = try instance.database.read("reading the outbox") { db in
            try OutboxRecord.filter(Column("kind") == "notice").fetchAll(db)
        }
        let note = MailMessage(Array(try #require(notes.first).message))
        #expect(note.subject == "Sie sind jetzt im inneren Kreis von General", "\(note.subject ?? "")")
        #expect(note.text.contains("Sie haben in General 2 Beiträge in 2 Diskussionen innerhalb von 60 Tagen geschrieben"), "\(note.text)")
        #expect(note.text.contains("set delivery digest general") && !note.text.contains("You are now"))
    }

    @Test func timeAloneDemotesAtTheInstantTheSilenceEnds() async throws {
        let community = try Self.fixture()
        let instance = try Self.instance(community)
        try instance.database.addMember(address: "alice@example.org", joinedAt: Date().addingTimeInterval(-86_400))
        try community.deliver(Self.post("a1@x", from: "alice@example.org", subject: "One", minutesAgo: 20), as: CommunityFixture.uniqueName(1))
        try community.deliver(Self.post("a2@x", from: "alice@example.org", subject: "Two", minutesAgo: 10), as: CommunityFixture.uniqueName(2))
        try await instance.makeIngestor().drainNew()
        #expect(try Self.standing(community, "alice@example.org") == "inner")
        let lastPost = try #require(try community.strings("SELECT CAST(max(date) AS TEXT) FROM posts").first.flatMap(Double.init))
        let evaluator = instance.standingEvaluator

        // Within the silence nothing changes; a review long after dates the demotion when it fell due.
        let early = try await instance.database.write("review") { db in try evaluator.review(at: Date().addingTimeInterval(100 * 86_400), in: db) }
        #expect(early == 0)
        let late = try await instance.database.write("review") { db in try evaluator.review(at: Date().addingTimeInterval(200 * 86_400), in: db) }
        #expect(late == 1)
        #expect(try Self.standing(community, "alice@example.org") == "outer")
        let demotedAt = try community.strings("SELECT CAST(at AS TEXT) FROM standing_transitions WHERE to_standing = 'outer'").first.flatMap(Double.init)
        #expect(demotedAt == lastPost + 120 * 86_400)
        #expect(try community.strings("SELECT reason FROM standing_transitions WHERE to_standing = 'outer'") == ["no post in 120 days"])
        // A demotion sends nothing.
        #expect(try community.count("SELECT COUNT(*) FROM outbox") == 1)
    }

    @Test func moderatedCandidatesWaitForConfirmationByTheBinary() async throws {
        let community = try Self.fixture(promotion: "moderated")
        let instance = try Self.instance(community)
        try instance.database.addMember(address: "alice@example.org", joinedAt: Date().addingTimeInterval(-86_400))
        try community.deliver(Self.post("a1@x", from: "alice@example.org", subject: "One", minutesAgo: 20), as: CommunityFixture.uniqueName(1))
        try community.deliver(Self.post("a2@x", from: "alice@example.org", subject: "Two", minutesAgo: 10), as: CommunityFixture.uniqueName(2))
        try await instance.makeIngestor().drainNew()
        #expect(try Self.standing(community, "alice@example.org") == nil)
        #expect(try community.count("SELECT COUNT(*) FROM circle_candidates") == 1)
        #expect(try community.count("SELECT COUNT(*) FROM outbox") == 0)

        guard let listed = try PraxisChild.run(["circles", "--json", "--config", community.configPath], in: community.url) else { return }
        #expect(listed.0 == 0, "\(listed.2)")
        let object = try JSONSerialization.jsonObject(with: Data(listed.1.utf8)) as? [String: Any]
        let general = (object?["sub_issues"] as? [[String: Any]])?.first { $0["id"] as? String == "general" }
        let candidates = general?["candidates"] as? [[String: String]]
        #expect(candidates == [["address": "alice@example.org", "missing": "confirmation by the core group"]])

        let arguments = ["circles", "confirm", "alice@example.org", "general", "--by", "boss@example.org", "--config", community.configPath]
        guard let confirmed = try PraxisChild.run(arguments, in: community.url) else { return }
        #expect(confirmed.0 == 0, "\(confirmed.2)")
        #expect(try Self.standing(community, "alice@example.org") == "inner")
        #expect(try community.strings("SELECT reason FROM standing_transitions") == ["confirmed by the core group (boss@example.org)"])
        #expect(try community.count("SELECT COUNT(*) FROM circle_candidates") == 0)
        #expect(try community.count("SELECT COUNT(*) FROM outbox WHERE kind = 'notice'") == 1)

        guard let again = try PraxisChild.run(arguments, in: community.url) else { return }
        #expect(again.0 == 1)
        #expect(again.2 == "praxis: cannot confirm: alice@example.org is in the inner circle of general already\n")
        guard let unknown = try PraxisChild.run(["circles", "confirm", "alice@example.org", "nowhere", "--config", community.configPath],
                                                in: community.url) else { return }
        #expect(unknown.0 == 2)
        #expect(unknown.2.contains("there is no sub-issue \"nowhere\""))

        // A replay knows the confirmation and gives the same circle.
        let replayed = try PraxisChild.run(["circles", "--json", "--as-of", ISO8601DateFormatter().string(from: Date().addingTimeInterval(60)),
                                            "--config", community.configPath], in: community.url)
        #expect(replayed?.1.contains("\"inner\": [\"alice@example.org\"]") == true, "\(replayed?.1 ?? "")")
    }

    @Test func onlyAdmittedMembersEnterTheCirclesOfAProtectedSubIssue() throws {
        let community = try Self.fixture()
        let instance = try Self.instance(community)
        let configuration = instance.configuration
        for address in ["carol@example.org", "dave@example.org"] {
            try instance.database.addMember(address: address, joinedAt: Date().addingTimeInterval(-86_400))
        }
        let screener = Screener(community: configuration.community)
        var batch: [IncomingMessage] = []
        for (index, author) in ["carol@example.org", "carol@example.org", "dave@example.org", "dave@example.org"].enumerated() {
            let message = MailMessage(Self.post("s\(index)@x", from: author, subject: "[secret] Topic \(index)", minutesAgo: Double(10 - index)))
            let post = NewPost(message: message, receivedAt: Date(), trimmedText: "text",
                               classification: PostClassification(subIssue: "secret", stage: .explicit), isProtected: true)
            batch.append(IncomingMessage(post: post, message: message, screening: screener.screen(message, from: message.from) { _ in .member }))
        }
        let followUps = instance.recordingFollowUps
        let outcomes = try instance.database.write("recording") { db in
            try PraxisDatabase.recordMessages(batch, followUps: followUps, in: db)
        }
        #expect(outcomes.count == 4)
        #expect(try Self.standing(community, "carol@example.org", "secret") == "inner")
        #expect(try Self.standing(community, "dave@example.org", "secret") == nil)
        let snapshot = try instance.database.read("circles") { db in try instance.standingEvaluator.current(at: Date(), subIssue: "secret", in: db) }
        #expect(snapshot.subIssues.map(\.id) == ["secret"])
        #expect(snapshot.subIssues.first?.inner == ["carol@example.org"])
        #expect(snapshot.subIssues.first?.outerCount == 0)  // dave is not admitted at all
        #expect(snapshot.subIssues.first?.candidates.isEmpty == true)
    }
    /// The date the store gave the post with this Message-ID.
    static func postDate(_ community: CommunityFixture, _ messageID: String) throws -> Double {
        try #require(try community.strings("SELECT CAST(date AS TEXT) FROM posts WHERE message_id = '\(messageID)'").first.flatMap(Double.init))
    }

    static func transitions(_ community: CommunityFixture, _ address: String) throws -> [String] {
        try community.strings("""
            SELECT t.to_standing || ' ' || CAST(t.at AS TEXT) || ' ' || t.reason
            FROM standing_transitions t JOIN members m ON m.id = t.member_id
            WHERE m.address = '\(address)' ORDER BY t.at, t.id
            """)
    }

    /// Years of posts, one ingest at a time: each evaluation looks for demotions only from the last
    /// one (`evaluated_through`), and the transitions are still dated as a replay dates them.
    @Test func aLongTenureIsCheckedFromTheLastEvaluationAndDatedAsAReplayDatesIt() async throws {
        let community = try Self.fixture()
        let instance = try Self.instance(community)
        try instance.database.addMember(address: "alice@example.org", joinedAt: Date().addingTimeInterval(-500 * 86_400))
        let days = [400, 399, 380, 360, 340, 300, 150, 149, 130]
        for (index, daysAgo) in days.enumerated() {
            try community.deliver(Self.post("a\(daysAgo)@x", from: "alice@example.org", subject: "Topic \(index)",
                                            minutesAgo: Double(daysAgo) * 1440), as: CommunityFixture.uniqueName(index + 1))
            try await instance.makeIngestor().drainNew()
        }
        let marked = try community.strings("""
            SELECT CAST(s.evaluated_through AS TEXT) FROM member_sub_issue s JOIN members m ON m.id = s.member_id
            WHERE m.address = 'alice@example.org'
            """).first.flatMap(Double.init)
        #expect(marked == (try Self.postDate(community, "a130@x")))
        _ = try await instance.database.write("review") { db in try instance.standingEvaluator.review(at: Date(), in: db) }

        // The silence after day -300 fell due on day -180 and was recorded when the post of day
        // -150 was evaluated; the silence after day -130 on day -10, found by the review.
        let day = 86_400.0
        let transitions = try Self.transitions(community, "alice@example.org")
        #expect(transitions == [
            "inner \(try Self.postDate(community, "a399@x")) 2 posts in 2 threads within 60 days",
            "outer \(try Self.postDate(community, "a300@x") + 120 * day) no post in 120 days",
            "inner \(try Self.postDate(community, "a149@x")) 2 posts in 2 threads within 60 days",
            "outer \(try Self.postDate(community, "a130@x") + 120 * day) no post in 120 days",
        ], "\(transitions)")
        let now = Date()
        let (stored, replayed) = try instance.database.read("comparing") { db in
            (try instance.standingEvaluator.current(at: now, in: db), try instance.standingEvaluator.replayed(through: now, in: db))
        }
        #expect(stored.subIssues.first?.inner == [])
        #expect(replayed.subIssues.first?.inner == stored.subIssues.first?.inner)
        #expect(replayed.transitions.map(\.at) == stored.transitions.map(\.at))
        #expect(stored.transitions.count == 1)
    }

    /// A correction that takes posts out of a sub-issue can make a demotion due before the last
    /// evaluation: the marks of that sub-issue are forgotten, and the demotion is dated when due.
    @Test func aReclassificationForgetsTheLastEvaluation() async throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: Self.circlesConfiguration
            .replacingOccurrences(of: "PROMOTION", with: "automatic") + "\n  - {id: cycling, name: Cycling}\n"))
        let instance = try Self.instance(community)
        try instance.database.addMember(address: "bob@example.org", joinedAt: Date().addingTimeInterval(-500 * 86_400))
        for (index, daysAgo) in [200, 199, 150, 100, 90, 10].enumerated() {
            try community.deliver(Self.post("b\(daysAgo)@x", from: "bob@example.org", subject: "Thread \(index)",
                                            minutesAgo: Double(daysAgo) * 1440), as: CommunityFixture.uniqueName(index + 1))
            try await instance.makeIngestor().drainNew()
        }
        #expect(try Self.standing(community, "bob@example.org") == "inner")
        try await instance.database.write("correcting") { db in
            for messageID in ["b100@x", "b90@x", "b10@x"] {
                _ = try PraxisDatabase.reclassify(messageID: messageID, to: "cycling", at: Date(), in: db)
            }
        }
        _ = try await instance.database.write("review") { db in try instance.standingEvaluator.review(at: Date(), in: db) }
        #expect(try Self.standing(community, "bob@example.org") == "outer")
        #expect(try Self.transitions(community, "bob@example.org").last
            == "outer \(try Self.postDate(community, "b150@x") + 120 * 86_400) no post in 120 days")
    }
    /// Ingest lets a post's body go when nobody got its sub-issue at once as the batch was
    /// prepared. A member promoted by an earlier post of the same batch gets the later ones all
    /// the same, whole: distribution reads the post from its file.
    @Test func aMemberPromotedWithinTheBatchGetsItsLaterPostsWhole() async throws {
        let community = try Self.fixture()
        let instance = try Self.instance(community)
        for address in ["carol@example.org", "alice@example.org"] {
            try instance.database.addMember(address: address, joinedAt: Date().addingTimeInterval(-86_400))
        }
        try community.deliver(Self.post("c1@x", from: "carol@example.org", subject: "First", minutesAgo: 30), as: CommunityFixture.uniqueName(1))
        try await instance.makeIngestor().drainNew()
        #expect(try community.count("SELECT count(*) FROM outbox WHERE kind = 'post'") == 0)

        // One batch: carol's second post promotes her (inner members get posts at once), then alice's.
        try community.deliver(Self.post("c2@x", from: "carol@example.org", subject: "Second", minutesAgo: 20), as: CommunityFixture.uniqueName(2))
        try community.deliver(Self.post("a1@x", from: "alice@example.org", subject: "Kerbside pilots", minutesAgo: 10), as: CommunityFixture.uniqueName(3))
        try await instance.makeIngestor().drainNew()
        #expect(try Self.standing(community, "carol@example.org") == "inner")
        let copies = try instance.database.read("reading the copies") { db in
            try OutboxRecord.filter(Column("kind") == "post").fetchAll(db)
        }
        #expect(copies.map(\.recipientList) == [["carol@example.org"]])
        // The copy is a shared body (outbox_bodies): the row's whole message, not its own bytes.
        let id = try #require(copies.first?.id)
        let bytes = try instance.database.read("reading the copy") { db in try PraxisDatabase.outboxMessage(id: id, in: db) }
        let text = String(decoding: try #require(bytes), as: UTF8.self)
        #expect(text.contains("A few words about Kerbside pilots."), "\(text)")
    }
}


