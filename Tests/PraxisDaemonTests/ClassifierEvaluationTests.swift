import Testing
@testable import PraxisDaemon

@Suite("Classifier evaluation figures")
struct ClassifierEvaluationTests {
    struct Figures: Sendable, CustomTestStringConvertible {
        var truth: [String]
        var predicted: [String]
        var accuracy: Double
        var macroF1: Double
        /// label: support, precision, recall, F1.
        var labels: [String: [Double]]
        /// truth→predicted: count, most frequent first.
        var confusions: [String]
        var testDescription: String { "\(truth) predicted as \(predicted)" }
    }

    @Test(arguments: [
        Figures(truth: ["a", "a", "b", "b"], predicted: ["a", "b", "b", "b"], accuracy: 0.75, macroF1: (2.0 / 3 + 0.8) / 2,
                labels: ["a": [2, 1, 0.5, 2.0 / 3], "b": [2, 2.0 / 3, 1, 0.8]], confusions: ["a→b: 1"]),
        // A label only ever predicted counts in the macro average, with support 0.
        Figures(truth: ["a"], predicted: ["c"], accuracy: 0, macroF1: 0,
                labels: ["a": [1, 0, 0, 0], "c": [0, 0, 0, 0]], confusions: ["a→c: 1"]),
        Figures(truth: [], predicted: [], accuracy: 0, macroF1: 0, labels: [:], confusions: []),
        // Ties in count are ordered by truth, then by prediction.
        Figures(truth: ["x", "z", "z", "b"], predicted: ["y", "a", "a", "c"], accuracy: 0, macroF1: 0,
                labels: ["a": [0, 0, 0, 0], "b": [1, 0, 0, 0], "c": [0, 0, 0, 0], "x": [1, 0, 0, 0], "y": [0, 0, 0, 0], "z": [2, 0, 0, 0]],
                confusions: ["z→a: 2", "b→c: 1", "x→y: 1"]),
    ])
    func figures(_ expected: Figures) {
        let evaluation = ClassifierEvaluation(truth: expected.truth, predicted: expected.predicted)
        #expect(abs(evaluation.accuracy - expected.accuracy) < 1e-9)
        #expect(abs(evaluation.macroF1 - expected.macroF1) < 1e-9)
        #expect(evaluation.labels.map(\.label) == expected.labels.keys.sorted())
        for figures in evaluation.labels {
            let actual = [Double(figures.support), figures.precision, figures.recall, figures.f1]
            let wanted = expected.labels[figures.label] ?? []
            #expect(wanted.count == 4 && zip(actual, wanted).allSatisfy { abs($0 - $1) < 1e-9 }, "\(figures.label): \(actual)")
        }
        #expect(evaluation.confusions.map { "\($0.truth)→\($0.predicted): \($0.count)" } == expected.confusions)
    }

    @Test func theTableAlignsEveryLabel() {
        let table = ClassifierEvaluation(truth: ["a", "long-label"], predicted: ["a", "a"]).table()
        #expect(table == """
            label       precision  recall      f1  support
            a              0.5000  1.0000  0.6667        1
            long-label     0.0000  0.0000  0.0000        1

            """)
    }
}
