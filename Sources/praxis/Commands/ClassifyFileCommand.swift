import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis classify FILE [--explain] [--json]`: which sub-issue a message would get, decided by
/// which stage, and why — with the community's current model and the store's threads.
struct ClassifyFileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "file",
        abstract: "Show which sub-issue a message gets, decided by which stage, and why.",
        discussion: """
            Runs the stages as ingest does: a tag in the subject, a list+id@ address or a core \
            member's X-Praxis-Sub-Issue header; else the stored post it answers (In-Reply-To, \
            References); else the model above the threshold; else general. Nothing is recorded.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The message file.", valueName: "file"))
    var file: String

    @Flag(name: .long, help: "Also show the model's score per sub-issue and the features that weighed most.")
    var explain = false

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func run() async throws {
        let instance = try global.openInstance()
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("praxis: cannot read the message file \(file)")
            throw ExitCode(2)
        }
        guard let classified = try await instance.classify(messageBytes: [UInt8](data), explain: explain) else {
            printError("praxis: \(file) is not a mail message: it has no header fields")
            throw ExitCode(1)
        }
        var output = StandardOutput()
        output.write(json ? jsonText(classified) : text(classified))
        output.flush()
    }

    func jsonText(_ classified: MessageClassification) -> String {
        var writer = JSONWriter()
        writer.object { object in
            object.field("file", file)
            object.field("sub_issue", classified.subIssue)
            object.field("stage", classified.stage)
            if let confidence = classified.confidence { object.field("confidence", ClassifyCommand.rounded(confidence)) } else {
                object.raw("confidence", "null")
            }
            object.field("protected", classified.isProtected)
            object.field("reason", classified.reason)
            if explain {
                object.array("scores", classified.scores) { writer, score in
                    writer.object { item in
                        item.field("sub_issue", score.subIssue)
                        item.field("probability", ClassifyCommand.rounded(score.probability))
                        item.field("margin", ClassifyCommand.rounded(score.margin))
                    }
                }
                object.array("features", classified.features) { writer, feature in
                    writer.object { item in
                        item.field("feature", feature.name)
                        item.field("weight", ClassifyCommand.rounded(feature.weight))
                    }
                }
            }
        }
        return writer.text + "\n"
    }

    func text(_ classified: MessageClassification) -> String {
        var text = "sub-issue   \(classified.subIssue)\(classified.isProtected ? " (protected)" : "")\n"
        text += "stage       \(classified.stage)\n"
        text += "reason      \(classified.reason)\n"
        if let confidence = classified.confidence {
            text += String(format: "confidence  %.4f (threshold %.2f)\n", confidence, classified.threshold)
        }
        guard explain else { return text }
        guard classified.hasModel, let label = classified.predictedLabel else { return text + "\nthere is no model yet\n" }
        text += "\nmodel scores (calibrated probability, margin):\n"
        let width = max(9, classified.scores.map(\.subIssue.count).max() ?? 0)
        for score in classified.scores.sorted(by: { $0.margin > $1.margin }) {
            text += "  " + score.subIssue.padding(toLength: width, withPad: " ", startingAt: 0)
                + String(format: "  %.4f  %+.4f\n", score.probability, score.margin)
        }
        text += "\nfeatures that weighed most for \(label):\n"
        for feature in classified.features {
            text += String(format: "  %+.4f  ", feature.weight) + feature.name + "\n"
        }
        if classified.features.isEmpty {
            // Said rather than left blank: the prediction then rests on the biases alone.
            text += "  none: the model knows no word of this post (its scores are the biases alone)\n"
        }
        return text
    }
}

/// `praxis classify set MESSAGE-ID SUB-ISSUE`: a moderator's correction.
struct ClassifySetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Move a post to another sub-issue (a moderator's correction).",
        discussion: """
            The posts of its thread that had inherited its old sub-issue follow. The correction \
            becomes training data for the model.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The post's Message-ID, with or without angle brackets.", valueName: "message-id"))
    var messageID: String

    @Argument(help: ArgumentHelp("The sub-issue: an id, alias or name.", valueName: "sub-issue"))
    var subIssue: String

    func run() throws {
        let instance = try global.openInstance()
        let bare = messageID.trimmingCharacters(in: CharacterSet(charactersIn: " <>"))
        switch try instance.reclassify(messageID: bare, to: subIssue, at: Date()) {
        case .unknownSubIssue(let known):
            printError("praxis: \"\(subIssue)\" is no sub-issue of \(global.configPath); known: \(known.joined(separator: ", "))")
            throw ExitCode(2)
        case .unknownPost:
            printError("praxis: no post has the Message-ID <\(bare)> in \(instance.configuration.paths.database)")
            throw ExitCode(1)
        case .moved(let id, let changed):
            print("<\(bare)> is now in \(id); \(changed) post\(changed == 1 ? "" : "s") changed")
        case .alreadyThere(let id):
            print("<\(bare)> was already in \(id); nothing changed (kept as a moderator's confirmation for the model)")
        }
    }
}
