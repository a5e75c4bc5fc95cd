import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import Testing
@testable import PraxisStore

/// A quarter's figures on a small community whose every figure the test works out by hand, with
/// inner circles at the quarter's end replayed from stored transitions (not today's standings),
/// and the decisions kept by the store.
@Suite("QuarterFigures")
struct QuarterFiguresTests {
    static func utc(_ text: String) -> Date { (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0) }

    static let quarter = Quarter(year: 2004, number: 2)
    static let settings = ReviewSettings(
        community: Community(name: "Mobility CoP", listAddress: "cop@lists.x.org",
                             objectives: [Objective(text: "Safer cycling", id: "cycling", subIssues: ["cycling"]),
                                          Objective(text: "Better parking", id: "parking", subIssues: ["parking"])],
                             timeZone: TimeZone(identifier: "UTC") ?? .gmt),
        subIssues: [SubIssue.general, SubIssue(id: "cycling", moderators: ["bob@x.org"]),
                    SubIssue(id: "procurement", isProtected: true, members: ["gina.zebedee@x.org"]),
                    SubIssue(id: "parking", moderators: ["pat@x.org"])],
        core: ["core@x.org"], sponsor: "boss@x.org", organisationDigestSchedule: "digest:organisation")

    /// (id, author, date, sub-issue, answers)
    static let posts: [(String, String, String, String, String?)] = [
        ("p0", "carol@x.org", "2004-03-15T10:00:00Z", "cycling", nil),
        ("p1", "alice@x.org", "2004-04-10T10:00:00Z", "cycling", nil),
        ("p2", "bob@x.org", "2004-04-10T12:00:00Z", "cycling", "p1"),
        ("p3", "gina.zebedee@x.org", "2004-05-05T10:00:00Z", "procurement", nil),
        ("p4", "alice@x.org", "2004-05-06T10:00:00Z", "cycling", "p1"),
        // After the quarter: neither counted nor a reply in time.
        ("p5", "bob@x.org", "2004-07-02T10:00:00Z", "procurement", "p3"),
    ]

    static func makeCommunity() throws -> TemporaryDatabase {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        _ = try database.recordPosts(posts.map { post in
            NewPost(
                messageID: post.0 + "@x.org", contentHash: ContentHash.sha256(Array(post.0.utf8)),
                author: MailAddress(name: post.3 == "procurement" ? "Gina Zebedee" : nil, address: post.1),
                date: utc(post.2), receivedAt: utc(post.2),
                subject: post.3 == "procurement" ? "ZANZIBAR tender price" : "Bike lanes",
                inReplyTo: post.4.map { [$0 + "@x.org"] } ?? [],
                classification: post.4 == nil ? PostClassification(subIssue: post.3, stage: .explicit, confidence: nil) : .general,
                trimmedText: post.3 == "procurement" ? "The QUOKKA bid is 4711" : "Paint them green",
                size: 100, isProtected: post.3 == "procurement")
        })
        let early = utc("2004-01-01T00:00:00Z")
        for address in ["alice@x.org", "bob@x.org", "carol@x.org", "dave@x.org", "frank@x.org", "gina.zebedee@x.org"] {
            try database.addMember(address: address, joinedAt: early)
        }
        try database.addMember(address: "erin@x.org", joinedAt: utc("2004-07-05T00:00:00Z"))
        try database.write("setting up the fixture") { db in
            func member(_ address: String) throws -> Int64 {
                try Int64.fetchOne(db, sql: "SELECT id FROM members WHERE address = ?", arguments: [address]) ?? -1
            }
            func standing(_ address: String, _ subIssue: String, _ now: Standing, since: Date) throws {
                try MemberSubIssueRecord(memberID: try member(address), subIssue: subIssue, standing: now, since: since).insert(db)
            }
            func move(_ address: String, _ subIssue: String, _ from: String, _ to: String, _ at: String) throws {
                try StandingTransitionRecord(memberID: try member(address), subIssue: subIssue, fromStanding: from, toStanding: to,
                                             at: utc(at), reason: "SECRET reason").insert(db)
            }
            // alice: inner all along, never moved. bob: promoted in the quarter. carol: promoted
            // before, demoted after (outer today, inner at the end). dave: promoted after (inner
            // today, outer at the end). erin: joined after. frank: left in the quarter.
            try standing("alice@x.org", "cycling", .inner, since: early)
            try standing("bob@x.org", "cycling", .inner, since: utc("2004-05-01T00:00:00Z"))
            try move("bob@x.org", "cycling", "outer", "inner", "2004-05-01T00:00:00Z")
            try standing("carol@x.org", "cycling", .outer, since: utc("2004-08-01T00:00:00Z"))
            try move("carol@x.org", "cycling", "outer", "inner", "2004-03-01T00:00:00Z")
            try move("carol@x.org", "cycling", "inner", "outer", "2004-08-01T00:00:00Z")
            try standing("dave@x.org", "cycling", .inner, since: utc("2004-08-10T00:00:00Z"))
            try move("dave@x.org", "cycling", "outer", "inner", "2004-08-10T00:00:00Z")
            try standing("erin@x.org", "cycling", .inner, since: utc("2004-07-05T00:00:00Z"))
            try standing("frank@x.org", "cycling", .inner, since: early)
            try db.execute(sql: "UPDATE members SET status = 'unsubscribed', left_at = ? WHERE address = 'frank@x.org'",
                           arguments: [utc("2004-05-20T00:00:00Z").timeIntervalSince1970])
            try standing("gina.zebedee@x.org", "procurement", .inner, since: utc("2004-06-01T00:00:00Z"))
            try move("gina.zebedee@x.org", "procurement", "outer", "inner", "2004-06-01T00:00:00Z")
            try ScheduleRunRecord(schedule: "digest:organisation", dueAt: utc("2004-05-01T09:00:00Z"), ranAt: utc("2004-05-01T09:00:00Z")).insert(db)
            try ScheduleRunRecord(schedule: "digest:organisation", dueAt: utc("2004-07-01T09:00:00Z"), ranAt: utc("2004-07-01T09:00:00Z")).insert(db)
        }
        return temporary
    }

