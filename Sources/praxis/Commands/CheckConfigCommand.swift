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
            when the file does not exist or cannot be read. With --json, one object on stdout either \
            way: {"file", "ok", "sub_issues", "digests", "problems": [{"line", "column", "key", "message"}]}.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let path = global.configPath
        do {
            let configuration = try ConfigurationLoader.load(path: path)
            let subIssues = configuration.allSubIssues.count
            let digests = configuration.digests.count
            var standardOutput = StandardOutput()
            if output.json {
                standardOutput.write(Self.json(path: path, subIssues: subIssues, digests: digests, problems: []) + "\n")
            } else {
                standardOutput.write("\(path): OK (\(subIssues) sub-issue\(subIssues == 1 ? "" : "s"), "
                    + "\(digests) digest\(digests == 1 ? "" : "s"))\n")
            }
            standardOutput.flush()
        } catch let error as DaemonError {
            if output.json {
                print(Self.json(path: path, subIssues: nil, digests: nil, problems: error.problems))
            } else {
                let lines = error.problems.map { "\($0)\n" }.joined()
                FileHandle.standardError.write(Data(lines.utf8))
            }
            throw ExitCode(error.isFileUnreadable ? 2 : 1)
        }
    }

    static func json(path: String, subIssues: Int?, digests: Int?, problems: [ConfigurationProblem]) -> String {
        var writer = JSONWriter()
        writer.object { fields in
            fields.field("file", path)
            fields.field("ok", problems.isEmpty)
            if let subIssues, let digests {
                fields.field("sub_issues", subIssues)
                fields.field("digests", digests)
            }
            fields.array("problems", problems) { item, problem in
                item.object { fields in
                    fields.field("line", problem.line)
                    fields.field("column", problem.column)
                    fields.field("key", problem.keyPath)
                    fields.field("message", problem.message)
                }
            }
        }
        return writer.text
    }
}
