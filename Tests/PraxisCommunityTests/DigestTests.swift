import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

@Suite("Schedule due times")
struct ScheduleDueTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt
    static let newYork = TimeZone(identifier: "America/New_York") ?? .gmt

    static func utc(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else {
            Issue.record("bad fixture date \(text)")
            return Date(timeIntervalSince1970: 0)
        }
        return date
    }

    static func schedule(_ text: String) -> Schedule {
        (try? Schedule(parsing: text)) ?? .daily(TimeOfDay.eightOClock)
    }

    static let cases: [(String, String, String, String)] = [
        // (schedule, zone, after, expected next due, all UTC)
        ("daily 18:00", "UTC", "2024-06-03T12:00:00Z", "2024-06-03T18:00:00Z"),
        ("daily 18:00", "UTC", "2024-06-03T18:00:00Z", "2024-06-04T18:00:00Z"),
        ("daily 07:00", "Europe/Berlin", "2024-01-10T00:00:00Z", "2024-01-10T06:00:00Z"),  // CET
        ("daily 07:00", "Europe/Berlin", "2024-07-10T00:00:00Z", "2024-07-10T05:00:00Z"),  // CEST
        // Spring forward in Berlin, 31 Mar 2024: 02:00 → 03:00. 07:00 is 05:00Z that day.
        ("daily 07:00", "Europe/Berlin", "2024-03-30T12:00:00Z", "2024-03-31T05:00:00Z"),
        // 02:30 does not exist that night: due at 03:30 CEST = 01:30Z.
        ("daily 02:30", "Europe/Berlin", "2024-03-30T12:00:00Z", "2024-03-31T01:30:00Z"),
        // Fall back, 27 Oct 2024: 03:00 → 02:00; 02:30 happens twice, due at the first (00:30Z).
        ("daily 02:30", "Europe/Berlin", "2024-10-26T12:00:00Z", "2024-10-27T00:30:00Z"),
        // …and not again at the second 02:30 (01:30Z): the next is the day after.
        ("daily 02:30", "Europe/Berlin", "2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z"),
        ("weekly mon 07:00", "Europe/Berlin", "2024-03-27T00:00:00Z", "2024-04-01T05:00:00Z"),
        ("weekly mon 07:00", "Europe/Berlin", "2024-10-23T00:00:00Z", "2024-10-28T06:00:00Z"),
        ("weekly sun 23:30", "America/New_York", "2024-03-08T00:00:00Z", "2024-03-11T03:30:00Z"),
        ("monthly 1 09:00", "Europe/Berlin", "2024-01-15T00:00:00Z", "2024-02-01T08:00:00Z"),
        ("monthly 28 09:00", "UTC", "2024-02-28T09:00:00Z", "2024-03-28T09:00:00Z"),
        ("monthly 1 00:00", "Pacific/Auckland", "2024-12-31T12:00:00Z", "2025-01-31T11:00:00Z"),
        // Quarterly: the first month of the next quarter, however far (92 days from 1 Jan 09:00).
        ("quarterly 1 09:00", "Europe/Berlin", "2024-01-01T08:00:00Z", "2024-04-01T07:00:00Z"),
        ("quarterly 1 09:00", "Europe/Berlin", "2024-02-15T00:00:00Z", "2024-04-01T07:00:00Z"),
        ("quarterly 1 09:00", "Europe/Berlin", "2024-07-01T07:00:00Z", "2024-10-01T07:00:00Z"),
        ("quarterly 28 23:00", "UTC", "2024-11-30T00:00:00Z", "2025-01-28T23:00:00Z"),
    ]

    @Test(arguments: cases)
    func nextDue(schedule text: String, zone: String, after: String, expected: String) throws {
        let zone = try #require(TimeZone(identifier: zone))
        let due = Self.schedule(text).nextDue(after: Self.utc(after), in: zone)
        #expect(due == Self.utc(expected), "\(text) in \(zone.identifier) after \(after)")
        // The last due at that instant is the instant itself, and just before it the one before.
        #expect(Self.schedule(text).lastDue(atOrBefore: due, in: zone) == due)
        #expect(Self.schedule(text).lastDue(atOrBefore: due.addingTimeInterval(-1), in: zone) < due)
    }

    @Test func aYearOfDailyRunsInBerlinIsOnePerDay() {
        let schedule = Self.schedule("daily 02:30")
        var instant = Self.utc("2024-01-01T00:00:00Z")
        var days = Set<Int>()
        for _ in 0..<366 {
            instant = schedule.nextDue(after: instant, in: Self.berlin)
            days.insert(WallClock.localDay(of: instant, in: Self.berlin))
        }
        #expect(days.count == 366)
        #expect(instant == Self.utc("2024-12-31T01:30:00Z"))  // 2024 has 366 days
    }
}

