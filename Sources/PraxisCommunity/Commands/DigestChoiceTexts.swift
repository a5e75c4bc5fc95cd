/// The member-facing sentences of the digest choices (`set format`, `set own-posts`), gathered in
/// one place so that they can move into the message catalog with the others; English only here.
public enum DigestChoiceTexts {
    /// The words `set own-posts` takes.
    static let onOff: [String: Bool] = ["on": true, "off": false]

    static var formatUsage: String {
        "“set format” takes one of " + DigestPlan.Format.allCases.map(\.rawValue).joined(separator: ", ")
            + ", e.g. “set format text”."
    }

    static let ownPostsUsage = "“set own-posts” takes on or off, e.g. “set own-posts off”."

    /// How each format is offered on `/settings` and described in answers.
    public static func label(_ format: DigestPlan.Format) -> String {
        switch format {
        case .text: "Plain text"
        case .html: "HTML with a plain-text part"
        case .mime: "MIME digest: each post as the original message"
        case .rfc1153: "RFC 1153: plain text, one post after another"
        }
    }

    static func formatChange(_ format: DigestPlan.Format) -> String {
        "your digests will come as \(format.rawValue) (\(label(format)))"
    }

    static func ownPostsChange(_ wanted: Bool) -> String {
        wanted ? "your own posts will be in your digests (and in your list copies when the list sends authors theirs)"
            : "your own posts will be left out of your list copies and digests"
    }

    /// The `whoami` lines of the member's digest format (nil: the digest's configured one) and
    /// own-posts choice.
    static func whoamiLines(format: String?, ownPosts: Bool) -> [String] {
        ["Digest format: " + (format ?? "as the community's digest is configured") + ".",
         "Your own posts: " + (ownPosts ? "included." : "left out.")]
    }

    /// The label of the own-posts choice on `/settings`.
    public static let ownPostsLabel = "Send me my own posts (in digests, and as list copies when the list sends authors theirs)"
}

/// The member-facing sentences digests add for replies and attachments; English only here, for
/// the catalog like `DigestChoiceTexts`.
public enum DigestReplyTexts {
    /// "To reply, write to LIST with the subject: Re: SUBJECT".
    static func instruction(list: String, subject: String) -> String {
        "To reply, write to \(list) with the subject: \(subject)"
    }

    /// The heading of a post's attachments in the plain-text digests.
    static let attachments = "Attachments:"
}
