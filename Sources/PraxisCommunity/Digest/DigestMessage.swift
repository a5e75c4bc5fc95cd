import Foundation
import PraxisMail

/// A digest as a message on the wire, in one of the four formats (DESIGN.md §6 `digests.format`).
public enum DigestMessage {
    /// Composes the digest for `document.recipient`.
    ///
    /// - Parameters:
    ///   - originals: the original messages by post id, for the MIME digest; posts without one are
    ///     listed with a note instead.
    ///   - messageID: the new message's ID (without angle brackets).
    ///   - rendered: the document already rendered with `templates` (from a `DigestRenderMemo`).
    ///   - unsubscribeLink: the recipient's one-click unsubscribe URL (RFC 8058), when there is one.
    public static func compose(
        _ document: DigestDocument, format: DigestPlan.Format, templates: DigestTemplates,
        originals: [Int64: [UInt8]] = [:], messageID: String, at time: Date,
        rendered: (text: String, html: String)? = nil, unsubscribeLink: String? = nil
    ) -> OutgoingMessage {
        let body: OutgoingBody
        switch format {
        case .html:
            let rendered = rendered ?? templates.render(document)
            body = .alternative(plain: rendered.text, html: rendered.html)
        case .text:
            body = .plain(rendered?.text ?? templates.renderText(document))
        case .mime:
            body = mimeDigest(document, originals: originals)
        case .rfc1153:
            body = .plain(rfc1153(document))
        }
        let community = document.community
        var headers: [(name: String, value: String)] = [
            ("List-Id", "\(community.name) <\(Screener.listID(forListAddress: community.listAddress))>"),
            ("List-Post", "<mailto:\(community.listAddress)>"),
            ("List-Help", "<mailto:\(community.requestAddress)?subject=help>"),
            ("Precedence", "list"),
            ("Auto-Submitted", "auto-generated"),
            ("X-Loop", community.listAddress),
            document.language.contentLanguageField,
        ]
        if document.isMemberDigest {
            headers.insert(contentsOf: OneClickUnsubscribe.fields(link: unsubscribeLink, community: community), at: 2)
        }
        return OutgoingMessage(
            // From the owner address: a reply to a digest as a whole is a question for the people
            // running the list, not a post (replies to threads use the links inside).
            from: MailAddress(name: community.name, address: community.ownerAddress),
            to: [MailAddress(name: document.recipientName, address: document.recipient)],
            subject: document.subject,
            date: time,
            timeZoneOffsetSeconds: document.timeZone.secondsFromGMT(for: time),
            messageID: messageID,
            extraHeaders: headers,
            body: body)
    }

    /// multipart/mixed: a table of contents, then a multipart/digest of the original posts
    /// (RFC 2046 §5.1.5), so a mail client shows each post as the message it was.
    static func mimeDigest(_ document: DigestDocument, originals: [Int64: [UInt8]]) -> OutgoingBody {
        var lines = ["\(document.community.name) — \(document.title), \(document.period)", document.subjectSummary, ""]
        var messages: [[UInt8]] = []
        var missing = 0
        var number = 0
        for section in document.content.sections {
            lines.append(section.subIssue.name)
            for thread in section.threads {
                for post in thread.posts {
                    number += 1
                    let files = post.attachments.count
                    let entry = "  \(number). \(Self.oneLine(post.subject)) (\(Self.oneLine(post.authorLabel)))"
                        + (files == 0 ? "" : files == 1 ? ", 1 attachment" : ", \(files) attachments")
                    if let original = originals[post.id] {
                        messages.append(original)
                        lines.append(entry)
                    } else {
                        missing += 1
                        lines.append(entry + " [original not available]")
                    }
                }
            }
            lines.append("")
        }
        if missing > 0 {
            lines.append("\(missing) of the \(number) posts could not be attached: their original message is no longer in the archive.")
        }
        lines.append(contentsOf: document.footerLines)
        return .mixed([.plain(lines.joined(separator: "\n")), .digest(messages)])
    }

    /// An RFC 1153 digest: a header, the topics, then each post with Date, From and Subject
    /// between lines of 30 dashes, and the closing line.
    static func rfc1153(_ document: DigestDocument) -> String {
        let name = "\(document.community.name) \(document.title)"
        let language = document.language
        var out = "\(name), \(document.period)\n\n\(language.text(.rfcTodaysTopics))\(language.colon)\n\n"
        for post in document.content.posts {
            out += "   \(Self.oneLine(post.subject)) (\(Self.oneLine(post.authorLabel)))\n"
        }
        out += "\n" + String(repeating: "-", count: 70) + "\n"
        let separator = String(repeating: "-", count: 30)
        for (post, thread, isOpen) in document.postsInOrder {
            let (text, cut) = DigestDocument.shortened(post.text, language: document.language)
            out += "\nDate: \(formatMailDate(post.date, timeZoneOffsetSeconds: document.timeZone.secondsFromGMT(for: post.date)))\n"
            out += "From: \(Self.oneLine(post.authorLabel)) <\(Self.oneLine(post.authorAddress))>\n"
            out += "Subject: \(Self.oneLine(post.subject))\n"
            if let id = post.messageID { out += "Message-ID: <\(Self.oneLine(id))>\n" }
            out += "\n"
            // A body line that looks like the separator would end the message early for a reader
            // that bursts the digest (RFC 1153 §3).
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                out += (line.hasPrefix(separator) ? " " : "") + line + "\n"
            }
            if let cut { out += "[\(cut)]\n" }
            for line in document.plainAttachmentLines(post, linked: isOpen) { out += line + "\n" }
            out += "\n" + document.replyInstruction(thread) + "\n"
            out += "\n" + separator + "\n"
        }
        if document.content.leftOutPosts > 0 {
            let posts = language.plural(.digestMorePosts, count: document.content.leftOutPosts)
            out += "\n" + language.text(.digestLeftOut, ["posts": posts, "threads": ""]) + "\n"
        }
        out += "\n" + document.footerLines.joined(separator: "\n") + "\n"
        let end = "End of \(name)"
        out += "\n" + end + "\n" + String(repeating: "*", count: end.count) + "\n"
        return out
    }

    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        }))
    }
}

extension DigestDocument {
    /// "12 new posts in 5 threads", in the reader's language.
    var subjectSummary: String {
        language.text(.digestSummary, [
            "posts": language.plural(.digestNewPosts, count: content.postCount),
            "threads": language.plural(.digestThreads, count: content.threadCount),
        ])
    }

    /// The plain footer of the MIME and RFC 1153 digests.
    var footerLines: [String] {
        var lines = [language.text(.digestNewThread) + " \(community.listAddress)."]
        if isMemberDigest {
            lines.append(language.text(.rfcSettings, ["requestAddress": community.requestAddress]))
            lines.append("  set delivery immediate | set digest daily | set digest weekly | set delivery none | mute SUB-ISSUE | whoami")
            lines.append(language.text(.digestUnsubscribe) + language.colon + " "
                + language.text(.digestSend, ["command": "unsubscribe", "requestAddress": community.requestAddress]) + ".")
        }
        return lines
    }
}