/// Builds posts and readers for the selection tests.
struct DigestFixture {
    static let subIssues = [
        SubIssue.general,
        SubIssue(id: "cycling", name: "Cycling infrastructure"),
        SubIssue(id: "parking", name: "Parking"),
        SubIssue(id: "procurement", name: "Joint procurement", isProtected: true, members: ["buyer@city.example"]),
    ]
    static let community = Community(
        name: "Mobility CoP", listAddress: "mobility@lists.example.org",
        objectives: ["Exchange practice on cycling infrastructure"], timeZone: TimeZone(identifier: "Europe/Berlin") ?? .gmt)
    static let start = Date(timeIntervalSince1970: 1_717_400_000)

    static func post(_ id: Int64, thread: Int64, _ subIssue: String, text: String = "Some words.",
                     subject: String? = nil, author: String = "alice@example.org", protected: Bool = false) -> DigestPost {
        DigestPost(
            id: id, messageID: "m\(id)@example.org", threadID: thread, subIssue: subIssue, isProtected: protected,
            authorAddress: author, authorName: author.split(separator: "@").first.map(String.init),
            date: start.addingTimeInterval(Double(id) * 60), receivedAt: start.addingTimeInterval(Double(id) * 60),
            subject: subject ?? "Thread \(thread)", text: text)
    }

    static func threads(_ posts: [DigestPost]) -> [Int64: DigestThreadInfo] {
        var threads: [Int64: DigestThreadInfo] = [:]
        for post in posts where threads[post.threadID] == nil {
            threads[post.threadID] = DigestThreadInfo(id: post.threadID, subject: post.subject, isProtected: post.isProtected)
        }
        return threads
    }

    static let window = DigestWindow(afterPostID: 0, since: start.addingTimeInterval(-1), through: start.addingTimeInterval(86_400))

    static func select(_ posts: [DigestPost], reader: DigestReader, core: Set<String> = [], received: Set<Int64> = [],
                       cap: Int? = nil, plan: DigestPlan? = nil) -> DigestContent {
        let plan = plan ?? DigestPlan(name: "weekly", schedule: .weekly(.monday, .eightOClock), cap: cap)
        let coverage = DigestAudience.coverage(
            for: reader, plan: plan, allPlans: [plan], subIssues: subIssues, core: core, defaults: DeliveryDefaults())
        return DigestSelection.select(
            posts: posts, threads: threads(posts), coverage: coverage, subIssues: subIssues,
            visibility: DigestVisibility(subIssues: subIssues), receivedAtOnce: received, window: window, cap: cap)
    }

    static let mixed: [DigestPost] = [
        post(1, thread: 1, "cycling"), post(2, thread: 1, "cycling", author: "bob@example.org"),
        post(3, thread: 1, "cycling"), post(4, thread: 2, "parking"),
        post(5, thread: 3, "procurement", text: "Price ceiling 1.2M", protected: true),
        post(6, thread: 4, "general"), post(7, thread: 4, "general"),
        // A reply that kept its protected thread's protection though tagged cycling.
        post(8, thread: 3, "cycling", text: "Counter-offer 1.1M", protected: true),
    ]
}

@Suite("Digest selection")
struct DigestSelectionTests {
    typealias F = DigestFixture

    @Test func outerMemberSeesNoProtectedPost() {
        let content = F.select(F.mixed, reader: DigestReader(address: "reader@example.org"))
        let ids = Set(content.posts.map(\.id))
        #expect(ids == [1, 2, 3, 4, 6, 7])
        #expect(!content.sections.contains { $0.subIssue.id == "procurement" })
    }

    @Test func admittedMemberSeesTheProtectedSubIssueButNotAStrayProtectedReply() {
        let content = F.select(F.mixed, reader: DigestReader(address: "buyer@city.example"))
        #expect(content.posts.map(\.id).contains(5))
        #expect(!content.posts.map(\.id).contains(8))
    }

