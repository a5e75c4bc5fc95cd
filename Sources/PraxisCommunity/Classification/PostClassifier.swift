import PraxisMail

/// What the classification stages before the store decided for one post (DESIGN.md §2.3). The
/// thread stage runs inside the store, where the post being answered is known.
public struct SubIssueDecision: Sendable, Hashable {
    /// Which stage decided.
    public enum Stage: String, Sendable, Hashable {
        /// A tag in the subject, a `list+id@` address, or a core member's `X-Praxis-Sub-Issue`.
        case explicit
        /// The learned model, above the confidence threshold.
        case model
        /// Nothing decided: `general`, unless the thread gives it a sub-issue.
        case general
    }

    public var subIssue: String
    public var stage: Stage
    /// The model's calibrated confidence in its best sub-issue, when the model was asked.
    public var confidence: Double?
    /// Whether the post was explicitly put into a protected sub-issue.
    public var isProtected: Bool

    public init(subIssue: String, stage: Stage, confidence: Double? = nil, isProtected: Bool = false) {
        self.subIssue = subIssue
        self.stage = stage
        self.confidence = confidence
        self.isProtected = isProtected
    }
}

/// The explicit and learned stages of classification for one community, as pure functions.
///
/// Built once per configuration and shared by every ingest worker, so everything that depends only
/// on the configuration (the tag table, the core group) is computed here, not per message.
public struct PostClassifier: Sendable {
    /// The header a core member may set to choose the sub-issue.
    public static let headerName = "x-praxis-sub-issue"

    public let subIssues: [SubIssue]
    public let settings: ClassificationSettings
    /// Lower-cased ids, names and aliases → sub-issue id.
    private let tags: [String: String]
    private let protectedIDs: Set<String>
    /// The sub-issues the model may choose: protected ones are entered only explicitly or by
    /// thread, because a post its author sent to the whole list must not vanish into a closed
    /// space on a guess (and the model, whose weights `--explain` shows, never learns their words).
    public let learnableIDs: Set<String>

    /// - Parameters:
    ///   - subIssues: every sub-issue a post can land in, `general` included.
    public init(subIssues: [SubIssue], settings: ClassificationSettings = ClassificationSettings()) {
        self.subIssues = subIssues
        self.settings = settings
        var tags: [String: String] = [:]
        // Ids first, then aliases, then names: a name never takes over another sub-issue's id.
        for subIssue in subIssues { tags[Self.folded(subIssue.id)] = subIssue.id }
        for subIssue in subIssues {
            for alias in subIssue.aliases where tags[Self.folded(alias)] == nil { tags[Self.folded(alias)] = subIssue.id }
        }
        for subIssue in subIssues {
            let name = Self.folded(subIssue.name)
            if !name.isEmpty && tags[name] == nil { tags[name] = subIssue.id }
        }
        self.tags = tags
        protectedIDs = Set(subIssues.filter(\.isProtected).map(\.id))
        // Nor does it ever choose a retired one: the community moved its conversation elsewhere.
        learnableIDs = Set(subIssues.filter { !$0.isProtected && !$0.isRetired }.map(\.id))
    }

    /// Whether `id` names a protected sub-issue.
    public func isProtected(_ id: String) -> Bool { protectedIDs.contains(id) }

    /// The sub-issue a tag, alias or name stands for (case-insensitive), or nil.
    public func subIssue(forTag tag: String) -> String? {
        tags[Self.folded(tag)]
    }

    // MARK: Explicit stage

    /// The sub-issue the sender named, or nil: a core member's `X-Praxis-Sub-Issue` first (a
    /// moderator's deliberate choice), then the first `[tag]` or `#tag` in the subject that names
    /// one, then the tag of a `list+tag@` address.
    public func explicitSubIssue(
        subject: String, recipient: ListRecipient?, header: String?, senderIsCore: Bool
    ) -> String? {
        if senderIsCore, let header, let id = subIssue(forTag: header) { return id }
        if let id = subjectTag(subject) { return id }
        if case .list(let tag?) = recipient, let id = subIssue(forTag: tag) { return id }
        return nil
    }

