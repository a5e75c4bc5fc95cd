import Foundation
import Logging
import PraxisCommunity
import PraxisStore
import Testing
@testable import PraxisWeb

/// Every link into a thread (`/t/ID/`, `/t/ID.mbox`) names one of its posts, and all of them show
/// the same page: it is kept once, under the thread as the viewer's scope resolves the named post
/// (`ArchivePage.thread`). The nasty cases: threads whose posts differ by scope, where a hidden
/// post's link must answer exactly as a missing one, never from what was kept for the thread.
@Suite("Thread pages shared by their posts")
struct ThreadPageSharingTests {
    static let admitted = ArchiveViewer.member(address: "boss@example.org", isCore: false, admittedTo: ["hr"])
    static let core = ArchiveViewer.member(address: "boss@example.org", isCore: true, admittedTo: [])
    static let insiders = [admitted, core]

    /// A public thread with a protected reply in it (filed in the protected sub-issue), an answer
    /// to that reply (protected with it, as replies to protected posts are) and a public answer
    /// to a public post; and a thread whose first post is in `general`, which `generalProtected`'s
    /// configuration protects since, with a public reply filed in `cycling`.
    static func mixedThreads() throws -> ArchiveFixture {
        let fixture = try ArchiveFixture()
        try fixture.add(ArchiveFixture.message(id: "ride/1@example.org", subject: "Sunday ride", body: "Who comes along?"))
        try fixture.add(ArchiveFixture.message(
            id: "ride/2@example.org", from: "Bob <bob@example.org>", subject: "Re: Sunday ride", body: "Count me in.",
            inReplyTo: "ride/1@example.org", date: "Tue, 02 Mar 2004 10:00:00 +0000"))
        try fixture.add(ArchiveFixture.message(
            id: "ride/hidden@example.org", from: "Boss <boss@example.org>", subject: "Re: Sunday ride",
            body: "Confidential: the route passes the new depot.", inReplyTo: "ride/1@example.org",
            date: "Wed, 03 Mar 2004 10:00:00 +0000"), subIssue: "hr")
        try fixture.add(ArchiveFixture.message(
            id: "ride/hidden-reply@example.org", from: "Carol <carol@example.org>", subject: "Re: Sunday ride",
            body: "Which depot?", inReplyTo: "ride/hidden@example.org", date: "Thu, 04 Mar 2004 09:00:00 +0000"))
        try fixture.add(ArchiveFixture.message(
            id: "ride/3@example.org", from: "Carol <carol@example.org>", subject: "Re: Sunday ride", body: "Me too.",
            inReplyTo: "ride/2@example.org", date: "Thu, 04 Mar 2004 10:00:00 +0000"))
        try fixture.add(ArchiveFixture.message(
            id: "quiet/1@example.org", from: "Dan <dan@example.org>", subject: "Reorganisation",
            body: "Confidential: two teams merge.", date: "Fri, 05 Mar 2004 10:00:00 +0000"), subIssue: "general")
        try fixture.add(ArchiveFixture.message(
            id: "quiet/2@example.org", from: "Bob <bob@example.org>", subject: "Re: Reorganisation", body: "Noted.",
            inReplyTo: "quiet/1@example.org", date: "Sat, 06 Mar 2004 10:00:00 +0000"))
        return fixture
    }

    /// The site over `fixture` with `general` protected (after its posts were recorded).
    static func generalProtected(_ fixture: ArchiveFixture) throws -> ArchiveSite {
        var settings = fixture.settings(audience: .public)
        settings.subIssues = settings.subIssues.map { subIssue in
            subIssue.id == "general" ? SubIssue(id: "general", name: "General", isProtected: true, members: ["boss@example.org"]) : subIssue
        }
        return try ArchiveSite(settings: settings, database: fixture.database, maildir: fixture.maildir, templates: .builtIn,
                               logger: Logger(label: "archive-test"))
    }

    static let ride = ["ride/1@example.org", "ride/2@example.org", "ride/hidden@example.org", "ride/hidden-reply@example.org",
                       "ride/3@example.org"]
    static let hidden: Set = ["ride/hidden@example.org", "ride/hidden-reply@example.org"]
    static let links = ArchiveLinks(basePath: "/")

    static func get(_ site: ArchiveSite, _ uri: String, viewer: ArchiveViewer) -> ArchiveAnswer {
        ArchivePagesTests.get(site, uri, viewer: viewer)
    }

    /// Both links of the thread holding `id`: its page and its mbox.
    static func threadURLs(_ id: String) -> [String] { [links.thread(id), links.threadMbox(id)] }