    @Test func coreSeesEverythingWhenTheirDeliveryIsDigest() {
        let content = F.select(F.mixed, reader: DigestReader(address: "mod@example.org", delivery: .digest),
                               core: ["mod@example.org"], plan: DigestPlan(name: "weekly", schedule: .daily(.eightOClock), audience: .subscribers))
        #expect(Set(content.posts.map(\.id)) == [1, 2, 3, 4, 5, 6, 7, 8])
        // Audience outer leaves the core group out.
        let outerOnly = F.select(F.mixed, reader: DigestReader(address: "mod@example.org", delivery: .digest), core: ["mod@example.org"])
        #expect(outerOnly.isEmpty)
    }

    @Test func mutedSubIssueIsLeftOut() {
        let reader = DigestReader(address: "reader@example.org", choices: ["cycling": .init(mutes: true)])
        let content = F.select(F.mixed, reader: reader)
        #expect(Set(content.posts.map(\.id)) == [4, 6, 7])
    }

    @Test func innerCircleSubIssueWithImmediateDeliveryIsLeftOut() {
        let reader = DigestReader(address: "reader@example.org", choices: ["cycling": .init(standing: .inner)])
        #expect(Set(F.select(F.mixed, reader: reader).posts.map(\.id)) == [4, 6, 7])
        let none = DigestReader(address: "reader@example.org", delivery: DeliveryMode.none)
        #expect(F.select(F.mixed, reader: none).isEmpty)
    }

    @Test func postsReceivedAtOnceAreLeftOut() {
        let content = F.select(F.mixed, reader: DigestReader(address: "reader@example.org"), received: [1, 2, 4])
        #expect(Set(content.posts.map(\.id)) == [3, 6, 7])
    }

    @Test func groupedBusiestFirst() {
        let content = F.select(F.mixed, reader: DigestReader(address: "reader@example.org"))
        #expect(content.sections.map(\.subIssue.id) == ["cycling", "general", "parking"])
        #expect(content.sections[0].threads[0].participants == ["alice", "bob"])
        #expect(content.sections[0].threads[0].posts.map(\.id) == [1, 2, 3])
    }

    @Test func capKeepsTheBusiestThreadsAndSaysWhatWasLeftOut() throws {
        let content = F.select(F.mixed, reader: DigestReader(address: "reader@example.org"), cap: 4)
        #expect(content.postCount == 4)
        #expect(content.leftOutPosts == 2)
        #expect(content.leftOutThreads == 1)
        let view = DigestDocument(community: F.community, name: "weekly", content: content,
                                  recipient: "reader@example.org", timeZone: .gmt).view
        let line = try #require(view["left_out"] as? String)
        #expect(line.contains("2 more posts"))
        let text = DigestTemplates.builtIn.renderText(
            DigestDocument(community: F.community, name: "weekly", content: content, recipient: "reader@example.org", timeZone: .gmt))
        #expect(text.contains("2 more posts (1 more thread) did not fit"))
    }

    @Test func windowStartsAfterThePreviousDigest() {
        let plan = DigestPlan(name: "weekly", schedule: .weekly(.monday, .eightOClock))
        let reader = DigestReader(address: "reader@example.org")
        let coverage = DigestAudience.coverage(for: reader, plan: plan, allPlans: [plan], subIssues: F.subIssues, core: [], defaults: DeliveryDefaults())
        let content = DigestSelection.select(
            posts: F.mixed, threads: F.threads(F.mixed), coverage: coverage, subIssues: F.subIssues,
            visibility: DigestVisibility(subIssues: F.subIssues), receivedAtOnce: [],
            window: DigestWindow(afterPostID: 4, since: F.window.since, through: F.window.through), cap: nil)
        #expect(Set(content.posts.map(\.id)) == [6, 7])
    }

    @Test func aMemberGetsTheDigestNamedLikeTheirFrequency() {
        let weekly = DigestPlan(name: "weekly", schedule: .weekly(.monday, .eightOClock))
        let daily = DigestPlan(name: "daily", schedule: .daily(.eightOClock))
        let reader = DigestReader(address: "reader@example.org", frequency: "daily")
        let both = [weekly, daily]
        #expect(DigestAudience.coverage(for: reader, plan: weekly, allPlans: both, subIssues: F.subIssues, core: [], defaults: DeliveryDefaults()).subIssues.isEmpty)
        #expect(!DigestAudience.coverage(for: reader, plan: daily, allPlans: both, subIssues: F.subIssues, core: [], defaults: DeliveryDefaults()).subIssues.isEmpty)
    }

