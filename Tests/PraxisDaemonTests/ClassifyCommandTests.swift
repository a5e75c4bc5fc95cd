import Foundation
import Testing

@Suite("praxis classify evaluate")
struct ClassifyCommandTests {
    static let topics = [
        "garden": ["compost", "seedlings", "orchard", "watering", "tomatoes", "mulch"],
        "housing": ["rent", "landlord", "tenancy", "eviction", "lease", "deposit"],
    ]

    /// A folder tree with one sub-folder per label and `count` messages in each.
    static func makeTree(_ root: URL, count: Int, offset: Int) throws {
        for (label, words) in topics {
            let folder = root.appendingPathComponent(label)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for i in 0..<count {
                let n = i + offset
                let body = (0..<8).map { words[($0 * 7 + n) % words.count] }.joined(separator: " ")
                let message = "From: m\(n)@example.org\r\nSubject: \(words[n % words.count])\r\n\r\n\(body)\r\n"
                try Data(message.utf8).write(to: folder.appendingPathComponent("\(n)"))
            }
        }
        // Not a label: a file at the top level is ignored.
        try Data("readme".utf8).write(to: root.appendingPathComponent("README"))
    }

    func run(_ arguments: [String]) throws -> PraxisBinary.Outcome {
        guard let outcome = try PraxisBinary.run(arguments) else {
            Issue.record("the praxis executable was not found beside the test bundle (\(Bundle.main.bundleURL.path))")
            return PraxisBinary.Outcome(status: -1, standardOutput: "", standardError: "")
        }
        return outcome
    }

    @Test func jsonHasExactlyTheDesignedFields() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-classify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.makeTree(root.appendingPathComponent("train"), count: 30, offset: 0)
        try Self.makeTree(root.appendingPathComponent("test"), count: 10, offset: 100)
        let outcome = try run([
            "classify", "evaluate", "--train", root.appendingPathComponent("train").path,
            "--test", root.appendingPathComponent("test").path, "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let line = outcome.standardOutput.trimmingCharacters(in: .newlines)
        #expect(!line.contains("\n"))
        let keys = ["accuracy", "macro_f1", "train_messages", "test_messages", "train_seconds", "predict_seconds"]
        let positions = keys.compactMap { line.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted(), "fields in the designed order")
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(Set(object?.keys ?? [:].keys) == Set(keys))
        #expect(object?["accuracy"] as? Double == 1.0)
        #expect(object?["macro_f1"] as? Double == 1.0)
        #expect(object?["train_messages"] as? Int == 60)
        #expect(object?["test_messages"] as? Int == 20)
        #expect((object?["train_seconds"] as? Double ?? -1) >= 0)
    }

    @Test func tableListsEveryLabel() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-classify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.makeTree(root.appendingPathComponent("train"), count: 20, offset: 0)
        try Self.makeTree(root.appendingPathComponent("test"), count: 5, offset: 50)
        let outcome = try run([
            "classify", "evaluate", "--train", root.appendingPathComponent("train").path,
            "--test", root.appendingPathComponent("test").path,
        ])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("garden "))
        #expect(outcome.standardOutput.contains("housing "))
        #expect(outcome.standardOutput.contains("accuracy 1.0000   macro-F1 1.0000"))
    }

    @Test func missingFolderIsAnError() throws {
        let outcome = try run(["classify", "evaluate", "--train", "/nonexistent/praxis", "--test", "/nonexistent/praxis"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("is not a directory"))
    }
}