    /// The first `[…]` or `#word` of the subject that names a sub-issue.
    public func subjectTag(_ subject: String) -> String? {
        // Fast exit: most subjects have neither.
        guard subject.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "#") }) else { return nil }
        let bytes = Array(subject.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "["),
               let close = bytes[(i + 1)...].prefix(130).firstIndex(of: UInt8(ascii: "]")) {
                if let id = subIssue(forTag: String(decoding: bytes[(i + 1)..<close], as: UTF8.self)) { return id }
                i = close + 1
                continue
            }
            if bytes[i] == UInt8(ascii: "#"), i == 0 || !Self.isTagByte(bytes[i - 1]) {
                var end = i + 1
                while end < bytes.count && Self.isTagByte(bytes[end]) { end += 1 }
                // A trailing "-" is punctuation ("#cycling-"), not part of the tag.
                while end > i + 1 && bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
                if end > i + 1, let id = subIssue(forTag: String(decoding: bytes[(i + 1)..<end], as: UTF8.self)) {
                    return id
                }
                i = end
                continue
            }
            i += 1
        }
        return nil
    }

    // MARK: All stages before the thread

    /// Explicit, else the model above the threshold, else `general`.
    ///
    /// - Parameters:
    ///   - features: computed only when the explicit stage decided nothing.
    ///   - model: the current model; nil skips the model stage.
    public func classify(
        subject: String, recipient: ListRecipient?, header: String?, senderIsCore: Bool,
        features: () -> TextFeatures, model: TextClassifier?
    ) -> SubIssueDecision {
        if let id = explicitSubIssue(subject: subject, recipient: recipient, header: header, senderIsCore: senderIsCore) {
            return SubIssueDecision(subIssue: id, stage: .explicit, isProtected: isProtected(id))
        }
        // Features cost more than everything above: none without a model that could use them.
        guard let model, model.labels.count >= 2 else { return SubIssueDecision(subIssue: SubIssue.generalID, stage: .general) }
        return predicted(features(), model: model)
    }

    /// The same for a parsed message whose new text has been trimmed already.
    public func classify(
        _ message: MailMessage, trimmedText: String, recipient: ListRecipient?, senderIsCore: Bool, model: TextClassifier?
    ) -> SubIssueDecision {
        classify(
            message, subject: message.subject ?? "", senderAddress: { message.from.first?.address },
            trimmedText: trimmedText, recipient: recipient, senderIsCore: senderIsCore, model: model)
    }

    /// The same for a caller that has decoded the subject and the From field already (ingest
    /// does, for the post it records): the message's header is not parsed again for them.
    ///
    /// - Parameters:
    ///   - subject: the message's decoded subject, "" when it has none.
    ///   - senderAddress: the address of its first From mailbox; asked only for the model stage.
    ///   - quotedText: the lines the message quotes (`TextFeatures.quotedText(of:)`); asked only
    ///     for the model stage.
    public func classify(
        _ message: MailMessage, subject: String, senderAddress: () -> String?, trimmedText: String,
        quotedText: () -> String = { "" }, recipient: ListRecipient?, senderIsCore: Bool, model: TextClassifier?
    ) -> SubIssueDecision {
        classify(
            subject: subject, recipient: recipient, header: message.header(Self.headerName), senderIsCore: senderIsCore,
            features: {
                TextFeatures(subject: subject, text: trimmedText, quoted: quotedText(), senderAddress: senderAddress())
            },
            model: model)
    }

    /// The model stage alone: its label when confident enough and allowed, else `general`.
    public func predicted(_ features: TextFeatures, model: TextClassifier?) -> SubIssueDecision {
        // One label is no choice at all: a model that knows one sub-issue would claim every post.
        // A post with no word the model knows has nothing for it to go on: its scores would be
        // the biases and the author's history alone, and a content-free "More minutes" must not
        // land in the sub-issue whose seeds were most numerous or its author wrote in most.
        guard let model, model.labels.count >= 2, model.knowsAnyFeature(of: features) else {
            return SubIssueDecision(subIssue: SubIssue.generalID, stage: .general)
        }
        let prediction = model.predict(features)
        // A stored model may know a sub-issue the configuration has since removed or protected.
        guard prediction.confidence >= settings.threshold, learnableIDs.contains(prediction.label) else {
            return SubIssueDecision(subIssue: SubIssue.generalID, stage: .general, confidence: prediction.confidence)
        }
        return SubIssueDecision(subIssue: prediction.label, stage: .model, confidence: prediction.confidence)
    }

    // MARK: Seeding

    /// Training posts made from the configuration — each sub-issue's name, description and
    /// keywords — so that a new community's model recognises its topics before any post is
    /// labelled. Protected sub-issues are left out (see `learnableIDs`).
    public func seedExamples() -> [TrainingExample] {
        var examples: [TrainingExample] = []
        for subIssue in subIssues where learnableIDs.contains(subIssue.id) {
            // A sub-issue with only a name says too little to learn from (`general` usually).
            let parts = (subIssue.description.map { [$0] } ?? []) + subIssue.keywords
            guard !parts.isEmpty else { continue }
            func add(_ subject: String, _ text: String) {
                examples.append(TrainingExample(
                    features: TextFeatures(subject: subject, text: text, senderAddress: nil), label: subIssue.id))
            }
            // The whole summary, and each part again on its own: training keeps only features
            // seen in at least two posts, and one keyword in a post should weigh as much as a
            // whole summary.
            add(subIssue.name, parts.joined(separator: "\n"))
            add(subIssue.name, "")
            for part in parts { add("", part) }
        }
        return examples
    }

    // MARK: Helpers

    /// Lower-cased, trimmed, with runs of spaces and "_" made one space: `Cycling  Infrastructure`
    /// and `cycling_infrastructure` name the same thing. "-" stays: ids contain it.
    static func folded(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character == " " || character == "\t" || character == "_" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" "); pendingSpace = false }
                result.append(character)
            }
        }
        return result
    }

    @inline(__always)
    static func isTagByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "-")
    }
}
