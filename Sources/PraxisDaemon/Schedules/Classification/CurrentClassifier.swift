import Foundation
import Logging
import PraxisCommunity
import PraxisStore
import Synchronization

/// The model ingest classifies with, replaced whole when a retrained one is ready. Ingest workers
/// take the current value under a lock held only for that copy (the model itself is immutable
/// and shared), so retraining never blocks ingest.
public final class CurrentClassifier: Sendable {
    private let current: Mutex<Trained?>

    /// A model and what it was trained from.
    public struct Trained: Sendable {
        public var model: TextClassifier
        public var trainedAt: Date
        /// `labelledPostCount()` at training time.
        public var trainingPosts: Int
    }

    public init(_ trained: Trained? = nil) {
        current = Mutex(trained)
    }

    /// The model in use, or nil before the first one is loaded.
    public var model: TextClassifier? { current.withLock { $0?.model } }
    public var trained: Trained? { current.withLock { $0 } }

    public func replace(with trained: Trained) {
        current.withLock { $0 = trained }
    }
}

/// Training the community's model from its configuration and its labelled posts.
public enum ClassifierTraining {
    /// Trains on the seeds from `classifier`'s configuration and every labelled post of the store.
    public static func train(
        _ classifier: PostClassifier, database: PraxisDatabase, at time: Date = Date()
    ) async throws -> CurrentClassifier.Trained {
        let count = try database.labelledPostCount()
        let posts = try database.labelledPosts()
        var examples = classifier.seedExamples()
        examples.reserveCapacity(examples.count + posts.count)
        for post in posts where classifier.learnableIDs.contains(post.subIssue) {
            examples.append(TrainingExample(
                features: TextFeatures(subject: post.subject, text: post.text, senderAddress: post.authorAddress),
                label: post.subIssue))
        }
        let model = await TextClassifier.train(examples)
        return CurrentClassifier.Trained(model: model, trainedAt: time, trainingPosts: count)
    }

    /// The stored model if there is a usable one, else a new one trained now and stored.
    /// A stored model that cannot be read is logged and replaced.
    public static func loadOrTrain(
        _ classifier: PostClassifier, database: PraxisDatabase, logger: Logger
    ) async throws -> CurrentClassifier.Trained {
        if let stored = try database.latestClassifierModel() {
            do {
                let model = try TextClassifier(decoding: stored.bytes)
                return CurrentClassifier.Trained(model: model, trainedAt: stored.trainedAt, trainingPosts: stored.trainingPosts)
            } catch {
                logger.warning("the stored classifier model cannot be read; training a new one", metadata: ["error": "\(error)"])
            }
        }
        let trained = try await train(classifier, database: database)
        try store(trained, in: database)
        return trained
    }

    public static func store(_ trained: CurrentClassifier.Trained, in database: PraxisDatabase) throws {
        try database.saveClassifierModel(StoredClassifierModel(
            bytes: trained.model.encoded(), trainedAt: trained.trainedAt, trainingPosts: trained.trainingPosts))
    }
}
