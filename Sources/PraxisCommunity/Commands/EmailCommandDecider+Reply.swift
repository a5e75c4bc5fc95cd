import Foundation
import PraxisMail

extension EmailCommandDecider {
    /// The one reply to a command message, from the request address to its sender: what became of
    /// each command, the confirmation to send back when changes wait for one, and, with
    /// `lastUntil`, that it is the last reply to this address until then.
    public func reply(
        _ run: Run, commands: EmailCommands, confirmation: Confirmation?, lastUntil: Date?, inReplyTo: String?, references: [String]
    ) -> ListNotice {
        ListNotice(
            to: run.address,
            subject: confirmation.map { "confirm \($0.token)" } ?? "Your commands to \(community.name)",
            text: text(of: run, commands: commands, token: confirmation?.token, lastUntil: lastUntil),
            from: .request,
            inReplyTo: inReplyTo,
            references: Array(references.suffix(10)))
    }

    func text(of run: Run, commands: EmailCommands, token: String?, lastUntil: Date?) -> String {
        var parts: [String] = []
        let limit = lastUntil.map { until in
            "We answer at most \(repliesPerHour) \(repliesPerHour == 1 ? "message" : "messages") from one address in an hour, "
                + "and this is the last answer to \(run.address) until \(formatMailDate(until)): "
                + "what you send before then is recorded, but neither carried out nor answered."
        }
        if commands.lines.isEmpty {
            parts.append("We found no commands in your message, so here is what you can send.")
            return (parts + [help] + (limit.map { [$0] } ?? [])).joined(separator: "\n\n")
        }
        parts.append("This is what became of the commands in your message:")
        parts += run.paragraphs
        if let stopped = commands.stoppedAt {
            parts.append("We stopped reading at “\(stopped)”: it is not a command.")
        }
        if commands.wasCut {
            parts.append("We read only the first \(EmailCommandParser.maximumCommands) commands; please send the rest in another message.")
        }
        if let token {
            parts.append("""
                To confirm, reply to this message without changing its subject, or send this line
                to \(community.requestAddress) from \(run.address):

                    confirm \(token)

                The token works once, only from \(run.address), until \(formatMailDate(expiry(from: run.now))).
                If you did not ask for this, ignore this message: nothing will change.
                """)
        }
        if let limit { parts.append(limit) }
        if run.wantsHelp { parts.append(help) }
        else { parts.append("Send “help” to \(community.requestAddress) for the list of commands.") }
        return parts.joined(separator: "\n\n")
    }

    /// The command list, naming only sub-issues open to everyone.
    private var help: String {
        EmailCommandHelp.text(
            community: community, subIssues: subIssues.filter { !$0.isProtected }, confirmationDays: confirmationDays)
    }
}
