import Foundation
import PraxisMail

/// A thread the core group marked as a product of the community (issue 21 item 8): a solution, a
/// summary or a decision, featured in the organisation digest, the review, the archive's home page
/// and the export. The thread is named by the Message-ID of any post in it; the subject and
/// sub-issue are the thread's first post's.
public struct Product: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case solution, summary, decision
    }

    /// The Message-ID the core member named (without angle brackets).
    public var messageID: String
    /// The Message-ID of the thread's first post, where the archive's thread page lives.
    public var threadMessageID: String
    public var kind: Kind
    public var note: String?
    /// The core member's address, or `community.owner_address` for the command line.
    public var markedBy: String
    public var markedAt: Date
    public var subject: String
    public var subIssue: String
    /// Whether any post of the thread is protected (recorded so, or in a sub-issue protected now):
    /// such a product is shown only to those admitted, and never counted where others look.
    public var isProtected: Bool

    public init(messageID: String, threadMessageID: String, kind: Kind, note: String?, markedBy: String, markedAt: Date,
                subject: String, subIssue: String, isProtected: Bool) {
        self.messageID = messageID
        self.threadMessageID = threadMessageID
        self.kind = kind
        self.note = note
        self.markedBy = markedBy
        self.markedAt = markedAt
        self.subject = subject
        self.subIssue = subIssue
        self.isProtected = isProtected
    }

    /// "Solution", "Summary", "Decision".
    public var kindLabel: String { kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst() }
}

/// Who may mark products, and the words of a marking, decided.
public enum ProductMarking {
    /// The longest note kept, like a review decision's.
    public static let noteLimit = ReviewDecision.noteLimit

    /// The note as stored (`ReviewDecision.cleanNote`), nil when none is left.
    public static func cleanNote(_ text: String?) -> String? {
        text.flatMap(ReviewDecision.cleanNote)
    }

    /// Whether `address` may mark a thread of `subIssue`: a member of the community-wide core group
    /// (`circles.core`, or holding the core standing, passed in `core`), or one of that
    /// sub-issue's own moderators.
    public static func mayMark(_ address: String, subIssue: String, core: [String], subIssues: [SubIssue]) -> Bool {
        let sender = MailAddress(address: address).normalized
        guard !sender.isEmpty else { return false }
        let moderators = subIssues.first { $0.id == subIssue }?.moderators ?? []
        return (core + moderators).contains { MailAddress(address: $0).normalized == sender }
    }

    /// The kind `word` names, or nil.
    public static func kind(_ word: String) -> Product.Kind? { Product.Kind(rawValue: word.lowercased()) }

    /// The sentence for a kind that is not one.
    public static func kindProblem(_ word: String) -> String {
        "\"\(word)\" is not a kind of product; write solution, summary or decision"
    }

    /// The products anyone may see, in the order given: protected ones are left out entirely, so
    /// no count, subject or name of a protected thread reaches a reader not admitted to it.
    public static func open(_ products: [Product]) -> [Product] { products.filter { !$0.isProtected } }

    /// The open products marked in `[start, end)`, newest first: what a review or a digest features.
    public static func open(_ products: [Product], markedFrom start: Date, to end: Date) -> [Product] {
        open(products).filter { $0.markedAt >= start && $0.markedAt < end }.sorted { $0.markedAt > $1.markedAt }
    }
}
