import Foundation

/// The notices of moderation: the request to each moderator, and what the sender of a held post
/// is told when it is rejected or expires. Pure text: the store queues them.
///
/// Everything quoted from the held post is hostile input: it is cut short, stripped of control
/// and bidirectional-override characters, and each line is prefixed with "| " so that no line of
/// the excerpt can read as an email command (`approve …`) if a moderator's reply carries it unquoted.
public enum ModerationNotices {
    /// Lines of the held post's text shown to moderators.
    public static let excerptLines = 12
    /// Characters per excerpt line.
    public static let excerptWidth = 160

    /// What a moderator needs to decide on one held post.
    public struct HeldPost: Sendable, Hashable {
        public var id: Int64
        public var authorName: String?
        /// Empty when the message had no usable From address.
        public var authorAddress: String
        public var subject: String
        public var reason: String
        public var text: String
        public var heldAt: Date
        public var expiresAt: Date

        public init(id: Int64, authorName: String?, authorAddress: String, subject: String, reason: String,
                    text: String, heldAt: Date, expiresAt: Date) {
            self.id = id
            self.authorName = authorName
            self.authorAddress = authorAddress
            self.subject = subject
            self.reason = reason
            self.text = text
            self.heldAt = heldAt
            self.expiresAt = expiresAt
        }

        /// `Name <address>`, with both parts made safe to show; `language` says when there is no address.
        public func sender(in language: Language) -> String {
            let address = authorAddress.isEmpty ? language.text(.moderationNoSender) : plain(authorAddress, width: 254)
            guard let name = authorName.map({ plain($0, width: 80) }), !name.isEmpty else { return address }
            return "\(name) <\(address)>"
        }
    }

    /// The request to one moderator, with the token that only this moderator can use, in
    /// `language` (the moderator's own, else the community's).
    public static func request(
        for post: HeldPost, token: String, to moderator: String, community: Community, language: Language
    ) -> ListNotice {
        request(for: post, number: String(post.id), excerpt: excerpt(of: post.text), token: token, to: moderator,
                community: community, language: language)
    }

    /// `request(for:…)` with the held post's number as text and its excerpt already made.
    private static func request(
        for post: HeldPost, number: String, excerpt: [String], token: String, to moderator: String, community: Community,
        language: Language
    ) -> ListNotice {
        let subject = plain(post.subject, width: 100)
        var lines = [
            language.text(.moderationRequestIntro, [
                "community": community.name, "reason": plain(HeldReason.words(post.reason, in: language), width: 200)]),
            "",
            language.text(.moderationRequestDetails, [
                "sender": post.sender(in: language),
                "subject": subject.isEmpty ? language.text(.moderationNoSubject) : subject,
                "held": timestamp(post.heldAt), "expires": timestamp(post.expiresAt),
            ]),
            "",
            language.text(.moderationRequestExcerpt),
            "",
        ]
        lines += excerpt.isEmpty ? ["| " + language.text(.moderationNoText)] : excerpt.map { "| " + $0 }
        lines += [
            "",
            language.text(.moderationRequestApprove),
            "",
            "approve \(token)",
            "",
            language.text(.moderationRequestReject),
            "",
            "reject \(token) \(language.text(.moderationReasonWord))",
            "",
            language.text(.moderationRequestTokenOwner, ["moderator": moderator]),
            // Two short lines rather than one long one: a line under 76 characters is never
            // folded by quoted-printable, so a prepared request can take its number in as bytes.
            language.text(.moderationRequestServer, ["number": number]),
        ]
        let shown = subject.isEmpty ? language.text(.digestNoSubject) : subject
        return ListNotice(
            to: moderator, subject: language.text(.moderationRequestSubject, ["subject": shown]),
            text: lines.joined(separator: "\n") + "\n", from: .request, language: language)
    }

    /// A moderation request composed before its held post has a number, so that the writer only
    /// has to put the number in. Composing (excerpt, MIME encoding, message ID) costs far more than
    /// the inserts that hold a post, and can run on every core before the transaction.
    public struct PreparedRequest: Sendable, Hashable {
        public var moderator: String
        public var token: String
        /// The moderator's language, which the request is written in.
        public var language: Language
        /// The rendered message split where the number goes (twice, in the last lines of the
        /// text); nil when the encoding hid the placeholder (a base64 body), so the request is
        /// composed again once the number is known.
        var pieces: [[UInt8]]?
        var heldPost: HeldPost
        var date: Date

        /// The message on the wire for held post `number`; the same text `request(for:…)` gives.
        public func rendered(number: Int64, community: Community) -> [UInt8] {
            if let pieces {
                let digits = Array(String(number).utf8)
                var out: [UInt8] = []
                out.reserveCapacity(pieces.reduce(0) { $0 + $1.count } + 2 * digits.count)
                for (index, piece) in pieces.enumerated() {
                    if index > 0 { out.append(contentsOf: digits) }
                    out.append(contentsOf: piece)
                }
                return out
            }
            var post = heldPost
            post.id = number
            return ModerationNotices.request(for: post, token: token, to: moderator, community: community, language: language)
                .rendered(for: community, at: date)
        }
    }

