import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis import mbox FILE... [--add-authors]`: records an existing archive as history.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record an existing archive as history.",
        subcommands: [ImportMboxCommand.self]
    )
}

struct ImportMboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mbox",
        abstract: "Record the messages of mbox files (mboxrd or mboxo) as history; no mail is sent.",
        discussion: "Importing the same archive again records nothing twice."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: "Make authors who are not members yet outer-circle members.")
    var addAuthors = false

    @Argument(help: ArgumentHelp("The mbox files.", valueName: "file"))
    var files: [String]

    func run() async throws {
        let instance = try global.openInstance()
        try await instance.loadClassifier()
        let importer = MboxImporter(
            database: instance.database, addAuthors: addAuthors, followUps: instance.recordingFollowUps,
            classifier: instance.incomingClassifier(instance.configuration), community: instance.configuration.community,
            sources: instance.maildir)
        var progress = MboxImporter.Progress()
        let display = ProgressDisplay()
        for file in files {
            do {
                try await importer.importFile(file, progress: &progress) { display.show($0) }
            } catch let error as DaemonError {
                display.finish()
                printError("praxis: \(error)")
                throw ExitCode(1)
            }
        }
        display.finish()
        // The follow-ups leave history alone; the standings it implies are replayed here, so
        // `praxis circles` right after an import shows what a daemon running all along would.
        try instance.replayStandings(through: Date())
        // Each transaction of the import wrote its own segment of the search index; merged here,
        // since a store filled by import alone may be read by `praxis web` without the daemon
        // that would merge them later.
        await instance.mergeSearchIndex()
        if output.json {
            var writer = JSONWriter()
            writer.object { fields in
                fields.field("messages", progress.messages)
                fields.field("recorded", progress.recorded)
                fields.field("already_known", progress.duplicates)
                fields.field("new_members", progress.membersAdded)
                fields.field("sources_not_kept", progress.sourcesNotKept)
            }
            print(writer.text)
        } else {
            print("imported \(progress.messages) messages: recorded \(progress.recorded), already known \(progress.duplicates)"
                  + (addAuthors ? ", new members \(progress.membersAdded)" : ""))
        }
        if progress.sourcesNotKept > 0 {
            // The posts are recorded; only their raw source, mbox and attachments will be missing.
            printError("praxis: the original of \(progress.sourcesNotKept) recorded messages could not be kept in the maildir; "
                       + "the first: \(progress.firstSourceProblem ?? "unknown")")
        }
    }
}

/// A progress bar with messages/s and time left on a terminal; a plain line every few seconds
/// otherwise (a log, a pipe), so that logs stay readable.
final class ProgressDisplay: @unchecked Sendable {
    private let isTerminal = isatty(2) == 1
    private let start = ContinuousClock.now
    private var lastLine = ContinuousClock.now - .seconds(60)
    private var drewBar = false

    func show(_ progress: MboxImporter.Progress) {
        let elapsed = (ContinuousClock.now - start).inSeconds
        let rate = Double(progress.messages) / max(elapsed, 1e-9)
        let fraction = progress.bytesTotal > 0 ? Double(progress.bytesDone) / Double(progress.bytesTotal) : 1
        let fileElapsed = elapsed
        let left = fraction > 0 ? fileElapsed / fraction - fileElapsed : 0
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            let line = String(format: "\r[%@] %3.0f%%  %d messages  %.0f/s  %@ left ", bar, fraction * 100,
                              progress.messages, rate, Self.duration(left))
            FileHandle.standardError.write(Data(line.utf8))
            drewBar = true
        } else if ContinuousClock.now - lastLine >= .seconds(5) || fraction >= 1 {
            lastLine = .now
            printError(String(format: "import: %@: %.0f%%, %d messages, %.0f messages/s", progress.file, fraction * 100,
                              progress.messages, rate))
        }
    }

    func finish() {
        if drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
        drewBar = false
    }

    private static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 60 ? "\(total / 60)m\(String(format: "%02d", total % 60))s" : "\(total)s"
    }
}
