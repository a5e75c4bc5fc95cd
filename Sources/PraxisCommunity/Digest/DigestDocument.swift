import Foundation
import PraxisMail

/// Everything one rendered digest says, before it becomes text, HTML or a message.
public struct DigestDocument: Sendable {
    public var community: Community
    /// The digest's name (`weekly`), or `organisation`.
    public var name: String
    public var content: DigestContent
    /// The reader's address, or the organisation address.
    public var recipient: String
    public var recipientName: String?
    /// The participation sentences; empty for the organisation digest.
    public var participation: [String]
    /// Whether the footer offers the member's preference commands (not for the organisation).
    public var isMemberDigest: Bool
    /// Where dates are shown.
    public var timeZone: TimeZone
    /// The reader's language: every fixed word, date and count of the digest is written in it.
    public var language: Language
    /// The archive under `web.base_url`: each thread and post not in a protected space links to
    /// its page. Nil: no links but the `mailto:` ones.
    public var archive: ArchiveLinks?
    /// The products to feature ("What the community produced"): the organisation digest's, open
    /// ones only (`ProductMarking.open`); empty for a member's digest.
    public var products: [Product] = []
    /// Renders the recipient as placeholders that `DigestRenderMemo` fills in afterwards, so one
    /// rendering serves every recipient of the same content.
    var usesPlaceholders = false

    /// Post text beyond this many characters is cut in the digest, with a note: a digest stays a
    /// digest however long one post is, and the whole post is one reply or archive visit away.
    public static let maxPostCharacters = 4_000
    /// Only the last few References are carried in a reply link, so a link stays short.
    static let maxReferencesInLink = 5

    public init(
        community: Community, name: String, content: DigestContent, recipient: String, recipientName: String? = nil,
        participation: [String] = [], isMemberDigest: Bool = true, timeZone: TimeZone, archive: ArchiveLinks? = nil,
        language: Language? = nil
    ) {
        self.language = language ?? community.language
        self.archive = archive
        self.community = community
        self.name = name
        self.content = content
        self.recipient = recipient
        self.recipientName = recipientName
        self.participation = participation
        self.isMemberDigest = isMemberDigest
        self.timeZone = timeZone
    }

    /// "Weekly digest", "Tägliche Zusammenfassung", "Résumé pour l’organisation"; a digest of
    /// another name is called by it ("Monthly digest", "Zusammenfassung monthly").
    public var title: String {
        switch name {
        case "daily": return language.text(.digestTitleDaily)
        case "weekly": return language.text(.digestTitleWeekly)
        case "organisation": return language.text(.digestTitleOrganisation)
        default:
            guard let first = name.first else { return language.text(.digestTitleOther) }
            if language == .en { return first.uppercased() + name.dropFirst() + " digest" }
            return language.text(.digestTitleOther) + " " + name
        }
    }

    /// "3 June 2024", "27–31 May 2024" or "27 May – 3 June 2024", in the reader's language.
    public var period: String {
        let end = language.day(content.through, in: timeZone)
        guard content.since != .distantPast else { return end }
        let start = language.day(content.since, in: timeZone)
        if start == end { return end }
        let since = civilDate(fromDaysSince1970: WallClock.localDay(of: content.since, in: timeZone))
        let through = civilDate(fromDaysSince1970: WallClock.localDay(of: content.through, in: timeZone))
        // "27–31 May 2024" and "27 May – 3 June 2024" read better than two full dates.
        guard since.year == through.year else { return "\(start) – \(end)" }
        if since.month == through.month { return "\(since.day)\(language == .de ? "." : "")–\(end)" }
        return "\(language.dayAndMonth(content.since, in: timeZone)) – \(end)"
    }

    /// The Subject of the digest message.
    public var subject: String {
        language.text(.digestSubject, [
            "community": community.name, "title": title, "date": language.day(content.through, in: timeZone),
            "posts": language.plural(.digestPosts, count: content.postCount),
            "threads": language.plural(.digestThreads, count: content.threadCount),
        ])
    }

