import Foundation
import PraxisMail
import PraxisStore
import Testing
@testable import PraxisDaemon

/// The background retraining: due after `retrain_after` newly labelled posts or a day, and the
/// new model replaces the one ingest reads.
@Suite("Classifier retraining")
struct ClassifierTrainerTests {
    static func labelled(_ index: Int, _ subIssue: String, _ words: String) -> NewPost {
        let text = "\(words) message \(index)"
        return NewPost(
            messageID: "labelled-\(index)@example.org", contentHash: ContentHash.sha256(Array(text.utf8)),
            author: MailAddress(name: nil, address: "m\(index)@example.org"), date: Date(timeIntervalSince1970: 1_700_000_000 + Double(index)),
            receivedAt: Date(), subject: "[\(subIssue)] \(words)",
            classification: PostClassification(subIssue: subIssue, stage: .explicit), trimmedText: text, size: text.utf8.count)
    }

    @Test func retrainsAfterEnoughNewLabelsAndDaily() async throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(IngestClassificationTests.configuration)
        let instance = try CommunityInstance.open(configurationPath: community.configPath, logger: PraxisLogging.logger("test"))
        try await instance.loadClassifier()
        let seeded = try #require(instance.currentClassifier.trained)
        #expect(seeded.trainingPosts == 0)
        let trainer = ClassifierTrainer(
            configuration: ReloadableConfiguration(instance: instance, path: community.configPath),
            current: instance.currentClassifier, database: instance.database, logger: instance.logger)
        let due1 = try await trainer.retrainIfDue(now: seeded.trainedAt.addingTimeInterval(60))
        #expect(due1 == false)

        // "general" becomes a label once people tag posts with it.
        _ = try await instance.database.recordPosts((0..<10).map {
            Self.labelled($0, $0 % 2 == 0 ? "general" : "cycling", $0 % 2 == 0 ? "minutes of the meeting" : "bike lane widths")
        })
        let due2 = try await trainer.retrainIfDue(now: seeded.trainedAt.addingTimeInterval(120))
        #expect(due2)
        let retrained = try #require(instance.currentClassifier.trained)
        #expect(retrained.trainingPosts == 10)
        #expect(retrained.model.labels.contains("general"))
        #expect(try instance.database.latestClassifierModel()?.trainingPosts == 10)
        let due3 = try await trainer.retrainIfDue(now: retrained.trainedAt.addingTimeInterval(60))
        #expect(due3 == false)
        // A moderator's correction counts as a new label, but one is not enough (retrain_after: 10).
        _ = try instance.database.reclassify(messageID: "labelled-1@example.org", to: "parking", at: retrained.trainedAt.addingTimeInterval(1))
        let due4 = try await trainer.retrainIfDue(now: retrained.trainedAt.addingTimeInterval(60))
        #expect(due4 == false)
        // A day later it retrains anyway.
        let due5 = try await trainer.retrainIfDue(now: retrained.trainedAt.addingTimeInterval(24 * 3600))
        #expect(due5)
    }
}
