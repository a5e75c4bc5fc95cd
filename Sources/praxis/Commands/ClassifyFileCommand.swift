import ArgumentParser
import Foundation
import PraxisCommunity
import PraxisDaemon
import PraxisMail
import PraxisStore

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
        let message = MailMessage([UInt8](data))
        guard message.hasHeaderFields else {
            printError("praxis: \(file) is not a mail message: it has no header fields")
            throw ExitCode(1)
        }
        try await instance.loadClassifier()
        let configuration = instance.configuration
        let classifier = instance.incomingClassifier(configuration).classifier
        let model = instance.currentClassifier.model
        let subject = message.subject ?? ""
        let readerText = message.body.readerText
        let trimmed = NewText.trimmed(readerText)
        let quoted = TextFeatures.quotedText(of: readerText)
        let author = message.from.first?.normalized
        let recipient = Screener(community: configuration.community).recipient(of: message)
        let senderIsCore = classifier.isCore(author, storeCore: try instance.database.coreMemberAddresses())
        let header = message.header(PostClassifier.headerName)
        let features = TextFeatures(subject: subject, text: trimmed, quoted: quoted, senderAddress: message.from.first?.address)

        var decision = classifier.classify(
            subject: subject, recipient: recipient, header: header, senderIsCore: senderIsCore,
            features: { features }, model: model)
        var stage = decision.stage.rawValue
        var reason = Self.reason(decision, classifier: classifier, subject: subject, recipient: recipient,
                                 header: header, senderIsCore: senderIsCore)
        // The thread stage as the store applies it, from the post this one answers.
        var seen = Set<String>()
        let references = (message.inReplyTo + message.references.reversed()).filter { seen.insert($0).inserted }
        if let inherited = try instance.database.inheritedClassification(references: references),
           inherited.isProtected || decision.stage != .explicit {
            decision.subIssue = inherited.subIssue
            decision.isProtected = decision.isProtected || inherited.isProtected
            stage = "thread"
            reason = inherited.isProtected
                ? "a reply in a protected thread stays in its sub-issue"
                : "a reply inherits the sub-issue of the post it answers"
        }

        let prediction = model.map { $0.predict(features) }
        let contributions = explain ? (model?.topContributions(features, toward: prediction?.label ?? "", limit: 12) ?? []) : []
        let names = explain ? TextFeatures.featureNames(
            subject: subject, text: trimmed, quoted: quoted, senderAddress: message.from.first?.address) : [:]
        var output = StandardOutput()
        if json {
            var writer = JSONWriter()
            writer.object { object in
                object.field("file", file)
                object.field("sub_issue", decision.subIssue)
                object.field("stage", stage)
                if let confidence = decision.confidence { object.field("confidence", Self.rounded(confidence)) } else {
                    object.raw("confidence", "null")
                }
                object.field("protected", decision.isProtected)
                object.field("reason", reason)
                if explain {
                    let scores = Array(zip(model?.labels ?? [], zip(prediction?.probabilities ?? [], prediction?.scores ?? [])))
                    object.array("scores", scores) { writer, score in
                        writer.object { item in
                            item.field("sub_issue", score.0)
                            item.field("probability", Self.rounded(score.1.0))
                            item.field("margin", Self.rounded(score.1.1))
                        }
                    }
                    object.array("features", contributions) { writer, contribution in
                        writer.object { item in
                            item.field("feature", names[contribution.index] ?? "#\(contribution.index)")
                            item.field("weight", Self.rounded(contribution.weight))
                        }
                    }
                }
            }
            output.write(writer.text + "\n")
        } else {
            output.write("sub-issue   \(decision.subIssue)\(decision.isProtected ? " (protected)" : "")\n")
            output.write("stage       \(stage)\n")
            output.write("reason      \(reason)\n")
            if let confidence = decision.confidence {
                output.write(String(format: "confidence  %.4f (threshold %.2f)\n", confidence, configuration.classification.threshold))
            }
            if explain, let model, let prediction {
                output.write("\nmodel scores (calibrated probability, margin):\n")
                let width = max(9, model.labels.map(\.count).max() ?? 0)
                for (index, label) in model.labels.enumerated().sorted(by: { prediction.scores[$0.offset] > prediction.scores[$1.offset] }) {
                    output.write("  " + label.padding(toLength: width, withPad: " ", startingAt: 0)
                        + String(format: "  %.4f  %+.4f\n", prediction.probabilities[index], prediction.scores[index]))
                }
                output.write("\nfeatures that weighed most for \(prediction.label):\n")
                for contribution in contributions {
                    output.write(String(format: "  %+.4f  ", contribution.weight) + (names[contribution.index] ?? "#\(contribution.index)") + "\n")
                }
                if contributions.isEmpty {
                    // Said rather than left blank: the prediction then rests on the biases alone.
                    output.write("  none: the model knows no word of this post (its scores are the biases alone)\n")
                }
            } else if explain {
                output.write("\nthere is no model yet\n")
            }
        }
        output.flush()
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    static func reason(
        _ decision: SubIssueDecision, classifier: PostClassifier, subject: String, recipient: ListRecipient,
        header: String?, senderIsCore: Bool
    ) -> String {
        switch decision.stage {
        case .explicit:
            if senderIsCore, let header, classifier.subIssue(forTag: header) != nil {
                return "X-Praxis-Sub-Issue from a core member"
            }
            if classifier.subjectTag(subject) != nil { return "a tag in the subject" }
            return "sent to the list+tag address"
        case .model:
            return "the model is confident enough"
        case .general:
            return decision.confidence == nil
                ? "no tag, and the model had nothing to go on"
                : "no tag, and the model is not confident enough"
        }
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
        let classifier = instance.incomingClassifier(instance.configuration).classifier
        guard let id = classifier.subIssue(forTag: subIssue) else {
            let known = instance.configuration.allSubIssues.map(\.id).joined(separator: ", ")
            printError("praxis: \"\(subIssue)\" is no sub-issue of \(global.configPath); known: \(known)")
            throw ExitCode(2)
        }
        let bare = messageID.trimmingCharacters(in: CharacterSet(charactersIn: " <>"))
        // Asked first rather than caught: the store's error would also do, but this names the file.
        guard try instance.database.post(messageID: bare) != nil else {
            printError("praxis: no post has the Message-ID <\(bare)> in \(instance.database.path)")
            throw ExitCode(1)
        }
        let changed = try instance.database.reclassify(
            messageID: bare, to: id, at: Date(), isProtected: classifier.isProtected(id))
        print("<\(bare)> is now in \(id); \(changed) post\(changed == 1 ? "" : "s") changed")
    }
}
