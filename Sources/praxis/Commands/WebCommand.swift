import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis web`: serve the community's archive alone, read-only on the store (`web.listen`).
struct WebCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web",
        abstract: "Serve the community's web archive alone, reading the store without writing to it.",
        discussion: """
            Serves the pages of DESIGN.md §8 on web.listen until SIGTERM or SIGINT, like the web \
            service of `praxis run`, but opens the store read-only: it never creates or migrates \
            it, so run it beside `praxis run` as a separate unit (systemd/praxis-web@.service) or \
            on a copy of the store. Prints the address it listens on to stderr once it is ready.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let configuration = try global.loadConfiguration(logging: .always)
        let logger = PraxisLogging.logger()
        do {
            try await WebService.serveAlone(configuration: configuration, path: global.configPath, logger: logger) { port in
                let host = configuration.web?.listen?.host ?? "127.0.0.1"
                let shown = host.contains(":") ? "[\(host)]" : host
                printError("praxis: archive at http://\(shown):\(port)\(configuration.web?.basePath ?? "/")")
            }
        } catch let error as DaemonError {
            printError("praxis: \(error)")
            throw ExitCode(2)
        } catch {
            printError("praxis: cannot serve the archive of \(global.configPath): \(error)")
            throw ExitCode(2)
        }
    }
}
