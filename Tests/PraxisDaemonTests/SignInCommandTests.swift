import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
import PraxisMail
import PraxisTestSupport
import Testing

extension BlockingSuites {
    /// Signing in against the real binary: `praxis run` issues the link, the delivery service writes
    /// the mail into the outgoing maildir, the link opens a session that shows the protected space,
    /// and `praxis members remove` in another process ends it; `praxis web` alone reads sessions,
    /// issues no links and says where signing in happens.
    @Suite("praxis run: signing in", .serialized)
    struct SignInCommandTests {
        /// A community whose archive lives at `http://127.0.0.1:PORT/mobility/`, the three posts of the
        /// `praxis web` tests ingested, `carol` admitted to the protected `hr`; nil without the binary.
        static func community() throws -> (fixture: CommunityFixture, port: Int)? {
            let fixture = try CommunityFixture()
            let port = try freePort()
            try fixture.writeConfiguration(CommunityFixture.configuration(name: "Mobility", extra: """
                smtp:
                  url: maildir:Outbox
                sub_issues:
                  - id: cycling
                    name: Cycling
                  - id: hr
                    name: Staffing
                    protected: true
                    members: [boss@example.org, carol@example.org]
                web:
                  listen: 127.0.0.1:\(port)
                  base_url: http://127.0.0.1:\(port)/mobility/
                  audience: public
                  sign_in: {links_per_hour: 2}
                """))
            for message in WebArchiveCommandTests.messages {
                try fixture.deliver(Array(message.text.replacingOccurrences(of: "\n", with: "\r\n").utf8), as: message.name)
            }
            for address in ["alice@example.org", "bob@example.org", "boss@example.org", "carol@example.org"] {
                guard let (status, _, error) = try PraxisChild.run(["members", "add", address, "--config", fixture.configPath], in: fixture.url)
                else { return nil }
                #expect(status == 0, "\(error)")
            }
            guard let (status, _, error) = try PraxisChild.run(["ingest", "--once", "--config", fixture.configPath], in: fixture.url) else { return nil }
            #expect(status == 0, "\(error)")
            return (fixture, port)
        }

        /// Waits until the server on `base` says it listens, then until it answers (generous: the
        /// whole suite shares two cores).
        static func waitForServer(_ base: String, _ child: PraxisChild) async throws {
            let deadline = ContinuousClock.now + .seconds(180)
            while !child.standardError.contains("archive listening"), child.process.isRunning, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            let browser = FormBrowser(base: base)
            while child.process.isRunning, ContinuousClock.now < deadline {
                if (try? await browser.request("sign-in").status) != nil { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("the archive did not answer: \(child.standardError)")
        }

        /// The sign-in links mailed to `address`, as paths under the base, from the outgoing maildir.
        static func mailedLinks(_ fixture: CommunityFixture, to address: String, base: String) throws -> [String] {
            let folder = fixture.url.appendingPathComponent("Outbox/new").path
            return try fixture.files(in: folder).sorted().compactMap { name in
                let message = MailMessage(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))))
                guard message.header("To")?.contains(address) == true else { return nil }
                return FormBrowser.signInLink(in: message.body.readerText, after: base)
            }
        }

