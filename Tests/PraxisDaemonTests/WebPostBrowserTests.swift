import Foundation
import Glibc
import PraxisMail
import PraxisTestSupport
import Testing

extension BlockingSuites {
    /// Writing and moderating from the web in a real browser (Debian's chromium through
    /// chromedriver) against `praxis run`: the member signs in with the link from the outgoing
    /// maildir, replies from the thread page, and the daemon ingests the reply and delivers it to
    /// the other members; a sub-issue's moderator approves a held post on `/moderation` and it is
    /// delivered. Screenshots of /post and /moderation at 1280 and 375 px go to
    /// `PRAXIS_SCREENSHOTS` when it names a folder.
    @Suite("praxis run: writing and moderating with a browser", .serialized)
    struct WebPostBrowserTests {
        /// The sign-in test's community, where every member gets posts at once and `mod` moderates cycling.
        static func community() throws -> (fixture: CommunityFixture, port: Int)? {
            let fixture = try CommunityFixture()
            let port = try freePort()
            try fixture.writeConfiguration(CommunityFixture.configuration(name: "Mobility", extra: """
                smtp:
                  url: maildir:Outbox
                delivery: {inner: immediate, outer: immediate}
                sub_issues:
                  - id: cycling
                    name: Cycling
                    moderators: [mod@example.org]
                  - id: hr
                    name: Staffing
                    protected: true
                    members: [boss@example.org, carol@example.org]
                web:
                  listen: 127.0.0.1:\(port)
                  base_url: http://127.0.0.1:\(port)/mobility/
                  audience: public
                """))
            for message in WebArchiveCommandTests.messages {
                try fixture.deliver(Array(message.text.replacingOccurrences(of: "\n", with: "\r\n").utf8), as: message.name)
            }
            for address in ["alice@example.org", "bob@example.org", "boss@example.org", "carol@example.org", "mod@example.org"] {
                guard let (status, _, error) = try PraxisChild.run(["members", "add", address, "--config", fixture.configPath], in: fixture.url)
                else { return nil }
                #expect(status == 0, "\(error)")
            }
            guard let (status, _, error) = try PraxisChild.run(["ingest", "--once", "--config", fixture.configPath], in: fixture.url) else { return nil }
            #expect(status == 0, "\(error)")
            return (fixture, port)
        }

