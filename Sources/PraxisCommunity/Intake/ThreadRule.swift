import Foundation

/// The thread rule (DESIGN.md §2.3), as pure decisions the store feeds with its lookups: which
/// thread a post joins, and what it inherits from it. Recording (`PostRecorder`) and
/// `praxis classify FILE` both decide with it, so the command shows what ingest records.
public enum ThreadRule {
    /// How far apart in time a reply may be from a thread's last post and still join it by subject.
    public static let subjectWindow: TimeInterval = 30 * 24 * 3600

    /// What the store found for a post's references and its own Message-ID.
    public struct Found: Sendable, Hashable {
        /// A stored post among the references (the first, In-Reply-To first, then References
        /// nearest first): the parent.
        public var hasParent: Bool
        /// A reference never received that earlier posts also named (an unresolved reference).
        public var hasSharedReference: Bool
        /// Replies that arrived first named this post, and wait for it in a thread of their own.
        public var isAwaitedByReplies: Bool
        /// The subject is a reply's (`Re:`, `Fwd:`…) with some text after the prefixes.
        public var isReplySubject: Bool

        public init(hasParent: Bool, hasSharedReference: Bool, isAwaitedByReplies: Bool, isReplySubject: Bool) {
            self.hasParent = hasParent
            self.hasSharedReference = hasSharedReference
            self.isAwaitedByReplies = isAwaitedByReplies
            self.isReplySubject = isReplySubject
        }
    }

    /// The thread a post joins.
    public enum Join: String, Sendable, Hashable, CaseIterable {
        /// Its parent's.
        case parent
        /// The thread of the posts that share one of its unresolved references.
        case sharedReference
        /// The thread its earlier-arrived replies formed; the post becomes its root.
        case awaitingReplies
        /// The most recent thread with the same normalised subject within `subjectWindow`, if
        /// there is one (the subject does not say which post it answers: no parent).
        case subject
        /// A thread of its own.
        case newThread
    }

    /// The first of: parent, shared unresolved reference, the replies awaiting it, the subject
    /// (for a reply's subject only); else a new thread.
    public static func join(_ found: Found) -> Join {
        if found.hasParent { return .parent }
        if found.hasSharedReference { return .sharedReference }
        if found.isAwaitedByReplies { return .awaitingReplies }
        if found.isReplySubject { return .subject }
        return .newThread
    }

    /// What a post may inherit from the thread it joins: the sub-issue of its parent, else of the
    /// thread (by shared reference or subject); protected when the parent or thread is, or when
    /// any of its references names a protected post.
    public struct Inheritance: Sendable, Hashable {
        public var subIssue: String
        public var isProtected: Bool

        public init(subIssue: String, isProtected: Bool) {
            self.subIssue = subIssue
            self.isProtected = isProtected
        }
    }

    /// How a post was classified before the thread stage.
    public enum OwnStage: Sendable, Hashable {
        /// A tag, a `list+tag@` address or a core member's header.
        case explicit
        /// A moderator's correction.
        case moderator
        /// The model, or nothing (`general`).
        case undecided
    }

    /// Whether a post takes `inherited`'s sub-issue (stage `thread`; protected if `inherited` is).
    /// A reply in a protected thread always does, whatever its tags: it answers inside the closed
    /// space. Otherwise an undecided post does, and an explicit one whose tag only repeats the
    /// inherited sub-issue (a tag that "Re:" copied from the subject answered: no new decision, so
    /// it follows its thread, and a correction of the thread, like any reply). A different explicit
    /// tag, or a moderator's choice, stands.
    public static func inherits(_ inherited: Inheritance, own: OwnStage, ownSubIssue: String) -> Bool {
        if inherited.isProtected { return true }
        switch own {
        case .undecided: return true
        case .explicit: return ownSubIssue == inherited.subIssue
        case .moderator: return false
        }
    }
}
