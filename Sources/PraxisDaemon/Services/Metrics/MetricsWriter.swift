import Foundation
import Logging
import ServiceLifecycle

/// Writes the metrics textfile every `interval` while the daemon runs, and once more on shutdown,
/// when `metrics.textfile` is configured. A failed write is logged and retried next time: metrics
/// must never stop the list.
struct MetricsWriter: Service {
    let state: DaemonState
    let interval: Duration

    init(state: DaemonState, interval: Duration = .seconds(15)) {
        self.state = state
        self.interval = interval
    }

    func run() async throws {
        repeat {
            writeOnce()
            // Shutdown must not wait out the interval: the last write happens at once.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        } while !Task.isShuttingDownGracefully && !Task.isCancelled
        writeOnce()
    }

    private func writeOnce() {
        let configuration = state.configuration
        guard let path = configuration.metrics?.textfile else { return }
        do {
            let snapshot = try state.instance.database.metricsSnapshot()
            try MetricsTextfile.write(MetricsTextfile.render(snapshot, community: configuration.community.name), to: path)
        } catch {
            state.logger.warning("cannot write the metrics file", metadata: ["file": "\(path)", "error": "\(error)"])
        }
    }
}
