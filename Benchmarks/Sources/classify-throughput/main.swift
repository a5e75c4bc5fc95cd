// Measures the sub-issue classifier on the 20 Newsgroups "bydate" training half: training time,
// accuracy and macro-F1 by cross-validation, and classification throughput.
//
//   swift run -c release classify-throughput [--folds 5] [DIR]
//
// DIR defaults to $PRAXIS_CORPORA/20news-bydate-train, else ../shared/corpora/20news-bydate-train
// beside the repository. Every figure is single-threaded except training, which trains one SVM per
// label in parallel as the daemon does. Reading the files is never measured.
import Foundation
import PraxisCommunity
import PraxisMail

var folds = 5
var directory: String?
var arguments = Array(CommandLine.arguments.dropFirst()).makeIterator()
while let argument = arguments.next() {
    if argument == "--folds", let value = arguments.next().flatMap(Int.init), value >= 2 {
        folds = value
    } else if !argument.hasPrefix("-") {
        directory = argument
    } else {
        FileHandle.standardError.write(Data("usage: classify-throughput [--folds N] [DIR]\n".utf8))
        exit(2)
    }
}

let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let corpora = ProcessInfo.processInfo.environment["PRAXIS_CORPORA"]
    ?? repository.deletingLastPathComponent().appendingPathComponent("shared/corpora").path
let root = directory ?? corpora + "/20news-bydate-train"

struct Document {
    var label: String
    var article: Int
    var bytes: [UInt8]
}

func load(_ root: String) -> [Document] {
    let manager = FileManager.default
    guard let labels = try? manager.contentsOfDirectory(atPath: root) else { return [] }
    var documents: [Document] = []
    for label in labels.sorted() where !label.hasPrefix(".") {
        guard let names = try? manager.contentsOfDirectory(atPath: root + "/" + label) else { continue }
        for name in names {
            guard let article = Int(name), let data = manager.contents(atPath: root + "/" + label + "/" + name) else { continue }
            documents.append(Document(label: label, article: article, bytes: [UInt8](data)))
        }
    }
    // Article numbers grow with time: sorting by them makes a chronological split possible.
    return documents.sorted { $0.article < $1.article }
}

let documents = load(root)
guard !documents.isEmpty else {
    FileHandle.standardError.write(Data("SKIPPED: no labelled messages in \(root)\n".utf8))
    exit(0)
}

let clock = ContinuousClock()
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
func time<T>(_ body: () async -> T) async -> (T, Double) {
    let start = clock.now
    let result = await body()
    return (result, seconds(clock.now - start))
}

func evaluate(truth: [String], predicted: [String]) -> (accuracy: Double, macroF1: Double) {
    var correct = 0
    var truePositives: [String: Int] = [:], predictedCounts: [String: Int] = [:], support: [String: Int] = [:]
    for (t, p) in zip(truth, predicted) {
        support[t, default: 0] += 1
        predictedCounts[p, default: 0] += 1
        if t == p { correct += 1; truePositives[t, default: 0] += 1 }
    }
    let labels = Set(support.keys).union(predictedCounts.keys)
    let f1s = labels.map { label -> Double in
        let tp = Double(truePositives[label] ?? 0)
        let precision = tp / Double(max(predictedCounts[label] ?? 0, 1))
        let recall = tp / Double(max(support[label] ?? 0, 1))
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }
    return (Double(correct) / Double(max(truth.count, 1)), f1s.reduce(0, +) / Double(max(labels.count, 1)))
}

print("\(documents.count) messages, \(Set(documents.map(\.label)).count) labels, from \(root)")

// Parsing and features, single-threaded.
let (messages, parseSeconds) = await time { documents.map { MailMessage($0.bytes) } }
let (features, featureSeconds) = await time { messages.map { TextFeatures(message: $0) } }
print(String(format: "parse                 %6.3f s  %8.0f messages/s", parseSeconds, Double(messages.count) / parseSeconds))
print(String(format: "trim + features       %6.3f s  %8.0f messages/s", featureSeconds, Double(messages.count) / featureSeconds))

// Training on everything.
let examples = zip(features, documents).map { TrainingExample(features: $0, label: $1.label) }
_ = await TextClassifier.train(Array(examples.prefix(500)))  // warm-up
let (model, trainSeconds) = await time { await TextClassifier.train(examples) }
print(String(format: "training              %6.3f s  on %d messages (%d labels, features precomputed; fitted temperature %.3f)",
             trainSeconds, examples.count, model.labels.count, model.temperature))

// Accuracy: chronological 70/30, then k-fold.
let cut = documents.count * 7 / 10
let chronological = await TextClassifier.train(Array(examples[..<cut]))
let held = Array(examples[cut...])
let chronologicalFigures = evaluate(truth: held.map(\.label), predicted: held.map { chronological.predict($0.features).label })
print(String(format: "chronological 70/30   accuracy %.4f  macro-F1 %.4f  (%d train, %d test)",
             chronologicalFigures.accuracy, chronologicalFigures.macroF1, cut, held.count))
var truth: [String] = [], predicted: [String] = []
for fold in 0..<folds {
    let training = examples.enumerated().filter { $0.offset % folds != fold }.map(\.element)
    let testing = examples.enumerated().filter { $0.offset % folds == fold }.map(\.element)
    let foldModel = await TextClassifier.train(training)
    truth += testing.map(\.label)
    predicted += testing.map { foldModel.predict($0.features).label }
}
let foldFigures = evaluate(truth: truth, predicted: predicted)
print(String(format: "%d-fold (interleaved)  accuracy %.4f  macro-F1 %.4f", folds, foldFigures.accuracy, foldFigures.macroF1))

// Throughput, single-threaded, best of 3.
func best(_ body: () -> Int) -> Double {
    var fastest = Double.infinity
    for _ in 0..<3 {
        let start = clock.now
        let checksum = body()
        fastest = min(fastest, seconds(clock.now - start))
        if checksum == -1 { print("") }  // keeps the work from being optimised away
    }
    return fastest
}
let predictOnly = best { features.reduce(0) { $0 + model.predict($1).label.utf8.count } }
let parseExcluded = best { messages.reduce(0) { $0 + model.predict(TextFeatures(message: $1)).label.utf8.count } }
let postClassifier = PostClassifier(
    subIssues: model.labels.map { SubIssue(id: $0) }, coreAddresses: [])
let stages = best {
    messages.reduce(0) { total, message in
        let trimmed = NewText.trimmed(message.body.readerText)
        return total + postClassifier.classify(
            message, trimmedText: trimmed, recipient: nil, senderIsCore: false, model: model).subIssue.utf8.count
    }
}
let parseIncluded = best {
    documents.reduce(0) { $0 + model.predict(TextFeatures(message: MailMessage($1.bytes))).label.utf8.count }
}
let count = Double(documents.count)
print(String(format: "predict (features given)          %8.0f messages/s", count / predictOnly))
print(String(format: "classify, parse excluded          %8.0f messages/s  (trim + features + predict)", count / parseExcluded))
print(String(format: "all stages, parse excluded        %8.0f messages/s  (tags + trim + features + predict)", count / stages))
print(String(format: "classify, parse included          %8.0f messages/s", count / parseIncluded))
