import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis search QUERY [--json] [--limit N] [--page N] [--order newest|best] [--protected]`: the
/// archive's search (the engine behind the web archive's `/search?q=`), for operators.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the archive's posts.",
        discussion: """
            Words must all match (accents and case ignored); "a phrase" matches those words in order; \
            prefix* matches words starting so; from:NAME-OR-ADDRESS, sub:SUB-ISSUE, after:YYYY-MM-DD \
            (that day or later) and before:YYYY-MM-DD (before that day; days in UTC) narrow the search. \
            Anything else is text to look for.
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var output: OutputOptions

    @Argument(help: "The query; quote it for the shell (several arguments are joined by spaces).")
    var query: [String]

    @Option(name: .long, help: "Hits per page, 1 to \(ArchiveSearchOutput.largestPage).")
    var limit = 20

    @Option(name: .long, help: "Which page of hits, from 1.")
    var page = 1

    @Option(name: .long, help: "newest (the default) or best.")
    var order = "newest"

    @Flag(name: .long, help: "Include posts of protected sub-issues (otherwise left out, and not counted).")
    var protected = false

    func validate() throws {
        guard (1...ArchiveSearchOutput.largestPage).contains(limit) else {
            throw ValidationError("--limit must be from 1 to \(ArchiveSearchOutput.largestPage), not \(limit)")
        }
        guard page >= 1 else { throw ValidationError("--page must be 1 or more, not \(page)") }
    }

    func run() throws {
        let instance = try global.openInstance()
        let found: ArchiveSearchOutput
        do {
            found = try instance.searchArchive(
                query.joined(separator: " "), includeProtected: protected, order: order, page: page, limit: limit)
        } catch let error as DaemonError {
            printError("praxis: \(error)")
            throw ExitCode(2)
        }
        print(output.json ? found.json : found.text, terminator: output.json ? "\n" : "")
    }
}
