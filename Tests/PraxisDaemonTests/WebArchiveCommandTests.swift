import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
import PraxisTestSupport
import Testing

/// `praxis web`, the real binary, on a maildir `praxis ingest` recorded: pages over real HTTP
/// (URLSession), the sign-on header from a trusted peer, protected and missing alike, and a real
/// browser (Debian's chromium, headless) loading the pages.
@Suite("praxis web", .serialized)
struct WebArchiveCommandTests {
    static func configuration(port: Int, audience: String) -> String {
        CommunityFixture.configuration(name: "Mobility", extra: """
            smtp:
              url: maildir:Outbox
            sub_issues:
              - id: cycling
                name: Cycling
              - id: hr
                protected: true
                members: [boss@example.org]
            web:
              listen: 127.0.0.1:\(port)
              base_url: https://cop.example.org/mobility/
              audience: \(audience)
              organisation:
                trusted_proxies: [127.0.0.1]
                domains: [city.example.org]
            """)
    }

    static let messages: [(name: String, text: String)] = [
        ("1.a.example", "From: Alice <alice@example.org>\nTo: list@example.org\nSubject: [cycling] Bike lanes\nDate: Mon, 01 Mar 2004 10:00:00 +0000\nMessage-ID: <lanes@example.org>\n\nShall we paint them green? <script>alert(1)</script>\n"),
        ("2.a.example", "From: Bob <bob@example.org>\nTo: list@example.org\nSubject: Re: [cycling] Bike lanes\nDate: Tue, 02 Mar 2004 10:00:00 +0000\nMessage-ID: <reply/1@example.org>\nIn-Reply-To: <lanes@example.org>\n\nYes.\n\n> Shall we paint them green?\n"),
        ("3.a.example", "From: Boss <boss@example.org>\nTo: list@example.org\nSubject: [hr] Layoffs\nDate: Wed, 03 Mar 2004 10:00:00 +0000\nMessage-ID: <secret@example.org>\n\nConfidential.\n"),
    ]

    /// A community with the three posts ingested, `praxis web` running on it; nil when the binary is missing.
    static func serve(audience: String) throws -> (fixture: CommunityFixture, child: PraxisChild, base: String)? {
        let fixture = try CommunityFixture()
        let port = try freePort()
        try fixture.writeConfiguration(configuration(port: port, audience: audience))
        for message in messages {
            try fixture.deliver(Array(message.text.replacingOccurrences(of: "\n", with: "\r\n").utf8), as: message.name)
        }
        // Members, so their posts are recorded rather than held for moderation.
        for address in ["alice@example.org", "bob@example.org", "boss@example.org"] {
            guard let (status, _, error) = try PraxisChild.run(["members", "add", address, "--config", fixture.configPath], in: fixture.url)
            else { return nil }
            #expect(status == 0, "\(error)")
        }
        guard let (status, _, error) = try PraxisChild.run(["ingest", "--once", "--config", fixture.configPath], in: fixture.url) else { return nil }
        #expect(status == 0, "\(error)")
        guard let child = try PraxisChild(["web", "--config", fixture.configPath], in: fixture.url) else { return nil }
        let deadline = ContinuousClock.now + .seconds(30)
        while !child.standardError.contains("archive at"), child.process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        #expect(child.standardError.contains("praxis: archive at http://127.0.0.1:\(port)/mobility/"), "\(child.standardError)")
        return (fixture, child, "http://127.0.0.1:\(port)/mobility/")
    }

