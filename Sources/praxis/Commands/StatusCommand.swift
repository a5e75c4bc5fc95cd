import ArgumentParser
import Foundation
import PraxisDaemon
import PraxisStore

/// `praxis status [--json]`: queues, counts, last runs, warnings.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show counts, queues, the last maildir scan and warnings."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "One JSON object.")
    var json = false

    func run() throws {
        let instance = try global.openInstance()
        let status = try instance.database.status()
        let waitingInNew = (try? instance.maildir.newMessages().count) ?? 0
        let bounces = try instance.database.bounceStatus(resetDays: instance.configuration.bounces.resetDays)
        let moderation = instance.moderationQueue
        let waitingForSummaries = try instance.database.read("counting the held posts waiting for a summary") { db in
            try moderation.waitingForSummaries(at: Date(), in: db)
        }
        let unanswered = try instance.database.unansweredCommands()
        let repliesPerHour = instance.configuration.moderation.commandRepliesPerHour
        var warnings: [String] = []
        if status.quarantined > 0 {
            warnings.append("\(status.quarantined) messages are in quarantine (\(instance.maildir.quarantine.newPath))")
        }
        if waitingInNew > 0 { warnings.append("\(waitingInNew) messages wait in new/; is `praxis run` running?") }
        if status.outboxFailed > 0 { warnings.append("\(status.outboxFailed) outgoing messages failed for good") }
        if unanswered.lastDay > 0 {
            // Many from few addresses is a flood of forged commands; from many, a limit set too low.
            warnings.append("\(unanswered.lastDay) command messages from \(unanswered.lastDayAddresses) "
                + "address\(unanswered.lastDayAddresses == 1 ? "" : "es") were not answered in the last 24 hours "
                + "(moderation.command_replies_per_hour is \(repliesPerHour))")
        }
        if json {
            var writer = JSONWriter()
            writer.object { object in
                object.field("community", instance.configuration.community.name)
                object.field("posts", status.posts)
                object.field("threads", status.threads)
                object.field("duplicates", status.duplicates)
                object.field("members", status.members)
                object.field("quarantined", status.quarantined)
                object.field("held", status.held)
                // Per moderator: held posts beyond their notice budget, for the next summary.
                var waiting = JSONWriter()
                waiting.object { byModerator in
                    for (moderator, count) in waitingForSummaries.sorted(by: { $0.key < $1.key }) {
                        byModerator.field(moderator, count)
                    }
                }
                object.raw("held_waiting_for_summary", waiting.text)
                object.field("waiting_in_maildir", waitingInNew)
                // Command messages over moderation.command_replies_per_hour: recorded, not answered.
                object.field("commands_unanswered", unanswered.total)
                var outbox = JSONWriter()
                outbox.object { queue in
                    queue.field("queued", status.outboxQueued)
                    queue.field("sending", status.outboxSending)
                    queue.field("sent", status.outboxSent)
                    queue.field("failed", status.outboxFailed)
                }
                object.raw("outbox", outbox.text)
                var bouncing = JSONWriter()
                bouncing.object { section in
                    section.field("bouncing", bounces.bouncing)
                    section.field("disabled", bounces.disabled.count)
                    section.strings("disabled_members", bounces.disabled.map(\.address))
                }
                object.raw("bounces", bouncing.text)
                object.field("last_scan", status.lastScanAt.map(ParseCommand.utc))
                object.strings("warnings", warnings)
            }
            print(writer.text)
            return
        }
        print("""
            \(instance.configuration.community.name)
              posts        \(status.posts) in \(status.threads) threads (\(status.duplicates) duplicates not doubled)
              members      \(status.members)
              held         \(status.held)
              quarantined  \(status.quarantined)
              maildir      \(waitingInNew) waiting in new/
              outbox       \(status.outboxQueued) queued, \(status.outboxSending) sending, \(status.outboxSent) sent, \(status.outboxFailed) failed
              last scan    \(status.lastScanAt.map(ParseCommand.utc) ?? "never")
              bounces      \(bounces.bouncing) members bouncing, \(bounces.disabled.count) with delivery disabled
              commands     \(unanswered.total) not answered (over moderation.command_replies_per_hour, \(repliesPerHour) per address)
            """)
        for member in bounces.disabled {
            print("  disabled     \(member.address) since \(ParseCommand.utc(member.disabledAt)) (score \(member.score))")
        }
        for (moderator, count) in waitingForSummaries.sorted(by: { $0.key < $1.key }) {
            print("  summary      \(count) held posts wait for the next summary to \(moderator)")
        }
        for warning in warnings { print("warning: \(warning)") }
    }
}
