import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis run`: the daemon (systemd `ExecStart`, `Type=notify`).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: watch the maildir and record what arrives.",
        discussion: """
            Scans the maildir fully at start-up, then records each message as it arrives (inotify) \
            and rescans periodically. SIGTERM finishes the work in flight and exits 0; SIGHUP \
            reloads the configuration. Under systemd (NOTIFY_SOCKET set) it reports READY=1 once \
            the first scan is done, STATUS= lines and WATCHDOG=1 pings.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let instance = try global.openInstance(logging: .always)
        try await Daemon(instance: instance, configurationPath: global.configPath).run()
    }
}
