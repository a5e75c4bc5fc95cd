import Foundation
import Logging
import PraxisStore
import ServiceLifecycle

/// The service that keeps the classifier model current: it retrains in the background once
/// `classification.retrain_after` newly labelled posts (tags, moderators' corrections) have
/// arrived since the last training, and at least daily, then stores the model and swaps it into
/// the `CurrentClassifier` ingest reads. Ingest never waits for it: until the swap, ingest goes
/// on with the model it has.
struct ClassifierTrainer: Service {
    /// The sub-issues and settings, read at each check so a reload applies.
    let configuration: ReloadableConfiguration
    /// The model ingest reads, which a training replaces.
    let current: CurrentClassifier
    let database: PraxisDatabase
    let logger: Logger
    /// How often to look for new labelled posts: two cheap counts over a partial index.
    var checkInterval: Duration = .seconds(60)
    /// A model older than this is retrained even without new labels (corrections to older posts,
    /// a changed configuration's seeds).
    static let maximumAge: TimeInterval = 24 * 3600

    func run() async throws {
        while await pauseUnlessShuttingDown(for: checkInterval) {
            do {
                try await retrainIfDue()
            } catch {
                // A failed training leaves the current model in place; the next check tries again.
                logger.error("retraining the classifier failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Retrains when due; returns whether it did.
    @discardableResult
    func retrainIfDue(now: Date = Date()) async throws -> Bool {
        let configuration = self.configuration.configuration
        let settings = configuration.classification
        if let trained = current.trained {
            let newLabels = try database.labelledPostCount() - trained.trainingPosts
                + database.correctionCount(since: trained.trainedAt)
            guard newLabels >= settings.retrainAfter || now.timeIntervalSince(trained.trainedAt) >= Self.maximumAge else {
                return false
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let trained = try await ClassifierTraining.train(
            IncomingClassifier(configuration: configuration, current: current).classifier, database: database, at: now)
        try ClassifierTraining.store(trained, in: database)
        current.replace(with: trained)
        let seconds = (clock.now - start).inSeconds
        logger.info("retrained the classifier", metadata: [
            "labelled_posts": "\(trained.trainingPosts)", "labels": "\(trained.model.labels.count)",
            "seconds": "\(String(format: "%.2f", seconds))",
        ])
        return true
    }
}
