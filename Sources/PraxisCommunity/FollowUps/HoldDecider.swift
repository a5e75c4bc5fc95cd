import Foundation
import PraxisMail

/// Moderation (DESIGN.md §1), decided for a message as it arrives: whether it is held for the
/// list's moderators, and what holding it writes: its row with its expiry, and a request with its
/// own token to each moderator whose hourly budget allows one (the others hear of it in a
/// summary). The store reads the core group and the budgets, and applies the action.
public struct HoldDecider: Sendable {
    public var community: Community
    /// `moderation.expire_days`: how long a held post waits for a moderator.
    public var expireDays: Int

    public init(community: Community, expireDays: Int) {
        self.community = community
        self.expireDays = expireDays
    }

    /// Why a message is held for the list's moderators, or nil when it is not: mail to the owner
    /// address is for the owners, not for the list, so there is nothing to approve.
    public static func holdReason(_ screening: Screening?) -> String? {
        guard let screening, screening.kind == .held, case .list = screening.recipient else { return nil }
        return screening.reason
    }

    /// When a post held at `heldAt` expires.
    public func expiry(of heldAt: Date) -> Date {
        heldAt.addingTimeInterval(Double(expireDays) * 86_400)
    }

    /// What a moderator is shown of a post about to be held, whose trimmed text is `text`; its
    /// number is put in when the post is held (`ModerationNotices.PreparedRequest`).
    public func summary(author: MailAddress?, subject: String, text: String, reason: String, heldAt: Date)
        -> ModerationNotices.HeldPost {
        ModerationNotices.HeldPost(
            id: 0, authorName: author?.name, authorAddress: author?.normalized ?? "", subject: subject,
            reason: reason, text: text, heldAt: heldAt, expiresAt: expiry(of: heldAt))
    }

    /// A post to hold, as the store writes it.
    public struct Hold: Sendable, Hashable {
        public var postID: Int64
        /// The maildir file's unique name, for reading the post when it is released.
        public var fileName: String?
        public var reason: String
        public var heldAt: Date
        public var expiresAt: Date
        /// One per moderator told now, in the core group's order, each with its token.
        public var requests: [ModerationNotices.PreparedRequest]
    }

    /// Holding post `postID` for `reason`, telling the moderators `requests` are composed for.
    public func hold(
        postID: Int64, fileName: String?, reason: String, heldAt: Date, requests: [ModerationNotices.PreparedRequest]
    ) -> FollowUpAction {
        .holdPost(Hold(
            postID: postID, fileName: fileName, reason: reason, heldAt: heldAt, expiresAt: expiry(of: heldAt),
            requests: requests))
    }
}
