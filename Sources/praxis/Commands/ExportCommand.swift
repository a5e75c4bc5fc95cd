import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis export --to DIR [--force] [--json]`: the whole community for the organisation's memory
/// (DESIGN.md §9).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole community into a folder: mbox per sub-issue, members, standings, transitions, reviews, products.",
        discussion: """
            Writes mbox/SUB-ISSUE.mbox for each open sub-issue, members.csv, standings.csv, \
            transitions.json, reviews.json and products.json; everything of the protected sub-issues (their posts, \
            the members admitted to them, their standings and transitions) goes under protected/ \
            only. Refuses a folder that is not empty unless --force. Nothing in the store changes.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("to"), help: ArgumentHelp("The folder to write into (created when absent).", valueName: "dir"))
    var folder: String

    @Flag(name: .long, help: "Write into a folder that is not empty, replacing files of the same names.")
    var force = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let instance = try global.openInstance()
        do {
            let written = try CommunityExporter(instance: instance).export(to: folder, force: force)
            print(output.json ? written.exportJSON(folder: folder) : written.exportText(folder: folder))
        } catch let error as DaemonError {
            printError("praxis: \(error)")
            throw ExitCode(2)
        }
    }
}