    /// The requests for `post` (whose `id` is ignored) to each of `moderators`, one token each,
    /// composed at `time` as the notices queued then would be, each in its moderator's language
    /// from `languages` (else the community's).
    public static func preparedRequests(
        for post: HeldPost, tokens: [(moderator: String, token: String)], languages: [String: Language],
        community: Community, at time: Date
    ) -> [PreparedRequest] {
        let excerpt = excerpt(of: post.text)
        // Letters QP, 7bit and the header encodings keep as they are; if the post's own text
        // holds it too, the count below differs and the request is composed again later.
        // Short, so that the line stays under 76 characters with it and with any number.
        let placeholder = "HELDPOSTNO"
        let marker = Array(placeholder.utf8)
        return tokens.map { moderator, token in
            let language = languages[moderator] ?? community.language
            let notice = request(
                for: post, number: placeholder, excerpt: excerpt, token: token, to: moderator, community: community,
                language: language)
            let bytes = notice.rendered(for: community, at: time)
            let pieces = split(bytes, at: marker)
            return PreparedRequest(
                moderator: moderator, token: token, language: language, pieces: pieces.count == 3 ? pieces : nil,
                heldPost: post, date: time)
        }
    }

    /// `bytes` cut at every occurrence of `marker`, which is left out.
    static func split(_ bytes: [UInt8], at marker: [UInt8]) -> [[UInt8]] {
        guard let first = marker.first else { return [bytes] }
        var pieces: [[UInt8]] = []
        var start = 0
        var index = 0
        let end = bytes.count - marker.count
        while index <= end {
            if bytes[index] == first && bytes[index..<(index + marker.count)].elementsEqual(marker) {
                pieces.append(Array(bytes[start..<index]))
                index += marker.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(Array(bytes[start...]))
        return pieces
    }

    /// What the sender is told when a moderator refuses their post.
    public static func rejection(
        of post: HeldPost, reason: String?, community: Community, inReplyTo messageID: String?, language: Language = .standard
    ) -> ListNotice {
        let subject = plain(post.subject, width: 100)
        let shown = subject.isEmpty ? language.text(.digestNoSubject) : subject
        var text = language.text(.noticeRejected, [
            "subject": shown, "community": community.name, "listAddress": community.listAddress,
        ])
        if let reason = reason.map({ plain($0, width: 500) }), !reason.isEmpty {
            text += "\n\n" + language.text(.noticeRejectedReason, ["reason": reason])
        }
        text += "\n\n" + language.text(.noticeMistake, ["ownerAddress": community.ownerAddress]) + "\n"
        return ListNotice(to: post.authorAddress, subject: language.text(.noticeRejectedSubject, ["subject": shown]),
                          text: text, from: .owner, inReplyTo: messageID, language: language)
    }

    /// What the sender is told when no moderator decided in time.
    public static func expiry(
        of post: HeldPost, days: Int, community: Community, inReplyTo messageID: String?, language: Language = .standard
    ) -> ListNotice {
        let subject = plain(post.subject, width: 100)
        let shown = subject.isEmpty ? language.text(.digestNoSubject) : subject
        let text = language.text(.noticeExpired, [
            "subject": shown, "community": community.name, "listAddress": community.listAddress,
            "days": language.plural(.days, count: days),
        ]) + "\n\n" + language.text(.noticeExpiredMembers, [
            "requestAddress": community.requestAddress, "ownerAddress": community.ownerAddress,
        ]) + "\n"
        return ListNotice(to: post.authorAddress, subject: language.text(.noticeExpiredSubject, ["subject": shown]),
                          text: text, from: .owner, inReplyTo: messageID, language: language)
    }

    /// The first lines of `text` that say something, each made plain and cut to `excerptWidth`.
    public static func excerpt(of text: String) -> [String] {
        var lines: [String] = []
        var blankRun = false
        // Line by line from the start, not split whole: only the first lines are shown, and a held
        // post may be a long log. Scalar by scalar: finding line ends among Characters (grapheme
        // breaking) was most of the cost of an excerpt, and a line end is never part of a larger
        // Character except CR LF, which is taken as one.
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        while start < scalars.endIndex {
            var end = start
            while end < scalars.endIndex && !isLineEnd(scalars[end]) { end = scalars.index(after: end) }
            let raw = scalars[start..<end]
            if end < scalars.endIndex {
                var next = scalars.index(after: end)
                if scalars[end] == "\r" && next < scalars.endIndex && scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
            } else {
                start = end
            }
            let line = plain(raw, width: excerptWidth)
            if line.isEmpty {
                if !lines.isEmpty && !blankRun { lines.append("") }
                blankRun = true
                continue
            }
            blankRun = false
            lines.append(line)
            if lines.count >= excerptLines {
                lines.append("[…]")
                break
            }
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// One line of hostile text made harmless to show: control characters (line breaks included)
    /// and the characters that reorder text (bidi overrides, which could disguise a line) become
    /// spaces or go; runs of spaces collapse; the result is cut to `width` characters.
    public static func plain(_ text: String, width: Int) -> String {
        plain(text.unicodeScalars, width: width)
    }

    /// The scalars for which `Character.isNewline` holds (CR LF aside, which is CR then LF).
    static func isLineEnd(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    static func plain(_ scalars: some Sequence<Unicode.Scalar>, width: Int) -> String {
        var result = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in scalars {
            let value = scalar.value
            let isControl = value < 0x20 || (0x7F...0x9F).contains(value)
            let isReordering = (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
                || value == 0x200E || value == 0x200F || value == 0x061C
            if isReordering { continue }
            // Below U+0080 the only whitespace that is no control is the space; Unicode's property
            // table, looked up for every scalar, was most of the cost of a held post's notice.
            if isControl || value == 0x20 || (value >= 0x80 && scalar.properties.isWhitespace) {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
                continue
            }
            result.append(scalar)
            lastWasSpace = false
        }
        var line = String(result)
        while line.last == " " { line.removeLast() }
        return line.count <= width ? line : String(line.prefix(max(0, width - 1))) + "…"
    }

    /// RFC 3339 in UTC. The format style, not `ISO8601DateFormatter`: making a formatter builds an
    /// ICU formatter each time, which cost more than the rest of a held post's recording together.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
