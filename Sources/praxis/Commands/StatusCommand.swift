import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis status [--json]`: queues, counts, last runs, warnings.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show counts, queues, the last maildir scan and warnings."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let status = try global.openInstance().status()
        print(output.json ? Self.json(status) : Self.text(status), terminator: "")
    }

    static func json(_ status: CommunityStatus) -> String {
        let store = status.store
        var writer = JSONWriter()
        writer.object { object in
            object.field("community", status.community)
            object.field("posts", store.posts)
            object.field("threads", store.threads)
            object.field("duplicates", store.duplicates)
            object.field("members", store.members)
            object.field("quarantined", store.quarantined)
            object.field("held", store.held)
            object.nested("held_waiting_for_summary") { byModerator in
                for (moderator, count) in status.heldWaitingForSummary { byModerator.field(moderator, count) }
            }
            object.field("waiting_in_maildir", status.waitingInMaildir)
            object.field("commands_unanswered", status.commandsUnanswered)
            object.nested("outbox") { queue in
                queue.field("queued", store.outboxQueued)
                queue.field("sending", store.outboxSending)
                queue.field("sent", store.outboxSent)
                queue.field("failed", store.outboxFailed)
            }
            object.nested("bounces") { section in
                section.field("bouncing", status.bounces.bouncing)
                section.field("disabled", status.bounces.disabled.count)
                section.strings("disabled_members", status.bounces.disabled.map(\.address))
            }
            object.field("last_scan", store.lastScanAt.map(JSONWriter.utc))
            object.strings("warnings", status.warnings)
        }
        return writer.text + "\n"
    }

    static func text(_ status: CommunityStatus) -> String {
        let store = status.store
        var text = """
            \(status.community)
              posts        \(store.posts) in \(store.threads) threads (\(store.duplicates) duplicates not doubled)
              members      \(store.members)
              held         \(store.held)
              quarantined  \(store.quarantined)
              maildir      \(status.waitingInMaildir) waiting in new/
              outbox       \(store.outboxQueued) queued, \(store.outboxSending) sending, \(store.outboxSent) sent, \(store.outboxFailed) failed
              last scan    \(store.lastScanAt.map(JSONWriter.utc) ?? "never")
              bounces      \(status.bounces.bouncing) members bouncing, \(status.bounces.disabled.count) with delivery disabled
              commands     \(status.commandsUnanswered) not answered (over moderation.command_replies_per_hour, \(status.commandRepliesPerHour) per address)

            """
        for member in status.bounces.disabled {
            text += "  disabled     \(member.address) since \(JSONWriter.utc(member.disabledAt)) (score \(member.score))\n"
        }
        for (moderator, count) in status.heldWaitingForSummary {
            text += "  summary      \(count) held posts wait for the next summary to \(moderator)\n"
        }
        for warning in status.warnings { text += "warning: \(warning)\n" }
        return text
    }
}
