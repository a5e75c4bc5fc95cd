import ArgumentParser
import Foundation
import PraxisCommunity
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

    /// The quarter named, else `fallback`; a malformed one is a usage error (exit 2, DESIGN.md §4).
    func chosen(or fallback: Quarter) throws -> Quarter {
        guard let quarter else { return fallback }
        guard let parsed = Quarter(parsing: quarter) else {
            printError("praxis: --quarter \(quarter) is not a quarter; write it as YYYY-Qn with n from 1 to 4, e.g. 2004-Q2")
            throw ExitCode(2)
        }
        return parsed
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
        // The arguments are checked before anything is opened: a typo never touches the store.
        let now = Date()
        let chosen = try quarter.quarter.map { _ in try quarter.chosen(or: Quarter(containing: now, in: .gmt)) }
        let review = try global.openQuarterlyReview()
        let document = try review.document(for: chosen ?? review.lastCompleteQuarter(before: now), at: now)
        var output = StandardOutput()
        switch format {
        case .text: output.write(document.renderedText(with: review.templates))
        case .html: output.write(document.renderedHTML(with: review.templates))
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
        let now = Date()
        let chosen = try quarter.quarter.map { _ in try quarter.chosen(or: Quarter(containing: now, in: .gmt)) }
        let (choice, text) = try checkedArguments()
        let review = try global.openQuarterlyReview()
        let recorded = try review.database.recordReviewDecision(ReviewDecision(
            quarter: chosen ?? review.lastCompleteQuarter(before: now), decision: choice, note: text,
            by: by ?? review.configuration.community.ownerAddress, decidedAt: now))
        print("recorded: \(recorded.decision.rawValue) for \(recorded.quarter), by \(recorded.by)")
    }

    /// The decision and the note, or a usage error (exit 2) naming what is wrong.
    private func checkedArguments() throws -> (ReviewAssessment.Recommendation, String) {
        guard let choice = ReviewAssessment.Recommendation(rawValue: decision) else {
            printError("praxis: \"\(decision)\" is not a decision; write continue, refocus or disband")
            throw ExitCode(2)
        }
        guard let text = note.flatMap(ReviewDecision.cleanNote) else {
            printError("praxis: review decide needs --note TEXT saying what was agreed")
            throw ExitCode(2)
        }
        if let by, let problem = AddressSyntax.problem(in: by) {
            printError("praxis: --by \(by): \(problem)")
            throw ExitCode(2)
        }
        return (choice, text)
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
            print(ReviewDecision.json(decisions))
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
        let review = try global.openQuarterlyReview()
        let time = Date()
        if now || quarter.quarter != nil {
            let chosen = try quarter.chosen(or: review.lastCompleteQuarter(before: time))
            print("queued the review of \(chosen): \(try review.send(quarter: chosen, at: time)) mail(s)")
        } else if let sent = try review.sendDue(at: time) {
            print("queued the review of \(sent), due by reviews.schedule")
        } else {
            print("nothing due: the review for the latest due time of reviews.schedule was already queued")
        }
    }
}
