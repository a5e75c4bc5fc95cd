import Foundation
import Logging
import PraxisCommunity
import ServiceLifecycle
import UnixSignals
import Synchronization

/// The configuration of a running daemon, which SIGHUP may replace, with the ingestor made for
/// it: the services that follow a reload read it at each use.
final class ReloadableConfiguration: Sendable {
    private let current: Mutex<(configuration: Configuration, ingestor: Ingestor)>
    private let path: String
    private let makeIngestor: @Sendable (Configuration) -> Ingestor
    private let logger: Logger

    init(_ configuration: Configuration, path: String, logger: Logger, makeIngestor: @escaping @Sendable (Configuration) -> Ingestor) {
        current = Mutex((configuration, makeIngestor(configuration)))
        self.path = path
        self.makeIngestor = makeIngestor
        self.logger = logger
    }

    /// The configuration of `instance`, as read from `path`, with the instance's ingestors.
    convenience init(instance: CommunityInstance, path: String) {
        self.init(instance.configuration, path: path, logger: instance.logger) { instance.makeIngestor(configuration: $0) }
    }

    var configuration: Configuration { current.withLock { $0.configuration } }
    var ingestor: Ingestor { current.withLock { $0.ingestor } }

    /// Reads the configuration file again. A file with problems changes nothing: the running
    /// configuration stays and every problem is logged. Paths cannot change while running.
    func reload() {
        let configuration: Configuration
        do {
            configuration = try ConfigurationLoader.load(path: path)
        } catch let error as DaemonError {
            for problem in error.problems {
                logger.error("reload refused; the running configuration stays", metadata: ["problem": "\(problem)"])
            }
            return
        } catch {
            logger.error("reload refused; the running configuration stays", metadata: ["error": "\(error)"])
            return
        }
        if configuration.paths != self.configuration.paths {
            logger.warning("paths changed in the configuration; they take effect only after a restart")
        }
        let ingestor = makeIngestor(configuration)
        current.withLock { $0 = (configuration, ingestor) }
        logger.notice("configuration reloaded", metadata: ["file": "\(path)"])
    }
}

/// Reloads the configuration on SIGHUP.
struct ConfigurationReloader: Service {
    let configuration: ReloadableConfiguration
    let notifier: SystemdNotifier

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            notifier.reloading()
            configuration.reload()
            notifier.ready(status: "configuration reloaded")
        }
    }
}

/// `praxis run`: the services of one community in a `ServiceGroup`. SIGTERM and SIGINT shut
/// them down gracefully (work in flight finishes), in reverse order of start.
public struct Daemon: Sendable {
    let instance: CommunityInstance
    let configurationPath: String

    /// How long a graceful shutdown may take before the services are cancelled, and how long
    /// cancelling may take then: together under the unit's `TimeoutStopSec=60s`
    /// (`systemd/praxis@.service`), so the daemon ends itself, with the outbox's state written,
    /// before systemd kills it.
    static let gracefulShutdownLimit: Duration = .seconds(45)
    static let cancellationLimit: Duration = .seconds(10)

    public init(instance: CommunityInstance, configurationPath: String) {
        self.instance = instance
        self.configurationPath = configurationPath
    }

    public func run() async throws {
        var configuration = ServiceGroupConfiguration(
            services: try services(notifier: SystemdNotifier(environment: ProcessInfo.processInfo.environment)),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: instance.logger)
        configuration.maximumGracefulShutdownDuration = Self.gracefulShutdownLimit
        configuration.maximumCancellationDuration = Self.cancellationLimit
        try await ServiceGroup(configuration: configuration).run()
        instance.logger.notice("stopped")
    }

    /// The services in the order they start (they stop in reverse), each given what it uses.
    func services(notifier: SystemdNotifier) throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let live = ReloadableConfiguration(instance: instance, path: configurationPath)
        let database = instance.database, logger = instance.logger, instance = self.instance
        let worker = try instance.makeDeliveryWorker(sink: instance.permanentFailureSink)
        let services: [(name: String, service: any Service)] = [
            ("configuration-reloader", ConfigurationReloader(configuration: live, notifier: notifier)),
            // Before the watcher, so it stops after it: what ingest queued last still goes out.
            ("delivery", DeliveryService(worker: worker)),
            ("maildir-watcher", MaildirWatcher(
                configuration: live, maildir: instance.maildir, database: database, notifier: notifier, logger: logger,
                loadModel: { try await instance.loadClassifier() })),
            ("metrics-writer", MetricsWriter(configuration: live, database: database, logger: logger)),
            ("moderation-clerk", ModerationClerk(
                configuration: live, queue: instance.moderationQueue, database: database, logger: logger)),
            ("standing-reviewer", StandingReviewer(configuration: live, database: database, logger: logger)),
            ("search-index-merger", SearchIndexMerger(database: database, logger: logger)),
            ("classifier-trainer", ClassifierTrainer(
                configuration: live, current: instance.currentClassifier, database: database, logger: logger)),
            ("digest-scheduler", DigestScheduler(
                configuration: live, database: database, maildir: instance.maildir, logger: logger)),
        ]
        // Last, so it stops first: no page is served from a store the other services have left.
        let web = try WebService(
            configuration: instance.configuration, database: database, maildir: instance.maildir, moderation: instance.moderationQueue,
            logger: logger)
        return (services + (web.map { [("web", $0)] } ?? [])).map { .init(service: $0.service, serviceName: $0.name) }
    }
}
