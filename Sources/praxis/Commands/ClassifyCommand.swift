import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis classify ...`: the learned sub-issue classifier (DESIGN.md §2.3, §4).
struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify posts by sub-issue.",
        discussion: "`praxis classify FILE` is short for `praxis classify file FILE`.",
        subcommands: [ClassifyFileCommand.self, ClassifySetCommand.self, ClassifyEvaluateCommand.self],
        defaultSubcommand: ClassifyFileCommand.self
    )

    /// A figure as the classify commands print it in JSON: four decimals.
    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
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
        let seeding = try seedingConfiguration()
        guard !trainingFiles.isEmpty || seeding != nil else { throw ValidationError("no messages in \(train)") }
        if let dumpPrepared {
            let lines = ClassifierTrial.preparedLines(train: trainingFiles, test: testFiles)
            guard FileManager.default.createFile(atPath: dumpPrepared, contents: Data(lines.utf8)) else {
                throw ValidationError("cannot write \(dumpPrepared)")
            }
        }
        let trial = await ClassifierTrial.run(training: trainingFiles, test: testFiles, seededBy: seeding)
        var output = StandardOutput()
        output.write(json ? Self.jsonText(trial) : Self.text(trial))
        output.flush()
    }

    static func jsonText(_ trial: ClassifierTrial) -> String {
        let evaluation = trial.evaluation
        var writer = JSONWriter()
        writer.object { object in
            object.field("accuracy", ClassifyCommand.rounded(evaluation.accuracy))
            object.field("macro_f1", ClassifyCommand.rounded(evaluation.macroF1))
            object.field("train_messages", trial.trainingMessages)
            object.field("test_messages", trial.testMessages)
            object.field("train_seconds", ClassifyCommand.rounded(trial.trainingTime.inSeconds))
            object.field("predict_seconds", ClassifyCommand.rounded(trial.predictionTime.inSeconds))
            object.field("seed_examples", trial.seedExamples)
            object.array("labels", evaluation.labels) { writer, figures in
                writer.object { item in
                    item.field("label", figures.label)
                    item.field("support", figures.support)
                    item.field("precision", ClassifyCommand.rounded(figures.precision))
                    item.field("recall", ClassifyCommand.rounded(figures.recall))
                    item.field("f1", ClassifyCommand.rounded(figures.f1))
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
        return writer.text + "\n"
    }

    static func text(_ trial: ClassifierTrial) -> String {
        let evaluation = trial.evaluation
        var text = evaluation.table()
        if !evaluation.confusions.isEmpty {
            text += "\nmost confused (truth -> predicted: messages):\n"
            for pair in evaluation.confusions.prefix(10) {
                text += "  \(pair.truth) -> \(pair.predicted): \(pair.count)\n"
            }
        }
        text += String(format: "\naccuracy %.4f   macro-F1 %.4f\n", evaluation.accuracy, evaluation.macroF1)
        text += String(
            format: "trained on %d messages in %.3f s; predicted %d messages in %.3f s (%.0f messages/s)\n",
            trial.trainingMessages, trial.trainingTime.inSeconds, trial.testMessages, trial.predictionTime.inSeconds,
            Double(trial.testMessages) / max(trial.predictionTime.inSeconds, 1e-9))
        return text
    }

    /// The configuration given by `--config` or `$PRAXIS_CONFIG`, or nil for none. Unlike other
    /// commands there is no default file: the plain model needs none.
    func seedingConfiguration() throws -> Configuration? {
        guard let path = config ?? ProcessInfo.processInfo.environment["PRAXIS_CONFIG"] else { return nil }
        do {
            return try ConfigurationLoader.load(path: path)
        } catch let error as DaemonError {
            let lines = error.problems.map { "praxis: \($0)\n" }.joined()
            FileHandle.standardError.write(Data(lines.utf8))
            throw ExitCode(2)
        }
    }

    /// Every regular file in every sub-folder of `directory`, sorted; hidden names are skipped.
    static func labelledFiles(in directory: String) throws -> [LabelledMessage] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(directory) is not a directory")
        }
        var files: [LabelledMessage] = []
        for label in try manager.contentsOfDirectory(atPath: directory).sorted() where !label.hasPrefix(".") {
            let folder = directory + "/" + label
            guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for name in try manager.contentsOfDirectory(atPath: folder).sorted() where !name.hasPrefix(".") {
                let path = folder + "/" + name
                guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      let data = manager.contents(atPath: path) else { continue }
                files.append(LabelledMessage(label: label, bytes: [UInt8](data)))
            }
        }
        return files
    }
}