    /// The values the Mustache templates see. Every string is raw text: the HTML template escapes
    /// it, the text template does not.
    public var view: [String: Any] {
        let list = community.listAddress
        var sections: [[String: Any]] = []
        for section in content.sections {
            var threads: [[String: Any]] = []
            for thread in section.threads {
                // A protected space's pages answer "not found" to most readers: never linked.
                let threadIsOpen = !section.subIssue.isProtected && !thread.info.isProtected
                let posts: [[String: Any]] = thread.posts.map { post in
                    let (text, cut) = Self.shortened(post.text, language: language)
                    var values: [String: Any] = [
                        "author": DigestRenderMemo.clean(post.authorLabel),
                        "address": DigestRenderMemo.clean(post.authorAddress),
                        "date": language.dateTime(post.date, in: timeZone),
                        "text": DigestRenderMemo.clean(text),
                    ]
                    if let cut { values["cut"] = cut }
                    let postIsOpen = threadIsOpen && !post.isProtected
                    if postIsOpen, let link = archive?.messageURL(post.messageID) { values["web_link"] = link }
                    if !post.attachments.isEmpty {
                        values["attachments"] = attachmentValues(post, linked: postIsOpen)
                        values["has_attachments"] = true
                    }
                    return values
                }
                let count = thread.newPostCount
                var values: [String: Any] = [
                    "subject": thread.info.subject.isEmpty ? language.text(.digestNoSubject) : DigestRenderMemo.clean(thread.info.subject),
                    "participants": DigestRenderMemo.clean(thread.participants.joined(separator: ", ")),
                    "new_posts": language.plural(.digestNewPosts, count: count),
                    "posts": posts,
                    "reply_link": replyLink(thread),
                    "reply_instruction": replyInstruction(thread),
                ]
                if threadIsOpen, !thread.posts.contains(where: \.isProtected),
                   let link = archive?.threadURL(thread.latest?.messageID) {
                    values["thread_web_link"] = link
                }
                if thread.leftOut > 0 {
                    values["earlier"] = language.plural(.digestEarlierPosts, count: thread.leftOut)
                }
                threads.append(values)
            }
            // A retired sub-issue's old threads can still grow; its name says it takes no new ones.
            let name = section.subIssue.isRetired ? section.subIssue.name + " (retired)" : section.subIssue.name
            var values: [String: Any] = ["name": name, "id": section.subIssue.id, "threads": threads]
            if let description = section.subIssue.description, !description.isEmpty { values["description"] = description }
            sections.append(values)
        }
        let posts = language.plural(.digestNewPosts, count: content.postCount)
        let threads = language.plural(.digestThreads, count: content.threadCount)
        var view: [String: Any] = [
            "community": community.name,
            "list_address": list,
            "request_address": community.requestAddress,
            "owner_address": community.ownerAddress,
            "title": title,
            "period": period,
            "summary": language.text(.digestSummary, ["posts": posts, "threads": threads]),
            "labels": labels,
            "language": language.rawValue,
            "sections": sections,
            "recipient": usesPlaceholders ? DigestRenderMemo.recipientToken : recipient,
            "post_link": Self.mailto(list),
            "owner_link": Self.mailto(community.ownerAddress),
        ]
        if let home = archive?.homeURL { view["archive_link"] = home }
        // Flags beside the lists, so a template can wrap a list once (`{{#has_objectives}}<ul>…`).
        if !community.objectives.isEmpty {
            view["objectives"] = community.objectives.map(\.text)
            view["has_objectives"] = true
        }
        let products = ProductMarking.open(self.products)
        if !products.isEmpty {
            view["products"] = products.map { product -> [String: Any] in
                var entry: [String: Any] = ["kind": product.kindLabel, "subject": DigestRenderMemo.clean(product.subject)]
                if let note = product.note { entry["note"] = DigestRenderMemo.clean(note) }
                if let link = archive?.threadURL(product.threadMessageID) { entry["link"] = link }
                return entry
            }
            view["has_products"] = true
        }
        if !participation.isEmpty {
            view["participation"] = participation
            view["has_participation"] = true
        }
        if let recipientName, !recipientName.isEmpty {
            view["recipient_name"] = usesPlaceholders ? DigestRenderMemo.nameToken : recipientName
        }
        if content.leftOutPosts > 0 {
            let posts = language.plural(.digestMorePosts, count: content.leftOutPosts)
            let threads = content.leftOutThreads == 0 ? "" : language.plural(.digestMoreThreads, count: content.leftOutThreads)
            view["left_out"] = language.text(.digestLeftOut, ["posts": posts, "threads": threads])
        }
        if isMemberDigest {
            let request = community.requestAddress
            view["commands"] = [
                (MessageKey.digestCommandImmediate, "set delivery immediate"), (.digestCommandDaily, "set digest daily"),
                (.digestCommandWeekly, "set digest weekly"), (.digestCommandNone, "set delivery none"),
                (.digestCommandWhoami, "whoami"),
            ].map { key, command in
                var values = Self.command(language.text(key), command, request)
                values["send"] = language.text(.digestSend, ["command": command, "requestAddress": request])
                values["label_colon"] = language.text(key) + (language == .fr ? "\u{202F}:" : ":")
                return values
            }
            view["has_commands"] = true
            view["mute_hint"] = language.text(.digestMuteHint, ["requestAddress": request])
            view["unsubscribe_link"] = Self.mailto(request, subject: "unsubscribe", body: "unsubscribe")
        }
        return view
    }

