import Foundation

/// The answers to the initiation template's questions (DESIGN.md §9, `praxis init`): who the
/// community is, what it is for, its sub-issues, whom it starts with and whom it approaches.
/// Read from an answers file or asked on a terminal; `InitiationFiles` turns them into the files.
public struct InitiationAnswers: Sendable, Hashable {
    /// The four kinds of objective a community of practice sets itself.
    public enum ObjectiveKind: String, Sendable, Hashable, CaseIterable {
        case exchange, solutions, testing, mainstreaming

        /// In the plain words the questions and the written configuration use.
        public var meaning: String {
            switch self {
            case .exchange: "exchange information and experience"
            case .solutions: "develop solutions together"
            case .testing: "test practical applications"
            case .mainstreaming: "mainstream a change into everyday work"
            }
        }
    }

    public struct ObjectiveAnswer: Sendable, Hashable {
        public var text: String
        public var kind: ObjectiveKind?
        /// The objective's id; nil lets `InitiationFiles` derive it from the kind.
        public var id: String?
        /// The sub-issues that serve it.
        public var subIssues: [String]

        public init(text: String, kind: ObjectiveKind? = nil, id: String? = nil, subIssues: [String] = []) {
            self.text = text
            self.kind = kind
            self.id = id
            self.subIssues = subIssues
        }
    }

    /// Someone of the core group, or a key participant to approach.
    public struct Person: Sendable, Hashable {
        public var address: String
        public var name: String?
        /// Core group only: whether they moderate (held posts and corrections reach them).
        public var isModerator: Bool
        /// Core group only: the sub-issues they look after alone (written as those sub-issues'
        /// `moderators`); empty for the core group of the whole community (`circles.core`).
        public var subIssues: [String]
        /// Key participants only: why they matter, e.g. "runs the depot".
        public var why: String?

        public init(address: String, name: String? = nil, isModerator: Bool = false, subIssues: [String] = [], why: String? = nil) {
            self.address = address
            self.name = name
            self.isModerator = isModerator
            self.subIssues = subIssues
            self.why = why
        }
    }

    /// The languages Praxis writes its own mail in (DESIGN.md §4, members' `language`).
    public static let languages = ["en", "de", "fr", "es"]

    public var name: String
    /// What the community works on, in a sentence; written as a comment, since no key holds it.
    public var field: String?
    /// One of `languages`.
    public var language: String
    public var timeZone: TimeZone
    public var listAddress: String
    public var objectives: [ObjectiveAnswer]
    public var subIssues: [SubIssue]
    public var core: [Person]
    public var keyParticipants: [Person]
    /// The backing in management: receives the quarterly management summary.
    public var sponsor: String?

    public init(
        name: String, listAddress: String, field: String? = nil, language: String = "en",
        timeZone: TimeZone = Community.standardTimeZone, objectives: [ObjectiveAnswer] = [], subIssues: [SubIssue] = [],
        core: [Person] = [], keyParticipants: [Person] = [], sponsor: String? = nil
    ) {
        self.name = name
        self.field = field
        self.language = language
        self.timeZone = timeZone
        self.listAddress = listAddress
        self.objectives = objectives
        self.subIssues = subIssues
        self.core = core
        self.keyParticipants = keyParticipants
        self.sponsor = sponsor
    }

    /// The objectives with their ids: the one given, else the kind (`exchange`, then
    /// `exchange-2` for a second of that kind), else `objective-N` by position.
    public var identifiedObjectives: [Objective] {
        var taken = Set(objectives.compactMap(\.id))
        return objectives.enumerated().map { index, answer in
            if let id = answer.id { return Objective(text: answer.text, id: id, subIssues: answer.subIssues) }
            let base = answer.kind?.rawValue ?? "objective-\(index + 1)"
            var id = base
            var suffix = 2
            while taken.contains(id) {
                id = "\(base)-\(suffix)"
                suffix += 1
            }
            taken.insert(id)
            return Objective(text: answer.text, id: id, subIssues: answer.subIssues)
        }
    }
}
