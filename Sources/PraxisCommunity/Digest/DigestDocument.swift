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
        participation: [String] = [], isMemberDigest: Bool = true, timeZone: TimeZone, archive: ArchiveLinks? = nil
    ) {
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

    /// "Weekly digest", "Daily digest", "Organisation digest".
    public var title: String {
        guard let first = name.first else { return "Digest" }
        return first.uppercased() + name.dropFirst() + " digest"
    }

    /// "3 Jun 2024", "27–31 May 2024" or "27 May – 3 Jun 2024".
    public var period: String {
        let start = DigestDates.day(content.since, in: timeZone)
        let end = DigestDates.day(content.through, in: timeZone)
        if start == end || content.since == .distantPast { return end }
        // "27–31 May 2024" and "27 May – 3 Jun 2024" read better than two full dates.
        let startParts = start.split(separator: " "), endParts = end.split(separator: " ")
        if startParts.count == 3, endParts.count == 3, startParts[2] == endParts[2] {
            if startParts[1] == endParts[1] { return "\(startParts[0])–\(end)" }
            return "\(startParts[0]) \(startParts[1]) – \(end)"
        }
        return "\(start) – \(end)"
    }

    /// The Subject of the digest message.
    public var subject: String {
        let posts = content.postCount == 1 ? "1 post" : "\(content.postCount) posts"
        let threads = content.threadCount == 1 ? "1 thread" : "\(content.threadCount) threads"
        return "[\(community.name)] \(title), \(DigestDates.day(content.through, in: timeZone)): \(posts) in \(threads)"
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
                    let (text, cut) = Self.shortened(post.text)
                    var values: [String: Any] = [
                        "author": DigestRenderMemo.clean(post.authorLabel),
                        "address": DigestRenderMemo.clean(post.authorAddress),
                        "date": DigestDates.dateTime(post.date, in: timeZone),
                        "text": DigestRenderMemo.clean(text),
                    ]
                    if let cut { values["cut"] = cut }
                    if threadIsOpen, !post.isProtected, let link = archive?.messageURL(post.messageID) { values["web_link"] = link }
                    return values
                }
                let count = thread.newPostCount
                var values: [String: Any] = [
                    "subject": thread.info.subject.isEmpty ? "(no subject)" : DigestRenderMemo.clean(thread.info.subject),
                    "participants": DigestRenderMemo.clean(thread.participants.joined(separator: ", ")),
                    "new_posts": count == 1 ? "1 new post" : "\(count) new posts",
                    "posts": posts,
                    "reply_link": replyLink(thread),
                ]
                if threadIsOpen, !thread.posts.contains(where: \.isProtected),
                   let link = archive?.threadURL(thread.latest?.messageID) {
                    values["thread_web_link"] = link
                }
                if thread.leftOut > 0 {
                    values["earlier"] = thread.leftOut == 1
                        ? "1 earlier post of this thread is not shown."
                        : "\(thread.leftOut) earlier posts of this thread are not shown."
                }
                threads.append(values)
            }
            // A retired sub-issue's old threads can still grow; its name says it takes no new ones.
            let name = section.subIssue.isRetired ? section.subIssue.name + " (retired)" : section.subIssue.name
            var values: [String: Any] = ["name": name, "id": section.subIssue.id, "threads": threads]
            if let description = section.subIssue.description, !description.isEmpty { values["description"] = description }
            sections.append(values)
        }
        let posts = content.postCount == 1 ? "1 new post" : "\(content.postCount) new posts"
        let threads = content.threadCount == 1 ? "1 thread" : "\(content.threadCount) threads"
        var view: [String: Any] = [
            "community": community.name,
            "list_address": list,
            "request_address": community.requestAddress,
            "owner_address": community.ownerAddress,
            "title": title,
            "period": period,
            "summary": "\(posts) in \(threads)",
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
            let posts = content.leftOutPosts == 1 ? "1 more post" : "\(content.leftOutPosts) more posts"
            let threads = content.leftOutThreads == 0 ? "" : content.leftOutThreads == 1
                ? " (1 more thread)" : " (\(content.leftOutThreads) more threads)"
            view["left_out"] = "\(posts)\(threads) did not fit in this digest; the busiest threads come first."
        }
        if isMemberDigest {
            let request = community.requestAddress
            view["commands"] = [
                Self.command("Every post at once", "set delivery immediate", request),
                Self.command("Daily digest", "set digest daily", request),
                Self.command("Weekly digest", "set digest weekly", request),
                Self.command("No mail for now", "set delivery none", request),
                Self.command("Your standing and settings", "whoami", request),
            ]
            view["has_commands"] = true
            view["mute_hint"] = "To stop hearing about one sub-issue, send \"mute SUB-ISSUE\" to \(request)."
            view["unsubscribe_link"] = Self.mailto(request, subject: "unsubscribe", body: "unsubscribe")
        }
        return view
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
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            let isUnreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if isUnreserved || (keepAt && byte == 0x40) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// The text as shown, and a note when it was cut.
    static func shortened(_ text: String) -> (String, String?) {
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
        return (String(cut) + " …", "\(rest) more characters are not shown here; reply to ask, or read the post in full in the archive.")
    }
}

/// Dates as digests show them, in the community's time zone, the same in every locale.
public enum DigestDates {
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "3 Jun 2024".
    public static func day(_ date: Date, in timeZone: TimeZone) -> String {
        let day = WallClock.localDay(of: date, in: timeZone)
        let civil = civilDate(fromDaysSince1970: day)
        return "\(civil.day) \(months[civil.month - 1]) \(civil.year)"
    }

    /// "Mon 3 Jun, 14:05".
    public static func dateTime(_ date: Date, in timeZone: TimeZone) -> String {
        guard date.timeIntervalSince1970.isFinite, abs(date.timeIntervalSince1970) < 1e11 else { return "" }
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = local - day * 86_400
        let civil = civilDate(fromDaysSince1970: day)
        let weekday = WallClock.weekday(ofDay: day).rawValue - 1
        let hour = seconds / 3600, minute = seconds / 60 % 60
        return "\(weekdays[weekday]) \(civil.day) \(months[civil.month - 1]) \(civil.year), "
            + (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}
