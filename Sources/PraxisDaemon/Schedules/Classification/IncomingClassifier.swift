import Foundation
import PraxisCommunity
import PraxisMail
import PraxisStore

/// The community's classifier and the current model, which `Intake` applies before recording (the
/// thread stage follows inside the store).
public struct IncomingClassifier: Sendable {
    public let classifier: PostClassifier
    public let current: CurrentClassifier
    /// `circles.core`: with the standings the store reads, the core group whose
    /// `X-Praxis-Sub-Issue` counts.
    public let configuredCore: [String]

    public init(configuration: Configuration, current: CurrentClassifier) {
        classifier = PostClassifier(subIssues: configuration.allSubIssues, settings: configuration.classification)
        self.current = current
        configuredCore = configuration.circles.core
    }

    /// What intake classifies a batch with: the core group as stored now, and the current model.
    public func intakeContext(reading database: PraxisDatabase) throws -> Intake.Context {
        Intake.Context(
            coreGroup: CoreGroup(configured: configuredCore, stored: try database.coreMemberAddresses()), model: current.model)
    }

    /// The model stage alone, for a held post a moderator released (ingest gave it only the
    /// explicit and thread stages); nil while there is no model.
    public func modelStage(_ message: MailMessage, trimmedText: String) -> (PostClassification, isProtected: Bool)? {
        guard let model = current.model else { return nil }
        let features = Intake.features(
            subject: message.subject ?? "", trimmedText: trimmedText, readerText: message.body.readerText,
            from: message.from.first)
        let decision = classifier.predicted(features, model: model)
        return (PostClassification(decision), decision.isProtected)
    }
}
