import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import Logging
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisTestSupport
import Testing
@testable import PraxisWeb

/// One-click unsubscribe, `/settings` and the private feed (issue 20 items 2, 3, 5) over real
/// HTTP on port 0 against a real store: the tokens are the store's, the changes go through the
/// email commands' rules and are read back from the store.
@Suite("Settings, one-click unsubscribe and private feeds over HTTP")
struct MemberSettingsTests {
    static func site(_ fixture: ArchiveFixture, writable: Bool = true) throws -> ArchiveSite {
        let community = Community(name: "Mobility", listAddress: "mobility@lists.example.org")
        let settings = ArchiveSettings(
            community: community, subIssues: SignInTests.subIssues, coreAddresses: ["boss@example.org"],
            access: ArchiveAccess(audience: .public), basePath: "/", baseURL: "http://archive.test/",
            signIn: SignInPolicy(linksPerHour: 5, linksPerClientPerHour: 20),
            memberCommands: writable
                ? EmailCommandProcessor(community: community, subIssues: SignInTests.subIssues, coreGroup: ["boss@example.org"], moderation: nil)
                : nil)
        return try ArchiveSite(settings: settings, database: fixture.database, maildir: fixture.maildir, templates: .builtIn,
                               logger: Logger(label: "settings-test"))
    }

    static func unsubscribePath(_ address: String, _ database: PraxisDatabase) throws -> String {
        let subject = try #require(try database.memberLinkSubject(address: address))
        return "/u/" + (try database.memberLinkSigner()).unsubscribeToken(subject)
    }

    static func status(_ address: String, _ database: PraxisDatabase) throws -> String? {
        try database.read("reading a status") { db in
            try String.fetchOne(db, sql: "SELECT status FROM members WHERE address = ?", arguments: [address])
        }
    }

    /// The confirmations recorded for `address`: purpose, payload, and whether spent.
    static func confirmations(_ address: String, _ database: PraxisDatabase) throws -> [(String, String, Bool)] {
        try database.read("reading confirmations") { db in
            try Row.fetchAll(db, sql: "SELECT purpose, payload, used_at IS NOT NULL FROM confirmations WHERE address = ? ORDER BY id",
                             arguments: [address]).map { ($0[0], $0[1], $0[2]) }
        }
    }

    static let oneClick = ["List-Unsubscribe": "One-Click"]

    // MARK: One-click unsubscribe

