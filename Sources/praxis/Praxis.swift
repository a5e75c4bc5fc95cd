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
            ExportCommand.self,
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
