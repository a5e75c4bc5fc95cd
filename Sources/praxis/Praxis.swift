import ArgumentParser

@main
struct Praxis: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "praxis",
        abstract: "The mailing list and digest daemon for a community of practice.",
        subcommands: [ParseCommand.self]
    )
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The configuration file (default: $PRAXIS_CONFIG, else /etc/praxis/praxis.yaml).",
        valueName: "path"))
    var config: String?
}
