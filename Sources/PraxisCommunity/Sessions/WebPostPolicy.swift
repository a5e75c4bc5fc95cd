import Foundation
import PraxisMail

/// Writing from the web (issue 20, item 4; `/post`): what a signed-in member may write, where it
/// goes, and how often. Pure: the web passes what the form and the store said and acts on the
/// answers. The post itself then goes the way of mail (ingest screens, classifies, distributes).
public enum WebPostPolicy {
    /// Posts one member may write from the web in any minute, and in any hour: enough for anyone
    /// writing by hand, and a stolen session cannot flood the list.
    public static let postsPerMinute = 3
    public static let postsPerHour = 30
    /// The longest subject and text the form takes (characters, bytes of UTF-8).
    public static let subjectLimit = 200
    public static let textLimit = 64 * 1024
    /// The most Message-IDs a reply's References carries (RFC 5322 sets none; long chains are cut
    /// at the oldest end, keeping the thread's root first, as mail clients do).
    public static let referencesLimit = 20

    /// Whether one more post may be written at `time`, given the times of the member's web posts
    /// of the last hour (older ones may be passed; they do not count).
    public static func allows(recent: [Date], at time: Date) -> Bool {
        let lastHour = recent.filter { $0 > time - 3_600 && $0 <= time }
        let lastMinute = lastHour.filter { $0 > time - 60 }
        return lastMinute.count < postsPerMinute && lastHour.count < postsPerHour
    }

    /// What the form asks for. `subIssue` is the chosen sub-issue of a new thread; for a reply
    /// it is the sub-issue of the post answered.
    public struct Draft: Sendable, Hashable {
        public var subIssue: String
        public var subject: String
        public var text: String

        public init(subIssue: String, subject: String, text: String) {
            self.subIssue = subIssue
            self.subject = subject
            self.text = text
        }
    }

    /// A problem with one field of the form, said so the field can be named on the page.
    public struct Problem: Sendable, Hashable {
        /// The form field's name (`sub_issue`, `subject`, `text`).
        public var field: String
        public var message: String
    }

    /// What is wrong with `draft`, field by field; empty when it may be written. `writable` are
    /// the sub-issues this member may write in (the ones they may read, not retired), and
    /// `explicitSubIssue` is the classifier's explicit stage for the subject and the address the
    /// post goes to: a `[tag]` in the subject naming another sub-issue would take the post there,
    /// into a protected space the member may not even see, so it is refused here. The messages
    /// are in `language`, the writer's.
    public static func problems(
        _ draft: Draft, writable: Set<String>, language: Language = .standard, explicitSubIssue: (String) -> String?
    ) -> [Problem] {
        var problems: [Problem] = []
        if !writable.contains(draft.subIssue) {
            problems.append(Problem(field: "sub_issue", message: language.text(.webProblemSubIssue)))
        }
        let subject = draft.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        if subject.isEmpty {
            problems.append(Problem(field: "subject", message: language.text(.webProblemNoSubject)))
        } else if subject.count > subjectLimit {
            problems.append(Problem(field: "subject", message: language.text(.webProblemSubjectLong, ["count": language.number(subjectLimit)])))
        } else if let named = explicitSubIssue(subject), named != draft.subIssue {
            problems.append(Problem(field: "subject", message: language.text(.webProblemOtherSubIssue, ["named": named])))
        }
        if draft.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(Problem(field: "text", message: language.text(.webProblemNoText)))
        } else if draft.text.utf8.count > textLimit {
            problems.append(Problem(field: "text", message: language.text(.webProblemTextLong, ["size": language.number(textLimit / 1024)])))
        }
        return problems
    }

    /// The address a new thread in `subIssue` is sent to: `list+id@` names the sub-issue as a
    /// member's mail would (the explicit stage), the plain list address for `general`.
    public static func recipient(subIssue: String, community: Community) -> String {
        guard subIssue != SubIssue.generalID, let (local, domain) = AddressSyntax.split(community.listAddress) else {
            return community.listAddress
        }
        return "\(local)+\(subIssue)@\(domain)"
    }

    /// The subject of a reply to a post with `subject`: one `Re: `, never stacked.
    public static func replySubject(_ subject: String) -> String {
        let trimmed = subject.trimmingCharacters(in: .whitespaces)
        return trimmed.lowercased().hasPrefix("re:") ? trimmed : "Re: " + trimmed
    }

    /// The References of a reply: `chain` is the Message-IDs from the thread's root down to the
    /// post answered, each of them a post everyone who gets the reply may see (the store cuts the
    /// chain at the first one they may not: a protected post's Message-ID must never travel in a
    /// reply to a public post). At most `referencesLimit`, the root kept first.
    public static func references(chain: [String]) -> [String] {
        guard chain.count > referencesLimit, let root = chain.first else { return chain }
        return [root] + chain.suffix(referencesLimit - 1)
    }
}

extension WebPostPolicy {
    /// Who writes and what answers what: the values a web post is composed from besides the draft.
    public struct Writing: Sendable, Hashable {
        public var authorAddress: String
        public var authorName: String?
        /// The Message-ID of the post answered (without angle brackets); nil for a new thread.
        public var inReplyTo: String?
        /// `references(chain:)` of the post answered; empty for a new thread.
        public var references: [String]
        public var date: Date

        public init(authorAddress: String, authorName: String?, inReplyTo: String?, references: [String], date: Date) {
            self.authorAddress = authorAddress
            self.authorName = authorName
            self.inReplyTo = inReplyTo
            self.references = references
            self.date = date
        }
    }

    /// The web post as mail from the member: to the list (the sub-issue's `list+id@` for a new
    /// thread, the list for a reply, which follows its thread), a fresh Message-ID on the list's
    /// domain, the Date, and the proof `prove` makes of the Message-ID, the sender and the Date
    /// field as written (`WebPostSigner`), in `proofField`. Line ends from the browser (CRLF)
    /// become the composer's.
    public static func message(
        _ draft: Draft, writing: Writing, community: Community, messageID: String, proofField: String,
        prove: (_ messageID: String, _ sender: String, _ date: String) -> String
    ) -> OutgoingMessage {
        let to = writing.inReplyTo == nil ? recipient(subIssue: draft.subIssue, community: community) : community.listAddress
        let text = draft.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let proof = prove(messageID, writing.authorAddress, formatMailDate(writing.date))
        return OutgoingMessage(
            from: MailAddress(name: writing.authorName, address: writing.authorAddress), to: [MailAddress(address: to)],
            subject: draft.subject.trimmingCharacters(in: .whitespacesAndNewlines), date: writing.date, messageID: messageID,
            inReplyTo: writing.inReplyTo, references: writing.references, extraHeaders: [(proofField, proof)], body: .plain(text))
    }
}
