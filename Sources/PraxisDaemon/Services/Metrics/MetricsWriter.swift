import Foundation
import Logging
import PraxisStore
import ServiceLifecycle

/// Writes the metrics textfile every `interval` while the daemon runs, and once more on shutdown,
/// when `metrics.textfile` is configured. A failed write is logged and retried next time: metrics
/// must never stop the list.
struct MetricsWriter: Service {
    /// Where the file goes (`metrics.textfile`, read at each write so a reload applies).
    let configuration: ReloadableConfiguration
    let database: PraxisDatabase
    let logger: Logger
    let interval: Duration

    init(configuration: ReloadableConfiguration, database: PraxisDatabase, logger: Logger, interval: Duration = .seconds(15)) {
        self.configuration = configuration
        self.database = database
        self.logger = logger
        self.interval = interval
    }

    func run() async throws {
        repeat {
            writeOnce()
        } while await pauseUnlessShuttingDown(for: interval)
        // Shutdown ends the pause at once: the last write happens then.
        writeOnce()
    }

    private func writeOnce() {
        let configuration = self.configuration.configuration
        guard let path = configuration.metrics?.textfile else { return }
        do {
            let snapshot = try database.metricsSnapshot()
            try MetricsTextfile.write(MetricsTextfile.render(snapshot, community: configuration.community.name), to: path)
        } catch {
            logger.warning("cannot write the metrics file", metadata: ["file": "\(path)", "error": "\(error)"])
        }
    }
}