    @Test func forgedMalformedAndOtherMembersTokensUnsubscribeNobody() async throws {
        let fixture = try SignInTests.fixture()
        let database = fixture.database
        let outer = try Self.unsubscribePath("outer@example.org", database)
        let admitted = try Self.unsubscribePath("admitted@example.org", database)
        let outerID = String(outer.dropFirst(3).prefix { $0 != "-" })
        let admittedMAC = String(admitted.split(separator: "-").last ?? "")
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let browser = FormBrowser(base: base)
            let unusable = try await browser.request("/u/1-00000000000000000000000000000000", form: Self.oneClick)
            #expect(unusable.status == 404 && unusable.body.contains("This unsubscribe link does nothing now"))
            // A's MAC with B's id, truncated, upper-cased, padded, another kind of token: all the same page.
            for forged in ["/u/\(outerID)-\(admittedMAC)", String(outer.dropLast()), "/u/" + outer.dropFirst(3).uppercased(), outer + "0",
                           "/u/" + String(repeating: "9", count: 30) + "-" + admittedMAC, "/u/-" + admittedMAC, "/u/0-" + admittedMAC] {
                for form in [nil, Self.oneClick] as [[String: String]?] {
                    let answer = try await browser.request(forged, form: form)
                    #expect(answer.status == 404 && answer.body == unusable.body, "\(forged) \(form == nil ? "GET" : "POST")")
                }
            }
            // The right token without the RFC 8058 body does nothing either.
            #expect(try await browser.request(outer, form: ["List-Unsubscribe": "yes"]).status == 404)
            #expect(try Self.status("outer@example.org", database) == "active")
            #expect(try Self.status("admitted@example.org", database) == "active")
        }
    }

    @Test func getShowsTheButtonAndChangesNothingThenThePostUnsubscribesOnce() async throws {
        let fixture = try SignInTests.fixture()
        let database = fixture.database
        let path = try Self.unsubscribePath("outer@example.org", database)
        let other = try Self.unsubscribePath("admitted@example.org", database)
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let scanner = FormBrowser(base: base)
            for _ in 0..<3 {
                let page = try await scanner.request(path)
                #expect(page.status == 200 && page.body.contains("outer@example.org")
                        && page.body.contains("<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"))
            }
            #expect(try Self.status("outer@example.org", database) == "active", "a GET changes nothing")
            #expect(try Self.confirmations("outer@example.org", database).isEmpty)

            // No cookie, no form token, no Origin: what a mail provider sends.
            let done = try await FormBrowser(base: base).request(path, form: Self.oneClick, headers: ["Origin": "https://mail.example.net"])
            #expect(done.status == 200 && done.body.contains("You have left Mobility"))
            #expect(try Self.status("outer@example.org", database) == "unsubscribed")
            #expect(try Self.status("admitted@example.org", database) == "active", "only that member")
            // Recorded as a confirmed email `unsubscribe`.
            let recorded = try Self.confirmations("outer@example.org", database)
            #expect(recorded.count == 1 && recorded[0].0 == "unsubscribe" && recorded[0].1 == "unsubscribe" && recorded[0].2)

            let again = try await scanner.request(path, form: Self.oneClick)
            let forged = try await scanner.request("/u/1-00000000000000000000000000000000", form: Self.oneClick)
            #expect(again.status == 404 && again.body == forged.body, "a used link answers like a forged one")
            #expect(try await scanner.request(path).body == forged.body)
            #expect(try await scanner.request(other).status == 200)
        }
    }

    @Test func aTokenFromBeforeLeavingStaysDeadAfterComingBack() async throws {
        let fixture = try SignInTests.fixture()
        let database = fixture.database
        let before = try Self.unsubscribePath("outer@example.org", database)
        _ = try database.removeMember("outer@example.org", at: Date())
        #expect(try database.memberLinkSubject(address: "outer@example.org") == nil)
        _ = try database.addMember("outer@example.org", change: MemberChange(), subIssues: SignInTests.subIssues, at: Date())
        let after = try Self.unsubscribePath("outer@example.org", database)
        #expect(before != after)
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let browser = FormBrowser(base: base)
            let old = try await browser.request(before, form: Self.oneClick)
            #expect(old.status == 404)
            let stillActive = try Self.status("outer@example.org", database)
            #expect(stillActive == "active")
            let new = try await browser.request(after, form: Self.oneClick)
            #expect(new.status == 200)
            let left = try Self.status("outer@example.org", database)
            #expect(left == "unsubscribed")
        }
    }

    @Test func aReadOnlyArchiveSaysWhereToWriteAndChangesNothing() async throws {
        let fixture = try SignInTests.fixture()
        let database = fixture.database
        let path = try Self.unsubscribePath("outer@example.org", database)
        try await LiveArchiveTests.serving(try Self.site(fixture, writable: false)) { base in
            let answer = try await FormBrowser(base: base).request(path, form: Self.oneClick)
            #expect(answer.status == 503 && answer.body.contains("unsubscribe” to mobility-request@lists.example.org"))
            #expect(try Self.status("outer@example.org", database) == "active")
        }
    }

    // MARK: Settings

    @Test func settingsNeedASessionAndShowOnlyTheSubIssuesTheMemberMaySee() async throws {
        let fixture = try SignInTests.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            // Sent to the sign-in page (URLSession follows the 303).
            let anonymous = try await FormBrowser(base: base).request("/settings")
            #expect(anonymous.status == 200 && anonymous.body.contains("<h1>Sign in</h1>"))
            let outer = try await SignInTests.signIn("outer@example.org", base: base, database: database)
            let page = try await outer.request("/settings")
            #expect(page.status == 200 && page.body.contains("name=\"delivery-cycling\""))
            #expect(!page.body.contains("delivery-hr") && !page.body.contains("Staffing matters"))
            let admitted = try await SignInTests.signIn("admitted@example.org", base: base, database: database)
            #expect(try await admitted.request("/settings").body.contains("name=\"delivery-hr\""))
        }
    }

    @Test func aChangeGoesThroughTheEmailCommandsAndIsRecordedAsOne() async throws {
        let fixture = try SignInTests.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let outer = try await SignInTests.signIn("outer@example.org", base: base, database: database)
            let page = try await outer.request("/settings")
            let token = try FormBrowser.formToken(page.body)
            // A field for a protected sub-issue she is not admitted to is ignored, not carried out.
            let saved = try await outer.request("/settings", form: [
                "form_token": token, "action": "save", "delivery": "digest", "digest": "daily",
                "delivery-cycling": "immediate", "follow-cycling": "mutes", "delivery-hr": "immediate", "follow-hr": "follows",
            ])
            #expect(saved.status == 200 && saved.body.contains("<h2 id=\"banner-title\">Saved</h2>"), "\(saved.body)")
            let settings = try #require(try database.memberSettings(
                address: "outer@example.org",
                processor: EmailCommandProcessor(community: Community(name: "Mobility", listAddress: "mobility@lists.example.org"),
                                                 subIssues: SignInTests.subIssues, coreGroup: ["boss@example.org"], moderation: nil)))
            #expect(settings.delivery == "digest" && settings.digest == "daily")
            #expect(settings.subIssues["cycling"]?.deliveryOverride == "immediate" && settings.subIssues["cycling"]?.follows == false)
            #expect(settings.subIssues["hr"] == nil)
            let recorded = try Self.confirmations("outer@example.org", database)
            #expect(recorded.count == 1 && recorded[0].0 == "settings" && recorded[0].2)
            #expect(recorded[0].1 == "set delivery digest\nset digest daily\nset delivery immediate cycling\nmute cycling")
            let unchanged = try await outer.request("/settings", form: ["form_token": token, "action": "save", "delivery": "digest"])
            #expect(unchanged.body.contains("Nothing changed"))
            let bad = try await outer.request("/settings", form: ["form_token": token, "action": "save", "delivery": "sometimes"])
            #expect(bad.status == 400 && bad.body.contains("There is a problem"))
            #expect(try Self.confirmations("outer@example.org", database).count == 1)
        }
    }

    @Test(arguments: [
        ("no token", [:], true),
        ("a wrong token", ["form_token": String(repeating: "a", count: 64)], true),
        ("a cross-site Origin", ["Origin": "https://evil.example"], false),
        ("a cross-site fetch", ["Sec-Fetch-Site": "cross-site"], false),
    ] as [(String, [String: String], Bool)])
    func aForgedSettingsFormChangesNothing(_ name: String, _ change: [String: String], _ inForm: Bool) async throws {
        let fixture = try SignInTests.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let outer = try await SignInTests.signIn("outer@example.org", base: base, database: database)
            let good = try FormBrowser.formToken(try await outer.request("/settings").body)
            for action in ["save", "leave", "reset-feed"] {
                var form = ["form_token": good, "action": action, "delivery": "none"]
                var headers: [String: String] = [:]
                if inForm {
                    form["form_token"] = change["form_token"]
                } else {
                    headers = change
                }
                let answer = try await outer.request("/settings", form: form, headers: headers)
                #expect(answer.status == 403 && answer.body.contains("This form has expired"), "\(name), \(action)")
            }
            #expect(try Self.status("outer@example.org", database) == "active", "\(name)")
            #expect(try Self.confirmations("outer@example.org", database).isEmpty, "\(name)")
            // Another member's session token does not fit this session either.
            let admitted = try await SignInTests.signIn("admitted@example.org", base: base, database: database)
            let theirs = try FormBrowser.formToken(try await admitted.request("/settings").body)
            #expect(try await outer.request("/settings", form: ["form_token": theirs, "action": "leave"]).status == 403)
        }
    }

    @Test func leavingFromTheWebEndsTheSessionAndIsRecorded() async throws {
        let fixture = try SignInTests.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let outer = try await SignInTests.signIn("outer@example.org", base: base, database: database)
            let token = try FormBrowser.formToken(try await outer.request("/settings").body)
            let left = try await outer.request("/settings", form: ["form_token": token, "action": "leave"])
            #expect(left.status == 200 && left.body.contains("You have left Mobility") && !left.body.contains("Signed in as"))
            #expect(try Self.status("outer@example.org", database) == "unsubscribed")
            #expect(try Self.confirmations("outer@example.org", database).map(\.0) == ["unsubscribe"])
            let after = try await outer.request("/settings")
            #expect(after.body.contains("<h1>Sign in</h1>"), "signed out")
        }
    }

    // MARK: Private feeds

    @Test func aPrivateFeedShowsWhatItsMemberMaySeeUntilResetOrLeaving() async throws {
        let fixture = try SignInTests.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let anyone = try await FormBrowser(base: base).request("/feed.atom")
            #expect(anyone.status == 200 && !anyone.body.contains("Layoffs"))
            let admitted = try await SignInTests.signIn("admitted@example.org", base: base, database: database)
            let settings = try await admitted.request("/settings")
            let url = try #require(Self.feedURL(in: settings.body))
            let path = String(url.dropFirst("http://archive.test".count))
            let reader = FormBrowser(base: base)  // no cookie, like a feed reader
            let feed = try await reader.request(path)
            #expect(feed.status == 200 && feed.body.contains("Layoffs"))
            let subIssueFeed = try await reader.request(path.replacingOccurrences(of: "/feed.atom", with: "/s/hr/feed.atom"))
            #expect(subIssueFeed.status == 200 && subIssueFeed.body.contains("Layoffs"))
            // The outer member's token sees only what anyone sees.
            let outer = try await SignInTests.signIn("outer@example.org", base: base, database: database)
            let outerURL = try #require(Self.feedURL(in: try await outer.request("/settings").body))
            let outerFeed = try await reader.request(String(outerURL.dropFirst("http://archive.test".count)))
            #expect(outerFeed.status == 200 && !outerFeed.body.contains("Layoffs"))
            #expect(try await reader.request("/feed.atom?token=1-00000000000000000000000000000000").body == anyone.body)

            let reset = try await admitted.request("/settings", form: ["form_token": try FormBrowser.formToken(settings.body), "action": "reset-feed"])
            #expect(reset.status == 200 && reset.body.contains("new address"))
            #expect(try await reader.request(path).body == anyone.body, "the old URL after a reset")
            let newURL = try #require(Self.feedURL(in: reset.body))
            #expect(newURL != url)
            let newPath = String(newURL.dropFirst("http://archive.test".count))
            #expect(try await reader.request(newPath).body.contains("Layoffs"))
            _ = try database.removeMember("admitted@example.org", at: Date())
            #expect(try await reader.request(newPath).body == anyone.body, "after leaving")
        }
    }

    static func feedURL(in page: String) -> String? {
        guard let start = page.range(of: "<p class=\"feed-url\" id=\"feed-url\">")?.upperBound else { return nil }
        return String(page[start...].prefix { $0 != "<" }).replacingOccurrences(of: "&#x3D;", with: "=").replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// The form of `/settings` read into commands: only what differs from the member's settings now,
/// never a sub-issue the page did not show, nothing at all for a value no choice has.
@Suite("Settings form")
struct SettingsFormTests {
    static let current = EmailCommandDecider.MemberSettings(
        address: "a@example.org", name: nil, joinedAt: Date(timeIntervalSince1970: 0), delivery: nil, digest: "weekly",
        subIssues: ["cycling": .init(standing: "outer", deliveryOverride: "digest", follows: true)])
    static let shown = [SubIssue.general, SubIssue(id: "cycling", name: "Cycling")]

    @Test(arguments: [
        // Adversarial first: a hidden sub-issue's fields, unknown values, smuggled commands.
        (["delivery-hr": "immediate", "follow-hr": "follows"], [EmailCommand]?.some([])),
        (["delivery": "immediate\nunsubscribe"], nil),
        (["delivery": "sometimes"], nil),
        (["digest": "hourly"], nil),
        (["follow-cycling": "unsubscribe"], nil),
        (["digest-format": "rfc822"], nil),
        (["digest-format": "RFC1153"], nil),
        (["own-posts-shown": "yes", "own-posts": "off"], nil),
        (["own-posts": "on"], .some([])),
        (["own-posts-shown": "yes", "own-posts": "on"], .some([])),
        (["own-posts-shown": "yes"], .some([.setOwnPosts(false)])),
        (["digest-format": "rfc1153", "digest": "weekly"], .some([.setDigestFormat(.rfc1153)])),
        (["delivery-cycling": "IMMEDIATE"], nil),
        ([:], .some([])),
        (["delivery": "", "digest": "", "delivery-cycling": "", "follow-cycling": ""], .some([])),
        (["digest": "weekly", "delivery-cycling": "digest", "follow-cycling": "follows"], .some([])),
        (["delivery": "none"], .some([.setDelivery(.none, subIssue: nil)])),
        // The language: only the four, and the one in force (the community's, en) changes nothing.
        (["language": "klingon"], nil),
        (["language": "de\nunsubscribe"], nil),
        (["language": "en"], .some([])),
        (["language": "fr"], .some([.setLanguage(.fr)])),
        (["digest": "daily", "follow-cycling": "mutes", "delivery-general": "immediate"],
         .some([.setDigest(.daily), .setDelivery(.immediate, subIssue: "general"), .mute(subIssue: "cycling")])),
    ] as [([String: String], [EmailCommand]?)])
    func commands(_ fields: [String: String], _ expected: [EmailCommand]?) {
        #expect(ArchiveSite.commands(fields, current: Self.current, subIssues: Self.shown) == expected)
    }
}
