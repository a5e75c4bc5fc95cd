import PraxisCommunity
import Testing
@testable import PraxisDaemon

/// `praxis classify FILE --explain` names the author's history among the features (issue 18),
/// and never a sub-issue the model may no longer choose.
@Suite("Author history in --explain")
struct AuthorExplanationTests {
    static func example(_ text: String, from sender: String, _ label: String) -> TrainingExample {
        TrainingExample(features: TextFeatures(subject: "", text: text, senderAddress: sender), label: label)
    }

    static func model() async -> TextClassifier {
        var examples: [TrainingExample] = []
        for i in 0..<30 {
            examples.append(example("compost mulch seedlings soil \(i)", from: "gardener\(i % 5)@example.org", "garden"))
            examples.append(example("rent landlord lease deposit \(i)", from: "tenant\(i % 5)@example.org", "housing"))
        }
        // Bob wrote mostly in what the configuration has since made protected.
        for i in 0..<12 { examples.append(example("minutes of the closed meeting \(i)", from: "bob@example.org", "board")) }
        examples.append(example("rent and lease questions", from: "bob@example.org", "housing"))
        return await TextClassifier.train(examples)
    }

    /// Nasty first: the author's usual sub-issue is now protected; it must not be named.
    @Test(arguments: [
        // sender, text, learnable, expected start of the feature name, a sub-issue it must not name
        ("bob@example.org", "rent lease", Set(["garden", "housing"]), "author: usually writes in housing (1 of 1 earlier posts)", "13"),
        ("bob@example.org", "rent lease", Set(["garden", "housing", "board"]), "author: usually writes in board (12 of 13 earlier posts; 1 in housing)", ""),
        ("tenant1@example.org", "rent lease", Set(["garden", "housing"]), "author: usually writes in housing (6 of 6 earlier posts)", "board"),
    ])
    func authorFeature(sender: String, text: String, learnable: Set<String>, expected: String, forbidden: String) async throws {
        let model = await Self.model()
        let features = TextFeatures(subject: "", text: text, senderAddress: sender)
        let prediction = model.predict(features)
        #expect(prediction.label == "housing")
        let feature = try #require(MessageClassification.authorFeature(
            features, prediction: prediction.label, model: model, learnable: learnable))
        #expect(feature.name.hasPrefix(expected), "\(feature.name)")
        if !forbidden.isEmpty { #expect(!feature.name.contains(forbidden)) }
    }

    @Test func anUnknownAuthorHasNoHistoryFeature() async {
        let model = await Self.model()
        let features = TextFeatures(subject: "", text: "rent lease", senderAddress: "stranger@example.net")
        #expect(MessageClassification.authorFeature(features, prediction: "housing", model: model, learnable: ["housing"])?.name == nil)
    }
}
