import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

/// Mail's links into the archive: `Archived-At` and `List-Archive` on list copies, links in
/// digests; one builder (`ArchiveLinks`), hostile Message-IDs never breaking a header, protected
/// spaces never linked.
@Suite("Archive links in mail")
struct ArchiveLinksTests {
    static let links = ArchiveLinks(baseURL: "https://cop.example.org/mobility")

    static let baseURLs: [(text: String, origin: String?, basePath: String?)] = [
        ("https://cop.example.org/mobility", "https://cop.example.org", "/mobility/"),
        ("https://cop.example.org/mobility/", "https://cop.example.org", "/mobility/"),
        ("HTTP://cop.example.org:8080", "http://cop.example.org:8080", "/"),
        ("ftp://cop.example.org/", nil, nil), ("https://user:pw@cop.example.org/", nil, nil), ("/mobility/", nil, nil),
        ("https://cop.example.org/?q=1", nil, nil), ("https://cop.example.org/#top", nil, nil), ("", nil, nil),
    ]

    @Test(arguments: baseURLs)
    func theBaseURLGivesOriginAndPath(_ example: (text: String, origin: String?, basePath: String?)) {
        let links = ArchiveLinks(baseURL: example.text)
        #expect(links?.origin == example.origin && links?.basePath == example.basePath, "\(example.text)")
    }

    /// Message-ID fields as a sender may write them. Each copy gets at most one `Archived-At`,
    /// naming exactly the Message-ID the copy carries, or none when no page could be named.
    static let hostileIDs = [
        "<plain@example.org>", "<a/b?c#d@example.org>", "<100%@example.org>", "<a>b@example.org>", "<sp ace@example.org>",
        "<a\r\n b@example.org>", "<x@example.org>\r\nBcc: victim@example.org", "<\"quoted\"@example.org>", "<..>", "<>",
        "<ünïcode@exämple.org>", "<a@b> <c@d>", "no-brackets@example.org", "<" + String(repeating: "x", count: 990) + "@e.org>",
        "<tab\there@example.org>", "<%0D%0AX-Injected:1@example.org>",
    ]

    @Test(arguments: hostileIDs)
    func aCopyNamesItsPageOrNothingAndNeverBreaksItsHeader(_ field: String) throws {
        let raw = "From: Alice <alice@example.org>\r\nTo: mobility@lists.example.org\r\nSubject: Lanes\r\n"
            + "Message-ID: \(field)\r\nArchived-At: <https://evil.example/forged>\r\nDate: Mon, 1 Mar 2004 10:00:00 +0000\r\n\r\nHello.\r\n"
        var list = ListSettings(archiveURL: "https://old.example.org/archive")
        list.archive = Self.links
        let decider = DistributionDecider(community: Community(name: "Mobility", listAddress: "mobility@lists.example.org"), list: list)
        let original = MailMessage(Array(raw.utf8))
        let copy = MailMessage(decider.listCopy(of: original, subIssue: "general"))
        #expect(copy.headers("list-archive") == ["<https://cop.example.org/mobility/>"], "web.base_url wins over list.archive_url")
        let archivedAt = copy.headers("archived-at")
        #expect(archivedAt.count <= 1, "\(archivedAt)")
        #expect(!archivedAt.contains { $0.contains("evil.example") }, "the sender's own Archived-At is dropped")
        guard let value = archivedAt.first else {
            let tooLong = { (id: String) in "Archived-At: <\(Self.links?.messageURL(id) ?? "")>".utf8.count > 998 }
            #expect(original.messageID.map { !ArchiveLinks.hasPage(messageID: $0) || tooLong($0) } ?? true, "a linkable ID got no link")
            return
        }
        let prefix = "<https://cop.example.org/mobility/m/", suffix = "/>"
        #expect(value.hasPrefix(prefix) && value.hasSuffix(suffix), "\(value)")
        let segment = String(value.dropFirst(prefix.count).dropLast(suffix.count))
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~@!$'()*+,;=%")
        #expect(segment.unicodeScalars.allSatisfy(allowed.contains), "\(segment) has characters a URL may not carry")
        #expect(segment.removingPercentEncoding == copy.messageID, "the link names the Message-ID the copy carries")
        #expect(copy.headers("message-id").count == 1)
    }

