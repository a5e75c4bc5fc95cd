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

/// Signing in by a mailed link and the protected spaces it opens (issue 20), over real HTTP on
/// port 0: the link read from the outbox, cookies carried by hand, every page kind of the archive
/// compared as anonymous, as a member not admitted, and as an admitted member.
@Suite("Sign-in over HTTP")
struct SignInTests {
    static let subIssues = [
        SubIssue.general,
        SubIssue(id: "cycling", name: "Cycling"),
        SubIssue(id: "hr", name: "Staffing matters", isProtected: true, members: ["boss@example.org", "admitted@example.org"]),
    ]

    /// The populated archive, with members: `admitted` (to hr), `outer` (not), `boss` (core).
    static func fixture() throws -> ArchiveFixture {
        let fixture = try ArchivePagesTests.populated()
        for address in ["admitted@example.org", "outer@example.org", "boss@example.org"] {
            _ = try fixture.database.addMember(address, change: MemberChange(name: address.hasPrefix("admitted") ? "Ada <Admitted>" : nil),
                                               subIssues: subIssues, at: Date())
        }
        return fixture
    }

    static func site(_ fixture: ArchiveFixture, audience: ArchiveAudience = .public, baseURL: String? = "http://archive.test/",
                     signIn: SignInPolicy? = SignInPolicy(linksPerHour: 5, linksPerClientPerHour: 20)) throws -> ArchiveSite {
        let settings = ArchiveSettings(
            community: Community(name: "Mobility", listAddress: "mobility@lists.example.org"), subIssues: subIssues,
            coreAddresses: ["boss@example.org"], access: ArchiveAccess(audience: audience),
            basePath: baseURL.flatMap { URL(string: $0)?.path }.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "/", baseURL: baseURL, signIn: signIn)
        return try ArchiveSite(settings: settings, database: fixture.database, maildir: fixture.maildir, templates: .builtIn,
                               logger: Logger(label: "sign-in-test"))
    }

    /// The links mailed so far: the path of each (`/sign-in/TOKEN`), read from the queued mail.
    static func mailedLinks(_ database: PraxisDatabase, to address: String? = nil) throws -> [String] {
        let messages = try database.read("reading the outbox") { db in
            try Row.fetchAll(db, sql: "SELECT recipients, message FROM outbox WHERE kind = 'notice' ORDER BY id")
        }
        return messages.compactMap { row -> String? in
            if let address, row[0] as String != address { return nil }
            return FormBrowser.signInLink(in: MailMessage(Array(row[1] as Data)).body.readerText, after: "http://archive.test/").map { "/" + $0 }
        }
    }

    /// Signs `address` in through the pages, as a person would; returns the browser.
    /// A browser signed in as `address`; the sign-in pages are in `language`, the community's.
    /// The page that says so is in `signedInLanguage`, the member's (nil: the same as the others).
    static func signIn(
        _ address: String, base: String, database: PraxisDatabase, reading language: Language = .en, signedInLanguage: Language? = nil
    ) async throws -> FormBrowser {
        let browser = FormBrowser(base: base)
        let form = try await browser.request("/sign-in")
        let recipient = address.lowercased()
        let before = try mailedLinks(database, to: recipient).count
        let sent = try await browser.request("/sign-in", form: ["address": address, "form_token": try FormBrowser.formToken(form.body)])
        #expect(sent.status == 200 && sent.body.contains(language.text(.webCheckEmail)))
        let link = try #require(try mailedLinks(database, to: recipient).dropFirst(before).first)
        let button = try await browser.request(link)
        #expect(button.status == 200 && button.body.contains("<button class=\"button\" type=\"submit\">\(language.text(.webSignIn))</button>"))
        let done = try await browser.request(link, form: ["form_token": try FormBrowser.formToken(button.body)])
        #expect(done.status == 200 && done.body.contains((signedInLanguage ?? language).text(.webSignedInHeading)))
        return browser
    }

    /// Every URL the archive has for the protected post, with what an admitted reader finds there.
    static func protectedPages(_ database: PraxisDatabase) throws -> [(path: String, marker: String)] {
        let bossKey = try database.archiveMemberKey().key(for: "boss@example.org")
        return [
            ("/", "Staffing matters"), ("/s/hr/", "Layoffs"), ("/s/hr/?page=1", "Layoffs"), ("/t/secret@example.org/", "Confidential plan"),
            ("/m/secret@example.org/", "Confidential plan"), ("/m/secret@example.org/raw", "Confidential plan"),
            ("/t/secret@example.org.mbox", "Confidential plan"), ("/m/secret@example.org/a/1/list.pdf", "%PDF"),
            ("/2004/03/", "Layoffs"), ("/feed.atom", "Layoffs"), ("/s/hr/feed.atom", "Layoffs"), ("/members/\(bossKey)/", "Layoffs"),
            // The query in lower case, so that the form's echo of it is no marker.
            ("/search?q=layoffs", "Layoffs"), ("/search?q=layoffs%20sub%3Ahr", "Layoffs"),
        ]
    }

