import Foundation
import GRDB
import PraxisCommunity

/// Carries out moderators' decisions that arrive by email (`approve TOKEN`, `reject TOKEN [reason]`
/// to the request address). The email commands read the lines; `HeldPostDecider` decides from
/// what this side reads (the token, which is valid only for the moderator it was sent to, the
/// core group, the held post); this side applies the verdict, inside the transaction that
/// records the command message.
public protocol MailedModeration: Sendable {
    /// Carries out `decision` for the held post that `token` names, if `moderator` may; returns
    /// the sentence for the command reply ("Approved: “Subject” from alice@x.org.", or why not),
    /// written in `language` (the moderator's).
    func decide(
        token: String, decision: ModerationDecision, by moderator: String, at time: Date, language: Language, in db: Database
    ) throws -> String
}
