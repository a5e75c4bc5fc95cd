import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import Testing
@testable import PraxisStore

/// The weekly report's figures on a small community whose every figure the test works out from
/// its own list of posts, with week 2004-W20 cut in Europe/Berlin (CEST, UTC+2).
@Suite("WeeklyReportFigures")
struct WeeklyReportFiguresTests {
    /// 2004-W20 in Berlin, written out by hand: Monday 10 May 00:00 CEST to Monday 17 May 00:00 CEST.
    static let weekStart = utc("2004-05-09T22:00:00Z")
    static let weekEnd = utc("2004-05-16T22:00:00Z")

    static func utc(_ text: String) -> Date {
        (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
    }

    /// One fixture post: the test's own record of what it recorded.
    struct Fixture {
        var id: String
        var author: String
        var date: Date
        var subject: String
        var subIssue: String
        var stage: ClassificationStage = .explicit
        var confidence: Double? = nil
        var parent: String? = nil
        var isProtected: Bool { subIssue == "procurement" }
    }

    static let posts: [Fixture] = [
        Fixture(id: "e1", author: "alice@x.org", date: utc("2004-04-14T10:00:00Z"), subject: "Early cycling", subIssue: "cycling"),
        Fixture(id: "e2", author: "bob@x.org", date: utc("2004-04-27T10:00:00Z"), subject: "Cycle paths", subIssue: "cycling"),
        Fixture(id: "e3", author: "carol@x.org", date: utc("2004-04-28T10:00:00Z"), subject: "Re: Cycle paths", subIssue: "cycling", stage: .thread, parent: "e2"),
        Fixture(id: "e4", author: "bob@x.org", date: utc("2004-04-29T10:00:00Z"), subject: "Re: Cycle paths", subIssue: "cycling", stage: .thread, parent: "e3"),
        Fixture(id: "e5", author: "dave@x.org", date: utc("2004-05-05T10:00:00Z"), subject: "SECRET old tender", subIssue: "procurement"),
        // Sunday 23:30 in Berlin: the week before, though its deadline falls in this week.
        Fixture(id: "a0", author: "ivan@x.org", date: utc("2004-05-09T21:30:00Z"), subject: "Old thread", subIssue: "general", stage: .general),
        // Monday 00:30 in Berlin, still Sunday in UTC: in the week.
        Fixture(id: "a1", author: "alice@x.org", date: utc("2004-05-09T22:30:00Z"), subject: "Bike lanes on Main St", subIssue: "cycling"),
        Fixture(id: "a2", author: "bob@x.org", date: utc("2004-05-10T09:00:00Z"), subject: "Re: Bike lanes on Main St", subIssue: "cycling", stage: .thread, parent: "a1"),
        Fixture(id: "a3", author: "carol@x.org", date: utc("2004-05-11T10:00:00Z"), subject: "Question about permits", subIssue: "general", stage: .general),
        Fixture(id: "a7", author: "carol@x.org", date: utc("2004-05-11T12:00:00Z"), subject: "Re: Question about permits", subIssue: "general", stage: .thread, parent: "a3"),
        Fixture(id: "a4", author: "dave@x.org", date: utc("2004-05-12T10:00:00Z"), subject: "SECRET tender price 4711", subIssue: "procurement"),
        Fixture(id: "a5", author: "erin@x.org", date: utc("2004-05-13T08:00:00Z"), subject: "Cargo bikes", subIssue: "cycling", stage: .model, confidence: 0.4),
        Fixture(id: "a6", author: "frank@x.org", date: utc("2004-05-13T12:00:00Z"), subject: "Re: Cargo bikes", subIssue: "cycling", stage: .thread, parent: "a5"),
        // Sunday 23:30 in Berlin: in the week; its 48 hours end next week.
        Fixture(id: "a8", author: "gina@x.org", date: utc("2004-05-16T21:30:00Z"), subject: "Late Sunday", subIssue: "general", stage: .general),
        // Monday 00:30 in Berlin, Sunday in UTC: next week.
        Fixture(id: "a9", author: "hank@x.org", date: utc("2004-05-16T22:30:00Z"), subject: "Next week", subIssue: "general", stage: .general),
    ]

    static let settings = WeeklyReportSettings(
        community: Community(name: "Mobility CoP", listAddress: "cop@lists.x.org",
                             objectives: ["Safer cycling infrastructure", "Lower procurement prices", "Something else",
                                          // Its words name cycling; its mapping does not, and the mapping counts.
                                          Objective(text: "Safer cycling streets", id: "streets", subIssues: ["procurement", "parking"])],
                             timeZone: TimeZone(identifier: "Europe/Berlin") ?? .gmt),
        subIssues: [
            SubIssue.general, SubIssue(id: "cycling", name: "Cycling", moderators: ["cyc@x.org"]),
            SubIssue(id: "procurement", name: "Joint procurement", isProtected: true, moderators: ["secret-mod@x.org"]),
            SubIssue(id: "parking", name: "Parking"),
        ],
        circles: CirclesPolicy(inner: .init(posts: 3, threads: 2, windowDays: 60), demotion: .init(silentDays: 30),
                               core: ["core@x.org"]))

    /// Records the fixture with the store's own write path, plus members, standings,
    /// transitions and the operational rows.
    /// Each objective's activity: from the sub-issues it names, or for a plain sentence from its
    /// words, labelled so.
    static func checkObjectives(_ figures: WeeklyReportFigures) {
        let r = figures.review
        #expect(r.objectives.map(\.subIssues) == [["cycling"], ["procurement"], [], ["procurement", "parking"]])
        #expect(r.objectives.map(\.link) == [.textMatch, .textMatch, .textMatch, .configured])
        #expect(r.objectives.map(\.id) == [nil, nil, nil, "streets"])
        #expect(r.objectives.map(\.posts) == [8, 2, 0, 2])
        #expect(r.objectives.map(\.postsThisWeek) == [4, 1, 0, 1])
        // cycling over 12 weeks: alice, bob, carol, erin, frank; procurement: dave alone.
        #expect(r.objectives.map(\.contributors) == [5, 1, 0, 1])
        let text = figures.renderedText()
        // Moderators per sub-issue: named for an open one, counted for a protected one.
        #expect(text.contains("  Cycling\n    4 posts, 2 threads, 4 contributors, inner circle 2\n    Moderators: cyc@x.org\n"))
        #expect(text.contains("Moderators: 1 (not named: protected)"))
        #expect(figures.renderedHTML().contains("Moderators: cyc@x.org"))
        #expect(text.contains("Safer cycling infrastructure\n    8 posts by 5 contributors in 12 weeks (4 this week) in cycling. "
            + "Matched by words in its text"))
        #expect(text.contains("Safer cycling streets\n    2 posts by 1 contributor in 12 weeks (1 this week) in procurement, parking.\n"))
    }

    static func makeCommunity() throws -> TemporaryDatabase {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        let batch = posts.map { post in
            NewPost(
                messageID: post.id + "@x.org", contentHash: ContentHash.sha256(Array(post.id.utf8)),
                author: MailAddress(name: post.author.capitalized, address: post.author), date: post.date,
                receivedAt: post.date, subject: post.subject, inReplyTo: post.parent.map { [$0 + "@x.org"] } ?? [],
                // Replies come in as unclassified and inherit their thread's sub-issue in the store.
                classification: post.parent == nil
                    ? PostClassification(subIssue: post.subIssue, stage: post.stage, confidence: post.confidence)
                    : .general,
                trimmedText: "Text of \(post.subject)", size: 100, isProtected: post.isProtected)
        }
        _ = try database.recordPosts(batch)
        // A held message: not a post, counted under operations.
        _ = try database.recordPosts([NewPost(
            messageID: "held@y.org", contentHash: "held", author: MailAddress(name: nil, address: "stranger@y.org"),
            date: utc("2004-05-14T10:00:00Z"), receivedAt: utc("2004-05-14T10:00:00Z"), subject: "Buy now",
            trimmedText: "spam", size: 10, kind: .held)])
        let early = utc("2004-01-01T00:00:00Z")
        for address in ["alice@x.org", "bob@x.org", "carol@x.org", "dave@x.org", "ivan@x.org", "gina@x.org", "core@x.org"] {
            try database.addMember(address: address, joinedAt: early)
        }
        try database.addMember(address: "erin@x.org", joinedAt: utc("2004-05-12T00:00:00Z"))
        try database.addMember(address: "frank@x.org", joinedAt: utc("2004-05-13T00:00:00Z"))
        try database.addMember(address: "henry@x.org", joinedAt: early)
        try database.addMember(address: "olga@x.org", joinedAt: early)
        try database.write("setting up the fixture") { db in
            func member(_ address: String) throws -> Int64 {
                try Int64.fetchOne(db, sql: "SELECT id FROM members WHERE address = ?", arguments: [address]) ?? -1
            }
            try db.execute(sql: "UPDATE members SET status = 'unsubscribed', left_at = ? WHERE address = 'henry@x.org'",
                           arguments: [utc("2004-05-14T00:00:00Z").timeIntervalSince1970])
            try db.execute(sql: "UPDATE members SET status = 'disabled', bounce_score = 5, bounce_disabled_at = ? WHERE address = 'olga@x.org'",
                           arguments: [utc("2004-05-15T00:00:00Z").timeIntervalSince1970])
            try db.execute(sql: "UPDATE members SET bounce_score = 1.5 WHERE address = 'frank@x.org'")
            for (address, subIssue) in [("bob@x.org", "cycling"), ("carol@x.org", "cycling"), ("ivan@x.org", "general"), ("dave@x.org", "procurement")] {
                try MemberSubIssueRecord(memberID: try member(address), subIssue: subIssue, standing: .inner, since: early).insert(db)
            }
            try StandingTransitionRecord(memberID: try member("bob@x.org"), subIssue: "cycling", fromStanding: "outer",
                                         toStanding: "inner", at: utc("2004-05-11T00:00:00Z"),
                                         reason: "3 posts in 2 threads within 60 days").insert(db)
            try StandingTransitionRecord(memberID: try member("dave@x.org"), subIssue: "procurement", fromStanding: "outer",
                                         toStanding: "inner", at: utc("2004-05-12T11:00:00Z"),
                                         reason: "SECRET reason").insert(db)
            // Outside the week: not listed.
            try StandingTransitionRecord(memberID: try member("ivan@x.org"), subIssue: "general", fromStanding: "outer",
                                         toStanding: "inner", at: utc("2004-05-01T00:00:00Z"), reason: "earlier").insert(db)
            _ = try PraxisDatabase.enqueueOutbox(kind: .post, recipients: ["a@b.org"], envelopeSender: "b@x.org", message: [65],
                                                 postID: nil, at: utc("2004-05-13T00:00:00Z"), in: db)
            try db.execute(sql: "UPDATE outbox SET state = 'failed'")
        }
        try database.recordQuarantine(fileName: "broken", reason: "unparsable", at: utc("2004-05-12T00:00:00Z"))
        try database.recordQuarantine(fileName: "older", reason: "unparsable", at: utc("2004-04-12T00:00:00Z"))
        return temporary
    }

    /// The root of a fixture post's thread, by the test's own walk up the parents.
    static func root(_ post: Fixture) -> Fixture {
        var current = post
        while let parent = current.parent, let next = posts.first(where: { $0.id == parent }) { current = next }
        return current
    }

    static let week = ISOWeek(year: 2004, week: 20)

    @Test func everyFigureAgreesWithTheFixture() throws {
        let community = try Self.makeCommunity()
        let week = try #require(Self.week)
        let figures = try community.database.weeklyReportFigures(week: week, settings: Self.settings)
        #expect(figures.start == Self.weekStart && figures.end == Self.weekEnd)

        let inWeek = Self.posts.filter { $0.date >= Self.weekStart && $0.date < Self.weekEnd }
        #expect(inWeek.map(\.id) == ["a1", "a2", "a3", "a7", "a4", "a5", "a6", "a8"])
        let h = figures.headline
        #expect(h.posts == inWeek.count)
        #expect(h.threads == Set(inWeek.map { Self.root($0).id }).count)
        #expect(h.newThreads == inWeek.filter { $0.parent == nil }.count)
        #expect(h.activeContributors == Set(inWeek.map(\.author)).count)
        let firstDates = Dictionary(Self.posts.map { ($0.author, $0.date) }, uniquingKeysWith: min)
        let firstInWeek = firstDates.values.filter { $0 >= Self.weekStart && $0 < Self.weekEnd }
        #expect(h.newContributors == firstInWeek.count)
        #expect(h.newContributors == 3)  // erin, frank, gina
        // Four weeks before: W16..W19, each cut in Berlin.
        let fourWeeksBefore = Self.weekStart.addingTimeInterval(-28 * 86_400)
        let previous = Self.posts.filter { $0.date >= fourWeeksBefore && $0.date < Self.weekStart }.count
        #expect(h.previousFourWeekMean == Double(previous) / 4)
        #expect(h.newMembers == 2)  // erin, frank
        #expect(h.membersLeft == 1)  // henry
        #expect(h.members == 10)  // 11 joined before the end, henry left

        Self.checkSubIssues(figures.subIssues, inWeek: inWeek)
        #expect(figures.subIssues.map(\.id) == ["general", "cycling", "procurement", "parking"])
        #expect(figures.subIssues.first { $0.id == "procurement" }?.isProtected == true)
        #expect(figures.subIssues.first { $0.id == "cycling" }?.innerCircle == 2)
        #expect(figures.subIssues.first { $0.id == "cycling" }?.trend.map(\.posts) == [0, 0, 0, 0, 0, 0, 0, 1, 0, 3, 0, 4])

        // Unanswered: the 48 hours ended in the week, no reply by anyone else by its end.
        let a = figures.attention
        #expect(a.unanswered.map(\.messageID) == ["a0@x.org", "a3@x.org"])
        #expect(a.protectedUnanswered == 1)
        // Threads started in the week with a reply by someone else: a1 (10.5 h) and a5 (4 h).
        #expect(a.repliedThreads == 2)
        let expectedMedian: TimeInterval = (10.5 + 4) / 2 * 3600
        #expect(a.medianFirstReply == expectedMedian)
        #expect(a.quietSubIssues.map(\.id) == ["parking"])
        #expect(a.standstill == [.coreGroupSilent])

        let c = figures.circles
        #expect(c.transitions.map(\.address) == ["bob@x.org"])
        #expect(c.transitions.first?.reason == "3 posts in 2 threads within 60 days")
        #expect(c.protectedTransitions == 1)
        // alice: 2 posts in 2 cycling threads; carol: 2 posts in 1 general thread.
        #expect(c.candidates.map { "\($0.address) \($0.subIssue) \($0.missing)" } == [
            "alice@x.org cycling 1 more post", "carol@x.org general 1 more post and 1 more thread",
        ])
        // carol's last cycling post is 18.5 days before the end: past half of 30 silent days.
        #expect(c.quietInner.map { "\($0.address) \($0.subIssue) \($0.silentDays)" } == ["carol@x.org cycling 18"])

        let k = figures.classification
        #expect(k.fellToGeneral == inWeek.filter { $0.stage == .general }.count)
        #expect(k.lowConfidence == 1)
        #expect(k.listed.map(\.messageID) == ["a3@x.org", "a5@x.org", "a8@x.org"])

        let o = figures.operations
        #expect(o.heldWaiting == 1)
        #expect(o.bouncingMembers == 1)
        #expect(o.disabledThisWeek == 1 && o.disabledTotal == 1)
        #expect(o.quarantinedThisWeek == 1 && o.quarantinedTotal == 2)
        #expect(o.deliveryFailedThisWeek == 1 && o.deliveryFailedTotal == 1)

        let r = figures.review
        Self.checkObjectives(figures)
        let quarterStart = Self.weekEnd.addingTimeInterval(-84 * 86_400)
        let quarterPosts = Self.posts.filter { $0.date >= quarterStart && $0.date < Self.weekEnd }.count
        #expect(r.quarterPosts == quarterPosts)
        #expect(!r.decisionDue)

        let members = Dictionary(uniqueKeysWithValues: figures.members.map { ($0.address, $0) })
        #expect(members.count == h.activeContributors)
        let carol = try #require(members["carol@x.org"])
        #expect(carol.posts == 2 && carol.threadsStarted == 1 && carol.replies == 1)
        #expect(members["dave@x.org"]?.protectedPosts == 1 && members["dave@x.org"]?.subIssuePosts.isEmpty == true)
    }

    /// Each sub-issue's figures against the fixture's posts of the week and of the twelve weeks.
    static func checkSubIssues(_ subIssues: [WeeklyReportFigures.SubIssueActivity], inWeek: [Fixture]) {
        for entry in subIssues {
            let own = inWeek.filter { $0.subIssue == entry.id }
            #expect(entry.posts == own.count, "\(entry.id)")
            #expect(entry.threads == Set(own.map { Self.root($0).id }).count, "\(entry.id)")
            #expect(entry.contributors == Set(own.map(\.author)).count, "\(entry.id)")
            #expect(entry.trend.count == 12)
            #expect(entry.trend.last?.posts == own.count)
            let twelveWeeksBefore = Self.weekEnd.addingTimeInterval(-84 * 86_400)
            let twelveWeeks = Self.posts.filter { $0.subIssue == entry.id && $0.date >= twelveWeeksBefore && $0.date < Self.weekEnd }
            #expect(entry.trend.map(\.posts).reduce(0, +) == twelveWeeks.count, "\(entry.id)")
        }
    }

    @Test func protectedTextIsInNoRendering() throws {
        let community = try Self.makeCommunity()
        let figures = try community.database.weeklyReportFigures(week: try #require(Self.week), settings: Self.settings)
        let message = figures.message(to: ["core@x.org", "cop-owner@lists.x.org"], from: Self.settings.community,
                                      at: Self.weekEnd).rendered()
        let parsed = MailMessage(message)
        for rendering in [figures.renderedText(), figures.renderedHTML(), figures.activityCSV(), parsed.text,
                          String(decoding: message, as: UTF8.self)] {
            #expect(!rendering.contains("SECRET"))
            #expect(!rendering.contains("4711"))
            #expect(!rendering.contains("a4@x.org") && !rendering.contains("e5@x.org"))
            // A protected sub-issue's moderator is not named either.
            #expect(!rendering.contains("secret-mod"))
        }
        // The counts are there.
        #expect(figures.renderedText().contains("1 unanswered thread in protected sub-issues"))
        #expect(figures.renderedText().contains("Joint procurement (protected: counts only)"))
        #expect(figures.renderedHTML().contains("protected: counts only"))
    }

    /// With `web.base_url`, the unanswered threads and listed posts link to their pages; the
    /// protected ones, counted only, link nowhere.
    @Test func listedThreadsAndPostsLinkIntoTheArchive() throws {
        let community = try Self.makeCommunity()
        var figures = try community.database.weeklyReportFigures(week: try #require(Self.week), settings: Self.settings)
        #expect(!figures.renderedText().contains("https://cop.x.org/"))
        figures.archive = ArchiveLinks(baseURL: "https://cop.x.org/mobility/")
        for rendering in [figures.renderedText(), figures.renderedHTML()] {
            for id in ["a0@x.org", "a3@x.org"] { #expect(rendering.contains("https://cop.x.org/mobility/t/\(id)/"), "\(id)") }
            for id in ["a3@x.org", "a5@x.org", "a8@x.org"] { #expect(rendering.contains("https://cop.x.org/mobility/m/\(id)/"), "\(id)") }
            #expect(!rendering.contains("a4@x.org") && !rendering.contains("e5@x.org"))
        }
    }

    @Test func theMessageParsesBackCleanly() throws {
        let community = try Self.makeCommunity()
        let figures = try community.database.weeklyReportFigures(week: try #require(Self.week), settings: Self.settings)
        let bytes = figures.message(to: ["core@x.org", "cop-owner@lists.x.org"], from: Self.settings.community,
                                    at: Self.weekEnd).rendered()
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let message = MailMessage(bytes)
        #expect(message.defects.isEmpty, "\(message.defects)")
        #expect(message.subject == "[Mobility CoP] Weekly report 2004-W20")
        #expect(message.from.first?.address == "cop-owner@lists.x.org")
        #expect(message.to.map(\.address) == ["core@x.org", "cop-owner@lists.x.org"])
        #expect(message.mediaType == "multipart/mixed")
        #expect(message.header("Auto-Submitted") == "auto-generated")
        #expect(message.text.hasPrefix("Mobility CoP - Weekly report 2004-W20"))
        #expect(message.text.contains("Question about permits"))
        #expect(message.attachments.map(\.filename) == ["activity-2004-W20.csv"])
        #expect(message.attachments.first?.contentType == "text/csv")
        #expect(message.attachments.first?.size == figures.activityCSV().utf8.count)
        let csv = figures.activityCSV().split(separator: "\r\n")
        #expect(csv.first == "address,name,posts,threads_started,replies,new_contributor,sub_issues,protected_posts")
        #expect(csv.contains("carol@x.org,Carol@X.Org,2,1,1,no,general:2,0"))
        #expect(csv.count == 1 + figures.headline.activeContributors)
    }

    @Test func queueingOnceForADueTime() throws {
        let community = try Self.makeCommunity()
        let week = try #require(Self.week)
        let due = Self.utc("2004-05-17T06:00:00Z")
        let templates = WeeklyReportTemplates.standard
        let first = try community.database.queueWeeklyReport(
            week: week, settings: Self.settings, templates: templates, at: due, scheduleRun: ("report:moderators", due))
        let second = try community.database.queueWeeklyReport(
            week: week, settings: Self.settings, templates: templates, at: due, scheduleRun: ("report:moderators", due))
        #expect(first == 2 && second == nil)
        let rows = try community.database.read("reading the outbox") { db in
            try Row.fetchAll(db, sql: "SELECT recipients, envelope_sender FROM outbox WHERE kind = 'report' ORDER BY id")
        }
        #expect(rows.map { $0["recipients"] as String } == ["core@x.org", "cop-owner@lists.x.org"])
        #expect(rows.map { $0["envelope_sender"] as String } == ["cop-bounces+core=x.org@lists.x.org", "cop-bounces+cop-owner=lists.x.org@lists.x.org"])
    }
}