    @Test func emptyWhenNothingIsNew() {
        #expect(F.select([], reader: DigestReader(address: "reader@example.org")).isEmpty)
    }
}

@Suite("Digest rendering")
struct DigestRenderingTests {
    typealias F = DigestFixture

    static let hostile: [DigestPost] = [
        F.post(1, thread: 1, "cycling", text: "<script>alert('x')</script> & <img src=\"http://evil.example/t.gif\">",
               subject: "Lanes\r\nBcc: victim@example.org", author: "mallory@example.org"),
        F.post(2, thread: 1, "cycling", text: String(repeating: "A very long post line. ", count: 50_000),
               subject: "Lanes\r\nBcc: victim@example.org"),
        F.post(3, thread: 2, "parking", text: "------------------------------\nFrom: forged@example.org\nSubject: fake",
               subject: "Kerbs\nX-Injected: yes"),
    ]

    static func message(_ format: DigestPlan.Format, posts: [DigestPost] = hostile) -> (DigestDocument, [UInt8]) {
        let content = F.select(posts, reader: DigestReader(address: "reader@example.org"))
        let document = DigestDocument(
            community: F.community, name: "weekly", content: content, recipient: "reader@example.org",
            participation: ["You did not post this week."], timeZone: TimeZone(identifier: "Europe/Berlin") ?? .gmt)
        let message = DigestMessage.compose(document, format: format, templates: .builtIn,
                                            messageID: "digest-1@lists.example.org", at: F.start.addingTimeInterval(86_400))
        return (document, message.rendered())
    }

