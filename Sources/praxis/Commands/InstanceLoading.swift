import ArgumentParser
import Foundation
import PraxisDaemon

extension GlobalOptions {
    /// Loads the configuration and opens the community's store and maildir, or ends the command
    /// with one clear sentence on stderr and exit status 2 (DESIGN.md §4).
    func openInstance(logging: CommandLogging = .onRequest) throws -> CommunityInstance {
        let path = configPath
        let configuration = try loadConfiguration(logging: logging)
        do {
            return try CommunityInstance(configuration: configuration, logger: PraxisLogging.logger())
        } catch {
            FileHandle.standardError.write(Data("praxis: cannot open the community of \(path): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension GlobalOptions {
    /// Loads the configuration and starts logging, or ends the command with its problems on
    /// stderr and exit status 2.
    func loadConfiguration(logging: CommandLogging = .onRequest) throws -> Configuration {
        let path = configPath
        let configuration: Configuration
        do {
            configuration = try ConfigurationLoader.load(path: path)
        } catch let error as DaemonError {
            let lines = error.problems.map { "praxis: \($0)\n" }.joined()
            FileHandle.standardError.write(Data(lines.utf8))
            if !error.isFileUnreadable {
                FileHandle.standardError.write(Data("praxis: run `praxis check-config --config \(path)` for details\n".utf8))
            }
            throw ExitCode(2)
        }
        let logs = logging == .always || verbose
        PraxisLogging.bootstrap(level: logs ? configuration.logLevel.swiftLogLevel : .critical)
        return configuration
    }
}

/// Whether a command prints the daemon's log lines. The services (`run`, `web`) log as the
/// daemon does, for journald; a command someone types prints its own result, and the daemon's
/// lines (a quarantined file, a held post) only with `--verbose`: what they say is in the
/// store, `praxis status` and the command's own summary.
enum CommandLogging {
    case always
    case onRequest
}

/// Writes one line to stderr.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
