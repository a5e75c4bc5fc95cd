import ArgumentParser
import Foundation
import PraxisCommunity
import PraxisDaemon
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

/// `praxis classify evaluate --train DIR --test DIR [--config PATH] [--per-label N] [--json]`:
/// trains the daemon's model on one folder tree and measures it on another.
struct ClassifyEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Train the classifier on one folder tree and evaluate it on another.",
        discussion: """
            Each sub-folder of DIR is a label and each file in it one message. Times cover parsing, \
            feature extraction and training or prediction, not reading the files. With --config \
            (or $PRAXIS_CONFIG), the model is also seeded from that configuration's sub-issues, as \
            the daemon's is, and a prediction below its classification.threshold counts as \
            `general`; without it, the plain model is measured.
            """
    )

    @Option(name: .long, help: ArgumentHelp(
        "The configuration whose sub-issues seed the model and whose threshold applies (default: $PRAXIS_CONFIG, else none).",
        valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The labelled training messages.", valueName: "dir"))
    var train: String

    @Option(name: .long, help: ArgumentHelp("The labelled test messages.", valueName: "dir"))
    var test: String

    @Option(name: .long, help: ArgumentHelp(
        "Train on only the first N messages (by file name) of each label; 0 trains on the seeds alone.",
        valueName: "n"))
    var perLabel: Int?

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    /// Writes what the model reads of each message (subject, text, sender) as JSON lines, so that
    /// the baselines of `Benchmarks/classify-baselines.py` see exactly the same text.
    @Option(name: .long, help: .hidden)
    var dumpPrepared: String?

    func validate() throws {
        if let perLabel, perLabel < 0 { throw ValidationError("--per-label must be 0 or more") }
    }

    func run() async throws {
        var trainingFiles = try Self.labelledFiles(in: train)
        let testFiles = try Self.labelledFiles(in: test)
        if let perLabel {
            var taken: [String: Int] = [:]
            trainingFiles = trainingFiles.filter { file in
                taken[file.label, default: 0] += 1
                return taken[file.label, default: 0] <= perLabel
            }
        }
        let seeding = try seedingClassifier()
        guard !trainingFiles.isEmpty || seeding != nil else { throw ValidationError("no messages in \(train)") }
        if let dumpPrepared { try Self.dump(train: trainingFiles, test: testFiles, to: dumpPrepared) }

        let clock = ContinuousClock()
        let trainingStart = clock.now
        let trainingFeatures = await Self.concurrentMap(trainingFiles.map(\.bytes)) { TextFeatures(message: MailMessage($0)) }
        var examples = seeding?.seedExamples() ?? []
        examples += zip(trainingFeatures, trainingFiles).map { TrainingExample(features: $0, label: $1.label) }
        let classifier = await TextClassifier.train(examples)
        let trainingTime = clock.now - trainingStart

        let predictionStart = clock.now
        let predicted = await Self.concurrentMap(testFiles.map(\.bytes)) { bytes -> String in
            let features = TextFeatures(message: MailMessage(bytes))
            // With a configuration, as ingest decides: below the threshold is `general`.
            if let seeding { return seeding.predicted(features, model: classifier).subIssue }
            return classifier.predict(features).label
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
                object.field("train_seconds", Self.rounded(trainingTime.inSeconds))
                object.field("predict_seconds", Self.rounded(predictionTime.inSeconds))
                object.field("seed_examples", examples.count - trainingFiles.count)
                object.array("labels", evaluation.labels) { writer, figures in
                    writer.object { item in
                        item.field("label", figures.label)
                        item.field("support", figures.support)
                        item.field("precision", Self.rounded(figures.precision))
                        item.field("recall", Self.rounded(figures.recall))
                        item.field("f1", Self.rounded(figures.f1))
                    }
                }
                object.array("confusion", evaluation.confusions) { writer, pair in
                    writer.object { item in
                        item.field("truth", pair.truth)
                        item.field("predicted", pair.predicted)
                        item.field("count", pair.count)
                    }
                }
            }
            output.write(writer.text + "\n")
        } else {
            output.write(evaluation.table())
            if !evaluation.confusions.isEmpty {
                output.write("\nmost confused (truth -> predicted: messages):\n")
                for pair in evaluation.confusions.prefix(10) {
                    output.write("  \(pair.truth) -> \(pair.predicted): \(pair.count)\n")
                }
            }
            output.write(String(format: "\naccuracy %.4f   macro-F1 %.4f\n", evaluation.accuracy, evaluation.macroF1))
            output.write(String(
                format: "trained on %d messages in %.3f s; predicted %d messages in %.3f s (%.0f messages/s)\n",
                trainingFiles.count, trainingTime.inSeconds, testFiles.count, predictionTime.inSeconds,
                Double(testFiles.count) / max(predictionTime.inSeconds, 1e-9)))
        }
        output.flush()
    }

    /// The stages of the configuration given by `--config` or `$PRAXIS_CONFIG`, or nil for none.
    /// Unlike other commands there is no default file: the plain model needs none.
    func seedingClassifier() throws -> PostClassifier? {
        guard let path = config ?? ProcessInfo.processInfo.environment["PRAXIS_CONFIG"] else { return nil }
        do {
            let configuration = try ConfigurationLoader.load(path: path)
            return PostClassifier(
                subIssues: configuration.allSubIssues, coreAddresses: configuration.circles.core,
                settings: configuration.classification)
        } catch let error as ConfigurationError {
            let lines = error.problems.map { "praxis: \($0)\n" }.joined()
            FileHandle.standardError.write(Data(lines.utf8))
            throw ExitCode(2)
        }
    }

    /// One JSON object a line per message: split, label, and the subject, trimmed text, quoted lines
    /// and sender address exactly as `TextFeatures(message:)` reads them.
    static func dump(train: [(label: String, bytes: [UInt8])], test: [(label: String, bytes: [UInt8])], to path: String) throws {
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
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw ValidationError("cannot write \(path)")
        }
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

    /// A pair of labels the model mixed up, and how often.
    struct Confusion {
        var truth: String
        var predicted: String
        var count: Int
    }

    let accuracy: Double
    let labels: [LabelFigures]
    /// Every (truth, predicted) pair with truth ≠ predicted, most frequent first.
    let confusions: [Confusion]
    /// The mean F1 over every label that occurs in the truth or the predictions, as scikit-learn's
    /// macro average.
    var macroF1: Double { labels.isEmpty ? 0 : labels.map(\.f1).reduce(0, +) / Double(labels.count) }

    init(truth: [String], predicted: [String]) {
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
