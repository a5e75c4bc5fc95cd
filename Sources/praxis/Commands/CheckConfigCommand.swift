import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis check-config`: validates the whole configuration file (DESIGN.md §4, §6).
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the configuration file and name the key and line of every problem.",
        discussion: """
            Prints "FILE: OK (N sub-issues, M digests)" and exits 0 when the file is sound. Otherwise \
            prints one line per problem on stderr, "FILE:LINE: KEY: message", and exits 1. Exits 2 \
            when the file does not exist or cannot be read.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let path = global.configPath
        do {
            let configuration = try ConfigurationLoader.load(path: path)
            let subIssues = configuration.allSubIssues.count
            let digests = configuration.digests.count
            var output = StandardOutput()
            output.write("\(path): OK (\(subIssues) sub-issue\(subIssues == 1 ? "" : "s"), "
                + "\(digests) digest\(digests == 1 ? "" : "s"))\n")
            output.flush()
        } catch let error as DaemonError {
            let lines = error.problems.map { "\($0)\n" }.joined()
            FileHandle.standardError.write(Data(lines.utf8))
            throw ExitCode(error.isFileUnreadable ? 2 : 1)
        }
    }
}
