import Foundation
import PraxisCommunity
import PraxisMail
import PraxisStore

/// The classification stages that run before recording (explicit, model, general), as ingest and
/// import apply them to a parsed message; the thread stage follows inside the store.
public struct IncomingClassifier: Sendable {
    public let classifier: PostClassifier
    public let current: CurrentClassifier

    public init(configuration: Configuration, current: CurrentClassifier) {
        classifier = PostClassifier(
            subIssues: configuration.allSubIssues, coreAddresses: configuration.circles.core,
            settings: configuration.classification)
        self.current = current
    }

    /// The stages for one message. `storeCore` holds the members with core standing in the store.
    /// `subject` and `from`, when the caller has them, are the message's decoded subject and
    /// From field, so that they are not parsed again; `readerText`, when the caller has it, is the
    /// untrimmed text, whose quoted lines the model also reads (else the body is read again for them).
    public func classify(
        _ message: MailMessage, trimmedText: String, recipient: ListRecipient?, author: String?,
        storeCore: Set<String>, model: TextClassifier?, subject: String? = nil, from: [MailAddress]? = nil,
        readerText: String? = nil
    ) -> (classification: PostClassification, isProtected: Bool) {
        let decision = classifier.classify(
            message, subject: subject ?? message.subject ?? "", senderAddress: { (from ?? message.from).first?.address },
            trimmedText: trimmedText, quotedText: { TextFeatures.quotedText(of: readerText ?? message.body.readerText) },
            recipient: recipient,
            senderIsCore: classifier.isCore(author, storeCore: storeCore), model: model)
        return Self.stored(decision)
    }

    /// The model stage alone, for a held post a moderator released (ingest gave it only the
    /// explicit and thread stages); nil while there is no model.
    public func modelStage(_ message: MailMessage, trimmedText: String) -> (PostClassification, isProtected: Bool)? {
        guard let model = current.model else { return nil }
        let features = TextFeatures(
            subject: message.subject ?? "", text: trimmedText, quoted: TextFeatures.quotedText(of: message.body.readerText),
            senderAddress: message.from.first?.address)
        return Self.stored(classifier.predicted(features, model: model))
    }

    private static func stored(_ decision: SubIssueDecision) -> (PostClassification, isProtected: Bool) {
        let stage: ClassificationStage = switch decision.stage {
        case .explicit: .explicit
        case .model: .model
        case .general: .general
        }
        return (PostClassification(subIssue: decision.subIssue, stage: stage, confidence: decision.confidence),
                decision.isProtected)
    }
}