    /// Insiders first, so that the thread's pages are kept for their scope before any outsider
    /// asks; then every outsider asks for every post's links, twice. Each viewer gets one page
    /// (and one mbox) whichever post the link names; an outsider gets, for the hidden post, the
    /// bytes of a post that never existed, without the cache being asked, and never the hidden
    /// post's text; and the cache holds one page and one mbox per thread and scope.
    @Test func everyPostOfAMixedThreadLinksToOnePagePerScope() async throws {
        let fixture = try Self.mixedThreads()
        let site = try fixture.site(audience: .public)
        for insider in Self.insiders {
            for url in [Self.links.thread, Self.links.threadMbox] {
                let answers = Self.ride.map { Self.get(site, url($0), viewer: insider) }
                #expect(answers.allSatisfy { $0.status == .ok }, "\(insider)")
                #expect(Set(answers.map(\.bytes)).count == 1, "every post's link shows one page to \(insider)")
                #expect(answers[0].text.contains("the route passes the new depot"), "\(insider) reads the protected reply")
            }
        }
        // Two scopes (admitted to hr, core), two pages of the thread each.
        #expect(site.pageCache.usage.pages == 4)
        let shown = Self.ride.filter { !Self.hidden.contains($0) }
        var outsidersPage: [UInt8]?
        for outsider in ArchivePagesTests.outsiders {
            for _ in 0..<2 {
                for url in [Self.links.thread, Self.links.threadMbox] {
                    let answers = shown.map { Self.get(site, url($0), viewer: outsider) }
                    #expect(answers.allSatisfy { $0.status == .ok }, "\(outsider)")
                    #expect(Set(answers.map(\.bytes)).count == 1, "every shown post's link shows one page to \(outsider)")
                    for answer in answers {
                        for secret in ["depot", "ride%2Fhidden", "ride/hidden", "Boss", "Staffing"] {
                            #expect(!answer.text.contains(secret), "\(outsider) sees \(secret)")
                        }
                    }
                    if url("x") == Self.links.thread("x") {
                        // The three outsiders share a scope, so they share the page, too.
                        if let outsidersPage { #expect(answers[0].bytes == outsidersPage) } else { outsidersPage = answers[0].bytes }
                    }
                    let missing = Self.get(site, url("never-sent@example.org"), viewer: outsider)
                    #expect(missing.status == .notFound)
                    for id in Self.hidden {
                        let lookups = site.pageCache.lookups
                        let answer = Self.get(site, url(id), viewer: outsider)
                        #expect(site.pageCache.lookups == lookups, "the cache was asked for \(url(id))")
                        #expect(answer.status == missing.status, "\(url(id))")
                        #expect(answer.bytes == missing.bytes, "\(url(id)) answers otherwise than a missing post")
                        #expect(answer.contentType == missing.contentType && answer.cacheControl == missing.cacheControl)
                    }
                }
            }
        }
        // Outsiders: one scope, one page and one mbox.
        #expect(site.pageCache.usage.pages == 4 + 2)
    }

    /// A thread whose first post is hidden (its sub-issue protected since): outsiders' page starts
    /// at the public reply (and names it in its mbox link); the first post's links answer as
    /// missing ones; the insiders' page, kept first, is not what outsiders get.
    @Test func aThreadWhoseFirstPostIsHidden() async throws {
        let fixture = try Self.mixedThreads()
        let site = try Self.generalProtected(fixture)
        let insiders = Self.get(site, Self.links.thread("quiet/2@example.org"), viewer: Self.core)
        #expect(insiders.text.contains("two teams merge"))
        #expect(Self.get(site, Self.links.thread("quiet/1@example.org"), viewer: Self.core).bytes == insiders.bytes)
        for outsider in ArchivePagesTests.outsiders {
            let page = Self.get(site, Self.links.thread("quiet/2@example.org"), viewer: outsider)
            #expect(page.status == .ok && page.bytes != insiders.bytes)
            #expect(page.text.contains("Noted.") && !page.text.contains("two teams merge") && !page.text.contains("quiet%2F1"))
            #expect(page.text.contains(Self.links.threadMbox("quiet/2@example.org")))
            for url in [Self.links.thread, Self.links.threadMbox] {
                let missing = Self.get(site, url("never-sent@example.org"), viewer: outsider)
                let hidden = Self.get(site, url("quiet/1@example.org"), viewer: outsider)
                #expect(hidden.status == .notFound && hidden.bytes == missing.bytes, "\(url("quiet/1@example.org"))")
            }
        }
    }

    /// A thread's page kept through one post's link is not served once the thread changes, through
    /// any other post's link.
    @Test func aNewReplyShowsThroughEveryLink() async throws {
        let fixture = try Self.mixedThreads()
        let site = try fixture.site(audience: .public)
        let before = Self.get(site, Self.links.thread("ride/1@example.org"), viewer: .anonymous)
        #expect(Self.get(site, Self.links.thread("ride/3@example.org"), viewer: .anonymous).bytes == before.bytes)
        try fixture.add(ArchiveFixture.message(
            id: "ride/4@example.org", subject: "Re: Sunday ride", body: "Rain is forecast.", inReplyTo: "ride/3@example.org",
            date: "Sun, 07 Mar 2004 10:00:00 +0000"))
        for id in ["ride/2@example.org", "ride/4@example.org", "ride/1@example.org", "ride/3@example.org"] {
            let page = Self.get(site, Self.links.thread(id), viewer: .anonymous)
            #expect(page.status == .ok && page.text.contains("Rain is forecast."), "\(id)")
        }
    }
}
