import Foundation
import Logging
import PraxisCommunity
import PraxisStore
import PraxisSystem

/// One community as configured: its configuration, its store and its maildir, opened once per
/// process (`systemctl enable praxis@mobility` runs one instance per community).
public final class CommunityInstance: Sendable {
    public let configuration: Configuration
    public let database: PraxisDatabase
    public let maildir: Maildir
    public let logger: Logger
    /// The classifier model ingest and import use; empty until `loadClassifier()`.
    public let currentClassifier = CurrentClassifier()

    /// Opens the store (migrating it) and creates the maildir's folders where missing.
    public init(configuration: Configuration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        try configuration.paths.createMissingDirectories()
        maildir = Maildir(path: configuration.paths.maildir)
        try maildir.create()
        database = try PraxisDatabase(path: configuration.paths.database, checkpointFailed: { error in
            logger.error("background checkpoint failed", metadata: ["path": "\(error.path)", "error": "\(error)"])
        })
    }

    /// Loads the configuration at `path` and opens the instance it describes.
    public static func open(configurationPath: String, logger: Logger) throws -> CommunityInstance {
        try CommunityInstance(configuration: ConfigurationLoader.load(path: configurationPath), logger: logger)
    }

    /// An ingestor for `configuration` (by default the one the instance was opened with; a reload
    /// passes the new one), sharing this instance's model.
    public func makeIngestor(configuration: Configuration? = nil, batchSize: Int = Ingestor.defaultBatchSize) -> Ingestor {
        let configuration = configuration ?? self.configuration
        return Ingestor(
            maildir: maildir, database: database, community: configuration.community,
            followUps: recordingFollowUps(for: configuration), classifier: incomingClassifier(configuration),
            logger: logger, batchSize: batchSize, messageLimit: configuration.limits.messageBytes,
            impersonation: ImpersonationCheck(policy: configuration.moderation),
            dmarc: configuration.dmarcPolicyLookup(logger: logger))
    }

    /// The classification stages before recording, for `configuration`.
    public func incomingClassifier(_ configuration: Configuration) -> IncomingClassifier {
        IncomingClassifier(configuration: configuration, current: currentClassifier)
    }

    /// Loads the stored model into `currentClassifier`, or trains and stores one when there is
    /// none (the seeds from the configuration and the labelled posts: quick for a new community).
    public func loadClassifier() async throws {
        let classifier = incomingClassifier(configuration).classifier
        currentClassifier.replace(with: try await ClassifierTraining.loadOrTrain(classifier, database: database, logger: logger))
    }

    /// Merges the search index's segments now, as the daemon's `search-index-merger` does every
    /// ten minutes: for a store filled without the daemon (`praxis import`), so that a
    /// `praxis web` reading it does not search segment by segment. A failure is logged, and
    /// leaves an index that is only slower to search.
    public func mergeSearchIndex() async {
        await SearchIndexMerger(database: database, logger: logger).merge()
    }
}

/// Logging as the daemon does it: one event a line on stderr, which journald collects.
public enum PraxisLogging {
    /// Sets up swift-log once per process, at the configured level.
    public static func bootstrap(level: Logger.Level = .info) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    public static func logger(_ label: String = "praxis") -> Logger { Logger(label: label) }
}

extension Configuration.LogLevel {
    public var swiftLogLevel: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        }
    }
}
