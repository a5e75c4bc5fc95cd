import Foundation
import PraxisCommunity
import PraxisMail
import PraxisStore

/// What `praxis classify FILE` shows: the sub-issue a message gets, by which stage and why, decided
/// as ingest decides it (`Intake`, then the store's thread stage), with nothing recorded.
public struct MessageClassification: Sendable {
    public var subIssue: String
    /// `explicit`, `thread`, `model` or `general`.
    public var stage: String
    public var confidence: Double?
    public var isProtected: Bool
    public var reason: String
    /// The configured threshold the model's confidence is held against.
    public var threshold: Double
    /// Whether there is a model (with `explain`, its scores and features below).
    public var hasModel: Bool
    /// Per sub-issue the model knows, in its order (only with `explain`).
    public var scores: [Score] = []
    /// The model's best sub-issue (only with `explain` and a model).
    public var predictedLabel: String?
    /// The features that weighed most toward `predictedLabel`, heaviest first (only with `explain`).
    public var features: [Feature] = []

    public struct Score: Sendable {
        public var subIssue: String
        public var probability: Double
        public var margin: Double
    }

    public struct Feature: Sendable {
        public var name: String
        public var weight: Double
    }
}

extension CommunityInstance {
    /// Classifies `bytes` as ingest would now, against the current model and the store's threads;
    /// nil when they are not a mail message (no header fields). Loads the model first.
    public func classify(messageBytes bytes: [UInt8], explain: Bool) async throws -> MessageClassification? {
        let message = MailMessage(bytes)
        guard message.hasHeaderFields else { return nil }
        try await loadClassifier()
        let incoming = incomingClassifier(configuration)
        let classifier = incoming.classifier
        let context = try incoming.intakeContext(reading: database)
        let model = context.model
        let intake = Intake(screener: Screener(community: configuration.community), classifier: classifier)
        let taken = intake.take(message, arrival: .history, context: context)
        let byThread = try database.classificationByThread(of: NewPost(taken, receivedAt: Date()))
        let inherited = byThread.classification.stage == .thread ? byThread.inherited : nil
        var result = MessageClassification(
            subIssue: byThread.classification.subIssue, stage: byThread.classification.stage.rawValue,
            confidence: taken.decision.confidence, isProtected: byThread.isProtected,
            reason: inherited.map { Self.reason(inheriting: $0, join: byThread.join) }
                ?? Self.reason(taken, classifier: classifier),
            threshold: configuration.classification.threshold, hasModel: model != nil)
        if explain, let model { result.explain(taken, model: model, learnable: classifier.learnableIDs) }
        return result
    }

    static func reason(inheriting inherited: ThreadRule.Inheritance, join: ThreadRule.Join) -> String {
        if inherited.isProtected { return "a reply in a protected thread stays in its sub-issue" }
        switch join {
        case .subject: return "a reply inherits the sub-issue of the recent thread with its subject"
        case .sharedReference: return "a reply inherits the sub-issue of the thread whose posts it also answers"
        case .parent, .awaitingReplies, .newThread: return "a reply inherits the sub-issue of the post it answers"
        }
    }

    static func reason(_ taken: Intake.Taken, classifier: PostClassifier) -> String {
        switch taken.decision.stage {
        case .explicit:
            if taken.headerFromCore, let header = taken.message.header(PostClassifier.headerName),
               classifier.subIssue(forTag: header) != nil {
                return "X-Praxis-Sub-Issue from a core member"
            }
            if classifier.subjectTag(taken.subject) != nil { return "a tag in the subject" }
            return "sent to the list+tag address"
        case .model:
            return "the model is confident enough"
        case .general:
            return taken.decision.confidence == nil
                ? "no tag, and the model had nothing to go on"
                : "no tag, and the model is not confident enough"
        }
    }
}

extension MessageClassification {
    /// The model's scores per sub-issue and the features that weighed most for its best one, the
    /// author's own history among them. Only sub-issues the model may choose (`learnable`) are
    /// named as where an author usually writes: a stored model may know one since protected.
    mutating func explain(_ taken: Intake.Taken, model: TextClassifier, learnable: Set<String>) {
        let features = Intake.features(of: taken)
        let prediction = model.predict(features)
        predictedLabel = prediction.label
        scores = zip(model.labels, zip(prediction.probabilities, prediction.scores)).map {
            Score(subIssue: $0.0, probability: $0.1.0, margin: $0.1.1)
        }
        let names = Intake.featureNames(of: taken)
        self.features = model.topContributions(features, toward: prediction.label, limit: 12).map {
            Feature(name: names[$0.index] ?? "#\($0.index)", weight: $0.weight)
        }
        if let author = Self.authorFeature(features, prediction: prediction.label, model: model, learnable: learnable) {
            self.features.append(author)
            self.features.sort { abs($0.weight) > abs($1.weight) }
        }
    }

    /// The author's history as one explained feature: "author: usually writes in X (k of n
    /// earlier posts)", or how few of them were in the predicted sub-issue.
    static func authorFeature(
        _ features: TextFeatures, prediction: String, model: TextClassifier, learnable: Set<String>
    ) -> Feature? {
        guard let evidence = model.authorEvidence(features, toward: prediction) else { return nil }
        // Posts in sub-issues the model may not choose are neither named nor counted.
        let shown = model.labels.indices.filter { learnable.contains(model.labels[$0]) && evidence.posts[$0] > 0 }
        let total = shown.map { evidence.posts[$0] }.reduce(0, +)
        let inPrediction = model.labels.firstIndex(of: prediction).map { evidence.posts[$0] } ?? 0
        guard let usual = shown.max(by: { evidence.posts[$0] < evidence.posts[$1] }) else { return nil }
        let name = model.labels[usual] == prediction
            ? "author: usually writes in \(prediction) (\(inPrediction) of \(total) earlier posts)"
            : "author: usually writes in \(model.labels[usual]) (\(evidence.posts[usual]) of \(total) earlier posts; \(inPrediction) in \(prediction))"
        return Feature(name: name, weight: evidence.weight)
    }
}

/// What a moderator's correction (`praxis classify set`) did.
public enum Reclassification: Sendable, Hashable {
    /// The post and those of its thread that had inherited its old sub-issue moved; `changed` counts them.
    case moved(subIssue: String, changed: Int)
    /// The post was in that sub-issue already: nothing moved. The moderator's word is still kept,
    /// as a confirmation the model trains on.
    case alreadyThere(subIssue: String)
    /// The sub-issue named is none of the configuration's; `known` lists their ids.
    case unknownSubIssue(known: [String])
    /// No post has that Message-ID.
    case unknownPost
}

extension CommunityInstance {
    /// Moves the post with `messageID` (without angle brackets) to the sub-issue `tag` names (an
    /// id, alias or name), with stage `moderator`; the replies that had inherited its old
    /// sub-issue follow.
    public func reclassify(messageID: String, to tag: String, at time: Date) throws -> Reclassification {
        let classifier = incomingClassifier(configuration).classifier
        guard let id = classifier.subIssue(forTag: tag) else {
            return .unknownSubIssue(known: configuration.allSubIssues.map(\.id))
        }
        // Asked first rather than caught: the store's error would also do, but this names the file.
        guard let post = try database.post(messageID: messageID) else { return .unknownPost }
        let changed = try database.reclassify(messageID: messageID, to: id, at: time, isProtected: classifier.isProtected(id))
        return post.subIssue == id ? .alreadyThere(subIssue: id) : .moved(subIssue: id, changed: changed)
    }
}