    /// The attachments of `post` as the templates list them: name, size and, when the post is
    /// open to everyone (`linked`) and the archive is on, the link to `/m/ID/a/N/NAME`.
    func attachmentValues(_ post: DigestPost, linked: Bool) -> [[String: Any]] {
        post.attachments.map { attachment in
            var values: [String: Any] = [
                "name": DigestRenderMemo.clean(attachment.shownName), "size": AttachmentLabel.size(attachment.size),
            ]
            if linked, let archive, archive.homeURL != nil, let id = post.messageID, ArchiveLinks.hasPage(messageID: id) {
                values["link"] = archive.absolute(archive.attachment(id, number: attachment.number, name: attachment.name))
            }
            return values
        }
    }

    /// Every post shown, in the order of the digest, with its thread and whether it is open to
    /// everyone (neither its sub-issue, its thread nor itself protected): only such a post links
    /// into the archive.
    var postsInOrder: [(post: DigestPost, thread: DigestContent.Thread, isOpen: Bool)] {
        content.sections.flatMap { section in
            section.threads.flatMap { thread in
                let threadIsOpen = !section.subIssue.isProtected && !thread.info.isProtected
                return thread.posts.map { (post: $0, thread: thread, isOpen: threadIsOpen && !$0.isProtected) }
            }
        }
    }

    /// A post's attachments as plain-text lines (the RFC 1153 digest), as the text template
    /// writes them; none without attachments.
    func plainAttachmentLines(_ post: DigestPost, linked: Bool) -> [String] {
        let attachments = attachmentValues(post, linked: linked)
        guard !attachments.isEmpty else { return [] }
        return [DigestReplyTexts.attachments(in: language)] + attachments.flatMap { values -> [String] in
            let line = "  - \(DigestMessage.oneLine(values["name"] as? String ?? "")) (\(values["size"] as? String ?? ""))"
            return [line] + ((values["link"] as? String).map { ["    " + $0] } ?? [])
        }
    }

    /// What a plain-text digest says instead of a `mailto:` link, which plain-text mail clients
    /// show as 300 characters of percent signs: where to write and the subject to use. A reply
    /// with that subject joins the thread by its subject (`NormalisedSubject`) even without
    /// In-Reply-To.
    func replyInstruction(_ thread: DigestContent.Thread) -> String {
        let subject = DigestMessage.oneLine(thread.info.subject)
        let replySubject = subject.lowercased().hasPrefix("re:") ? subject : "Re: " + subject
        return DigestReplyTexts.instruction(list: community.listAddress, subject: replySubject, in: language)
    }

