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
            subject: confirmation.map { "confirm \($0.token)" } ?? say(.replySubject),
            text: text(of: run, commands: commands, token: confirmation?.token, lastUntil: lastUntil),
            from: .request,
            inReplyTo: inReplyTo,
            references: Array(references.suffix(10)),
            language: language)
    }

    func text(of run: Run, commands: EmailCommands, token: String?, lastUntil: Date?) -> String {
        var parts: [String] = []
        let limit = lastUntil.map { until in
            language.plural(.replyLimit, count: repliesPerHour, ["address": run.address, "until": when(until)])
        }
        if commands.lines.isEmpty {
            parts.append(say(.replyNoCommands))
            return (parts + [help] + (limit.map { [$0] } ?? [])).joined(separator: "\n\n")
        }
        parts.append(say(.replyIntro))
        parts += run.paragraphs
        if let stopped = commands.stoppedAt {
            parts.append(say(.replyStoppedAt, ["line": stopped]))
        }
        if commands.wasCut {
            parts.append(language.plural(.replyCut, count: EmailCommandParser.maximumCommands))
        }
        if let token {
            parts.append(say(.replyConfirm, [
                "requestAddress": community.requestAddress, "address": run.address, "token": token,
                "until": when(expiry(from: run.now)),
            ]))
        }
        if let limit { parts.append(limit) }
        if run.wantsHelp { parts.append(help) }
        else { parts.append(say(.replyHelpHint, ["requestAddress": community.requestAddress])) }
        return parts.joined(separator: "\n\n")
    }

    /// The command list, naming only sub-issues open to everyone.
    private var help: String {
        EmailCommandHelp.text(
            community: community, subIssues: subIssues.filter { !$0.isProtected }, confirmationDays: confirmationDays,
            language: language)
    }

    /// A moment as the reply's language writes it, in the community's time zone, with the zone's
    /// name so that nobody misreads it.
    func when(_ time: Date) -> String {
        // Foundation calls the standard zone GMT; the configuration and people say UTC.
        let zone = community.timeZone.identifier == "GMT" ? "UTC" : community.timeZone.identifier
        return language.dateTime(time, in: community.timeZone) + " (\(zone))"
    }
}