    @Test func theWholeFlowOpensAndClosesTheProtectedSpace() async throws {
        let fixture = try Self.fixture()
        let database = fixture.database
        let pages = try Self.protectedPages(database)
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let anonymous = FormBrowser(base: base)
            func expectClosed(_ browser: FormBrowser, _ who: String) async throws {
                // Hidden answers exactly like missing, to this reader (whose layout may say who they are).
                let missing = try await browser.request("/m/never@example.org/")
                for (path, marker) in pages {
                    let page = try await browser.request(path)
                    #expect(!page.body.contains(marker), "\(who): \(path)")
                    if page.status == 404 { #expect(page.body == missing.body, "\(who): \(path)") }
                }
            }
            try await expectClosed(anonymous, "anonymous")
            #expect(try await anonymous.request("/").body.contains("href=\"/sign-in\">Sign in</a>"))

            let outer = try await Self.signIn("outer@example.org", base: base, database: database)
            #expect(try await outer.request("/").body.contains("Signed in as outer@example.org"))
            try await expectClosed(outer, "a member not admitted")

            let member = try await Self.signIn("Admitted@Example.org", base: base, database: database)
            let setCookie = try #require(member.lastSetCookie)
            #expect(setCookie.hasPrefix("praxis_session=") && setCookie.contains("; Path=/;") && setCookie.contains("HttpOnly")
                    && setCookie.contains("SameSite=Lax") && !setCookie.contains("Secure"))
            for (path, marker) in pages {
                let page = try await member.request(path)
                #expect(page.status == 200 && page.body.contains(marker), "admitted: \(path)")
            }
            let home = try await member.request("/")
            #expect(home.body.contains("Signed in as Ada &lt;Admitted&gt;"), "the name escaped")

            let signedOut = try await member.request("/sign-out", form: ["form_token": try FormBrowser.formToken(home.body)])
            #expect(signedOut.status == 200 && signedOut.body.contains("You are signed out"))
            #expect(member.lastSetCookie?.contains("praxis_session=; Path=/; Max-Age=0") == true)
            #expect(member.cookies["praxis_session"] == nil)
            try await expectClosed(member, "after signing out")
        }
    }

    @Test func theOldSessionCookieIsDeadAfterSigningOut() async throws {
        let fixture = try Self.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let member = try await Self.signIn("admitted@example.org", base: base, database: database)
            let stolen = try #require(member.cookies["praxis_session"])
            let home = try await member.request("/")
            _ = try await member.request("/sign-out", form: ["form_token": try FormBrowser.formToken(home.body)])
            let replay = FormBrowser(base: base)
            replay.cookies["praxis_session"] = stolen
            #expect(try await replay.request("/t/secret@example.org/").status == 404)
        }
    }

    @Test func aThousandRequestsForOneAddressMailAtMostTheLimitAndAnswerAlike() async throws {
        let fixture = try Self.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let browser = FormBrowser(base: base)
            let token = try FormBrowser.formToken(try await browser.request("/sign-in").body)
            let cookie = try #require(browser.cookies["praxis_form"])
            let started = Date()
            let bodies = try await withThrowingTaskGroup(of: [String].self) { group in
                for lane in 0..<8 {
                    group.addTask {
                        let client = FormBrowser(base: base)
                        client.cookies["praxis_form"] = cookie
                        var bodies: [String] = []
                        for _ in 0..<125 {
                            let answer = try await client.request("/sign-in", form: ["address": "admitted@example.org", "form_token": token],
                                                                  headers: ["X-Lane": "\(lane)"])
                            #expect(answer.status == 200)
                            bodies.append(answer.body)
                        }
                        return bodies
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            // Alone they take about 5 s; under the whole suite on two shared cores, over a minute. The
            // limit counts over an hour, so any burst inside it is the case the issue describes.
            let elapsed = Date().timeIntervalSince(started)
            print("1,000 sign-in requests for one address took \(Int(elapsed)) s")
            #expect(elapsed < SignInPolicy.window, "all inside the limit's hour")
            #expect(bodies.count == 1_000)
            #expect(Set(bodies).count == 1, "every response body is identical")
            #expect(try Self.mailedLinks(database).count == 5, "web.sign_in.links_per_hour")
            // A stranger's address gets the same page, word for word but the address, and no mail.
            let stranger = try await browser.request("/sign-in", form: ["address": "stranger@example.org", "form_token": token])
            #expect(stranger.body.replacingOccurrences(of: "stranger@example.org", with: "admitted@example.org") == bodies[0])
            #expect(try Self.mailedLinks(database).count == 5)
        }
    }

    @Test func aMemberDisabledMidSessionLosesAccessOnTheNextRequest() async throws {
        let fixture = try Self.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let member = try await Self.signIn("admitted@example.org", base: base, database: database)
            #expect(try await member.request("/t/secret@example.org/").status == 200)
            let id = try #require(try database.read("finding the member") { db in
                try Int64.fetchOne(db, sql: "SELECT id FROM members WHERE address = 'admitted@example.org'")
            })
            try await database.write("disabling after bounces") { db in
                try PraxisDatabase.apply([.disableDelivery(memberID: id, score: 9, at: Date())],
                                         community: Community(name: "Mobility", listAddress: "mobility@lists.example.org"), in: db)
            }
            let after = try await member.request("/t/secret@example.org/")
            #expect(after.status == 404)
            #expect(after.body.contains("href=\"/sign-in\">Sign in</a>"), "shown as signed out")
        }
    }

    @Test func forgedExpiredAndReusedLinksGetOneAnswerAndSignNobodyIn() async throws {
        let fixture = try Self.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let first = try await Self.signIn("admitted@example.org", base: base, database: database)
            let used = try #require(try Self.mailedLinks(database).last)
            let browser = FormBrowser(base: base)
            let form = try await browser.request("/sign-in")
            _ = try await browser.request("/sign-in", form: ["address": "admitted@example.org", "form_token": try FormBrowser.formToken(form.body)])
            let expired = try #require(try Self.mailedLinks(database).last)
            try await database.write("ageing the link") { db in
                try db.execute(sql: "UPDATE sign_in_links SET created_at = created_at - 901 WHERE used_at IS NULL")
            }
            let token = try FormBrowser.formToken(form.body)
            let unknown = try await browser.request("/sign-in/" + String(repeating: "ab", count: 32))
            #expect(unknown.status == 404 && unknown.body.contains("This sign-in link cannot be used"))
            for path in [used, expired, "/sign-in/" + String(repeating: "ab", count: 32), "/sign-in/xyz", "/sign-in/%2e%2e",
                         used.uppercased().replacingOccurrences(of: "/SIGN-IN/", with: "/sign-in/")] {
                let page = try await browser.request(path)
                #expect(page.status == 404 && page.body == unknown.body, "GET \(path)")
                let post = try await browser.request(path, form: ["form_token": token])
                #expect(post.status == 404 && post.body == unknown.body, "POST \(path)")
                #expect(browser.cookies["praxis_session"] == nil, "\(path)")
            }
            _ = first
        }
    }

    @Test func everyFormWantsItsTokenAndOurOrigin() async throws {
        let fixture = try Self.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let browser = FormBrowser(base: base)
            let token = try FormBrowser.formToken(try await browser.request("/sign-in").body)
            let other = FormBrowser(base: base)
            let otherToken = try FormBrowser.formToken(try await other.request("/sign-in").body)
            let forged: [(fields: [String: String], headers: [String: String], why: String)] = [
                (["address": "admitted@example.org"], [:], "no token"),
                (["address": "admitted@example.org", "form_token": ""], [:], "an empty token"),
                (["address": "admitted@example.org", "form_token": otherToken], [:], "another browser's token"),
                (["address": "admitted@example.org", "form_token": token], ["Origin": "http://evil.example"], "another origin"),
                (["address": "admitted@example.org", "form_token": token], ["Origin": "null"], "an opaque origin"),
                (["address": "admitted@example.org", "form_token": token], ["Sec-Fetch-Site": "cross-site"], "a cross-site fetch"),
                (["address": "admitted@example.org", "form_token": token], ["Sec-Fetch-Site": "same-site"], "a sibling site"),
            ]
            for example in forged {
                let answer = try await browser.request("/sign-in", form: example.fields, headers: example.headers)
                #expect(answer.status == 403 && answer.body.contains("This form has expired"), "\(example.why)")
            }
            let cookieless = FormBrowser(base: base)
            #expect(try await cookieless.request("/sign-in", form: ["address": "admitted@example.org", "form_token": token]).status == 403,
                    "the token without its cookie")
            #expect(try Self.mailedLinks(database).isEmpty, "nothing mailed for a forged form")
            let genuine = try await browser.request("/sign-in", form: ["address": "admitted@example.org", "form_token": token],
                                                    headers: ["Origin": "http://archive.test", "Sec-Fetch-Site": "same-origin"])
            #expect(genuine.status == 200)
            let link = try #require(try Self.mailedLinks(database).first)
            #expect(try await browser.request(link, form: ["form_token": otherToken]).status == 403, "following a link wants the token too")
            #expect(browser.cookies["praxis_session"] == nil)

            let member = try await Self.signIn("outer@example.org", base: base, database: database)
            let signOutToken = try FormBrowser.formToken(try await member.request("/").body)
            #expect(try await member.request("/sign-out", form: [:]).status == 403, "sign-out without a token")
            #expect(try await member.request("/sign-out", form: ["form_token": token]).status == 403, "a sign-in form's token")
            #expect(try await member.request("/sign-out", form: ["form_token": signOutToken], headers: ["Origin": "http://evil.example"]).status == 403)
            #expect(try await member.request("/").body.contains("Signed in as"), "still signed in")
            #expect(try await member.request("/sign-out", form: ["form_token": signOutToken]).status == 200)
        }
    }

    @Test func badAddressesAreNamedAndSignInIsClosedWhereItCannotBeIssued() async throws {
        let fixture = try Self.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture, audience: .members)) { base in
            let browser = FormBrowser(base: base)
            #expect(try await browser.request("/").status == 403, "a members-only archive")
            let form = try await browser.request("/sign-in")
            #expect(form.status == 200 && form.body.contains("<label class=\"label\" for=\"address\">Email address</label>"))
            let token = try FormBrowser.formToken(form.body)
            let empty = try await browser.request("/sign-in", form: ["address": " ", "form_token": token])
            #expect(empty.status == 400 && empty.body.contains("Enter your email address") && empty.body.contains("There is a problem"))
            let bad = try await browser.request("/sign-in", form: ["address": "<script>@x", "form_token": token])
            #expect(bad.status == 400 && bad.body.contains("value=\"&lt;script&gt;@x\"") && !bad.body.contains("<script>@"))
            #expect(try await browser.request("/sign-out").status == 404, "signing out is a POST")
            let member = try await Self.signIn("admitted@example.org", base: base, database: database)
            #expect(try await member.request("/t/secret@example.org/").status == 200, "members-only and admitted")
        }
        for site in [try Self.site(fixture, signIn: nil), try Self.site(fixture, baseURL: nil)] {
            try await LiveArchiveTests.serving(site) { base in
                let browser = FormBrowser(base: base)
                let page = try await browser.request("/sign-in")
                #expect(page.status == 404 && page.body.contains("Signing in is not available here"))
                #expect(try await browser.request("/sign-in", form: ["address": "admitted@example.org"]).status == 404)
            }
        }
        #expect(try Self.mailedLinks(database).count == 1)
    }

    @Test func cookiesAreSecureUnderHTTPSAndLiveUnderTheBasePath() throws {
        let fixture = try Self.fixture()
        let database = fixture.database
        let site = try Self.site(fixture, baseURL: "https://cop.example.org/mobility/")
        let form = site.respond(.form, SignInRequest(isPost: false))
        let cookie = try #require(form.setCookies.first)
        #expect(cookie.hasPrefix("praxis_form=") && cookie.contains("Path=/mobility/") && cookie.contains("Secure")
                && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        let value = String(cookie.dropFirst("praxis_form=".count).prefix(64))
        var request = SignInRequest(isPost: true, cookieLines: ["praxis_form=\(value)"], origin: ["https://cop.example.org"])
        request.fields = ["address": "admitted@example.org", "form_token": try FormBrowser.formToken(form.text)]
        #expect(site.respond(.form, request).status == .ok)
        let link = try #require(try database.read("reading the mail") { db in try Data.fetchOne(db, sql: "SELECT message FROM outbox") })
        let path = try #require(FormBrowser.signInLink(in: MailMessage(Array(link)).body.readerText, after: "https://cop.example.org/mobility/"))
        let token = String(path.dropFirst("sign-in/".count))
        request.fields = ["form_token": try FormBrowser.formToken(form.text)]
        let done = site.respond(.link(token: token), request)
        let session = try #require(done.setCookies.first)
        #expect(session.hasPrefix("praxis_session=") && session.contains("Path=/mobility/") && session.contains("Secure")
                && session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Max-Age=2592000"))
    }
}