        /// The messages in the outgoing maildir to `address` (its envelope, `X-Original-To`) whose
        /// Subject holds `subject`, waited for.
        static func delivered(_ fixture: CommunityFixture, to address: String, subject: String, text: String = "") async throws -> [MailMessage] {
            let folder = fixture.url.appendingPathComponent("Outbox/new").path
            let deadline = ContinuousClock.now + .seconds(60)
            while true {
                let found = try fixture.files(in: folder).sorted().map {
                    MailMessage(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))))
                }.filter { $0.headers("X-Original-To").contains(address) && $0.subject?.contains(subject) == true && (text.isEmpty || $0.text.contains(text)) }
                if !found.isEmpty || ContinuousClock.now >= deadline { return found }
                try await Task.sleep(for: .milliseconds(200))
            }
        }

        /// Subject and envelope recipients of every outgoing message, for a failure's message.
        static func outgoing(_ fixture: CommunityFixture) throws -> [String] {
            let folder = fixture.url.appendingPathComponent("Outbox/new").path
            return try fixture.files(in: folder).sorted().map {
                let message = MailMessage(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))))
                return "\(message.subject ?? "") → \(message.headers("X-Original-To"))"
            }
        }

        @Test func aReplyWrittenInTheBrowserReachesTheMembersAndAModeratorApprovesAHeldPost() async throws {
            guard let (fixture, port) = try Self.community() else { return }
            let base = "http://127.0.0.1:\(port)/mobility/"
            try await WebDriverSession.walkAgainstDaemon(fixture, base: base, test: "the browser writing test") { browser in
                try await walk(browser, base: base, fixture: fixture)
            }
        }

        private func signIn(_ browser: WebDriverSession, _ address: String, base: String, fixture: CommunityFixture) async throws {
            let before = try SignInCommandTests.mailedLinks(fixture, to: address, base: base).count
            try await browser.open(base + "sign-in")
            try await browser.type(address, into: "#address")
            try await browser.click("main button[type=submit]")
            #expect(try await browser.showsSoon("Check your email"))
            var link: String?
            let deadline = ContinuousClock.now + .seconds(30)
            while link == nil, ContinuousClock.now < deadline {
                link = try SignInCommandTests.mailedLinks(fixture, to: address, base: base).dropFirst(before).first
                if link == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            try await browser.open(base + (try #require(link, "the link for \(address) in the outgoing maildir")))
            try await browser.click("main button[type=submit]")
            #expect(try await browser.showsSoon("You are signed in"))
        }

        private func walk(_ browser: WebDriverSession, base: String, fixture: CommunityFixture) async throws {
            let shots = ProcessInfo.processInfo.environment["PRAXIS_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
            func capture(_ name: String) async throws {
                guard let shots else { return }
                try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
                for width in [1280, 375] {
                    try await browser.viewport(width: width, height: width == 375 ? 812 : 900)
                    try await browser.screenshot().write(to: shots.appendingPathComponent("\(name)-\(width).png"))
                }
                try await browser.viewport(width: 1280, height: 900)
            }
            try await signIn(browser, "carol@example.org", base: base, fixture: fixture)
            try await browser.open(base + "t/lanes@example.org/")
            try await browser.click("a[href$='post?reply=lanes@example.org']")
            #expect(try await browser.showsSoon("Shall we paint them green?"), "the post answered is shown")
            try await capture("post-reply")
            try await browser.type("Green, with a kerb between the lane and the cars.", into: "#text")
            try await browser.click("main button[type=submit]")
            #expect(try await browser.showsSoon("Your post is on its way"))
            try await capture("post-sent")

            // The daemon ingests the reply and distributes it: Bob gets it, from Carol, in the thread.
            let copies = try await Self.delivered(fixture, to: "bob@example.org", subject: "Bike lanes", text: "Green, with a kerb")
            let outgoing = try Self.outgoing(fixture)
            let copy = try #require(copies.first(where: { $0.text.contains("Green, with a kerb") }),
                                    "the reply delivered to bob; in the outgoing maildir: \(outgoing)")
            #expect(copy.from.map(\.address) == ["carol@example.org"])
            #expect(copy.inReplyTo == ["lanes@example.org"])
            #expect(copy.headers("X-Praxis-Web-Proof").isEmpty, "the proof is for ingest alone")
            try await browser.open(base + "post")
            try await capture("post-new")

            // A stranger's post is held; the moderator of cycling approves it on the web.
            try fixture.deliver(Array("""
                From: Stranger <stranger@elsewhere.example>\r
                To: list@example.org\r
                Subject: [cycling] Cargo bikes for hire\r
                Date: Thu, 04 Mar 2004 10:00:00 +0000\r
                Message-ID: <cargo@elsewhere.example>\r
                \r
                We rent cargo bikes <b>cheaply</b>.\r

                """.utf8), as: CommunityFixture.uniqueName(40))
            try await browser.click(".link-button")
            #expect(try await browser.showsSoon("You are signed out"))
            try await signIn(browser, "mod@example.org", base: base, fixture: fixture)
            let deadline = ContinuousClock.now + .seconds(60)
            var page = ""
            while ContinuousClock.now < deadline {
                try await browser.open(base + "moderation")
                page = try await browser.source
                if page.contains("Cargo bikes for hire") { break }
                try await Task.sleep(for: .milliseconds(300))
            }
            #expect(page.contains("Cargo bikes for hire") && page.contains("the author is not a member"), "\(page)")
            #expect(page.contains("&lt;b&gt;cheaply&lt;/b&gt;"), "the preview is text")
            try await capture("moderation")
            try await browser.click("button[value=approve]")
            #expect(try await browser.showsSoon("Approved: “[cycling] Cargo bikes for hire” from stranger@elsewhere.example."))
            try await capture("moderation-approved")
            let approved = try await Self.delivered(fixture, to: "bob@example.org", subject: "Cargo bikes for hire")
            let last = try Self.outgoing(fixture).suffix(4)
            #expect(approved.count == 1, "the approved post delivered to bob: \(last)")
        }
    }
}
