import Foundation
import PraxisCommunity
import PraxisStore

/// What `praxis moderation list` shows: how many held posts expired as it ran, and the held posts.
public struct ModerationListing: Sendable {
    /// Held posts whose time was up, expired (and their senders told) before listing.
    public var expiredNow: Int
    /// Waiting posts, oldest first (every held post ever, when all were asked for).
    public var held: [HeldPost]

    /// One line of the listing for `entry`: number, sender, subject, reason, then its expiry
    /// while it waits, else its state and who decided.
    public static func line(for entry: HeldPost) -> String {
        let subject = ModerationNotices.plain(entry.post?.subject ?? "", width: 60)
        let from = entry.post?.authorAddress ?? ""
        var line = "#\(entry.held.id ?? 0)  \(from.isEmpty ? "(no From)" : from)  “\(subject)”  \(entry.held.reason)"
        if entry.held.state == .held {
            line += "  expires \(JSONWriter.utc(entry.held.expiresAt))"
        } else {
            line += "  \(entry.held.state.rawValue)" + (entry.held.decidedBy.map { " by \($0)" } ?? "")
        }
        return line
    }
}

/// The operator's side of moderation (`praxis moderation`): no token is needed, since whoever can
/// run this on the server already controls the list; decisions are recorded as the operator's.
extension CommunityInstance {
    /// Expires what is due at `time` (telling the senders), then lists the posts waiting for a
    /// moderator, or every held post with `all`, in one transaction.
    public func expireAndListHeldPosts(all: Bool, at time: Date = Date()) throws -> ModerationListing {
        let queue = moderationQueue
        let (expired, held) = try database.write("listing held posts") { db in
            (try queue.expire(at: time, in: db), try ModerationQueue.heldPosts(all: all, in: db))
        }
        return ModerationListing(expiredNow: expired, held: held)
    }

    /// Approves held post `id` as the operator: it is released to the list as if just received.
    public func approveHeldPost(_ id: Int64, at time: Date = Date()) async throws -> ModerationOutcome {
        // A held post gets the model's stage on release, so the model must be loaded.
        try await loadClassifier()
        let queue = moderationQueue
        return try await database.write("approving held post \(id)") { db in
            try queue.approve(heldID: id, by: ModerationQueue.operatorName, at: time, in: db)
        }
    }

    /// Rejects held post `id` as the operator; the sender is told, with `reason` when given.
    public func rejectHeldPost(_ id: Int64, reason: String?, at time: Date = Date()) throws -> ModerationOutcome {
        let queue = moderationQueue
        return try database.write("rejecting held post \(id)") { db in
            try queue.reject(heldID: id, reason: reason, by: ModerationQueue.operatorName, at: time, in: db)
        }
    }
}
