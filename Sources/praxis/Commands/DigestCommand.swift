import ArgumentParser
import Foundation
import PraxisCommunity
import PraxisDaemon
import PraxisMail

/// `praxis digest preview|send`: the digests of DESIGN.md §1 and §6.
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Preview or send digests.",
        subcommands: [DigestPreviewCommand.self, DigestSendCommand.self]
    )
}

/// The names `--schedule` accepts: the configured digests and `organisation`.
private func schedulePlan(_ name: String?, in configuration: Configuration) throws -> DigestPlan? {
    guard let name else { return nil }
    if let plan = configuration.digests.first(where: { $0.name == name }) { return plan }
    if name == DigestRun.organisationName, configuration.organisation != nil { return nil }
    let known = configuration.digests.map(\.name) + (configuration.organisation == nil ? [] : [DigestRun.organisationName])
    printError("praxis: there is no digest \"\(name)\" in the configuration; digests are: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
    throw ExitCode(2)
}

/// `praxis digest preview --member ADDRESS [--schedule NAME] [--format text|html|mime]`: prints the
/// digest that member would get now. Sends nothing and marks nothing.
struct DigestPreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Print the digest a member would get now, without sending or marking anything.",
        discussion: """
            --format text prints the plain-text part, html the HTML part, mime the whole message \
            in the member's digest format (also rfc1153). --schedule organisation previews the \
            organisation digest (give any --member, it is not used).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The member's address.", valueName: "address"))
    var member: String

    @Option(name: .long, help: ArgumentHelp("The digest's name (default: the one the member gets).", valueName: "name"))
    var schedule: String?

    @Option(name: .long, help: ArgumentHelp("text, html, mime or rfc1153 (default: text).", valueName: "format"))
    var format: String = "text"

    func validate() throws {
        guard ["text", "html", "mime", "rfc1153"].contains(format) else {
            throw ValidationError("--format must be text, html, mime or rfc1153, not \"\(format)\"")
        }
    }

    func run() throws {
        let instance = try global.openInstance()
        let configuration = instance.configuration
        let run = DigestRun(instance: instance)
        let now = Date()
        let timeZone = configuration.community.timeZone
        let messageFormat: DigestPlan.Format? = format == "mime" ? nil : format == "rfc1153" ? .rfc1153 : .html

        if schedule == DigestRun.organisationName, let organisation = configuration.organisation,
           !configuration.digests.contains(where: { $0.name == DigestRun.organisationName }) {
            let dueAt = organisation.schedule.nextDue(after: now, in: timeZone)
            guard let prepared = try run.prepareOrganisation(organisation, dueAt: dueAt, now: now, format: messageFormat).digest else {
                printError("praxis: the organisation digest would be empty now: nothing new that is not protected")
                throw ExitCode(1)
            }
            try emit(prepared, run: run)
            return
        }

        let address = MailAddress(address: member).normalized
        guard try instance.database.member(address: address) != nil else {
            printError("praxis: \(member) is not a member of \(configuration.community.name)")
            throw ExitCode(1)
        }
        let plans = try schedulePlan(schedule, in: configuration).map { [$0] } ?? configuration.digests
        guard !plans.isEmpty else {
            printError("praxis: no digests are configured (digests: in \(global.configPath))")
            throw ExitCode(2)
        }
        for plan in plans {
            let dueAt = plan.schedule.nextDue(after: now, in: timeZone)
            let prepared = try run.prepare(plan: plan, dueAt: dueAt, now: now, member: address, format: messageFormat)
            if let digest = prepared.digests.first {
                try emit(digest, run: run)
                return
            }
        }
        let names = plans.map(\.name).joined(separator: ", ")
        printError("praxis: \(address) would get no \(names) digest now: nothing new they follow, or their delivery is not digest")
        throw ExitCode(1)
    }

    private func emit(_ prepared: DigestRun.Prepared, run: DigestRun) throws {
        switch format {
        case "html":
            print(run.templates.renderHTML(prepared.document), terminator: "")
        case "mime", "rfc1153":
            FileHandle.standardOutput.write(Data(prepared.message.rendered()))
        default:
            print(run.templates.renderText(prepared.document), terminator: "")
        }
    }
}

/// `praxis digest send --schedule NAME [--now]`: queues a digest run in the outbox.
struct DigestSendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Queue a digest run in the outbox (the daemon or `praxis outbox flush` delivers it).",
        discussion: """
            Without --now, runs the schedule's latest due time if it has not run yet (as the daemon \
            would). With --now, runs at once, covering everything since each member's previous digest.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The digest's name, or organisation.", valueName: "name"))
    var schedule: String

    @Flag(name: .long, help: "Run now, whether or not it is due.")
    var now = false

    @Flag(name: .long, help: "One JSON object.")
    var json = false

    func run() async throws {
        let instance = try global.openInstance()
        let configuration = instance.configuration
        let run = DigestRun(instance: instance)
        let instant = Date()
        let timeZone = configuration.community.timeZone
        let summary: DigestRun.Summary?
        if let plan = try schedulePlan(schedule, in: configuration) {
            let due = now ? instant : plan.schedule.lastDue(atOrBefore: instant, in: timeZone)
            summary = try await run.send(plan: plan, dueAt: due, now: instant)
        } else if let organisation = configuration.organisation {
            let due = now ? instant : organisation.schedule.lastDue(atOrBefore: instant, in: timeZone)
            summary = try await run.sendOrganisation(organisation, dueAt: due, now: instant)
        } else {
            summary = nil
        }
        if json {
            var writer = JSONWriter()
            writer.object { object in
                object.field("digest", schedule)
                object.field("already_ran", summary == nil)
                object.field("queued", summary?.queued ?? 0)
                object.field("empty", summary?.empty ?? 0)
                object.field("posts", summary?.posts ?? 0)
            }
            print(writer.text)
        } else if let summary {
            print("\(summary.digest): \(summary.queued) digests queued (\(summary.posts) posts in all), \(summary.empty) recipients had nothing new")
        } else {
            print("\(schedule): the run due now has already been made; use --now to send one anyway")
        }
    }
}
