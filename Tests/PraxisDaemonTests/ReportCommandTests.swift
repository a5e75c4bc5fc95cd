import Foundation
import PraxisCommunity
import PraxisDaemon
import PraxisMail
import PraxisStore
import PraxisSystem
import Testing

/// `praxis report preview|send` on the real binary.
@Suite("praxis report")
struct ReportCommandTests {
    static let berlin = """
        community:
          name: linux-mips
          list_address: linux-mips@linux-mips.org
          timezone: Europe/Berlin
          objectives:
            - {id: kernel, text: Keep the MIPS port of Linux working, sub_issues: [general]}
            - Something nobody wrote about
        paths:
          maildir: Maildir
          database: praxis.sqlite
        circles:
          core: [ralf@linux-mips.org]
        """

    /// 2004-W20 in Europe/Berlin (CEST), written out by hand.
    static let weekStart = Date(timeIntervalSince1970: 1_084_140_000)  // 2004-05-09T22:00:00Z
    static let weekEnd = Date(timeIntervalSince1970: 1_084_744_800)    // 2004-05-16T22:00:00Z

    func run(_ community: CommunityFixture, _ arguments: [String]) throws -> (Int32, String, String) {
        try PraxisChild.run(arguments + ["--config", community.configPath], in: community.url) ?? (-1, "", "")
    }

