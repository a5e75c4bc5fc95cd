import Foundation
import HTTPTypes
import Hummingbird
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisSystem

/// The pages of messages: a thread, a message's permalink, its source, a thread as mbox, and an
/// attachment. The text shown is always extracted text, never the post's HTML.
extension ArchiveSite {
    /// The page of thread `threadID`: the same bytes whichever of its posts a link names (the mbox
    /// link names the first shown post), so `ArchiveSite.respond` keeps it once per thread and scope.
    func threadPage(_ threadID: Int64, _ scope: ArchiveScope) throws -> ArchiveAnswer? {
        let posts = try database.archiveThread(threadID, scope: scope)
        guard let first = posts.first else { return nil }
        let placed = PlacedHTML()
        var views: [[String: Any]] = []
        var previousSubject = first.subject
        for (index, post) in posts.enumerated() {
            var view = postView(post, anchor: "post-\(index + 1)", placed)
            view["subjectChanged"] = NormalisedSubject(post.subject).text != NormalisedSubject(previousSubject).text
            previousSubject = post.subject
            views.append(view)
        }
        let title = subject(first.subject)
        let view: [String: Any] = [
            "isThread": true, "subject": title, "posts": views,
            "subIssueName": subIssueName(first.subIssue), "subIssueURL": links.subIssue(first.subIssue),
            "summary": format.count(.webPostCount, posts.count), "mboxURL": links.threadMbox(first.messageID),
        ]
        return htmlResponse(page("thread.html.mustache", title: title, view, placed: placed))
    }

    func messagePage(_ messageID: String, _ scope: ArchiveScope) throws -> ArchiveAnswer? {
        guard let post = try database.archivePost(messageID: messageID, scope: scope) else { return nil }
        let title = subject(post.subject)
        let placed = PlacedHTML()
        var view: [String: Any] = [
            "isThread": false, "subject": title, "posts": [postView(post, anchor: "message", placed)],
            "subIssueName": subIssueName(post.subIssue), "subIssueURL": links.subIssue(post.subIssue),
            "threadURL": links.thread(post.messageID),
        ]
        if let parent = post.parentMessageID, try database.archivePost(messageID: parent, scope: scope) != nil {
            view["parentURL"] = links.message(parent)
        }
        return htmlResponse(page("thread.html.mustache", title: title, view, placed: placed))
    }

    func rawMessage(_ messageID: String, _ scope: ArchiveScope) throws -> ArchiveAnswer? {
        guard let post = try database.archivePost(messageID: messageID, scope: scope) else { return nil }
        guard let bytes = source(of: post) else { return sourceGone() }
        // text/plain whatever the message says: a browser must never render it as anything else.
        return Self.response(.ok, type: "text/plain; charset=utf-8", bytes: bytes, cache: "no-cache")
    }

    func threadMbox(_ threadID: Int64, _ scope: ArchiveScope) throws -> ArchiveAnswer? {
        let posts = try database.archiveThread(threadID, scope: scope)
        guard !posts.isEmpty else { return nil }
        var mbox: [UInt8] = []
        for post in posts {
            guard let bytes = source(of: post) else { continue }
            Mbox.append(bytes, date: post.date, to: &mbox)
        }
        return Self.response(.ok, type: "application/mbox", bytes: mbox, cache: "no-cache", disposition: "attachment; filename=\"thread.mbox\"")
    }

    func attachment(_ messageID: String, number: Int, _ scope: ArchiveScope) throws -> ArchiveAnswer? {
        guard let post = try database.archivePost(messageID: messageID, scope: scope) else { return nil }
        guard let bytes = source(of: post) else { return sourceGone() }
        let contents = MailMessage(bytes).attachmentContents
        guard number <= contents.count else { return nil }
        let (attachment, body) = contents[number - 1]
        // Always a download of opaque bytes: an attached HTML or SVG file must not run as the archive's page.
        return Self.response(.ok, type: "application/octet-stream", bytes: body, cache: "no-cache",
                             disposition: Self.attachmentDisposition(Self.fileName(attachment, number: number)))
    }

    // MARK: Parts

