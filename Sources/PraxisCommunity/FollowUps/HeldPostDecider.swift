import Foundation
import PraxisMail

/// Moderation (DESIGN.md §1), decided for a post already held: a moderator approves or rejects
/// it (by token or from the command line), or its time runs out. Values in, actions out: the store
/// reads the held row and its post, asks here, applies the actions in the same transaction and,
/// for an approval, releases the post to the list as if just received.
public struct HeldPostDecider: Sendable {
    public var community: Community
    /// `moderation.expire_days`, which the expiry notice names.
    public var expireDays: Int
    /// What the verdicts' sentences are written in: the moderator's language when they decide by
    /// mail; English for the command line and the web page.
    public var language: Language = .standard

    public init(community: Community, expireDays: Int) {
        self.community = community
        self.expireDays = expireDays
    }

    /// This decider, its sentences written in `language`.
    public func speaking(_ language: Language) -> HeldPostDecider {
        var decider = self
        decider.language = language
        return decider
    }

    /// How a held post is closed; the raw values are `held_messages.state`.
    public enum Closing: String, Sendable, Hashable, CaseIterable {
        case approved, rejected, expired
    }

    /// Where a held post stands, as stored.
    public enum Status: Sendable, Hashable {
        case waiting
        /// A moderator decided already: `approved` or `rejected`, and by whom when known.
        case decided(Closing, by: String?)
        case expired
    }

    /// The post a held row stands for, as recorded.
    public struct Post: Sendable, Hashable {
        public var authorName: String?
        /// Empty when the message had no usable From address.
        public var authorAddress: String
        public var subject: String
        public var text: String
        public var messageID: String?
        /// The author's own language when they are a member who chose one; the notices to them
        /// are written in it (else in the community's).
        public var authorLanguage: Language?

        public init(authorName: String?, authorAddress: String, subject: String, text: String, messageID: String?,
                    authorLanguage: Language? = nil) {
            self.authorLanguage = authorLanguage
            self.authorName = authorName
            self.authorAddress = authorAddress
            self.subject = subject
            self.text = text
            self.messageID = messageID
        }
    }

    /// A held post as the store read it; `post` is nil when its record is gone.
    public struct Held: Sendable, Hashable {
        public var id: Int64
        public var reason: String
        public var heldAt: Date
        public var expiresAt: Date
        public var status: Status
        public var post: Post?

        public init(id: Int64, reason: String, heldAt: Date, expiresAt: Date, status: Status, post: Post?) {
            self.id = id
            self.reason = reason
            self.heldAt = heldAt
            self.expiresAt = expiresAt
            self.status = status
            self.post = post
        }
    }

    /// What a decision comes to.
    public struct Verdict: Sendable, Hashable {
        /// What happened, or why nothing did, for whoever decided.
        public var sentence: String
        /// False when the decision changed nothing (`actions` is then empty).
        public var isDone: Bool
        public var actions: [FollowUpAction]
        /// Whether the post goes to the list once the actions are applied: an approval.
        public var releases: Bool

        static func refused(_ sentence: String) -> Verdict {
            Verdict(sentence: sentence, isDone: false, actions: [], releases: false)
        }
    }

    /// A decision on a held post number `heldID` that has no row.
    public static func unknown(_ heldID: Int64, in language: Language = .standard) -> Verdict {
        .refused(language.text(.moderationUnknownHeld, ["number": String(heldID)]))
    }

    /// `moderator` approves `held` at `time`: it is closed and released, unless it no longer waits.
    public func approve(_ held: Held, by moderator: String, at time: Date) -> Verdict {
        if let refusal = refusal(held, at: time) { return .refused(refusal) }
        return Verdict(
            sentence: language.text(.moderationApproved, ["post": describe(held.post)]), isDone: true,
            actions: [.closeHeld(heldID: held.id, as: .approved, by: moderator, at: time)], releases: true)
    }

    /// `moderator` rejects `held` at `time`: it is closed and its sender told, with `reason` when given.
    public func reject(_ held: Held, reason: String?, by moderator: String, at time: Date) -> Verdict {
        if let refusal = refusal(held, at: time) { return .refused(refusal) }
        var actions: [FollowUpAction] = [.closeHeld(heldID: held.id, as: .rejected, by: moderator, at: time)]
        if let post = held.post, shouldNotify(post.authorAddress) {
            let notice = ModerationNotices.rejection(
                of: summary(held, post), reason: reason, community: community, inReplyTo: post.messageID,
                language: post.authorLanguage ?? community.language)
            actions.append(.queueNotice(notice, at: time))
        }
        let told: MessageKey = shouldNotify(held.post?.authorAddress ?? "") ? .moderationRejectedTold : .moderationRejected
        return Verdict(sentence: language.text(told, ["post": describe(held.post)]), isDone: true, actions: actions, releases: false)
    }

    /// Expiring `due` (the held posts whose time is up at `time`): each is closed by nobody and
    /// its sender told.
    public func expire(_ due: [Held], at time: Date) -> [FollowUpAction] {
        due.flatMap { held -> [FollowUpAction] in
            var actions: [FollowUpAction] = [.closeHeld(heldID: held.id, as: .expired, by: nil, at: time)]
            if let post = held.post, shouldNotify(post.authorAddress) {
                actions.append(.queueNotice(
                    ModerationNotices.expiry(of: summary(held, post), days: expireDays, community: community, inReplyTo: post.messageID,
                                             language: post.authorLanguage ?? community.language),
                    at: time))
            }
            return actions
        }
    }

    /// Why `held` can no longer be decided at `time`, or nil while it waits.
    func refusal(_ held: Held, at time: Date) -> String? {
        let post = describe(held.post).capitalisedFirst
        switch held.status {
        case .decided(.approved, let by):
            return by.map { language.text(.moderationAlreadyApprovedBy, ["post": post, "moderator": $0]) }
                ?? language.text(.moderationAlreadyApproved, ["post": post])
        case .decided(.rejected, let by):
            return by.map { language.text(.moderationAlreadyRejectedBy, ["post": post, "moderator": $0]) }
                ?? language.text(.moderationAlreadyRejected, ["post": post])
        case .decided(.expired, _), .expired:
            return language.text(.moderationHasExpired, ["post": post])
        case .waiting:
            return held.expiresAt <= time ? language.text(.moderationHasExpired, ["post": post]) : nil
        }
    }

    func summary(_ held: Held, _ post: Post) -> ModerationNotices.HeldPost {
        ModerationNotices.HeldPost(
            id: held.id, authorName: post.authorName, authorAddress: post.authorAddress, subject: post.subject,
            reason: held.reason, text: post.text, heldAt: held.heldAt, expiresAt: held.expiresAt)
    }

    /// Whether the sender of a held post can be told about it: not when there is no usable
    /// address, and never one of the community's own addresses (a loop).
    func shouldNotify(_ address: String) -> Bool {
        guard !address.isEmpty, AddressSyntax.problem(in: address) == nil else { return false }
        let ours = [community.listAddress, community.requestAddress, community.ownerAddress, community.bounceAddress]
        return !ours.contains { $0.lowercased() == address }
    }

    /// The held post as a verdict names it: its subject and sender, made plain.
    func describe(_ post: Post?) -> String {
        guard let post else { return language.text(.moderationPostGone) }
        let subject = ModerationNotices.plain(post.subject, width: 80)
        return language.text(.moderationPost, [
            "subject": subject.isEmpty ? language.text(.digestNoSubject) : subject,
            "sender": post.authorAddress.isEmpty ? language.text(.moderationUnknownSender) : post.authorAddress,
        ])
    }
}

extension String {
    fileprivate var capitalisedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
