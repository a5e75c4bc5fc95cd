import Foundation

extension ModerationNotices {
    /// Most held posts one summary lists; `praxis moderation list` shows the rest.
    public static let summaryLimit = 50
    /// Characters of the one excerpt line a summary shows per post.
    public static let summaryExcerptWidth = 72

    /// One held post in a summary, with the token of the moderator the summary goes to.
    public struct SummaryEntry: Sendable, Hashable {
        public var post: HeldPost
        public var token: String

        public init(post: HeldPost, token: String) {
            self.post = post
            self.token = token
        }
    }

    /// The summary to one moderator of the held posts they were not sent requests for (their
    /// hourly budget was spent): `entries`, oldest first, out of `waiting` such posts in all.
    ///
    /// The same rules as the request: everything from a post is made plain and sits after a fixed
    /// label or a "| ", so the only lines that read as commands are the `approve`/`reject` lines
    /// with this moderator's own tokens.
    public static func summary(
        of entries: [SummaryEntry], waiting: Int, to moderator: String, noticesPerHour: Int, community: Community
    ) -> ListNotice {
        let shown = Array(entries.prefix(summaryLimit))
        var lines = [
            "\(count(waiting)) to \(community.name) \(waiting == 1 ? "is" : "are") held for moderation and you were not sent "
                + "a request for \(waiting == 1 ? "it" : "them"): you get at most \(noticesPerHour) moderation "
                + "messages an hour (moderation.notices_per_hour), so the rest are listed here, oldest first.",
            "",
            "To decide, reply with the lines you choose, one per line as they stand; in place of REASON,",
            "write the reason for the sender, or nothing. The tokens work only in mail from \(moderator).",
        ]
        for entry in shown {
            let post = entry.post
            let subject = plain(post.subject, width: 100)
            let excerpt = excerpt(of: post.text).first { !$0.isEmpty }.map { plain($0, width: summaryExcerptWidth) }
            lines += [
                "",
                "------------------------------------------------------------",
                "Held post \(post.id)",
                "From:     \(post.sender(in: .standard))",
                "Subject:  \(subject.isEmpty ? "(none)" : subject)",
                "Reason:   \(plain(post.reason, width: 200))",
                "Held:     \(timestamp(post.heldAt)), expires \(timestamp(post.expiresAt))",
                "| " + (excerpt ?? "(no text)"),
                "",
                "approve \(entry.token)",
                "reject \(entry.token) REASON",
            ]
        }
        lines += ["", "------------------------------------------------------------", ""]
        let more = waiting - shown.count
        if more > 0 {
            lines.append("\(more) more \(more == 1 ? "post waits" : "posts wait") for the next summary.")
        }
        lines += [
            "On the server, `praxis moderation list` shows every held post, and",
            "`praxis moderation approve|reject NUMBER` decides by its number.",
        ]
        return ListNotice(
            to: moderator, subject: "Held for moderation: \(count(waiting)) waiting (\(plain(community.name, width: 60)))",
            text: lines.joined(separator: "\n") + "\n", from: .request)
    }

    private static func count(_ posts: Int) -> String {
        posts == 1 ? "1 post" : "\(posts) posts"
    }
}
