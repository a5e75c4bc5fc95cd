import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis review [show] | decide | history | send`: the CoP checklist (DESIGN.md §9).
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Assess a quarter with the CoP checklist, and record what the core group decided.",
        subcommands: [ReviewShowCommand.self, ReviewDecideCommand.self, ReviewHistoryCommand.self, ReviewSendCommand.self],
        defaultSubcommand: ReviewShowCommand.self
    )
}

extension GlobalOptions {
    /// The instance and its quarterly review, with the operator's templates from `paths.templates`.
    func openQuarterlyReview() throws -> QuarterlyReview {
        let instance = try openInstance()
        do {
            let templates = try ReviewTemplateLoader.load(directory: instance.configuration.paths.templates)
            return QuarterlyReview(configuration: instance.configuration, database: instance.database, templates: templates)
        } catch {
            for problem in error.problems { printError("praxis: \(problem)") }
            throw ExitCode(2)
        }
    }
}

/// `--quarter YYYY-Qn`.
struct QuarterOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The calendar quarter, e.g. 2004-Q2 (default: the last one that has ended).", valueName: "YYYY-Qn"))
    var quarter: String?

    /// A malformed quarter is a usage error (exit 2, DESIGN.md §4), found before anything is opened.
    func check() throws {
        if let quarter, QuarterlyReview.quarter(parsing: quarter) == nil {
            printError("praxis: --quarter \(quarter) is not a quarter; write it as YYYY-Qn with n from 1 to 4, e.g. 2004-Q2")
            throw ExitCode(2)
        }
    }
}

struct ReviewShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the checklist for a quarter: eight marked items and a recommendation.",
        discussion: "The quarter is cut in community.timezone. Thresholds: reviews.thresholds.* (Config/KEYS.md)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, html, json }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var quarter: QuarterOption

    @Option(name: .long, help: "text, html or json.")
    var format: Format = .text

    func run() throws {
        try quarter.check()
        let now = Date()
        let review = try global.openQuarterlyReview()
        let document = try review.document(for: review.quarter(named: quarter.quarter, at: now), at: now)
        var output = StandardOutput()
        switch format {
        case .text: output.write(document.renderedText(with: review.templates, in: review.configuration.community.language))
        case .html: output.write(document.renderedHTML(with: review.templates, in: review.configuration.community.language))
        case .json: output.write(document.json + "\n")
        }
        output.flush()
    }
}

struct ReviewDecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record the core group's decision after a review: continue, refocus or disband."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var quarter: QuarterOption

    @Argument(help: ArgumentHelp("continue, refocus or disband.", valueName: "decision"))
    var decision: String

    @Option(name: .long, help: "What was agreed and why (required).")
    var note: String?

    @Option(name: .long, help: ArgumentHelp("Who decided (default: community.owner_address).", valueName: "address"))
    var by: String?

    func run() throws {
        try quarter.check()
        if let problem = QuarterlyReview.decisionProblem(decision: decision, note: note, by: by) {
            printError("praxis: \(problem)")
            throw ExitCode(2)
        }
        let review = try global.openQuarterlyReview()
        guard let recorded = try review.recordDecision(decision, note: note ?? "", by: by, quarter: quarter.quarter, at: Date())
        else { throw ExitCode(2) }
        print("recorded: \(recorded.decision.rawValue) for \(recorded.quarter), by \(recorded.by)")
    }
}

struct ReviewHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the decisions recorded after reviews, oldest first."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let decisions = try global.openInstance().database.reviewDecisions()
        if output.json {
            print(QuarterlyReview.json(decisions))
            return
        }
        if decisions.isEmpty { print("No decision has been recorded yet (praxis review decide).") }
        for decision in decisions {
            print("\(JSONWriter.utc(decision.decidedAt))  \(decision.quarter)  \(decision.decision.rawValue)  by \(decision.by)")
            print("    " + decision.note.replacingOccurrences(of: "\n", with: "\n    "))
        }
    }
}

struct ReviewSendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Queue the review for the core group and moderators, and the summary for the sponsor.",
        discussion: """
            Without --now the review is queued only when reviews.schedule has fallen due and that due \
            time was not served yet. The running daemon, or `praxis outbox flush`, delivers it.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var quarter: QuarterOption

    @Flag(name: .long, help: "Queue the review now, whatever the schedule.")
    var now = false

    func run() throws {
        try quarter.check()
        let review = try global.openQuarterlyReview()
        let time = Date()
        if now || quarter.quarter != nil {
            let chosen = review.quarter(named: quarter.quarter, at: time)
            print("queued the review of \(chosen): \(try review.send(quarter: chosen, at: time)) mail(s)")
        } else if let sent = try review.sendDue(at: time) {
            print("queued the review of \(sent), due by reviews.schedule")
        } else {
            print("nothing due: the review for the latest due time of reviews.schedule was already queued")
        }
    }
}
