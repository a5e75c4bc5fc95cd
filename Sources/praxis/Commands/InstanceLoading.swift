import ArgumentParser
import Foundation
import PraxisDaemon

extension GlobalOptions {
    /// Loads the configuration and opens the community's store and maildir, or ends the command
    /// with one clear sentence on stderr and exit status 2 (DESIGN.md §4).
    func openInstance() throws -> CommunityInstance {
        let path = configPath
        let configuration = try loadConfiguration()
        do {
            return try CommunityInstance(configuration: configuration, logger: PraxisLogging.logger())
        } catch {
            FileHandle.standardError.write(Data("praxis: cannot open the community of \(path): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension GlobalOptions {
    /// Loads the configuration and starts logging at its level, or ends the command with its
    /// problems on stderr and exit status 2.
    func loadConfiguration() throws -> Configuration {
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
        PraxisLogging.bootstrap(level: configuration.logLevel.swiftLogLevel)
        return configuration
    }
}

/// Writes one line to stderr.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
