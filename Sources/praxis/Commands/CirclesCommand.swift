import ArgumentParser
import Foundation
import PraxisCommunity
import PraxisDaemon
import PraxisStore

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
        let evaluator = instance.standingEvaluator
        if let subIssue, evaluator.decider.subIssue(subIssue) == nil {
            printError("praxis: there is no sub-issue \"\(subIssue)\" in \(global.configPath)")
            throw ExitCode(2)
        }
        let snapshot = try instance.database.read("reading the circles") { db in
            if let instant {
                return try evaluator.replayed(through: instant, subIssue: subIssue, in: db)
            }
            return try evaluator.current(at: Date(), subIssue: subIssue, in: db)
        }
        print(output.json ? Self.json(snapshot) : Self.text(snapshot))
    }

    /// `YYYY-MM-DD` as 00:00 UTC, or a full ISO 8601 time.
    static func instant(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().parse(text), text.count == 10 {
            return date
        }
        return try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text)
    }

    static func json(_ snapshot: CirclesSnapshot) -> String {
        var writer = JSONWriter()
        writer.object { object in
            object.field("as_of", JSONWriter.utc(snapshot.asOf))
            object.array("sub_issues", snapshot.subIssues) { item, circles in
                item.object { fields in
                    fields.field("id", circles.id)
                    fields.strings("core", circles.core)
                    fields.strings("inner", circles.inner)
                    fields.field("outer_count", circles.outerCount)
                    fields.array("candidates", circles.candidates) { entry, candidate in
                        entry.object { c in
                            c.field("address", candidate.address)
                            c.field("missing", candidate.missing)
                        }
                    }
                }
            }
            object.array("transitions", snapshot.transitions) { item, transition in
                item.object { fields in
                    fields.field("address", transition.address)
                    fields.field("sub_issue", transition.subIssue)
                    fields.field("from", transition.from)
                    fields.field("to", transition.to)
                    fields.field("at", JSONWriter.utc(transition.at))
                    fields.field("reason", transition.reason)
                }
            }
        }
        return writer.text
    }

    static func text(_ snapshot: CirclesSnapshot) -> String {
        var lines = ["circles as of \(JSONWriter.utc(snapshot.asOf))"]
        for circles in snapshot.subIssues {
            lines.append("")
            lines.append("\(circles.id)")
            lines.append("  core    \(circles.core.isEmpty ? "-" : circles.core.joined(separator: ", "))")
            lines.append("  inner   \(circles.inner.isEmpty ? "-" : circles.inner.joined(separator: ", "))")
            lines.append("  outer   \(circles.outerCount) members")
            for candidate in circles.candidates.prefix(20) {
                lines.append("  close   \(candidate.address): needs \(candidate.missing)")
            }
            if circles.candidates.count > 20 { lines.append("  close   … and \(circles.candidates.count - 20) more (see --json)") }
        }
        lines.append("")
        lines.append("transitions in the last \(CirclesSnapshot.recentDays) days:\(snapshot.transitions.isEmpty ? " none" : "")")
        for transition in snapshot.transitions {
            lines.append("  \(JSONWriter.utc(transition.at))  \(transition.address)  \(transition.subIssue)  "
                         + "\(transition.from) → \(transition.to)  (\(transition.reason))")
        }
        return lines.joined(separator: "\n")
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
        let evaluator = instance.standingEvaluator
        let address = self.address
        let subIssue = self.subIssue
        let confirmer = self.confirmer
        guard evaluator.decider.subIssue(subIssue) != nil else {
            printError("praxis: there is no sub-issue \"\(subIssue)\" in \(global.configPath)")
            throw ExitCode(2)
        }
        let problem: String? = try instance.database.write("confirming \(address) in \(subIssue)") { db in
            do {
                try evaluator.confirm(address: address, subIssue: subIssue, by: confirmer, at: Date(), in: db)
                return nil
            } catch let error as CirclesError {
                return error.description
            }
        }
        if let problem {
            printError("praxis: cannot confirm: \(problem)")
            throw ExitCode(1)
        }
        print("\(address) is now in the inner circle of \(subIssue)")
    }
}
