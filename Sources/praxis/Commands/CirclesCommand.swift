import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis circles [--sub-issue ID] [--as-of DATE] [--json]`: standings, recent transitions and
/// promotion candidates (DESIGN.md §4); `praxis circles confirm ADDRESS SUB-ISSUE` for the core group.
struct CirclesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles",
        abstract: "Show the circles of each sub-issue: core, inner, candidates and recent transitions.",
        discussion: """
            Without --as-of, the standings as stored now. With --as-of, history is replayed from the \
            posts up to that instant, exactly as the daemon would have evaluated it (promotions at \
            posts, demotions dated when they fell due). A date alone means 00:00 UTC of that day. \
            With `promotion: moderated`, candidates who meet the bar wait for \
            `praxis circles confirm ADDRESS SUB-ISSUE`.
            """,
        subcommands: [CirclesConfirmCommand.self]
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("sub-issue"), help: ArgumentHelp("Only this sub-issue.", valueName: "id"))
    var subIssue: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Evaluate at this instant: YYYY-MM-DD (00:00 UTC) or an ISO 8601 time.", valueName: "date"))
    var asOf: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        var instant: Date?
        if let asOf {
            guard let parsed = Self.instant(asOf) else {
                printError("praxis: --as-of \"\(asOf)\" is not a date: write YYYY-MM-DD or an ISO 8601 time such as 2004-06-30T12:00:00Z")
                throw ExitCode(2)
            }
            instant = parsed
        }
        let instance = try global.openInstance()
        if let subIssue, !instance.hasSubIssue(subIssue) {
            printError("praxis: there is no sub-issue \"\(subIssue)\" in \(global.configPath)")
            throw ExitCode(2)
        }
        let snapshot = try instance.circles(subIssue: subIssue, asOf: instant)
        print(output.json ? snapshot.json : snapshot.text)
    }

    /// `YYYY-MM-DD` as 00:00 UTC, or a full ISO 8601 time.
    static func instant(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().parse(text), text.count == 10 {
            return date
        }
        return try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text)
    }
}

/// `praxis circles confirm ADDRESS SUB-ISSUE`: a core member moves a candidate into the inner circle
/// (`promotion: moderated`), and the member gets their note.
struct CirclesConfirmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Move a member into the inner circle of a sub-issue (for `promotion: moderated`)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("by"), help: ArgumentHelp("Who confirms, for the record.", valueName: "address"))
    var confirmer: String?

    @Argument(help: ArgumentHelp("The member's address.", valueName: "address"))
    var address: String

    @Argument(help: ArgumentHelp("The sub-issue.", valueName: "sub-issue"))
    var subIssue: String

    func run() throws {
        let instance = try global.openInstance()
        guard instance.hasSubIssue(subIssue) else {
            printError("praxis: there is no sub-issue \"\(subIssue)\" in \(global.configPath)")
            throw ExitCode(2)
        }
        if case .refused(let problem) = try instance.confirmInnerCircle(address: address, subIssue: subIssue, by: confirmer) {
            printError("praxis: cannot confirm: \(problem)")
            throw ExitCode(1)
        }
        print("\(address) is now in the inner circle of \(subIssue)")
    }
}