    @Test func everyFigureAgreesWithTheFixture() throws {
        let community = try Self.makeCommunity()
        let quarter = try #require(Self.quarter)
        let figures = try community.database.quarterFigures(quarter: quarter, settings: Self.settings, asOf: Self.utc("2004-08-15T00:00:00Z"))
        #expect(figures.start == Self.utc("2004-04-01T00:00:00Z") && figures.end == Self.utc("2004-07-01T00:00:00Z"))
        #expect(figures.startedAt == Self.utc("2004-01-01T00:00:00Z"))
        #expect((figures.posts, figures.contributors) == (4, 3))
        #expect((figures.previousPosts, figures.previousContributors) == (1, 1))
        #expect(figures.subIssues.map(\.id) == ["general", "cycling", "procurement", "parking"])
        #expect(figures.subIssues.map(\.posts) == [0, 3, 1, 0])
        #expect(figures.subIssues.map(\.contributors) == [0, 2, 1, 0])
        // alice, bob and carol at the quarter's end; not dave (later), erin (joined later), frank (left).
        #expect(figures.subIssues.map(\.innerCircle) == [0, 3, 1, 0])
        #expect(figures.subIssues.map(\.moderators) == [0, 1, 0, 1])
        #expect(figures.subIssues.map(\.moderatorsActive) == [0, 1, 0, 0])
        #expect(figures.subIssues.map(\.isProtected) == [false, false, true, false])
        #expect(figures.objectives.map(\.posts) == [3, 0] && figures.objectives.map(\.contributors) == [2, 0])
        #expect((figures.coreGroup, figures.coreActive) == (1, 0))
        #expect(figures.promotions == 2)  // bob, gina; carol's was before, dave's after
        // p1 answered by bob after 2 h (alice's own follow-up does not count); p3 only after the quarter.
        #expect((figures.openers, figures.unanswered) == (2, 1))
        #expect(figures.medianFirstReply == 7200)
        #expect(figures.sponsorNamed && figures.organisationDigest && figures.organisationDigestsSent == 1)
        #expect((figures.protectedSubIssues, figures.protectedInUse) == (1, 1))
    }

    /// Nothing of the protected sub-issue (subject, text, author's name or address) appears in
    /// the review's text or HTML, nor in the management summary, nor in the mails queued.
    @Test func noProtectedSubjectTextOrMemberLeaks() throws {
        let community = try Self.makeCommunity()
        let quarter = try #require(Self.quarter)
        let run = ReviewRun(settings: Self.settings, thresholds: ReviewThresholds())
        let time = Self.utc("2004-07-01T09:00:00Z")
        let document = try community.database.reviewDocument(quarter: quarter, run: run, at: time)
        let queued = try community.database.queueReview(quarter: quarter, run: run, at: time)
        // core@x.org, cop-owner@lists.x.org, the moderators bob and pat, and the sponsor's summary.
        #expect(queued == 5)
        let mails = try community.database.read("reading the outbox") { db in
            try Data.fetchAll(db, sql: "SELECT message FROM outbox ORDER BY id").map { String(decoding: $0, as: UTF8.self) }
        }
        let outputs = [document.renderedText(), document.renderedHTML(), document.renderedSummary()] + mails
        for output in outputs {
            for secret in ["ZANZIBAR", "QUOKKA", "4711", "Zebedee", "zebedee", "gina", "SECRET"] {
                #expect(!output.contains(secret), "\(secret) leaked")
            }
        }
        #expect(document.renderedSummary().contains("Protected spaces      1 of 1 in use"))
        #expect(mails.contains { $0.contains("To: boss@x.org") && $0.contains("Management summary 2004-Q2") })
        // The bodies are readable as they are (not base64), so the search above saw them.
        #expect(mails.allSatisfy { $0.contains("Protected spaces") })
    }

