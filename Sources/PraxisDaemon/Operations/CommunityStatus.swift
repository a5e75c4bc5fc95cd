import Foundation
import PraxisStore

/// What `praxis status` shows: counts, queues, the last maildir scan, and the warnings they imply.
public struct CommunityStatus: Sendable {
    public var community: String
    public var store: StoreStatus
    public var bounces: BounceStatus
    /// Messages waiting in the maildir's `new/` (none read as 0: a missing folder is a warning
    /// of its own elsewhere).
    public var waitingInMaildir: Int
    /// Per moderator (sorted by address): held posts beyond their notice budget, for the next summary.
    public var heldWaitingForSummary: [(moderator: String, count: Int)]
    /// Command messages over `moderation.command_replies_per_hour`: recorded, not answered.
    public var commandsUnanswered: Int
    /// `moderation.command_replies_per_hour`.
    public var commandRepliesPerHour: Int
    public var warnings: [String]
}

extension CommunityInstance {
    /// The community's status now.
    public func status() throws -> CommunityStatus {
        let store = try database.status()
        let waitingInNew = (try? maildir.newMessages().count) ?? 0
        let moderation = moderationQueue
        let waitingForSummaries = try database.read("counting the held posts waiting for a summary") { db in
            try moderation.waitingForSummaries(at: Date(), in: db)
        }
        let unanswered = try database.unansweredCommands()
        let repliesPerHour = configuration.moderation.commandRepliesPerHour
        var warnings: [String] = []
        if store.quarantined > 0 {
            warnings.append("\(store.quarantined) messages are in quarantine (\(maildir.quarantine.newPath))")
        }
        if waitingInNew > 0 { warnings.append("\(waitingInNew) messages wait in new/; is `praxis run` running?") }
        if store.outboxFailed > 0 { warnings.append("\(store.outboxFailed) outgoing messages failed for good") }
        if unanswered.lastDay > 0 {
            // Many from few addresses is a flood of forged commands; from many, a limit set too low.
            warnings.append("\(unanswered.lastDay) command messages from \(unanswered.lastDayAddresses) "
                + "address\(unanswered.lastDayAddresses == 1 ? "" : "es") were not answered in the last 24 hours "
                + "(moderation.command_replies_per_hour is \(repliesPerHour))")
        }
        return CommunityStatus(
            community: configuration.community.name, store: store,
            bounces: try database.bounceStatus(resetDays: configuration.bounces.resetDays), waitingInMaildir: waitingInNew,
            heldWaitingForSummary: waitingForSummaries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            commandsUnanswered: unanswered.total, commandRepliesPerHour: repliesPerHour, warnings: warnings)
    }
}