    /// What a post shows: its text from the message file (the stored trimmed text when the file
    /// is gone), quotes collapsed, links only http(s) and mailto, and its attachments. The text is
    /// `placed` as HTML (`{{text}}`); a template of the older layout, which lays out
    /// `{{#blocks}}`, `{{#lines}}` and `{{#pieces}}` itself, is given those instead.
    private func postView(_ post: ArchivePost, anchor: String, _ placed: PlacedHTML) -> [String: Any] {
        let message = source(of: post).map { MailMessage($0) }
        let fullText = message?.body.readerText ?? post.trimmedText
        let reading = ReadingText(fullText)
        let attachments = (message?.attachments ?? []).enumerated().map { index, attachment -> [String: Any] in
            let name = Self.fileName(attachment, number: index + 1)
            return ["name": name, "url": links.attachment(post.messageID, number: index + 1, name: name),
                    "type": Self.oneLine(attachment.contentType), "size": PageFormat.size(attachment.size)]
        }
        var view: [String: Any] = [
            "anchor": anchor, "author": authorName(post), "authorURL": links.member(memberKey.key(for: post.authorAddress)),
            "date": format.date(post.date), "subject": subject(post.subject),
            "url": links.message(post.messageID), "rawURL": links.raw(post.messageID),
            "truncated": ReadingText.isCut(fullText), "missingSource": message == nil && post.fileName != nil,
            "attachments": attachments, "hasAttachments": !attachments.isEmpty, "hasText": !reading.blocks.isEmpty,
        ]
        if templates.threadLaysOutLines {
            view["blocks"] = blockViews(reading)
        } else {
            var lineCounts: [Int: String] = [:]
            view["text"] = placed.place(reading.html(quotedText: words[readerLanguage]?.labels["quotedText"] ?? "") { count in
                if let said = lineCounts[count] { return said }
                let said = format.count(.webLineCount, count)
                lineCounts[count] = said
                return said
            })
        }
        // Only where a signed-in member can write (`/post`).
        if offersWriting, SignedInBar.current?.isSignedIn == true { view["replyURL"] = links.reply(to: post.messageID) }
        return view
    }

    /// The blocks of `reading` as a template of the older layout walks them.
    private func blockViews(_ reading: ReadingText) -> [[String: Any]] {
        reading.blocks.map { block -> [String: Any] in
            ["isQuote": block.isQuote, "lineCount": format.count(.webLineCount, block.lines.count),
             "lines": Self.joiningPlainLines(block.lines).map { line in ["pieces": line.map { piece -> [String: Any] in
                 piece.link.map { ["text": piece.text, "link": $0] } ?? ["text": piece.text] }] }]
        }
    }

    /// `lines` with each run of lines without links joined into one line of one piece, its lines
    /// separated by LF: the template ends every line with LF, so the page's bytes are the same,
    /// while the template engine renders a few values per block instead of several per line
    /// (half of a thread page's CPU went to rendering lines one by one).
    static func joiningPlainLines(_ lines: [[ReadingText.Piece]]) -> [[ReadingText.Piece]] {
        var joined: [[ReadingText.Piece]] = []
        var plain: [String] = []
        func closePlain() {
            if !plain.isEmpty { joined.append([ReadingText.Piece(text: plain.joined(separator: "\n"), link: nil)]) }
            plain = []
        }
        for line in lines {
            if line.count == 1, line[0].link == nil {
                plain.append(line[0].text)
            } else {
                closePlain()
                joined.append(line)
            }
        }
        closePlain()
        return joined
    }

    /// The bytes of the post's message file (in the maildir's `cur/`, whatever flags a mail client
    /// gave it since), or nil when it is gone or the post was imported without one. Ingest refused
    /// files beyond `limits.message_bytes`, so what is found is of a size pages can hold.
    func source(of post: ArchivePost) -> [UInt8]? {
        guard let name = post.fileName, !name.isEmpty, !name.contains("/") else { return nil }
        return maildir.message(uniqueName: Maildir.uniquePart(of: name))
    }

    /// The answer when a shown post's file is gone: not found, saying so.
    private func sourceGone() -> ArchiveAnswer {
        errorPage(.notFound, heading: say(.webSourceGoneHeading), explanation: say(.webSourceGoneText))
    }

    /// The attachment's name as offered for download: its own, without path or control characters,
    /// else `attachment-N`.
    static func fileName(_ attachment: Attachment, number: Int) -> String {
        AttachmentLabel.fileName(attachment.filename, number: number)
    }

    /// `attachment` with an ASCII fallback name and the UTF-8 one (RFC 6266).
    static func attachmentDisposition(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