    @Test func withoutABaseURLCopiesKeepTheListArchiveKey() {
        let decider = DistributionDecider(
            community: Community(name: "Mobility", listAddress: "mobility@lists.example.org"),
            list: ListSettings(archiveURL: "https://old.example.org/archive"))
        let copy = MailMessage(decider.listCopy(of: MailMessage(Array("Message-ID: <a@b>\r\nSubject: x\r\n\r\nHi\r\n".utf8)), subIssue: "general"))
        #expect(copy.headers("list-archive") == ["<https://old.example.org/archive>"])
        #expect(copy.headers("archived-at").isEmpty)
    }

    /// A core reader's digest holds the protected thread; it is never linked, the others are,
    /// and the `mailto:` reply links stay.
    @Test(arguments: [false, true])
    func digestsLinkOpenThreadsAndPostsOnly(html: Bool) throws {
        typealias F = DigestFixture
        let content = F.select(
            F.mixed, reader: DigestReader(address: "mod@example.org", delivery: .digest), core: ["mod@example.org"],
            plan: DigestPlan(name: "weekly", schedule: .daily(.eightOClock), audience: .subscribers))
        #expect(content.posts.contains { $0.isProtected }, "the core reader's digest holds the protected thread")
        let document = DigestDocument(
            community: F.community, name: "weekly", content: content, recipient: "mod@example.org", timeZone: .gmt, archive: Self.links)
        let text = html ? DigestTemplates.builtIn.renderHTML(document) : DigestTemplates.builtIn.renderText(document)
        for id in [1, 2, 3, 4, 6, 7] { #expect(text.contains("https://cop.example.org/mobility/m/m\(id)@example.org/"), "post \(id)") }
        #expect(text.contains("https://cop.example.org/mobility/t/m3@example.org/"), "the thread's page")
        for id in [5, 8] {
            #expect(!text.contains("/m/m\(id)@example.org/") && !text.contains("/t/m\(id)@example.org/"), "protected post \(id) linked")
        }
        // The HTML keeps the reply link; plain text says where to write instead (no 300-character URL).
        #expect(text.contains("mailto:mobility@lists.example.org?") == html, "the reply link stays in HTML only")
        #expect(text.contains("https://cop.example.org/mobility/\"") || text.contains("https://cop.example.org/mobility/\n"))
        let without = DigestDocument(community: F.community, name: "weekly", content: content, recipient: "mod@example.org", timeZone: .gmt)
        let plain = html ? DigestTemplates.builtIn.renderHTML(without) : DigestTemplates.builtIn.renderText(without)
        #expect(!plain.contains("cop.example.org"))
    }

    /// A segment is encoded byte for byte as Foundation's `addingPercentEncoding` with the same
    /// allowed characters encodes it (the links of pages written before it was encoded by hand):
    /// every ASCII character, non-ASCII letters, combining marks, emoji, CR LF, `%`.
    @Test func segmentsAreEncodedAsFoundationEncodesThem() {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~@!$'()*+,;=")
        let everyASCII = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        let ids = [everyASCII, "plain@example.org", "", "a/b?c#d@example.org", "100%@ex", "r\u{E9}sum\u{E9}@caf\u{E9}.fr",
                   "e\u{301}\u{301}@x", "\u{1F6B2}\u{200D}\u{2640}\u{FE0F}@bikes", "cr\r\nlf@x", "\u{7F}\u{80}\u{FFFD}@x",
                   "\u{10FFFF}", "%2F%25"]
        for id in ids {
            #expect(ArchiveLinks.segment(id) == id.addingPercentEncoding(withAllowedCharacters: allowed), "\(id.debugDescription)")
        }
    }
}