/// The pure parts of forms: fields, cookies and origins, hostile cases first.
@Suite("Form requests")
struct FormRequestTests {
    static let origins: [(origin: [String], site: [String], accepted: Bool, why: String)] = [
        (["http://evil.example"], [], false, "another origin"),
        (["http://archive.test.evil.example"], [], false, "our host as a prefix"),
        (["https://archive.test"], [], false, "another scheme"),
        (["http://archive.test:8080"], [], false, "another port"),
        (["null"], [], false, "an opaque origin (sandboxed frame, redirect)"),
        (["null"], ["cross-site"], false, "an opaque origin from elsewhere"),
        (["null"], ["none"], false, "an opaque origin the user did not make on our page"),
        (["null"], ["same-origin"], true, "Chromium's own form post under Referrer-Policy: no-referrer"),
        (["http://archive.test", "http://archive.test"], [], false, "Origin twice"),
        ([], ["cross-site"], false, "cross-site"),
        ([], ["same-site"], false, "a sibling subdomain"),
        ([], ["same-origin", "same-origin"], false, "Sec-Fetch-Site twice"),
        (["http://archive.test"], ["cross-site"], false, "the headers disagree"),
        (["HTTP://Archive.Test"], ["same-origin"], true, "ours, in other case"),
        ([], ["none"], true, "typed by the user"),
        ([], [], true, "an old client: the token decides"),
    ]

