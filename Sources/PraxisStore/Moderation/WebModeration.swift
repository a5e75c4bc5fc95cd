import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// A held post as `/moderation` shows it to one moderator.
public struct HeldPostPreview: Sendable, Hashable {
    public var held: HeldMessageRecord
    public var post: PostRecord?
    /// The start of its text, read from its file (held posts are recorded without their text).
    public var text: String
}

extension ModerationQueue {
    /// How much of a held post's text the page shows.
    public static let previewCharacters = 600

    /// Whether `address` decides on any held post: in the core group, or a moderator of some
    /// sub-issue (`CoreGroup`, read now).
    public func decidesOnHeldPosts(_ address: String, in db: Database) throws -> Bool {
        let group = try moderatorGroup(in: db)
        let normalized = MailAddress(address: address).normalized
        return group.contains(normalized) || group.moderators.values.contains { $0.contains(normalized) }
    }

    /// The posts waiting for a decision that `address` decides on, oldest first, with a preview
    /// of each: a sub-issue's moderator sees that sub-issue's, the core group every one.
    public func waitingPosts(for address: String, in db: Database) throws -> [HeldPostPreview] {
        let group = try moderatorGroup(in: db)
        let normalized = MailAddress(address: address).normalized
        return try Self.heldPosts(in: db).filter { group.moderators(of: $0.post?.subIssue).contains(normalized) }.map {
            HeldPostPreview(held: $0.held, post: $0.post, text: String(heldText(fileName: $0.held.fileName).prefix(Self.previewCharacters)))
        }
    }

    /// Carries out `decision` on held post `heldID` by `moderator`, signed in on `/moderation`:
    /// `HeldPostDecider` decides by the rules of a mailed decision, and the verdict is carried out
    /// as one (an approval releases the post to the list; a rejection tells its sender).
    public func decide(heldID: Int64, decision: ModerationDecision, by moderator: String, at time: Date, in db: Database) throws -> ModerationOutcome {
        let moderator = MailAddress(address: moderator).normalized
        let found = try Self.held(heldID, in: db)
        // Answered in the moderator's language, as their mailed decision would be.
        let language = try MemberRecord.ownLanguage(of: moderator, in: db) ?? community.language
        let verdict = verdicts.speaking(language).decide(
            HeldPostDecider.WebDecision(
                decision: decision, moderator: moderator, heldID: heldID,
                moderatorDecides: try decides(moderator, on: found?.record, in: db), held: found?.held),
            at: time)
        try carryOut(verdict, record: found?.record, at: time, in: db)
        return ModerationOutcome(verdict)
    }
}

extension ModerationOutcome {
    /// Whether the decision was carried out.
    public var isDone: Bool {
        if case .done = self { return true }
        return false
    }
}
