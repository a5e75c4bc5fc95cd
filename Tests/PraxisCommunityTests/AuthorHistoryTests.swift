import Foundation
import Testing
@testable import PraxisCommunity

@Suite("AuthorHistory")
struct AuthorHistoryTests {
    static let alice = TextFeatures(subject: "", text: "", senderAddress: "Alice@Example.org")

    /// The term is weight · log(P(label | author) · labelCount): zero for a label the author's
    /// smoothed share is uniform in, positive above it, negative below; unknown authors get none.
    @Test(arguments: [
        // posts per label, excluding, expected terms (weight 1, smoothing 1)
        ([3, 0, 0], nil as Int?, [log(4.0 * 3 / 6), log(1.0 * 3 / 6), log(1.0 * 3 / 6)]),
        ([1, 1, 1], nil, [0.0, 0.0, 0.0]),
        ([3, 0, 0], 0, [log(3.0 * 3 / 5), log(1.0 * 3 / 5), log(1.0 * 3 / 5)]),
        ([1, 0, 0], 0, nil),  // the author's only post left out: unknown
        ([0, 0, 0], nil, nil),
    ])
    func terms(posts: [UInt32], excluding: Int?, expected: [Double]?) throws {
        let key = try #require(Self.alice.author)
        let history = AuthorHistory(counts: [key: posts], weight: 1, smoothing: 1)
        let terms = history.terms(author: key, excluding: excluding)
        #expect((terms == nil) == (expected == nil))
        for (term, value) in zip(terms ?? [], expected ?? []) { #expect(abs(term - value) < 1e-12) }
        #expect(history.terms(author: key &+ 1) == nil, "an unknown author")
        #expect(history.terms(author: nil) == nil)
        #expect(AuthorHistory(counts: [key: posts], weight: 0, smoothing: 1).terms(author: key) == nil)
    }

    /// The key ignores case, as addresses do in practice, and is no feature index.
    @Test func authorKeyIgnoresCase() {
        let lower = TextFeatures(subject: "", text: "", senderAddress: "alice@example.org")
        #expect(lower.author == Self.alice.author)
        #expect(TextFeatures(subject: "", text: "", senderAddress: "bob@example.org").author != lower.author)
        #expect(TextFeatures(subject: "", text: "", senderAddress: "no-at-sign").author == nil)
        #expect(TextFeatures(subject: "", text: "", senderAddress: nil).author == nil)
    }

    static func example(_ text: String, from sender: String?, _ label: String) -> TrainingExample {
        TrainingExample(features: TextFeatures(subject: "", text: text, senderAddress: sender), label: label)
    }

    /// Nasty first: a clear post from an author who always wrote elsewhere keeps its text's label;
    /// only a post the text leaves open is tipped by who wrote it.
    @Test func historyTipsAnOpenPostButNotAClearOne() async throws {
        var examples = TextClassifierTests.corpus(count: 300, seedOffset: 21)
        for i in 0..<40 {
            examples.append(Self.example("rent landlord lease meeting \(i % 3 == 0 ? "thanks" : "")", from: "carol@example.net", "housing"))
        }
        var options = TextClassifier.TrainingOptions()
        let with = await TextClassifier.train(examples, options: options)
        options.authorWeight = 0
        let without = await TextClassifier.train(examples, options: options)

        let clear = TextFeatures(subject: "compost", text: "seedlings orchard mulch pruning soil", senderAddress: "carol@example.net")
        #expect(with.predict(clear).label == "garden")
        let open = TextFeatures(subject: "", text: "meeting thanks everyone", senderAddress: "carol@example.net")
        let housing = try #require(with.labels.firstIndex(of: "housing"))
        #expect(with.predict(open).scores[housing] > without.predict(open).scores[housing])
        let evidence = try #require(with.authorEvidence(open, toward: "housing"))
        #expect(evidence.posts[housing] == 40 && evidence.posts.reduce(0, +) == 40)
        #expect(evidence.weight > 0)
        let stranger = TextFeatures(subject: "", text: "meeting thanks everyone", senderAddress: "dave@example.net")
        #expect(with.authorEvidence(stranger, toward: "housing") == nil)
        // Besides its address feature, a stranger's post scores as without the history.
        #expect(zip(with.predict(stranger).scores, without.predict(stranger).scores).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func historySurvivesPersistenceAndVersionOneModelsStillRead() async throws {
        let classifier = await TextClassifier.train(TextClassifierTests.corpus(count: 300, seedOffset: 8))
        #expect(!classifier.authors.counts.isEmpty)
        let decoded = try TextClassifier(decoding: classifier.encoded())
        #expect(decoded.authors == classifier.authors)
        for example in TextClassifierTests.corpus(count: 30, seedOffset: 77) {
            #expect(decoded.predict(example.features) == classifier.predict(example.features))
        }
        // A version 1 model, as stored before the history: the same bytes up to the biases.
        let plain = TextClassifier(
            labels: classifier.labels, temperature: classifier.temperature, featureIndices: classifier.featureIndices,
            inverseDocumentFrequency: classifier.inverseDocumentFrequency, weights: classifier.weights,
            biases: classifier.biases)
        var version1 = plain.encoded()
        version1.removeLast(8 + 8 + 4)  // weight, smoothing, no authors
        version1[4] = 1
        let old = try TextClassifier(decoding: version1)
        #expect(old.authors == .none && old.labels == classifier.labels)
        // Hostile: an author count larger than the bytes that follow.
        var hostile = classifier.encoded()
        let countOffset = plain.encoded().count - 4
        hostile.replaceSubrange(countOffset..<countOffset + 4, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: CommunityError.self) { try TextClassifier(decoding: hostile) }
    }
}