    @Test func shippedTemplatesAreTheBuiltInOnes() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/templates")
        let text = try String(contentsOf: folder.appendingPathComponent(DigestTemplates.textFileName), encoding: .utf8)
        let html = try String(contentsOf: folder.appendingPathComponent(DigestTemplates.htmlFileName), encoding: .utf8)
        #expect(text == DigestTemplates.builtInText)
        #expect(html == DigestTemplates.builtInHTML)
    }

    @Test func templatesThatCouldUnescapeAreRefused() {
        for bad in ["{{{text}}}", "{{&text}}", "{{=<% %>=}}", "{{%CONTENT_TYPE:TEXT}}", "{{>other}}"] {
            #expect(throws: CommunityError.self) { try DigestTemplates(text: "ok", html: bad) }
        }
        #expect(throws: CommunityError.self) { try DigestTemplates(text: "{{#open}}", html: "ok") }
    }

    /// Template errors keep the sentences operators have always seen, and say which kind they are.
    @Test func templateErrorsNameTheTemplate() {
        do {
            _ = try DigestTemplates(text: "ok", html: "{{{text}}}")
            Issue.record("a triple mustache was accepted")
        } catch {
            #expect(error.code == .digestTemplate && !error.isTransient)
            #expect(error.description.hasPrefix("\(DigestTemplates.htmlFileName) uses "))
        }
        do {
            _ = try WeeklyReportTemplates(textSource: "ok", htmlSource: "{{#open}}")
            Issue.record("an unclosed section was accepted")
        } catch {
            #expect(error.code == .reportTemplate)
            #expect(error.description.hasPrefix("the html template does not parse at line "), "\(error)")
        }
    }

    @Test func hostileContentIsEscapedAndAddsNoHeader() throws {
        let (document, bytes) = Self.message(.html)
        let html = DigestTemplates.builtIn.renderHTML(document)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("src=\""))
        // Every link is mailto:.
        for part in html.components(separatedBy: "href=\"").dropFirst() {
            #expect(part.hasPrefix("mailto:"), "\(part.prefix(40))")
        }
        let parsed = MailMessage(bytes)
        #expect(parsed.headers("bcc").isEmpty)
        #expect(parsed.headers("x-injected").isEmpty)
        #expect(parsed.header("subject")?.contains("\n") == false)
        // The 1 MB post is cut to a readable length, with a note.
        #expect(bytes.count < 200_000)
        #expect(html.contains("more characters are not shown here"))
    }

    @Test(arguments: [DigestPlan.Format.html, .text, .rfc1153, .mime])
    func parsesBackWithPraxisMail(format: DigestPlan.Format) {
        let (_, bytes) = Self.message(format, posts: F.mixed)
        let parsed = MailMessage(bytes)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.subject?.hasPrefix("[Mobility CoP] Weekly digest") == true)
        #expect(parsed.to.map(\.address) == ["reader@example.org"])
        #expect(parsed.header("list-id")?.contains("mobility.lists.example.org") == true)
        switch format {
        case .html:
            #expect(parsed.mediaType == "multipart/alternative")
            // The plain part says where to write; the HTML part keeps the one-click reply link.
            #expect(parsed.text.contains("To reply, write to mobility@lists.example.org with the subject: Re: Thread 1"))
        case .text: #expect(parsed.mediaType == "text/plain")
        case .rfc1153:
            #expect(parsed.text.contains("End of Mobility CoP Weekly digest"))
            #expect(parsed.text.contains("\n------------------------------\n"))
        case .mime: #expect(parsed.mediaType == "multipart/mixed")
        }
    }

    @Test func parsesBackWithPythonsEmailPackage() throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            print("skipping: \(python) is absent")
            return
        }
        let (_, bytes) = Self.message(.html)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString).eml")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import email, email.policy, sys
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
            assert not m.defects, m.defects
            assert m.get_content_type() == 'multipart/alternative', m.get_content_type()
            assert 'Bcc' not in m and 'X-Injected' not in m
            parts = [p.get_content_type() for p in m.iter_parts()]
            assert parts == ['text/plain', 'text/html'], parts
            html = m.get_body(('html',)).get_content()
            assert '<script' not in html and '&lt;script&gt;' in html
            for p in m.walk():
                assert not p.defects, p.defects
            print('ok', m['Subject'])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(said)")
        #expect(said.hasPrefix("ok [Mobility CoP] Weekly digest"))
    }

    @Test func oneRenderingServesManyRecipientsAndAPostCannotForgeTheirPlaceholder() throws {
        let posts = [F.post(1, thread: 1, "cycling", text: "I am \u{E000}recipient\u{E000} & co")]
        let content = F.select(posts, reader: DigestReader(address: "a@example.org"))
        let templates = try DigestTemplates(text: "To {{recipient}}: {{#sections}}{{#threads}}{{#posts}}{{text}}{{/posts}}{{/threads}}{{/sections}}",
                                            html: "<p>{{recipient}} {{recipient_name}}</p>")
        var memo = DigestRenderMemo()
        var outputs: [(String, String)] = []
        for (address, name) in [("a@example.org", "A <b>"), ("b@example.org", "B & C")] {
            let document = DigestDocument(community: F.community, name: "weekly", content: content, recipient: address,
                                          recipientName: name, timeZone: .gmt)
            outputs.append(memo.render(document, contentKey: "same", templates: templates))
        }
        #expect(memo.rendered == 1)
        #expect(outputs[0].0 == "To a@example.org: I am \u{FFFD}recipient\u{FFFD} & co")
        #expect(outputs[1].0 == "To b@example.org: I am \u{FFFD}recipient\u{FFFD} & co")
        #expect(outputs[0].1 == "<p>a@example.org A &lt;b&gt;</p>")
        #expect(outputs[1].1 == "<p>b@example.org B &amp; C</p>")
    }

    @Test func participationSaysHowCloseTheReaderIs() {
        let bar = CirclesPolicy.InnerBar(posts: 3, threads: 2, windowDays: 60)
        let close = DigestParticipation(postsThisPeriod: 1, activity: [
            .init(subIssue: SubIssue(id: "cycling", name: "Cycling"), posts: 2, threads: 1, standing: .outer),
        ])
        let lines = close.sentences(bar: bar, period: "this week")
        #expect(lines == [
            "You wrote 1 post this week — thank you.",
            "In Cycling you wrote 2 of the 3 posts in 60 days that make its inner circle; 1 more post in 1 more thread and you are in.",
        ])
        let quiet = DigestParticipation(postsThisPeriod: 0, activity: []).sentences(bar: bar, period: "this week")
        #expect(quiet.last?.contains("reply to it") == true)
    }
}
