import Foundation
import Glibc
import PraxisMail
import PraxisTestSupport
import Testing

extension BlockingSuites {
    /// `/settings` and one-click unsubscribe in a real browser (Debian's chromium through
    /// chromedriver) against the real `praxis run`: sign in with the link from the outgoing
    /// maildir, choose a digest on `/settings` and find it in `praxis members show`; open the
    /// unsubscribe link of a real digest, press its button (the POST) and find the member gone.
    /// Screenshots at 1280 and 375 px go to `PRAXIS_SCREENSHOTS` when it names a folder.
    @Suite("praxis run: settings and leaving with a browser", .serialized)
    struct SettingsBrowserTests {
        @Test func aBrowserChangesASettingAndLeavesByTheDigestsLink() async throws {
            guard let (fixture, base) = try OneClickUnsubscribeCommandTests.community() else { return }
            let digest = try #require(try OneClickUnsubscribeCommandTests.outgoing(fixture, to: "alice@example.org").first)
            let leave = try #require(OneClickUnsubscribeCommandTests.oneClickPath(digest, base: base, what: "alice's digest"))

            try await WebDriverSession.walkAgainstDaemon(fixture, base: base, test: "the browser settings test") { browser in
                try await walk(browser, base: base, leave: leave, fixture: fixture)
            }
        }

        private func walk(_ browser: WebDriverSession, base: String, leave: String, fixture: CommunityFixture) async throws {
            let shots = ProcessInfo.processInfo.environment["PRAXIS_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
            // `tall`: the whole settings page, table included, in one picture.
            func capture(_ name: String, tall: Bool = false) async throws {
                guard let shots else { return }
                try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
                for width in [1280, 375] {
                    try await browser.viewport(width: width, height: tall ? 2200 : width == 375 ? 812 : 900)
                    try await browser.screenshot().write(to: shots.appendingPathComponent("\(name)-\(width).png"))
                }
                try await browser.viewport(width: 1280, height: 900)
            }
            try await browser.open(base + "settings")
            #expect(try await browser.showsSoon("Send me a sign-in link"), "signed out: sent to the sign-in page")
            try await browser.type("carol@example.org", into: "#address")
            try await browser.click("main button[type=submit]")
            #expect(try await browser.showsSoon("Check your email"))
            var link: String?
            let deadline = ContinuousClock.now + .seconds(30)
            while link == nil, ContinuousClock.now < deadline {
                link = try SignInCommandTests.mailedLinks(fixture, to: "carol@example.org", base: base).first
                if link == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            try await browser.open(base + (try #require(link, "the sign-in link in the outgoing maildir")))
            try await browser.click("main button[type=submit]")
            #expect(try await browser.showsSoon("You are signed in"))

            try await browser.open(base + "settings")
            #expect(try await browser.showsSoon("Your settings"))
            #expect(try await browser.source.contains("name=\"delivery-hr\""), "carol is admitted to the protected sub-issue")
            try await capture("settings", tall: true)
            try await browser.click("input[name=delivery][value=digest]")
            try await browser.click("#follow-cycling option[value=follows]")
            try await browser.click("button[value=save]")
            #expect(try await browser.showsSoon("You will always get the posts of"))
            try await capture("settings-saved")
            guard let (code, out, err) = try OneClickUnsubscribeCommandTests.praxis(fixture, ["members", "show", "carol@example.org", "--json"])
            else { return }
            #expect(code == 0, "\(err)")
            let carol = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
            #expect(carol?["delivery"] as? String == "digest", "\(out)")

            // Alice's digest link, in the same browser (no session of hers): the page, then the button.
            try await browser.open(base + leave)
            #expect(try await browser.showsSoon("alice@example.org"))
            try await capture("unsubscribe")
            #expect(try OneClickUnsubscribeCommandTests.status(fixture, "alice@example.org") == "active", "opening the link changed nothing")
            try await browser.click("main button[type=submit]")
            #expect(try await browser.showsSoon("You have left Mobility"))
            try await capture("unsubscribed")
            #expect(try OneClickUnsubscribeCommandTests.status(fixture, "alice@example.org") == "unsubscribed")
            try await browser.open(base + leave)
            #expect(try await browser.showsSoon("This unsubscribe link does nothing now"))
            try await capture("unsubscribe-used")
        }
    }
}
