import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis report preview|send`: the core group's weekly report.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The core group's weekly activity report.",
        subcommands: [ReportPreviewCommand.self, ReportSendCommand.self]
    )
}

extension GlobalOptions {
    /// The instance and its weekly report, with the operator's templates from `paths.templates`.
    func openWeeklyReport() throws -> (CommunityInstance, WeeklyReport) {
        let instance = try openInstance()
        do {
            let templates = try ReportTemplateLoader.load(
                directory: instance.configuration.paths.templates, communityLanguage: instance.configuration.community.language)
            return (instance, WeeklyReport(configuration: instance.configuration, database: instance.database, templates: templates))
        } catch {
            for problem in error.problems { printError("praxis: \(problem)") }
            throw ExitCode(2)
        }
    }
}

struct ReportPreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Print the weekly report without sending it.",
        discussion: "The week is cut in community.timezone; by default the last week that has ended."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, html, mime, json }

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "text, html, mime (the whole message) or json (the figures).")
    var format: Format = .text

    @Option(name: .long, help: ArgumentHelp("The ISO week, e.g. 2004-W20.", valueName: "YYYY-Www"))
    var week: String?

    @Option(name: .long, help: ArgumentHelp(
        "The language to write it in (\(WeeklyReport.languageCodes)); by default community.language.", valueName: "LANG"))
    var language: String?

    func run() throws {
        let chosenWeek = try week.map { week in
            guard let parsed = WeeklyReport.week(parsing: week) else {
                printError("praxis: --week \(week) is not an ISO week; write it as YYYY-Www, e.g. 2004-W20")
                throw ExitCode(2)
            }
            return parsed
        }
        let chosenLanguage = try language.map { code in
            guard let parsed = WeeklyReport.language(parsing: code) else {
                printError("praxis: --language \(code) is not a language Praxis writes; use one of \(WeeklyReport.languageCodes)")
                throw ExitCode(2)
            }
            return parsed
        }
        let (_, report) = try global.openWeeklyReport()
        let now = Date()
        let figures = try report.figures(for: chosenWeek ?? report.lastCompleteWeek(before: now))
        let written = chosenLanguage ?? report.configuration.community.language
        var output = StandardOutput()
        switch format {
        case .text: output.write(figures.renderedText(with: report.templates, in: written))
        case .html: output.write(figures.renderedHTML(with: report.templates, in: written))
        case .mime: output.write(try report.message(for: figures, at: now, language: written).rendered())
        case .json: output.write(figures.json + "\n")
        }
        output.flush()
    }
}

struct ReportSendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Queue the weekly report for the core group and the owner address.",
        discussion: """
            Without --now the report is queued only when reports.moderators.schedule has fallen due \
            and that due time was not served yet. The running daemon, or `praxis outbox flush`, delivers it.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Queue the report for the last week that has ended, now, whatever the schedule.")
    var now = false

    func run() throws {
        let (_, report) = try global.openWeeklyReport()
        let time = Date()
        if now {
            let week = report.lastCompleteWeek(before: time)
            let queued = try report.send(week: week, at: time)
            print("queued the report for \(week) to \(queued) recipient(s)")
        } else if let week = try report.sendDue(at: time) {
            print("queued the report for \(week), due by reports.moderators.schedule")
        } else {
            print("nothing due: the report for the latest due time of reports.moderators.schedule was already queued")
        }
    }
}