    static func fetch(_ url: String, headers: [String: String] = [:]) async throws -> (status: Int, headers: [AnyHashable: Any], body: String) {
        var request = URLRequest(url: URL(string: url)!)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.allHeaderFields ?? [:], String(decoding: data, as: UTF8.self))
    }

    @Test func servesPagesOverHTTPAndHidesTheProtectedSpace() async throws {
        guard let (fixture, child, base) = try Self.serve(audience: "public") else { return }
        defer { child.signal(SIGTERM); child.wait(timeout: .seconds(30)); _ = fixture }
        let home = try await Self.fetch(base)
        #expect(home.status == 200)
        #expect(home.body.contains("<h1>Mobility</h1>") && home.body.contains("Cycling") && !home.body.contains("hr/"))
        #expect((home.headers["Content-Security-Policy"] as? String)?.hasPrefix("default-src 'none'") == true)
        let thread = try await Self.fetch(base + "t/lanes@example.org/")
        #expect(thread.status == 200)
        #expect(thread.body.contains("&lt;script&gt;") && !thread.body.contains("<script"))
        let reply = try await Self.fetch(base + "m/reply%2F1@example.org/")
        #expect(reply.status == 200)
        let hidden = try await Self.fetch(base + "m/secret@example.org/")
        let missing = try await Self.fetch(base + "m/never@example.org/")
        #expect(hidden.status == 404 && missing.status == 404 && hidden.body == missing.body)
        // Stopped by SIGTERM, it ends cleanly.
        child.signal(SIGTERM)
        #expect(child.wait(timeout: .seconds(30)) && child.exitStatus == 0, "\(child.standardError)")
    }

    @Test func believesTheSignOnHeaderOnlyFromTheTrustedProxy() async throws {
        guard let (fixture, child, base) = try Self.serve(audience: "organisation") else { return }
        defer { child.signal(SIGTERM); child.wait(timeout: .seconds(30)); _ = fixture }
        let cases: [(path: String, header: String?, status: Int)] = [
            ("", nil, 403), ("", "alice@city.example.org", 200), ("", "alice@evilcity.example.org", 403),
            ("m/secret@example.org/", "boss@city.example.org", 404),
        ]
        for (path, header, status) in cases {
            let page = try await Self.fetch(base + path, headers: header.map { ["X-Forwarded-Email": $0] } ?? [:])
            #expect(page.status == status, "\(path) \(String(describing: header))")
        }
    }

    @Test func praxisRunServesTheArchiveWhenListenIsSet() async throws {
        guard let (fixture, web, base) = try Self.serve(audience: "public") else { return }
        web.signal(SIGTERM)
        #expect(web.wait(timeout: .seconds(30)) && web.exitStatus == 0)
        guard let daemon = try PraxisChild(["run", "--config", fixture.configPath], in: fixture.url) else { return }
        defer { daemon.signal(SIGTERM); daemon.wait(timeout: .seconds(60)) }
        var status = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while status != 200, daemon.process.isRunning, ContinuousClock.now < deadline {
            status = (try? await Self.fetch(base + "t/lanes@example.org/").status) ?? 0
            if status != 200 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(status == 200, "\(daemon.standardError)")
        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: .seconds(60)) && daemon.exitStatus == 0, "\(daemon.standardError)")
    }

    @Test func refusesToStartWithoutAListenAddress() throws {
        let fixture = try CommunityFixture()
        guard let (status, _, error) = try PraxisChild.run(["web", "--config", fixture.configPath], in: fixture.url) else { return }
        #expect(status == 2)
        #expect(error.contains("web.listen"), "\(error)")
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func aRealBrowserLoadsTheArchive() async throws {
        guard let chromium = Self.chromium else {
            print("SKIPPED: chromium is not installed (scripts/setup-debian.sh installs it); the browser test did not run")
            return
        }
        guard let (fixture, child, base) = try Self.serve(audience: "public") else { return }
        defer { child.signal(SIGTERM); child.wait(timeout: .seconds(30)) }
        for (path, expected) in [("", "<h1>Mobility</h1>"), ("t/lanes@example.org/", "Shall we paint them green?"),
                                 ("m/reply%2F1@example.org/", "Quoted text (1 line)")] {
            let browser = Process()
            browser.executableURL = URL(fileURLWithPath: chromium)
            browser.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(fixture.url.path)/chromium"]
                + WebDriverSession.offlineArguments + ["--dump-dom", base + path]
            let output = fixture.url.appendingPathComponent("dom.html")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            browser.standardOutput = FileHandle(forWritingAtPath: output.path)
            browser.standardError = FileHandle.nullDevice
            try browser.run()
            browser.waitUntilExit()
            let dom = try String(contentsOf: output, encoding: .utf8)
            #expect(browser.terminationStatus == 0)
            #expect(dom.contains(expected), "\(path): \(dom.prefix(500))")
            #expect(!dom.contains("<script"), "\(path)")
        }
    }
}