    @Test func linuxMipsWeek20AgreesWithTheMbox() throws {
        guard let data = FileManager.default.contents(atPath: TestMessages.corpusPath) else {
            print("skipped: \(TestMessages.corpusPath) is absent")
            return
        }
        #expect(Self.weekStart == ISOWeek(year: 2004, week: 20)?.interval(in: TimeZone(identifier: "Europe/Berlin") ?? .gmt).start)
        let community = try CommunityFixture()
        try community.writeConfiguration(Self.berlin)
        // The import runs in its own process while this one parses the mbox: the suite stays quick.
        let importing = try #require(try PraxisChild(
            ["import", "mbox", TestMessages.corpusPath, "--add-authors", "--config", community.configPath], in: community.url))
        // The same counts from the mbox itself, parsed here: every message has a Date.
        let messages = Mbox([UInt8](data)).map { MailMessage($0) }
        importing.wait()
        #expect(importing.exitStatus == 0, "\(importing.standardError)")
        let outcome = try run(community, ["report", "preview", "--week", "2004-W20", "--format", "json"])
        #expect(outcome.0 == 0, "\(outcome.2)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.1.utf8)) as? [String: Any])

        let dated = messages.compactMap { message -> (date: Date, author: String, message: MailMessage)? in
            guard let date = message.date, let author = (message.from.first ?? message.sender.first)?.address else { return nil }
            return (date, author.lowercased(), message)
        }
        #expect(dated.count == messages.count)
        let week = dated.filter { $0.date >= Self.weekStart && $0.date < Self.weekEnd }
        let firstPost = Dictionary(dated.map { ($0.author, $0.date) }, uniquingKeysWith: min)
        let newContributors = firstPost.values.filter { $0 >= Self.weekStart && $0 < Self.weekEnd }.count
        print("2004-W20 from the mbox: \(week.count) posts, \(Set(week.map(\.author)).count) contributors, \(newContributors) new")

        #expect(object["week"] as? String == "2004-W20")
        #expect(object["posts"] as? Int == week.count)
        #expect(object["active_contributors"] as? Int == Set(week.map(\.author)).count)
        #expect(object["new_contributors"] as? Int == newContributors)
        // --add-authors makes every author a member joined at their first post.
        #expect(object["new_members"] as? Int == newContributors)
        let threads = try #require(object["threads"] as? Int)
        #expect(threads > 0 && threads <= week.count)
        let subIssues = try #require(object["sub_issues"] as? [[String: Any]])
        #expect(subIssues.count == 1)
        #expect(subIssues.first?["id"] as? String == "general")
        #expect(subIssues.first?["posts"] as? Int == week.count)
        #expect(subIssues.first?["threads"] as? Int == threads)
        #expect(subIssues.first?["contributors"] as? Int == Set(week.map(\.author)).count)
        let trend = try #require(subIssues.first?["trend"] as? [Int])
        for (index, count) in trend.enumerated() {
            // Berlin switched to summer time on 28 March 2004 at 01:00 UTC: weeks that start
            // before it start at 23:00 UTC (CET), the later ones at 22:00 UTC (CEST).
            let switchToSummer = Date(timeIntervalSince1970: 1_080_435_600)
            func weekStart(_ offset: Int) -> Date {
                let summer = Self.weekStart.addingTimeInterval(Double(offset) * 7 * 86_400)
                return summer < switchToSummer ? summer.addingTimeInterval(3600) : summer
            }
            let start = weekStart(index - 11)
            let end = weekStart(index - 10)
            #expect(count == dated.filter { $0.date >= start && $0.date < end }.count, "week \(index - 11)")
        }

        try Self.checkUnanswered(object, against: dated)
        try Self.checkObjectives(object, against: dated)

        let html = try run(community, ["report", "preview", "--week", "2004-W20", "--format", "html"])
        #expect(html.0 == 0)
        for heading in ["Weekly report 2004-W20", "Sub-issues", "Circles", "Attention", "Classification", "Operations", "Review"] {
            #expect(html.1.contains(heading), "\(heading)")
        }
        #expect(html.1.contains(">\(week.count)</div>"))
        #expect(!html.1.contains("http://") && !html.1.contains("https://") && !html.1.contains("<img"), "no external resources")
    }

    /// Every unanswered thread of the report: its 48 hours ended in the week, and no message of the
    /// mbox by someone else dated before the end answers it directly within them.
    static func checkUnanswered(
        _ object: [String: Any], against dated: [(date: Date, author: String, message: MailMessage)]
    ) throws {
        let unanswered = try #require(object["unanswered"] as? [[String: Any]])
        #expect(!unanswered.isEmpty)
        for thread in unanswered {
            let id = try #require(thread["message_id"] as? String)
            let root = try #require(dated.first { $0.message.messageID == id })
            #expect(thread["subject"] as? String == root.message.subject)
            #expect(root.date.addingTimeInterval(48 * 3600) >= Self.weekStart && root.date.addingTimeInterval(48 * 3600) < Self.weekEnd)
            let replies = dated.filter {
                $0.author != root.author && $0.date < root.date.addingTimeInterval(48 * 3600)
                    && ($0.message.inReplyTo.contains(id) || $0.message.references.contains(id))
            }
            #expect(replies.isEmpty, "\(id) has replies")
        }
    }

    /// Activity per objective comes from the sub-issues it names: here `general`, which holds
    /// the whole archive, so its 12 weeks are the mbox's; the plain-string one links nothing.
    static func checkObjectives(_ object: [String: Any], against dated: [(date: Date, author: String, message: MailMessage)]) throws {
        let review = try #require(object["review"] as? [String: Any])
        let objectives = try #require(review["objectives"] as? [[String: Any]])
        #expect(objectives.count == 2)
        let kernel = try #require(objectives.first)
        // 12 ISO weeks back from W20 start on Monday 2004-02-23, 00:00 in Berlin (CET).
        let quarterStart = Date(timeIntervalSince1970: 1_077_490_800)
        let quarter = dated.filter { $0.date >= quarterStart && $0.date < Self.weekEnd }
        let week = dated.filter { $0.date >= Self.weekStart && $0.date < Self.weekEnd }
        #expect(kernel["id"] as? String == "kernel")
        #expect(kernel["linked_by"] as? String == "configured")
        #expect(kernel["sub_issues"] as? [String] == ["general"])
        #expect(kernel["posts"] as? Int == quarter.count)
        #expect(kernel["posts_this_week"] as? Int == week.count)
        #expect(kernel["contributors"] as? Int == Set(quarter.map(\.author)).count)
        let plain = try #require(objectives.last)
        #expect(plain["id"] is NSNull)
        #expect(plain["linked_by"] as? String == "text_match")
        #expect(plain["sub_issues"] as? [String] == [])
        #expect(plain["posts"] as? Int == 0 && plain["contributors"] as? Int == 0)
    }

    @Test func previewFormatsAndSend() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: "circles: {core: [mod@example.org]}"))
        try community.database().addMember(address: "someone@example.org", joinedAt: Date())
        let text = try run(community, ["report", "preview"])
        #expect(text.0 == 0, "\(text.2)")
        #expect(text.1.hasPrefix("Test CoP - Weekly report "))
        #expect(text.1.contains("STANDSTILL WARNING"))
        let mime = try run(community, ["report", "preview", "--format", "mime", "--week", "2024-W01"])
        #expect(mime.0 == 0)
        let message = MailMessage(Array(mime.1.utf8))
        #expect(message.defects.isEmpty)
        #expect(message.subject == "[Test CoP] Weekly report 2024-W01")
        #expect(message.to.map(\.address) == ["mod@example.org", "list-owner@example.org"])
        #expect(message.attachments.map(\.filename) == ["activity-2024-W01.csv"])

        let bad = try run(community, ["report", "preview", "--week", "2024-20"])
        #expect(bad.0 == 2)
        #expect(bad.2 == "praxis: --week 2024-20 is not an ISO week; write it as YYYY-Www, e.g. 2004-W20\n")

        let sent = try run(community, ["report", "send", "--now"])
        #expect(sent.0 == 0, "\(sent.2)")
        #expect(sent.1.hasSuffix("to 2 recipient(s)\n"))
        #expect(try community.count("SELECT count(*) FROM outbox WHERE kind = 'report' AND state = 'queued'") == 2)
        // The schedule's latest due time is served once.
        let due = try run(community, ["report", "send"])
        let again = try run(community, ["report", "send"])
        #expect(due.1.hasPrefix("queued the report for "), "\(due.1)")
        #expect(again.1.hasPrefix("nothing due"), "\(again.1)")
        #expect(try community.count("SELECT count(*) FROM outbox WHERE kind = 'report'") == 4)
        #expect(try community.count("SELECT count(*) FROM schedule_runs WHERE schedule = 'report:moderators'") == 1)
    }

    @Test func templatesInThePathsTemplatesFolderReplaceTheDefaults() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration().replacingOccurrences(
            of: "  database: praxis.sqlite", with: "  database: praxis.sqlite\n  templates: templates"))
        let folder = community.url.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("{{% CONTENT_TYPE: TEXT}}\nOwn report for {{week}}: {{headline.posts}} posts\n".utf8)
            .write(to: folder.appendingPathComponent("report.txt.mustache"))
        let own = try run(community, ["report", "preview", "--week", "2024-W02"])
        #expect(own.1 == "Own report for 2024-W02: 0 posts\n", "\(own.2)")
        try Data("{{#broken}}\n".utf8).write(to: folder.appendingPathComponent("report.html.mustache"))
        let broken = try run(community, ["report", "preview", "--week", "2024-W02"])
        #expect(broken.0 == 2)
        #expect(broken.2.hasPrefix("praxis: \(folder.path)/report.html.mustache:"), "\(broken.2)")
    }

    /// The files in Config/templates are the compiled-in defaults, so editing one without the
    /// other is caught.
    @Test func shippedTemplatesAreTheCompiledInOnes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Config/templates/report.txt.mustache"), encoding: .utf8)
        let html = try String(contentsOf: root.appendingPathComponent("Config/templates/report.html.mustache"), encoding: .utf8)
        #expect(text == WeeklyReportTemplates.standardTextSource + "\n")
        #expect(html == WeeklyReportTemplates.standardHTMLSource + "\n")
    }

    @Test func latestDueTimeInTheCommunityTimeZone() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let schedule = try Schedule(parsing: "weekly mon 08:00")
        // Monday 17 May 2004 07:30 CEST: not yet; the Monday before was.
        let before = Date(timeIntervalSince1970: 1_084_744_800 + 7.5 * 3600)
        #expect(schedule.lastDue(atOrBefore: before, in: berlin) == Date(timeIntervalSince1970: 1_084_744_800 + 8 * 3600 - 7 * 86_400))
        let after = before.addingTimeInterval(3600)
        #expect(schedule.lastDue(atOrBefore: after, in: berlin) == Date(timeIntervalSince1970: 1_084_744_800 + 8 * 3600))
    }
}