    /// A mailto: link that starts a reply to the thread's newest post shown, in one click.
    func replyLink(_ thread: DigestContent.Thread) -> String {
        let subject = thread.info.subject
        let replySubject = subject.lowercased().hasPrefix("re:") ? subject : "Re: " + subject
        var headers: [(String, String)] = [("subject", replySubject)]
        if let id = thread.latest?.messageID, !id.isEmpty {
            headers.append(("In-Reply-To", "<\(id)>"))
            let references = (thread.info.messageIDs.filter { $0 != id }.suffix(Self.maxReferencesInLink - 1) + [id])
            headers.append(("References", references.map { "<\($0)>" }.joined(separator: " ")))
        }
        return Self.mailto(community.listAddress, headers: headers)
    }

    static func command(_ label: String, _ command: String, _ request: String) -> [String: Any] {
        ["label": label, "command": command, "link": mailto(request, subject: command, body: command)]
    }

    static func mailto(_ address: String, subject: String? = nil, body: String? = nil) -> String {
        var headers: [(String, String)] = []
        if let subject { headers.append(("subject", subject)) }
        if let body { headers.append(("body", body)) }
        return mailto(address, headers: headers)
    }

    /// RFC 6068: everything outside the unreserved set percent-encoded, so nothing from a post
    /// can end the link, add a parameter or smuggle a header line.
    static func mailto(_ address: String, headers: [(String, String)]) -> String {
        var link = "mailto:" + percentEncoded(address, keepAt: true)
        for (index, (name, value)) in headers.enumerated() {
            link += (index == 0 ? "?" : "&") + percentEncoded(name, keepAt: false) + "="
                + percentEncoded(value, keepAt: false)
        }
        return link
    }

    static func percentEncoded(_ text: String, keepAt: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            let isUnreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if isUnreserved || (keepAt && byte == 0x40) {
                out.append(byte)
            } else {
                HexDigits.appendPercentEncoded(byte, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The fixed words of the templates in the reader's language, as `{{labels.…}}`.
    /// Those followed by a value get the language's colon ("Permalink:", "Lien permanent :").
    var labels: [String: String] {
        let colon = language == .fr ? "\u{202F}:" : ":"
        return [
            "with": language.text(.digestWith), "permalink": language.text(.digestPermalink),
            "on_the_web_colon": language.text(.digestOnTheWeb) + colon,
            "permalink_colon": language.text(.digestPermalink) + colon,
            "reply_to_thread": language.text(.digestReplyToThread),
            "reply_to_thread_colon": language.text(.digestReplyToThread) + colon,
            "new_thread": language.text(.digestNewThread),
            "archive": language.text(.digestArchive), "archive_colon": language.text(.digestArchive) + colon,
            "unsubscribe": language.text(.digestUnsubscribe), "unsubscribe_colon": language.text(.digestUnsubscribe) + colon,
            "unsubscribe_send": language.text(.digestSend, ["command": "unsubscribe", "requestAddress": community.requestAddress]),
            "questions_colon": language.text(.digestQuestions) + colon,
            "commands_intro": language.text(.digestCommandsIntro, ["requestAddress": community.requestAddress]),
        ]
    }

    /// The text as shown, and a note (in `language`) when it was cut.
    static func shortened(_ text: String, language: Language) -> (String, String?) {
        guard text.utf8.count > maxPostCharacters else { return (text, nil) }
        let characters = text.count
        guard characters > maxPostCharacters else { return (text, nil) }
        var cut = text.prefix(maxPostCharacters)
        // End at a line or word boundary where there is one not too far back.
        if let boundary = cut.lastIndex(where: { $0 == "\n" || $0 == " " }),
           cut.distance(from: boundary, to: cut.endIndex) < 400 {
            cut = cut[..<boundary]
        }
        let rest = characters - cut.count
        return (String(cut) + " …", language.plural(.digestCut, count: rest))
    }
}
