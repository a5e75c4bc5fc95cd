import Foundation
import PraxisCommunity
import PraxisMail

/// One message of a labelled folder tree: its folder's name and its bytes.
public struct LabelledMessage: Sendable {
    public var label: String
    public var bytes: [UInt8]

    public init(label: String, bytes: [UInt8]) {
        self.label = label
        self.bytes = bytes
    }
}

/// What `praxis classify evaluate` measures: the daemon's model trained on one set of labelled
/// messages and evaluated on another, with the time each half took.
public struct ClassifierTrial: Sendable {
    public let evaluation: ClassifierEvaluation
    public let trainingMessages: Int
    public let testMessages: Int
    /// The examples the configuration's sub-issues added to the training messages.
    public let seedExamples: Int
    /// Parsing, feature extraction and training; reading the files is not counted.
    public let trainingTime: Duration
    /// Parsing, feature extraction and prediction.
    public let predictionTime: Duration

    /// Trains on `training` (and, with a configuration, on its sub-issues' seeds, as the daemon's
    /// model is) and predicts `test`. With a configuration a prediction below its threshold counts
    /// as `general`, as ingest decides.
    public static func run(
        training: [LabelledMessage], test: [LabelledMessage], seededBy configuration: Configuration?
    ) async -> ClassifierTrial {
        let seeding = configuration.map {
            PostClassifier(subIssues: $0.allSubIssues, settings: $0.classification)
        }
        let clock = ContinuousClock()
        let trainingStart = clock.now
        let trainingFeatures = await concurrentMap(training.map(\.bytes)) { TextFeatures(message: MailMessage($0)) }
        var examples = seeding?.seedExamples() ?? []
        examples += zip(trainingFeatures, training).map { TrainingExample(features: $0, label: $1.label) }
        let classifier = await TextClassifier.train(examples)
        let trainingTime = clock.now - trainingStart

        let predictionStart = clock.now
        let predicted = await concurrentMap(test.map(\.bytes)) { bytes -> String in
            let features = TextFeatures(message: MailMessage(bytes))
            if let seeding { return seeding.predicted(features, model: classifier).subIssue }
            return classifier.predict(features).label
        }
        let predictionTime = clock.now - predictionStart
        return ClassifierTrial(
            evaluation: ClassifierEvaluation(truth: test.map(\.label), predicted: predicted),
            trainingMessages: training.count, testMessages: test.count,
            seedExamples: examples.count - training.count,
            trainingTime: trainingTime, predictionTime: predictionTime)
    }

    /// One JSON object a line per message: split, label, and the subject, trimmed text, quoted lines
    /// and sender address exactly as `TextFeatures(message:)` reads them, so that the baselines of
    /// `Benchmarks/classify-baselines.py` see the same text.
    public static func preparedLines(train: [LabelledMessage], test: [LabelledMessage]) -> String {
        var text = ""
        for (split, files) in [("train", train), ("test", test)] {
            for file in files {
                let message = MailMessage(file.bytes)
                var writer = JSONWriter()
                writer.object { object in
                    object.field("split", split)
                    object.field("label", file.label)
                    object.field("subject", message.subject ?? "")
                    let readerText = message.body.readerText
                    object.field("text", NewText.trimmed(readerText))
                    object.field("quoted", TextFeatures.quotedText(of: readerText))
                    object.field("sender", message.from.first?.address)
                }
                text += writer.text + "\n"
            }
        }
        return text
    }

    /// `transform` applied to every message on all cores; results in input order.
    static func concurrentMap<Result: Sendable>(
        _ messages: [[UInt8]], _ transform: @escaping @Sendable ([UInt8]) -> Result
    ) async -> [Result] {
        let chunkCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, messages.count))
        let chunkSize = (messages.count + chunkCount - 1) / max(chunkCount, 1)
        var chunks = [[Result]](repeating: [], count: chunkCount)
        await withTaskGroup(of: (Int, [Result]).self) { group in
            for chunk in 0..<chunkCount {
                let range = min(chunk * chunkSize, messages.count)..<min((chunk + 1) * chunkSize, messages.count)
                let slice = Array(messages[range])
                group.addTask { (chunk, slice.map(transform)) }
            }
            for await (chunk, results) in group { chunks[chunk] = results }
        }
        return chunks.flatMap { $0 }
    }
}

/// Accuracy and per-label precision, recall and F1 of a set of predictions.
public struct ClassifierEvaluation: Sendable {
    public struct LabelFigures: Sendable {
        public var label: String
        public var support: Int
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }

    /// A pair of labels the model mixed up, and how often.
    public struct Confusion: Sendable {
        public var truth: String
        public var predicted: String
        public var count: Int
    }

    public let accuracy: Double
    public let labels: [LabelFigures]
    /// Every (truth, predicted) pair with truth ≠ predicted, most frequent first.
    public let confusions: [Confusion]
    /// The mean F1 over every label that occurs in the truth or the predictions, as scikit-learn's
    /// macro average.
    public var macroF1: Double { labels.isEmpty ? 0 : labels.map(\.f1).reduce(0, +) / Double(labels.count) }

    public init(truth: [String], predicted: [String]) {
        var correct = 0
        var truePositives: [String: Int] = [:], predictedCounts: [String: Int] = [:], support: [String: Int] = [:]
        var pairs: [[String]: Int] = [:]
        for (t, p) in zip(truth, predicted) {
            if t != p { pairs[[t, p], default: 0] += 1 }
            support[t, default: 0] += 1
            predictedCounts[p, default: 0] += 1
            if t == p { correct += 1; truePositives[t, default: 0] += 1 }
        }
        accuracy = truth.isEmpty ? 0 : Double(correct) / Double(truth.count)
        confusions = pairs.map { Confusion(truth: $0.key[0], predicted: $0.key[1], count: $0.value) }
            .sorted { ($0.count, $1.truth, $1.predicted) > ($1.count, $0.truth, $0.predicted) }
        labels = Set(support.keys).union(predictedCounts.keys).sorted().map { label in
            let tp = Double(truePositives[label] ?? 0)
            let precision = tp / Double(max(predictedCounts[label] ?? 0, 1))
            let recall = tp / Double(max(support[label] ?? 0, 1))
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return LabelFigures(label: label, support: support[label] ?? 0, precision: precision, recall: recall, f1: f1)
        }
    }

    /// The per-label figures as an aligned text table, one line a label.
    public func table() -> String {
        let width = max(5, labels.map(\.label.count).max() ?? 0)
        func padded(_ text: String) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        var text = padded("label") + "  precision  recall      f1  support\n"
        for figures in labels {
            text += padded(figures.label)
                + String(format: "  %9.4f  %6.4f  %6.4f  %7d\n", figures.precision, figures.recall, figures.f1, figures.support)
        }
        return text
    }
}
