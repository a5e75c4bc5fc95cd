import Foundation
import Hummingbird
import PraxisCommunity
import PraxisStore

/// Atom feeds (RFC 4287) of the community and of each sub-issue: the newest shown posts.
extension ArchiveSite {
    func feed(subIssue id: String?, _ scope: ArchiveScope) throws -> ArchiveAnswer? {
        var title = settings.community.name
        if let id {
            guard let subIssue = shownSubIssue(id, scope) else { return nil }
            title += " – " + subIssue.name
        }
        let posts = try database.archiveRecentPosts(subIssue: id, scope: scope, limit: Self.entriesPerFeed)
        let entries = posts.map { post -> [String: Any] in
            ["id": Self.mid(post.messageID), "subject": subject(post.subject), "author": authorName(post),
             "updated": PageFormat.timestamp(post.date), "url": links.absolute(links.message(post.messageID)),
             "subIssue": post.subIssue, "text": Self.feedText(post.trimmedText)]
        }
        let selfPath = id.map(links.subIssueFeed) ?? links.feed
        let view: [String: Any] = [
            // The feed's id is its own URL's path under a tag URI would need a date; a URL is simpler.
            "id": links.absolute(selfPath), "title": title,
            "updated": PageFormat.timestamp(posts.first?.date ?? Date(timeIntervalSince1970: 0)),
            "selfURL": links.absolute(selfPath), "pageURL": links.absolute(id.map { links.subIssue($0) } ?? links.home), "entries": entries,
        ]
        return Self.response(.ok, type: "application/atom+xml; charset=utf-8", body: templates.render("feed.atom.mustache", view),
                             cache: "no-cache")
    }


    /// A message's `mid:` URI (RFC 2392): an entry id that stays the same wherever the archive moves.
    static func mid(_ messageID: String) -> String { "mid:" + ArchiveLinks.segment(messageID) }

    /// Text fit for XML 1.0: characters it cannot hold (most C0 controls, lone surrogates' stand-ins) removed.
    static func feedText(_ text: String) -> String {
        let fits = { (scalar: Unicode.Scalar) in
            scalar == "\n" || scalar == "\t" || (scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF)
        }
        // Nearly every text fits as it is: checking is far cheaper than building a copy.
        guard !text.unicodeScalars.allSatisfy(fits) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter(fits)))
    }
}
