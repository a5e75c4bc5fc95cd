import Foundation
import GRDB
import Logging
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisSystem
import PraxisTestSupport
import Testing
@testable import PraxisWeb

/// Writing from the web (`/post`, issue 20 item 4) over real HTTP on port 0: what a signed-in
/// member may write where, the form's CSRF defence, the limit, and the mail that lands in the
/// maildir's `new/` for ingest. The refusals first.
@Suite("Writing from the web")
struct WebPostTests {
    /// The files in the maildir's `new/`: what the web wrote for ingest.
    static func written(_ maildir: Maildir) throws -> [MailMessage] {
        try maildir.newMessages().sorted().map { MailMessage(try #require(try maildir.read($0))) }
    }

    static func signedIn(_ address: String, _ base: String, _ database: PraxisDatabase) async throws -> FormBrowser {
        try await SignInTests.signIn(address, base: base, database: database)
    }

    @Test func aMemberCannotWriteWhereTheyCannotReadAndAHiddenPostAnswersLikeAMissingOne() async throws {
        let fixture = try SignInTests.fixture()
        let (database, maildir) = (fixture.database, fixture.maildir)
        try await LiveArchiveTests.serving(try SignInTests.site(fixture)) { base in
            let outer = try await Self.signedIn("outer@example.org", base, database)
            let missing = try await outer.request("/post?reply=never%40example.org")
            #expect(missing.status == 404)
            let hidden = try await outer.request("/post?reply=secret%40example.org")
            #expect(hidden.status == 404 && hidden.body == missing.body)
            let form = try await outer.request("/post")
            #expect(form.status == 200 && !form.body.contains("value=\"hr\""), "no protected sub-issue offered")
            let token = try FormBrowser.formToken(form.body)
            let intoHR = try await outer.request("/post", form: ["form_token": token, "sub_issue": "hr", "subject": "Hi", "text": "Let me in"])
            #expect(intoHR.status == 400 && intoHR.body.contains("Choose a sub-issue from the list"))
            let replyHidden = try await outer.request(
                "/post", form: ["form_token": token, "reply": "secret@example.org", "subject": "Re", "text": "Guessing"])
            #expect(replyHidden.status == 404 && replyHidden.body == missing.body)
            // A [tag] would take the post into the protected space all the same: refused, named.
            let tagged = try await outer.request(
                "/post", form: ["form_token": token, "sub_issue": "cycling", "subject": "[hr] pay rise", "text": "Sneaky"])
            #expect(tagged.status == 400 && tagged.body.contains("The subject names another sub-issue (hr)"))
            let taggedReply = try await outer.request(
                "/post", form: ["form_token": token, "reply": "root/1@example.org", "subject": "Re: #hr", "text": "Sneaky"])
            #expect(taggedReply.status == 400 && taggedReply.body.contains("The subject names another sub-issue (hr)"))
            let empty = try await outer.request("/post", form: ["form_token": token, "sub_issue": "cycling", "subject": " ", "text": ""])
            #expect(empty.status == 400 && empty.body.contains("href=\"#subject\">Enter a subject")
                    && empty.body.contains("href=\"#text\">Enter the text of your post"))
            #expect(try Self.written(maildir).isEmpty)
        }
    }

    @Test func withoutASessionThePageRedirectsToSignIn() throws {
        let fixture = try SignInTests.fixture()
        let site = try SignInTests.site(fixture)
        for isPost in [false, true] {
            let answer = site.respond(.post, SignInRequest(isPost: isPost), query: nil)
            #expect(answer.status == .seeOther && answer.location == "/sign-in")
            #expect(answer.response.headers[.location] == "/sign-in")
        }
    }

    @Test func theFormRefusesForgedRequests() async throws {
        let fixture = try SignInTests.fixture()
        let (database, maildir) = (fixture.database, fixture.maildir)
        try await LiveArchiveTests.serving(try SignInTests.site(fixture)) { base in
            let anonymous = FormBrowser(base: base)
            // Sent to the sign-in page (URLSession on Linux follows the 303).
            let redirected = try await anonymous.request("/post")
            #expect(redirected.body.contains("Send me a sign-in link"))
            let anonymousPost = try await anonymous.request("/post", form: ["sub_issue": "cycling", "subject": "Hi", "text": "Spam"])
            #expect(anonymousPost.body.contains("Send me a sign-in link"))

            let member = try await Self.signedIn("outer@example.org", base, database)
            let other = try await Self.signedIn("admitted@example.org", base, database)
            let othersToken = try FormBrowser.formToken(try await other.request("/post").body)
            let token = try FormBrowser.formToken(try await member.request("/post").body)
            let fields = ["sub_issue": "cycling", "subject": "Forged", "text": "Written by another site"]
            #expect(try await member.request("/post", form: fields).status == 403, "no token")
            #expect(try await member.request("/post", form: fields.merging(["form_token": othersToken]) { $1 }).status == 403,
                    "another session's token")
            #expect(try await member.request("/post", form: fields.merging(["form_token": String(repeating: "0", count: 64)]) { $1 })
                .status == 403)
            for headers in [["Origin": "http://evil.example"], ["Sec-Fetch-Site": "cross-site"], ["Origin": "null"]] {
                let answer = try await member.request("/post", form: fields.merging(["form_token": token]) { $1 }, headers: headers)
                #expect(answer.status == 403, "\(headers)")
            }
            #expect(try Self.written(maildir).isEmpty)
        }
    }

    @Test func aReplyIsMailFromTheMemberWithItsThreadAndAValidProof() async throws {
        let fixture = try SignInTests.fixture()
        let (database, maildir) = (fixture.database, fixture.maildir)
        try await LiveArchiveTests.serving(try SignInTests.site(fixture)) { base in
            let member = try await Self.signedIn("admitted@example.org", base, database)
            let thread = try await member.request("/t/root%2F1@example.org/")
            #expect(thread.body.contains("href=\"/post?reply=root%2F1@example.org\">reply</a>"))
            let form = try await member.request("/post?reply=root%2F1@example.org")
            #expect(form.status == 200 && form.body.contains("value=\"Re: Bike lanes on Main Street\"")
                    && form.body.contains("Should we paint them green?"))
            let sent = try await member.request("/post", form: [
                "form_token": try FormBrowser.formToken(form.body), "reply": "root/1@example.org",
                "subject": "Re: Bike lanes on Main Street", "text": "Green, with a kerb.\r\nGrüße, Ada",
            ])
            #expect(sent.status == 200 && sent.body.contains("Your post is on its way"))
            let messages = try Self.written(maildir)
            try #require(messages.count == 1)
            let message = messages[0]
            let id = try #require(message.messageID)
            #expect(id.hasSuffix("@lists.example.org"))
            #expect(sent.body.contains("/m/\(ArchiveLinks.segment(id))/"))
            #expect(message.from.map(\.address) == ["admitted@example.org"])
            #expect(message.to.map(\.address) == ["mobility@lists.example.org"])
            #expect(message.inReplyTo == ["root/1@example.org"])
            #expect(message.references == ["root/1@example.org"])
            #expect(message.text.contains("Green, with a kerb.\nGrüße, Ada") || message.text.contains("Green, with a kerb.\r\nGrüße, Ada"))
            #expect(try database.webPostSigner().verifies(message))
        }
    }

    @Test func aNewThreadGoesToItsSubIssuesAddress() async throws {
        let fixture = try SignInTests.fixture()
        let (database, maildir) = (fixture.database, fixture.maildir)
        try await LiveArchiveTests.serving(try SignInTests.site(fixture)) { base in
            let member = try await Self.signedIn("admitted@example.org", base, database)
            let form = try await member.request("/post")
            #expect(form.body.contains("value=\"hr\""), "the admitted member may start a thread in hr")
            let sent = try await member.request("/post", form: [
                "form_token": try FormBrowser.formToken(form.body), "sub_issue": "hr", "subject": "Rota", "text": "Who covers June?",
            ])
            #expect(sent.status == 200)
            let message = try #require(try Self.written(maildir).first)
            #expect(message.to.map(\.address) == ["mobility+hr@lists.example.org"])
            #expect(message.inReplyTo.isEmpty && message.references.isEmpty)
            #expect(try database.webPostSigner().verifies(message))
        }
    }

    /// A public post that answers a protected one (a moderator moved it out): a reply to it names
    /// the public post only, never the protected Message-ID above it.
    @Test func aReplyToAPublicPostNeverCarriesAProtectedMessageID() throws {
        let fixture = try SignInTests.fixture()
        try fixture.add(ArchiveFixture.message(
            id: "moved@example.org", subject: "Cycling budget", body: "Public now.", inReplyTo: "secret@example.org",
            date: "Fri, 05 Mar 2004 10:00:00 +0000"))
        try fixture.add(ArchiveFixture.message(
            id: "answer@example.org", subject: "Re: Cycling budget", body: "Agreed.", inReplyTo: "moved@example.org",
            date: "Sat, 06 Mar 2004 10:00:00 +0000"))
        try fixture.database.write("moving the post out of the protected thread") { db in
            try db.execute(sql: "UPDATE posts SET is_protected = 0, sub_issue = 'cycling' WHERE message_id IN ('moved@example.org', 'answer@example.org')")
        }
        let site = try SignInTests.site(fixture)
        func chainOf(_ id: String, _ reader: String) throws -> [String]? {
            let viewer = ArchiveViewer.member(address: reader, isCore: reader == "boss@example.org", admittedTo: ["hr"])
            return try fixture.database.replyThreading(to: id, scope: site.scope(for: viewer))?.references
        }
        #expect(try chainOf("answer@example.org", "boss@example.org") == ["moved@example.org", "answer@example.org"])
        #expect(try chainOf("secret@example.org", "boss@example.org") == ["secret@example.org"])
    }

    @Test func aStolenSessionCannotFloodTheList() async throws {
        let fixture = try SignInTests.fixture()
        let (database, maildir) = (fixture.database, fixture.maildir)
        try await LiveArchiveTests.serving(try SignInTests.site(fixture)) { base in
            let member = try await Self.signedIn("outer@example.org", base, database)
            let token = try FormBrowser.formToken(try await member.request("/post").body)
            var statuses: [Int] = []
            for number in 1...(WebPostPolicy.postsPerMinute + 3) {
                statuses.append(try await member.request("/post", form: [
                    "form_token": token, "sub_issue": "cycling", "subject": "Post \(number)", "text": "Text \(number)",
                ]).status)
            }
            #expect(statuses == Array(repeating: 200, count: WebPostPolicy.postsPerMinute) + [429, 429, 429])
            #expect(try Self.written(maildir).count == WebPostPolicy.postsPerMinute)
        }
    }

    @Test func whereSigningInIsNotServedNeitherIsWriting() async throws {
        let fixture = try SignInTests.fixture()
        let maildir = fixture.maildir
        try await LiveArchiveTests.serving(try SignInTests.site(fixture, signIn: nil)) { base in
            let browser = FormBrowser(base: base)
            let post = try await browser.request("/post"), moderation = try await browser.request("/moderation")
            #expect(post.status == 404 && moderation.status == 404)
            // A form sent all the same, as a forged one would be: refused alike, nothing written.
            let sent = try await browser.request(
                "/post", form: ["form_token": "forged", "sub_issue": "cycling", "subject": "Hi", "text": "Anyone?"])
            #expect(sent.status == 404)
            #expect(try Self.written(maildir).isEmpty)
        }
    }
}
