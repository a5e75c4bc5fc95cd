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
        // The designed fields come first and unchanged; issue 18 added the ones after them.
        #expect(Set(object?.keys ?? [:].keys) == Set(keys + ["seed_examples", "labels", "confusion"]))
        #expect(positions.last.map { p in line.range(of: "\"labels\"").map { $0.lowerBound > p } ?? false } ?? false)
        let labels = object?["labels"] as? [[String: Any]] ?? []
        #expect(labels.compactMap { $0["label"] as? String } == ["garden", "housing"])
        #expect(labels.allSatisfy { $0["precision"] as? Double == 1.0 && $0["recall"] as? Double == 1.0 && $0["support"] as? Int == 10 })
        #expect((object?["confusion"] as? [Any])?.isEmpty == true)
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

    /// Issue 18: per-label precision and recall and the pairs the model mixed up, from a test
    /// tree where some "housing" posts really are about the garden.
    @Test func jsonNamesConfusedPairs() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-classify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.makeTree(root.appendingPathComponent("train"), count: 30, offset: 0)
        try Self.makeTree(root.appendingPathComponent("test"), count: 10, offset: 100)
        for n in 0..<3 {
            let message = "From: x\(n)@example.org\r\nSubject: compost\r\n\r\ncompost mulch seedlings orchard tomatoes\r\n"
            try Data(message.utf8).write(to: root.appendingPathComponent("test/housing/misfiled\(n)"))
        }
        let outcome = try run([
            "classify", "evaluate", "--train", root.appendingPathComponent("train").path,
            "--test", root.appendingPathComponent("test").path, "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        let confusion = object?["confusion"] as? [[String: Any]] ?? []
        #expect(confusion.count == 1)
        #expect(confusion.first?["truth"] as? String == "housing")
        #expect(confusion.first?["predicted"] as? String == "garden")
        #expect(confusion.first?["count"] as? Int == 3)
        let labels = Dictionary(uniqueKeysWithValues: (object?["labels"] as? [[String: Any]] ?? []).compactMap { item in
            (item["label"] as? String).map { ($0, item) }
        })
        #expect(labels["housing"]?["recall"] as? Double == 0.7692)
        #expect(labels["garden"]?["precision"] as? Double == 0.7692)
        #expect(labels["garden"]?["recall"] as? Double == 1.0)
    }

    /// `--config` seeds the model from the configuration's sub-issues, as the daemon does, and
    /// applies its threshold; with `--per-label 0` the seeds alone are the model (day one).
    @Test func configSeedsTheModel() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-classify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.makeTree(root.appendingPathComponent("train"), count: 30, offset: 0)
        try Self.makeTree(root.appendingPathComponent("test"), count: 10, offset: 100)
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: """
            sub_issues:
              - {id: garden, name: Community garden, keywords: [compost, seedlings, orchard, watering, tomatoes, mulch]}
              - {id: housing, name: Housing, keywords: [rent, landlord, tenancy, eviction, lease, deposit]}
            classification: {threshold: 0.4}
            """))
        let outcome = try run([
            "classify", "evaluate", "--config", community.configPath, "--per-label", "0",
            "--train", root.appendingPathComponent("train").path, "--test", root.appendingPathComponent("test").path, "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        #expect(object?["train_messages"] as? Int == 0)
        #expect((object?["seed_examples"] as? Int ?? 0) > 0)
        #expect(object?["accuracy"] as? Double == 1.0, "\(outcome.standardOutput)")
        // Without the configuration there is nothing to train on.
        let none = try run([
            "classify", "evaluate", "--per-label", "0",
            "--train", root.appendingPathComponent("train").path, "--test", root.appendingPathComponent("test").path,
        ])
        #expect(none.status != 0)
    }

    @Test func missingFolderIsAnError() throws {
        let outcome = try run(["classify", "evaluate", "--train", "/nonexistent/praxis", "--test", "/nonexistent/praxis"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("is not a directory"))
    }
}
