import ArgumentParser
import Foundation
import PraxisDaemon

@main
struct Praxis: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "praxis",
        abstract: "The mailing list and digest daemon for a community of practice.",
        // The man pages are generated from this help (scripts/write-man-pages.py), so what an
        // operator needs beside the options (environment, files, exit status) is said here.
        discussion: """
            Every command reads one community's configuration: --config PATH, else the \
            environment variable PRAXIS_CONFIG, else /etc/praxis/praxis.yaml. Under systemd, \
            praxis@NAME.service runs `praxis run` on /etc/praxis/NAME.yaml and keeps the \
            community's maildir and database in /var/lib/praxis/NAME; praxis-web@NAME.service \
            serves its web archive alone. Run commands for an instance as the praxis user \
            (runuser -u praxis -- praxis ...), so that the files they create belong to it.

            Exit status: 0 success; 1 the command ran and found a problem (for example \
            check-config found errors); 2 a usage or configuration error, said in one sentence \
            on standard error naming the file, line and key.

            The Debian package installs an example configuration as \
            /usr/share/doc/praxis/examples/praxis.yaml and the default templates, to copy and \
            change, in /usr/share/praxis/templates.
            """,
        version: PraxisVersion.current,
        subcommands: [
            RunCommand.self, IngestCommand.self, ImportCommand.self, ParseCommand.self, StatusCommand.self,
            CheckConfigCommand.self, ClassifyCommand.self,
            MembersCommand.self, ModerationCommand.self, CirclesCommand.self,
            ReportCommand.self, ReviewCommand.self, OutboxCommand.self, DigestCommand.self, SearchCommand.self, WebCommand.self, InitCommand.self,
            ExportCommand.self, ProductsCommand.self,
        ]
    )

    /// As the argument parser's own `main`, except that a usage error exits 2 (DESIGN §4: 2 is
    /// "usage or configuration error") with one sentence on stderr, instead of 64 and the usage
    /// block: scripts test for 2, and people read the sentence.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            // `praxis parse` takes its many files itself (`ParseCommand.separateFiles`).
            let separated = ParseCommand.separateFiles(arguments)
            var command = try parseAsRoot(separated?.forParser ?? arguments)
            if let files = separated?.files, var parse = command as? ParseCommand {
                parse.files = files
                command = parse
            }
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
