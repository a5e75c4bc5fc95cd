import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis outbox list|flush [--json]`: what waits to be sent, and sending it now.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Show what waits to be sent, or send everything due now.",
        subcommands: [OutboxListCommand.self, OutboxFlushCommand.self]
    )
}

/// `praxis outbox list`: every message not yet sent (queued, sending, failed), oldest first.
struct OutboxListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the messages not yet sent: queued, being sent, and failed for good."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let listing = try global.openInstance().outboxListing()
        let status = listing.status, entries = listing.entries
        if output.json {
            var writer = JSONWriter()
            writer.object { object in
                object.field("queued", status.outboxQueued)
                object.field("sending", status.outboxSending)
                object.field("sent", status.outboxSent)
                object.field("failed", status.outboxFailed)
                object.array("messages", entries) { writer, entry in
                    writer.object { message in
                        message.field("id", Int(entry.id))
                        message.field("kind", entry.kind)
                        message.field("state", entry.state)
                        message.strings("recipients", entry.recipients)
                        message.field("envelope_sender", entry.envelopeSender)
                        message.field("subject", entry.subject)
                        message.field("attempts", entry.attempts)
                        message.field("created_at", JSONWriter.utc(entry.createdAt))
                        message.field("next_attempt_at", entry.state == "queued" ? JSONWriter.utc(entry.nextAttemptAt) : nil)
                        message.field("last_error", entry.lastError)
                    }
                }
            }
            print(writer.text)
            return
        }
        print("\(status.outboxQueued) queued, \(status.outboxSending) sending, \(status.outboxSent) sent, \(status.outboxFailed) failed")
        for entry in entries {
            let when = entry.state == "queued" ? " next \(JSONWriter.utc(entry.nextAttemptAt))" : ""
            let recipients = entry.recipients.count == 1 ? entry.recipients[0] : "\(entry.recipients.count) recipients"
            print("\(entry.id)  \(entry.state)  \(entry.kind)  \(recipients)  \(entry.subject ?? "(no subject)")  attempts \(entry.attempts)\(when)")
            if let error = entry.lastError { print("    \(error)") }
        }
    }
}

/// `praxis outbox flush`: tries every queued message once now, deferred ones too (like
/// `postqueue -f`), then exits. Exit status 1 when something is still not delivered.
struct OutboxFlushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Send everything queued now (deferred messages too), then exit.",
        discussion: """
            Messages that fail again for a while stay queued for the daemon's next attempt; \
            messages refused for good (5xx) are marked failed. Exit status 1 when any message \
            is still undelivered.
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let instance = try global.openInstance()
        let (tally, seconds) = switch await instance.flushOutbox() {
        case .flushed(let tally, let seconds): (tally, seconds)
        case .cannotSetUp(let reason):
            try Self.fail("praxis: cannot set up delivery for \(global.configPath): \(reason)", status: 2)
        case .failed(let reason):
            try Self.fail("praxis: delivering the outbox of \(instance.configuration.paths.database) failed: \(reason)", status: 1)
        }
        let attempted = tally.sent + tally.deferred + tally.failed
        if output.json {
            var writer = JSONWriter()
            writer.object { object in
                object.field("sent", tally.sent)
                object.field("deferred", tally.deferred)
                object.field("failed", tally.failed)
                object.field("seconds", seconds)
                object.field("messages_per_second", attempted > 0 ? Double(tally.sent) / max(seconds, 1e-9) : 0)
            }
            print(writer.text)
        } else {
            var line = "sent \(tally.sent), deferred \(tally.deferred), failed \(tally.failed)"
            if attempted > 0 {
                line += String(format: " in %.2f s (%.0f messages/s)", seconds, Double(tally.sent) / max(seconds, 1e-9))
            }
            print(line)
        }
        if tally.deferred + tally.failed > 0 { throw ExitCode(1) }
    }

    static func fail(_ message: String, status: Int32) throws -> Never {
        printError(message)
        throw ExitCode(status)
    }
}