    @Test(arguments: origins)
    func theOriginOfAForm(_ example: (origin: [String], site: [String], accepted: Bool, why: String)) {
        #expect(FormRequest.isSameOrigin(origin: example.origin, fetchSite: example.site, expectedOrigin: "http://archive.test")
                == example.accepted, "\(example.why)")
    }

    @Test(arguments: [
        ("https://cop.example.org/mobility/", "https://cop.example.org"), ("https://cop.example.org:443/", "https://cop.example.org"),
        ("http://127.0.0.1:8025/", "http://127.0.0.1:8025"), ("HTTPS://COP.example.org/", "https://cop.example.org"),
    ])
    func theOriginOfTheBaseURL(_ example: (url: String, origin: String)) {
        #expect(FormRequest.origin(of: example.url) == example.origin)
    }

    static let bodies: [(body: String, fields: [String: String], why: String)] = [
        ("address=a%40b.org&address=evil%40x.org", ["address": "a@b.org"], "a field twice keeps the first"),
        ("address=%ZZ", [:], "broken percent-encoding"),
        ("address=a+b%2Bc", ["address": "a b+c"], "plus is a space, %2B a plus"),
        ("&&=x&form_token", ["": "x", "form_token": ""], "empty pairs and names"),
        ("address=%0D%0AX-Evil%3A1", ["address": "\r\nX-Evil:1"], "CR/LF arrive as data, never as headers"),
    ]

    @Test(arguments: bodies)
    func theFieldsOfABody(_ example: (body: String, fields: [String: String], why: String)) {
        #expect(FormRequest.fields(Array(example.body.utf8)) == example.fields, "\(example.why)")
    }

    @Test func aBodyThatIsNotUTF8HasNoFields() {
        #expect(FormRequest.fields([0x61, 0x3D, 0xFF, 0xFE]).isEmpty)
    }

    @Test(arguments: [
        (["praxis_session=abc; praxis_session=def"], nil as String?, "the cookie twice (a wider path's too)"),
        (["other=1; praxis_session=abc"], "abc", "among others"),
        (["praxis_session=abc", "praxis_session=def"], nil, "in two lines"),
        (["xpraxis_session=abc"], nil, "a longer name"),
        ([" praxis_session = abc "], "abc", "spaces around"),
    ])
    func theSessionCookie(_ example: (lines: [String], value: String?, why: String)) {
        #expect(FormRequest.cookie("praxis_session", in: example.lines) == example.value, "\(example.why)")
    }

    @Test func tokensFitOnlyTheirBinding() throws {
        let fixture = try ArchiveFixture()
        let tokens = FormTokens(signer: try fixture.database.formSigner())
        let token = tokens.token(for: .cookie("aa"))
        #expect(tokens.accepts(token, for: .cookie("aa")))
        #expect(!tokens.accepts(token, for: .cookie("ab")))
        #expect(!tokens.accepts(token, for: .session(hash: "aa")), "a cookie's token is not a session's")
        #expect(!tokens.accepts(token, for: nil))
        #expect(!tokens.accepts(String(token.dropLast()), for: .cookie("aa")))
        #expect(!tokens.accepts(nil, for: .cookie("aa")))
        let other = try ArchiveFixture()
        #expect(!FormTokens(signer: try other.database.formSigner()).accepts(token, for: .cookie("aa")), "another store's key")
    }
}
