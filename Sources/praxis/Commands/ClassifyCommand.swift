import ArgumentParser
import Foundation
import PraxisCommunity
import PraxisMail

/// `praxis classify ...`: the learned sub-issue classifier (DESIGN.md §2.3, §4).
struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify posts by sub-issue.",
        discussion: "`praxis classify FILE` is short for `praxis classify file FILE`.",
        subcommands: [ClassifyFileCommand.self, ClassifySetCommand.self, ClassifyEvaluateCommand.self],
        defaultSubcommand: ClassifyFileCommand.self
    )
}

/// `praxis classify evaluate --train DIR --test DIR [--json]`: trains the daemon's model on one
/// folder tree and measures it on another.
struct ClassifyEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Train the classifier on one folder tree and evaluate it on another.",
        discussion: """
            Each sub-folder of DIR is a label and each file in it one message. Times cover parsing, \
            feature extraction and training or prediction, not reading the files.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The labelled training messages.", valueName: "dir"))
    var train: String

    @Option(name: .long, help: ArgumentHelp("The labelled test messages.", valueName: "dir"))
    var test: String

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func run() async throws {
        let trainingFiles = try Self.labelledFiles(in: train)
        let testFiles = try Self.labelledFiles(in: test)
        guard !trainingFiles.isEmpty else { throw ValidationError("no messages in \(train)") }

        let clock = ContinuousClock()
        let trainingStart = clock.now
        let trainingFeatures = await Self.concurrentMap(trainingFiles.map(\.bytes)) { TextFeatures(message: MailMessage($0)) }
        let examples = zip(trainingFeatures, trainingFiles).map { TrainingExample(features: $0, label: $1.label) }
        let classifier = await TextClassifier.train(examples)
        let trainingTime = clock.now - trainingStart

        let predictionStart = clock.now
        let predicted = await Self.concurrentMap(testFiles.map(\.bytes)) {
            classifier.predict(TextFeatures(message: MailMessage($0))).label
        }
        let predictionTime = clock.now - predictionStart

        let evaluation = Evaluation(truth: testFiles.map(\.label), predicted: predicted)
        var output = StandardOutput()
        if json {
            var writer = JSONWriter()
            writer.object { object in
                object.field("accuracy", Self.rounded(evaluation.accuracy))
                object.field("macro_f1", Self.rounded(evaluation.macroF1))
                object.field("train_messages", trainingFiles.count)
                object.field("test_messages", testFiles.count)
                object.field("train_seconds", Self.rounded(Self.seconds(trainingTime)))
                object.field("predict_seconds", Self.rounded(Self.seconds(predictionTime)))
            }
            output.write(writer.text + "\n")
        } else {
            output.write(evaluation.table())
            output.write(String(format: "\naccuracy %.4f   macro-F1 %.4f\n", evaluation.accuracy, evaluation.macroF1))
            output.write(String(
                format: "trained on %d messages in %.3f s; predicted %d messages in %.3f s (%.0f messages/s)\n",
                trainingFiles.count, Self.seconds(trainingTime), testFiles.count, Self.seconds(predictionTime),
                Double(testFiles.count) / max(Self.seconds(predictionTime), 1e-9)))
        }
        output.flush()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    /// Every regular file in every sub-folder of `directory`, sorted; hidden names are skipped.
    static func labelledFiles(in directory: String) throws -> [(label: String, bytes: [UInt8])] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(directory) is not a directory")
        }
        var files: [(label: String, bytes: [UInt8])] = []
        for label in try manager.contentsOfDirectory(atPath: directory).sorted() where !label.hasPrefix(".") {
            let folder = directory + "/" + label
            guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for name in try manager.contentsOfDirectory(atPath: folder).sorted() where !name.hasPrefix(".") {
                let path = folder + "/" + name
                guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      let data = manager.contents(atPath: path) else { continue }
                files.append((label, [UInt8](data)))
            }
        }
        return files
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
struct Evaluation {
    struct LabelFigures {
        var label: String
        var support: Int
        var precision: Double
        var recall: Double
        var f1: Double
    }

    let accuracy: Double
    let labels: [LabelFigures]
    /// The mean F1 over every label that occurs in the truth or the predictions, as scikit-learn's
    /// macro average.
    var macroF1: Double { labels.isEmpty ? 0 : labels.map(\.f1).reduce(0, +) / Double(labels.count) }

    init(truth: [String], predicted: [String]) {
        var correct = 0
        var truePositives: [String: Int] = [:], predictedCounts: [String: Int] = [:], support: [String: Int] = [:]
        for (t, p) in zip(truth, predicted) {
            support[t, default: 0] += 1
            predictedCounts[p, default: 0] += 1
            if t == p { correct += 1; truePositives[t, default: 0] += 1 }
        }
        accuracy = truth.isEmpty ? 0 : Double(correct) / Double(truth.count)
        labels = Set(support.keys).union(predictedCounts.keys).sorted().map { label in
            let tp = Double(truePositives[label] ?? 0)
            let precision = tp / Double(max(predictedCounts[label] ?? 0, 1))
            let recall = tp / Double(max(support[label] ?? 0, 1))
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return LabelFigures(label: label, support: support[label] ?? 0, precision: precision, recall: recall, f1: f1)
        }
    }

    func table() -> String {
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