    @Test func decisionsAreKeptInOrderAndTheLatestShows() throws {
        let community = try Self.makeCommunity()
        let database = community.database
        let q2 = try #require(Self.quarter)
        try database.recordReviewDecision(ReviewDecision(quarter: q2, decision: .refocus, note: "Drop parking", by: "core@x.org",
                                                         decidedAt: Self.utc("2004-07-03T10:00:00Z")))
        try database.recordReviewDecision(ReviewDecision(quarter: q2.next, decision: .continue, note: "Fine", by: "bob@x.org",
                                                         decidedAt: Self.utc("2004-10-02T10:00:00Z")))
        #expect(try database.reviewDecisions().map(\.decision) == [.refocus, .continue])
        #expect(try database.latestReviewDecision(before: Self.utc("2004-09-01T00:00:00Z"))?.note == "Drop parking")
        #expect(try database.latestReviewDecision(before: Self.utc("2004-07-01T00:00:00Z")) == nil)
        let document = try database.reviewDocument(
            quarter: q2, run: ReviewRun(settings: Self.settings, thresholds: ReviewThresholds()), at: Self.utc("2004-08-01T00:00:00Z"))
        #expect(document.renderedText().contains("refocus on "))
        #expect(document.renderedText().contains("by core@x.org (review of 2004-Q2): Drop parking"))
        // The next weekly report shows it too.
        let report = try database.weeklyReportFigures(
            week: try #require(ISOWeek(year: 2004, week: 30)),
            settings: WeeklyReportSettings(community: Self.settings.community, subIssues: Self.settings.subIssues, circles: CirclesPolicy()))
        #expect(report.review.lastDecision?.note == "Drop parking")
        #expect(report.renderedText().contains("Last decision: refocus on "))
        #expect(report.renderedHTML().contains("Last decision: refocus on "))
        // The summary says what was decided, not who.
        #expect(document.renderedSummary().contains("Drop parking") && !document.renderedSummary().contains("core@x.org"))
    }

    /// What `praxis export` writes as `reviews.json`: every quarter since the first, every decision,
    /// as Codable values that read back the same, with nothing of the protected sub-issue.
    @Test func reviewsAndDecisionsExportAsCodableValues() throws {
        let community = try Self.makeCommunity()
        let q2 = try #require(Self.quarter)
        try community.database.recordReviewDecision(ReviewDecision(
            quarter: q2, decision: .continue, note: "Keep going", by: "core@x.org", decidedAt: Self.utc("2004-07-03T10:00:00Z")))
        let export = try community.database.reviewsExport(
            run: ReviewRun(settings: Self.settings, thresholds: ReviewThresholds()), at: Self.utc("2004-08-15T00:00:00Z"))
        #expect(export.reviews.map(\.quarter.description) == ["2004-Q1", "2004-Q2"])
        #expect(export.reviews.allSatisfy { $0.items.map(\.id) == ReviewItem.Kind.allCases.map(\.rawValue) })
        #expect(export.decisions.map(\.note) == ["Keep going"])
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(export)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(ReviewsExport.self, from: data) == export)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"quarter\":\"2004-Q2\"") && text.contains("\"decided_at\""))
        for secret in ["ZANZIBAR", "QUOKKA", "4711", "Zebedee", "zebedee", "gina"] { #expect(!text.contains(secret)) }
    }

    @Test func theDecisionsTableComesFromTheWebSessionsSchema() throws {
        let older = try OlderStore(migratedUpTo: "v8-web-sessions") { db in
            try db.execute(sql: "INSERT INTO members (address, joined_at, status) VALUES ('a@x.org', 0, 'active')")
        }
        defer { older.remove() }
        let database = try older.opened()
        let q2 = try #require(Self.quarter)
        try database.recordReviewDecision(ReviewDecision(quarter: q2, decision: .disband, note: "Done", by: "a@x.org",
                                                         decidedAt: Self.utc("2004-07-03T10:00:00Z")))
        #expect(try database.reviewDecisions().map(\.note) == ["Done"])
        // The CHECKs refuse what the decoder could not read back.
        #expect(throws: (any Error).self) {
            try database.write("a bad row") { db in
                try db.execute(sql: """
                    INSERT INTO review_decisions (quarter, decision, note, decided_by, decided_at)
                    VALUES ('2004-Q5', 'continue', 'x', 'a@x.org', 0)
                    """)
            }
        }
    }
}
