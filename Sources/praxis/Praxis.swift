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
            ReportCommand.self, OutboxCommand.self, DigestCommand.self, SearchCommand.self, WebCommand.self, InitCommand.self,
        ]
    )
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The configuration file (default: $PRAXIS_CONFIG, else /etc/praxis/praxis.yaml).",
        valueName: "path"))
    var config: String?

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
