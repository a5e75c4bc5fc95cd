import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis digest preview|send`: the digests of DESIGN.md §1 and §6.
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Preview or send digests.",
        subcommands: [DigestPreviewCommand.self, DigestSendCommand.self]
    )
}

/// The sentence for a `--schedule` that names no digest.
private func unknownDigest(_ name: String, known: [String]) -> String {
    "praxis: there is no digest \"\(name)\" in the configuration; digests are: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
}

/// `praxis digest preview --member ADDRESS [--schedule NAME] [--format text|html|mime|rfc1153]`:
/// prints the digest that member would get now (`--schedule organisation`: the organisation
/// digest, no member needed). Sends nothing and marks nothing.
struct DigestPreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Print the digest a member would get now, without sending or marking anything.",
        discussion: """
            --format text prints the plain-text part, html the HTML part, mime the whole message \
            in the member's digest format (also rfc1153). --schedule organisation previews the \
            organisation digest, which is the same for everyone, so it needs no --member.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The member's address (not needed for --schedule organisation).", valueName: "address"))
    var member: String?

    @Option(name: .long, help: ArgumentHelp("The digest's name (default: the one the member gets).", valueName: "name"))
    var schedule: String?

    @Option(name: .long, help: ArgumentHelp("text, html, mime or rfc1153 (default: text).", valueName: "format"))
    var format: String = "text"

    func validate() throws {
        guard DigestPreviewFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be text, html, mime or rfc1153, not \"\(format)\"")
        }
    }

    func run() throws {
        let instance = try global.openInstance()
        let previewFormat = DigestPreviewFormat(rawValue: format) ?? .text
        switch try instance.previewDigest(member: member, schedule: schedule, format: previewFormat, now: Date()) {
        case .digest(let bytes):
            var output = StandardOutput()
            output.write(bytes)
            output.flush()
        case .emptyOrganisationDigest:
            printError("praxis: the organisation digest would be empty now: nothing new that is not protected")
            throw ExitCode(1)
        case .notAMember:
            printError("praxis: \(member ?? "") is not a member of \(instance.configuration.community.name)")
            throw ExitCode(1)
        case .memberNeeded:
            printError("praxis: say whose digest to preview with --member ADDRESS; only --schedule organisation needs none")
            throw ExitCode(2)
        case .unknownDigest(let known):
            printError(unknownDigest(schedule ?? "", known: known))
            throw ExitCode(2)
        case .noDigestsConfigured:
            printError("praxis: no digests are configured (digests: in \(global.configPath))")
            throw ExitCode(2)
        case .nothingNew(let address, let digests):
            let names = digests.joined(separator: ", ")
            printError("praxis: \(address) would get no \(names) digest now: nothing new they follow, or their delivery is not digest")
            throw ExitCode(1)
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

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let instance = try global.openInstance()
        let summary: DigestRun.Summary?
        switch try await instance.sendDigest(schedule: schedule, evenIfNotDue: now, now: Date()) {
        case .ran(let ran):
            summary = ran
        case .unknownDigest(let known):
            printError(unknownDigest(schedule, known: known))
            throw ExitCode(2)
        }
        if output.json {
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
