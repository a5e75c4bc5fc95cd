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
        of entries: [SummaryEntry], waiting: Int, to moderator: String, noticesPerHour: Int, community: Community,
        language: Language
    ) -> ListNotice {
        let shown = Array(entries.prefix(summaryLimit))
        var lines = [
            language.plural(.summaryIntro, count: waiting, [
                "community": community.name, "perHour": language.number(noticesPerHour),
            ]),
            "",
            language.text(.summaryHowTo, ["reasonWord": language.text(.moderationReasonWord), "moderator": moderator]),
        ]
        let reasonWord = language.text(.moderationReasonWord)
        for entry in shown {
            let post = entry.post
            let subject = plain(post.subject, width: 100)
            let excerpt = excerpt(of: post.text).first { !$0.isEmpty }.map { plain($0, width: summaryExcerptWidth) }
            lines += [
                "",
                "------------------------------------------------------------",
                language.text(.summaryHeldPost, ["number": String(post.id)]),
                language.text(.summaryDetails, [
                    "sender": post.sender(in: language),
                    "subject": subject.isEmpty ? language.text(.moderationNoSubject) : subject,
                    "reason": plain(HeldReason.words(post.reason, in: language), width: 200),
                    "held": timestamp(post.heldAt), "expires": timestamp(post.expiresAt),
                ]),
                "| " + (excerpt ?? language.text(.moderationNoText)),
                "",
                "approve \(entry.token)",
                "reject \(entry.token) \(reasonWord)",
            ]
        }
        lines += ["", "------------------------------------------------------------", ""]
        let more = waiting - shown.count
        if more > 0 {
            lines.append(language.plural(.summaryMore, count: more))
        }
        lines.append(language.text(.summaryServer))
        return ListNotice(
            to: moderator,
            subject: language.plural(.summarySubject, count: waiting, ["community": plain(community.name, width: 60)]),
            text: lines.joined(separator: "\n") + "\n", from: .request, language: language)
    }
}
