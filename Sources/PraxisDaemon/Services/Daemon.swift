import Foundation
import Logging
import PraxisCommunity
import ServiceLifecycle
import UnixSignals
import Synchronization

/// What the services of a running daemon share, and what a reload may replace.
public final class DaemonState: Sendable {
    public let instance: CommunityInstance
    let configurationPath: String
    private let current: Mutex<(configuration: Configuration, ingestor: Ingestor)>

    init(instance: CommunityInstance, configurationPath: String) {
        self.instance = instance
        self.configurationPath = configurationPath
        current = Mutex((instance.configuration, instance.makeIngestor()))
    }

    public var logger: Logger { instance.logger }
    public var configuration: Configuration { current.withLock { $0.configuration } }
    var ingestor: Ingestor { current.withLock { $0.ingestor } }

    /// Reads the configuration file again. A file with problems changes nothing: the running
    /// configuration stays and every problem is logged. Paths cannot change while running.
    func reload() {
        let configuration: Configuration
        do {
            configuration = try ConfigurationLoader.load(path: configurationPath)
        } catch let error as ConfigurationError {
            for problem in error.problems {
                logger.error("reload refused; the running configuration stays", metadata: ["problem": "\(problem)"])
            }
            return
        } catch {
            logger.error("reload refused; the running configuration stays", metadata: ["error": "\(error)"])
            return
        }
        if configuration.paths != instance.configuration.paths {
            logger.warning("paths changed in the configuration; they take effect only after a restart")
        }
        let ingestor = instance.makeIngestor(configuration: configuration)
        current.withLock { $0 = (configuration, ingestor) }
        logger.notice("configuration reloaded", metadata: ["file": "\(configurationPath)"])
    }
}

/// Reloads the configuration on SIGHUP.
struct ConfigurationReloader: Service {
    let state: DaemonState
    let notifier: SystemdNotifier

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            notifier.reloading()
            state.reload()
            notifier.ready(status: "configuration reloaded")
        }
    }
}

/// `praxis run`: the services of one community in a `ServiceGroup`. SIGTERM and SIGINT shut
/// them down gracefully (work in flight finishes), in reverse order of start.
public struct Daemon: Sendable {
    let state: DaemonState

    public init(instance: CommunityInstance, configurationPath: String) {
        state = DaemonState(instance: instance, configurationPath: configurationPath)
    }

    public func run() async throws {
        let notifier = SystemdNotifier(environment: ProcessInfo.processInfo.environment)
        let worker = try state.instance.makeDeliveryWorker(sink: state.instance.permanentFailureSink)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [
                .init(service: ConfigurationReloader(state: state, notifier: notifier)),
                // Before the watcher, so it stops after it: what ingest queued last still goes out.
                .init(service: DeliveryService(worker: worker)),
                .init(service: MaildirWatcher(state: state, notifier: notifier)),
                .init(service: MetricsWriter(state: state)),
                .init(service: ModerationClerk(state: state)),
                .init(service: StandingReviewer(state: state)),
                .init(service: ClassifierTrainer(state: state)),
                .init(service: DigestScheduler(state: state)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: state.logger))
        try await group.run()
        state.logger.notice("stopped")
    }
}