        /// Asks for a link for `address` and waits for it in the outgoing maildir.
        static func requestLink(_ browser: FormBrowser, _ address: String, fixture: CommunityFixture) async throws -> String? {
            let before = try mailedLinks(fixture, to: address, base: browser.base).count
            let form = try await browser.request("sign-in")
            let sent = try await browser.request("sign-in", form: ["address": address, "form_token": try FormBrowser.formToken(form.body)])
            #expect(sent.status == 200 && sent.body.contains("Check your email"))
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                if let link = try mailedLinks(fixture, to: address, base: browser.base).dropFirst(before).first { return link }
                try await Task.sleep(for: .milliseconds(100))
            }
            return nil
        }

        @Test func aMemberSignsInWithTheMailedLinkAndLosesTheSpaceWhenRemoved() async throws {
            guard let (fixture, port) = try Self.community() else { return }
            guard let daemon = try PraxisChild(["run", "--config", fixture.configPath], in: fixture.url) else { return }
            defer { daemon.signal(SIGTERM); daemon.wait(timeout: .seconds(60)) }
            let base = "http://127.0.0.1:\(port)/mobility/"
            try await Self.waitForServer(base, daemon)
            let carol = FormBrowser(base: base)
            #expect(try await carol.request("t/secret@example.org/").status == 404)
            let link = try #require(try await Self.requestLink(carol, "carol@example.org", fixture: fixture), "\(daemon.standardError)")
            let button = try await carol.request(link)
            #expect(button.status == 200)
            let done = try await carol.request(link, form: ["form_token": try FormBrowser.formToken(button.body)])
            #expect(done.status == 200 && done.body.contains("You are signed in"))
            let thread = try await carol.request("t/secret@example.org/")
            #expect(thread.status == 200 && thread.body.contains("Confidential.") && thread.body.contains("Signed in as carol@example.org"))
            #expect(try await carol.request(link, form: ["form_token": try FormBrowser.formToken(button.body)]).status == 404, "used once")

            // The limit of the configuration (2 an hour): a third request mails nothing.
            _ = try #require(try await Self.requestLink(FormBrowser(base: base), "alice@example.org", fixture: fixture))
            _ = try #require(try await Self.requestLink(FormBrowser(base: base), "alice@example.org", fixture: fixture))
            let third = FormBrowser(base: base)
            let form = try await third.request("sign-in")
            _ = try await third.request("sign-in", form: ["address": "alice@example.org", "form_token": try FormBrowser.formToken(form.body)])
            try await Task.sleep(for: .seconds(1))
            #expect(try Self.mailedLinks(fixture, to: "alice@example.org", base: base).count == 2)

            // Another process removes her: her next request is anonymous.
            guard let (status, _, error) = try PraxisChild.run(["members", "remove", "carol@example.org", "--config", fixture.configPath], in: fixture.url)
            else { return }
            #expect(status == 0, "\(error)")
            let after = try await carol.request("t/secret@example.org/")
            #expect(after.status == 404 && !after.body.contains("Signed in as"))
            daemon.signal(SIGTERM)
            #expect(daemon.wait(timeout: .seconds(60)) && daemon.exitStatus == 0, "\(daemon.standardError)")
        }

        @Test func praxisWebAloneReadsSessionsButIssuesNoLinks() async throws {
            guard let (fixture, port) = try Self.community() else { return }
            let base = "http://127.0.0.1:\(port)/mobility/"
            guard let daemon = try PraxisChild(["run", "--config", fixture.configPath], in: fixture.url) else { return }
            try await Self.waitForServer(base, daemon)
            let carol = FormBrowser(base: base)
            let link = try #require(try await Self.requestLink(carol, "carol@example.org", fixture: fixture), "\(daemon.standardError)")
            let button = try await carol.request(link)
            _ = try await carol.request(link, form: ["form_token": try FormBrowser.formToken(button.body)])
            daemon.signal(SIGTERM)
            #expect(daemon.wait(timeout: .seconds(60)) && daemon.exitStatus == 0)

            guard let web = try PraxisChild(["web", "--config", fixture.configPath], in: fixture.url) else { return }
            defer { web.signal(SIGTERM); web.wait(timeout: .seconds(30)) }
            try await Self.waitForServer(base, web)
            let page = try await carol.request("t/secret@example.org/")
            #expect(page.status == 200 && page.body.contains("Confidential."), "the session opened by praxis run")
            let signIn = try await FormBrowser(base: base).request("sign-in")
            #expect(signIn.status == 404 && signIn.body.contains("Signing in is not available here"))
        }
    }

    /// The sign-in in a real browser (Debian's chromium through chromedriver): the form, the link from
    /// the outgoing maildir, the button, the protected thread; screenshots at 1280 and 375 px written
    /// to `PRAXIS_SCREENSHOTS` when it names a folder.
    @Suite("praxis run: signing in with a browser", .serialized)
    struct SignInBrowserTests {
        @Test func aBrowserSignsInWithTheMailedLinkAndSeesTheProtectedThread() async throws {
            guard let (fixture, port) = try SignInCommandTests.community() else { return }
            let base = "http://127.0.0.1:\(port)/mobility/"
            try await WebDriverSession.walkAgainstDaemon(fixture, base: base, test: "the browser sign-in test") { browser in
                try await walk(browser, base: base, fixture: fixture)
            }
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
            try await browser.open(base + "t/secret@example.org/")
            #expect(try await browser.source.contains("Page not found"), "404 before signing in")
            try await browser.open(base + "sign-in")
            try await capture("sign-in")
            try await browser.click("main button[type=submit]")
            #expect(try await browser.showsSoon("Enter your email address"), "the error summary names the field")
            try await capture("sign-in-error")
            try await browser.type("carol@example.org", into: "#address")
            try await browser.click("main button[type=submit]")
            #expect(try await browser.showsSoon("Check your email"))
            try await capture("sign-in-sent")
            var link: String?
            let deadline = ContinuousClock.now + .seconds(30)
            while link == nil, ContinuousClock.now < deadline {
                link = try SignInCommandTests.mailedLinks(fixture, to: "carol@example.org", base: base).first
                if link == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let path = try #require(link, "the link in the outgoing maildir")
            try await browser.open(base + path)
            try await capture("sign-in-link")
            try await browser.click("main button[type=submit]")
            #expect(try await browser.showsSoon("You are signed in"))
            try await browser.open(base + "t/secret@example.org/")
            let thread = try await browser.source
            #expect(thread.contains("Confidential.") && thread.contains("Signed in as carol@example.org"))
            try await capture("protected-thread")
            try await browser.click(".link-button")
            #expect(try await browser.showsSoon("You are signed out"))
            try await browser.open(base + "t/secret@example.org/")
            #expect(try await browser.source.contains("Page not found"), "404 again after signing out")
        }
    }
}
