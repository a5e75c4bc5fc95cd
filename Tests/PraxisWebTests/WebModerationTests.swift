import Foundation
import GRDB
import Logging
import PraxisCommunity
import PraxisDaemon
import PraxisMail
import PraxisStore
import PraxisSystem
import PraxisTestSupport
import Testing
@testable import PraxisWeb

/// Moderation on the web (`/moderation`, issue 20 item 6) over real HTTP: posts held by the real
/// ingest, decided through the moderation queue's own decision path. Who may not decide first.
@Suite("Moderation on the web")
struct WebModerationTests {
    static let community = Community(name: "Mobility", listAddress: "mobility@lists.example.org")
    static let subIssues = [
        SubIssue.general,
        SubIssue(id: "cycling", name: "Cycling", moderators: ["cyclemod@example.org"]),
        SubIssue(id: "hr", name: "Staffing matters", isProtected: true, members: ["boss@example.org"]),
    ]

    struct Setting {
        let fixture: ArchiveFixture
        let site: ArchiveSite
        /// Held post numbers by subject.
        let held: [String: Int64]
    }

    /// Members boss (core), cyclemod (moderator of cycling) and outer; two posts from a stranger
    /// held, one in cycling, one in hr, by the real ingest.
    static func setting() async throws -> Setting {
        let fixture = try ArchiveFixture()
        for address in ["boss@example.org", "cyclemod@example.org", "outer@example.org"] {
            _ = try fixture.database.addMember(address, change: MemberChange(), subIssues: subIssues, at: Date())
        }
        let maildir = fixture.maildir
        let queue = ModerationQueue(
            community: community, configuredCore: ["boss@example.org"], subIssues: subIssues,
            loadMessage: { maildir.message(uniqueName: $0) })
        for (number, (tag, body)) in [("cycling", "<script>alert(1)</script> Cheap bikes!"), ("hr", "Salaries attached")].enumerated() {
            try maildir.deliver(Array("""
                From: Stranger <stranger@elsewhere.example>\r
                To: mobility@lists.example.org\r
                Subject: [\(tag)] From outside\r
                Date: Mon, 1 Mar 2004 10:00:00 +0000\r
                Message-ID: <held-\(tag)@elsewhere.example>\r
                \r
                \(body)\r

                """.utf8), uniqueName: "100\(number).held.test")
        }
        let ingestor = Ingestor(
            maildir: maildir, database: fixture.database, community: community, followUps: [queue],
            classifier: nil, logger: Logger(label: "moderation-test"))
        try await ingestor.drainNew()
        // Without the configuration's classifier every post lands in general: put each where its
        // tag says, as the explicit stage would.
        try await fixture.database.write("placing the held posts") { db in
            try db.execute(sql: "UPDATE posts SET sub_issue = 'cycling' WHERE message_id = 'held-cycling@elsewhere.example'")
            try db.execute(sql: "UPDATE posts SET sub_issue = 'hr', is_protected = 1 WHERE message_id = 'held-hr@elsewhere.example'")
        }
        let held = try fixture.database.read("reading the held posts") { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT p.sub_issue, h.id FROM held_messages h JOIN posts p ON p.id = h.post_id
                """).map { ($0[0] as String, $0[1] as Int64) })
        }
        let settings = ArchiveSettings(
            community: community, subIssues: subIssues, coreAddresses: ["boss@example.org"], access: ArchiveAccess(audience: .public),
            baseURL: "http://archive.test/", signIn: SignInPolicy(linksPerHour: 5, linksPerClientPerHour: 20),
            report: WeeklyReportSettings(community: community, subIssues: subIssues, circles: CirclesPolicy()))
        let site = try ArchiveSite(settings: settings, database: fixture.database, maildir: maildir, templates: .builtIn,
                                   moderation: queue, logger: Logger(label: "moderation-test"))
        return Setting(fixture: fixture, site: site, held: held)
    }

    static func state(_ database: PraxisDatabase, _ id: Int64) throws -> String {
        try database.read("reading a held state") { db in try String.fetchOne(db, sql: "SELECT state FROM held_messages WHERE id = ?", arguments: [id]) } ?? ""
    }

    @Test func aMemberOutsideTheCoreGroupGetsNotFoundAndDecidesNothing() async throws {
        let setting = try await Self.setting()
        let database = setting.fixture.database
        let cycling = try #require(setting.held["cycling"])
        try await LiveArchiveTests.serving(setting.site) { base in
            let outer = try await SignInTests.signIn("outer@example.org", base: base, database: database)
            let missing = try await outer.request("/no-such-page")
            let page = try await outer.request("/moderation")
            #expect(page.status == 404 && page.body == missing.body)
            let token = try FormBrowser.formToken(try await outer.request("/").body)
            let tried = try await outer.request("/moderation", form: ["form_token": token, "held": "\(cycling)", "decision": "approve"])
            #expect(tried.status == 404 && tried.body == missing.body)
            #expect(try Self.state(database, cycling) == "held")
        }
    }

    @Test func aSubIssuesModeratorDecidesOnItsHeldPostsOnlyAndTwiceIsHarmless() async throws {
        let setting = try await Self.setting()
        let database = setting.fixture.database
        let cycling = try #require(setting.held["cycling"]), hr = try #require(setting.held["hr"])
        try await LiveArchiveTests.serving(setting.site) { base in
            let moderator = try await SignInTests.signIn("cyclemod@example.org", base: base, database: database)
            let page = try await moderator.request("/moderation")
            #expect(page.status == 200 && page.body.contains("held-\(cycling)") && !page.body.contains("held-\(hr)\""))
            #expect(!page.body.contains("Salaries"), "the protected sub-issue's held post is not shown")
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; Cheap bikes!") && !page.body.contains("<script>"),
                    "the preview is text, never HTML")
            #expect(page.body.contains("the author is not a member") && page.body.contains("Stranger &lt;stranger@elsewhere.example&gt;"))
            #expect(page.body.contains("Last week&#39;s figures") || page.body.contains("Last week's figures"))
            let token = try FormBrowser.formToken(page.body)

            let other = try await moderator.request("/moderation", form: ["form_token": token, "held": "\(hr)", "decision": "approve"])
            #expect(other.status == 409 && other.body.contains("No held post has the number \(hr)."))
            #expect(try Self.state(database, hr) == "held")

            let forged = try await moderator.request("/moderation", form: ["held": "\(cycling)", "decision": "approve"])
            #expect(forged.status == 403)
            #expect(try Self.state(database, cycling) == "held")

            let approved = try await moderator.request("/moderation", form: ["form_token": token, "held": "\(cycling)", "decision": "approve"])
            #expect(approved.status == 200 && approved.body.contains("Approved: “[cycling] From outside” from stranger@elsewhere.example."))
            #expect(try Self.state(database, cycling) == "approved")
            let again = try await moderator.request("/moderation", form: ["form_token": token, "held": "\(cycling)", "decision": "approve"])
            #expect(again.status == 409 && again.body.contains("was already approved by cyclemod@example.org"))
            let kinds = try database.read("reading the post") { db in
                try String.fetchAll(db, sql: "SELECT kind FROM posts WHERE message_id = 'held-cycling@elsewhere.example'")
            }
            #expect(kinds == ["post"])
        }
    }

    @Test func theCoreGroupRejectsAndTheSenderIsToldAsByMail() async throws {
        let setting = try await Self.setting()
        let database = setting.fixture.database
        let hr = try #require(setting.held["hr"])
        try await LiveArchiveTests.serving(setting.site) { base in
            let boss = try await SignInTests.signIn("boss@example.org", base: base, database: database)
            let page = try await boss.request("/moderation")
            #expect(page.body.contains("Salaries attached") && page.body.contains("Cheap bikes!"))
            let rejected = try await boss.request("/moderation", form: [
                "form_token": try FormBrowser.formToken(page.body), "held": "\(hr)", "decision": "reject", "reason": "Not for the list",
            ])
            #expect(rejected.status == 200 && rejected.body.contains("the sender is told"))
            #expect(try Self.state(database, hr) == "rejected")
            let notices = try database.read("reading notices") { db in
                try Row.fetchAll(db, sql: "SELECT recipients, message FROM outbox WHERE kind = 'notice' AND recipients = 'stranger@elsewhere.example'")
            }
            try #require(notices.count == 1)
            #expect(MailMessage(Array(notices[0][1] as Data)).text.contains("Not for the list"))
        }
    }
}
