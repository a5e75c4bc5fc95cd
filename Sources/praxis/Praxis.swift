import ArgumentParser
import Foundation
import PraxisDaemon

@main
struct Praxis: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "praxis",
        abstract: "The mailing list and digest daemon for a community of practice.",
        subcommands: [
            RunCommand.self, IngestCommand.self, ImportCommand.self, ParseCommand.self, StatusCommand.self,
            CheckConfigCommand.self, ClassifyCommand.self,
            MembersCommand.self, ModerationCommand.self, CirclesCommand.self,
            ReportCommand.self, OutboxCommand.self, DigestCommand.self, SearchCommand.self, WebCommand.self, InitCommand.self,
        ]
    )

    /// As the argument parser's own `main`, except that a usage error exits 2 (DESIGN §4: 2 is
    /// "usage or configuration error") with one sentence on stderr, instead of 64 and the usage
    /// block: scripts test for 2, and people read the sentence.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let sentence = message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
            let help = (["praxis"] + commandPath(in: arguments) + ["--help"]).joined(separator: " ")
            FileHandle.standardError.write(Data("praxis: \(sentence); see '\(help)'.\n".utf8))
            Foundation.exit(2)
        }
    }

    /// The subcommand names at the head of `arguments` (`digest preview`), for the help hint.
    static func commandPath(in arguments: [String]) -> [String] {
        var path: [String] = []
        var commands = configuration.subcommands
        for argument in arguments {
            guard let next = commands.first(where: { $0._commandName == argument }) else { break }
            path.append(argument)
            commands = next.configuration.subcommands
        }
        return path
    }
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The configuration file (default: $PRAXIS_CONFIG, else /etc/praxis/praxis.yaml).",
        valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Also print the log lines the daemon would write, at the configured level (praxis run and praxis web always do).")
    var verbose = false

    /// The configuration file to use: `--config`, else `$PRAXIS_CONFIG`, else `/etc/praxis/praxis.yaml`.
    var configPath: String {
        ConfigurationLoader.resolvePath(option: config, environment: ProcessInfo.processInfo.environment)
    }
}

/// `--json`, for the commands whose output is one JSON object or a text for people.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "One JSON object.")
    var json = false
}
