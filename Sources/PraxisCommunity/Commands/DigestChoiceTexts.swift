/// The sentences of the digest choices (`set format`, `set own-posts`) and of digests' reply
/// instructions and attachments, from the message catalog in the reader's language.
public enum DigestChoiceTexts {
    /// The words `set own-posts` takes.
    static let onOff: [String: Bool] = ["on": true, "off": false]

    /// How each format is offered on `/settings` and described in answers.
    public static func label(_ format: DigestPlan.Format, in language: Language = .standard) -> String {
        switch format {
        case .text: language.text(.formatLabelText)
        case .html: language.text(.formatLabelHtml)
        case .mime: language.text(.formatLabelMime)
        case .rfc1153: language.text(.formatLabelRfc1153)
        }
    }

    static func formatChange(_ format: DigestPlan.Format, in language: Language) -> String {
        language.text(.changeDigestFormat, ["format": format.rawValue, "label": label(format, in: language)])
    }

    static func ownPostsChange(_ wanted: Bool, in language: Language) -> String {
        language.text(wanted ? .changeOwnPostsOn : .changeOwnPostsOff)
    }

    /// The `whoami` lines of the member's digest format (nil: the digest's configured one) and
    /// own-posts choice.
    static func whoamiLines(format: String?, ownPosts: Bool, in language: Language) -> [String] {
        [format.map { language.text(.whoamiDigestFormat, ["format": $0]) } ?? language.text(.whoamiDigestFormatDefault),
         language.text(ownPosts ? .whoamiOwnPostsIncluded : .whoamiOwnPostsLeftOut)]
    }

    /// The label of the own-posts choice on `/settings`.
    public static func ownPostsLabel(in language: Language = .standard) -> String {
        language.text(.settingsOwnPosts)
    }
}

/// The sentences digests add for replies and attachments.
public enum DigestReplyTexts {
    /// "To reply, write to LIST with the subject: Re: SUBJECT".
    static func instruction(list: String, subject: String, in language: Language) -> String {
        language.text(.digestReplyInstruction, ["list": list, "subject": subject])
    }

    /// The heading of a post's attachments in the plain-text digests.
    static func attachments(in language: Language) -> String {
        language.text(.digestAttachments)
    }
}
