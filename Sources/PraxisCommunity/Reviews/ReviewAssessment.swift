import Foundation

/// The checklist's judgement of one quarter (DESIGN.md §9): eight items, each with a mark, a value
/// and a sentence of evidence, then a recommendation with its reasons.
public struct ReviewAssessment: Sendable, Hashable {
    public var figures: QuarterFigures
    /// In the order of `ReviewItem.Kind.allCases`.
    public var items: [ReviewItem]
    public var recommendation: Recommendation
    public var reasons: [String]
    /// What the marks were judged against, so the same judgement can be worded again in another
    /// language (`worded(in:)`).
    public var thresholds: ReviewThresholds

    public init(figures: QuarterFigures, items: [ReviewItem], recommendation: Recommendation, reasons: [String],
                thresholds: ReviewThresholds = ReviewThresholds()) {
        self.figures = figures
        self.items = items
        self.recommendation = recommendation
        self.reasons = reasons
        self.thresholds = thresholds
    }

    /// The same assessment with its evidence and reasons in `language`; the marks, values and
    /// recommendation do not change, since they come from the same figures and thresholds.
    public func worded(in language: Language) -> ReviewAssessment {
        ReviewChecklist.assess(figures, thresholds: thresholds, language: language)
    }

    public var quarter: Quarter { figures.quarter }

    public func item(_ kind: ReviewItem.Kind) -> ReviewItem? { items.first { $0.kind == kind } }

    /// What the core group may decide, and what the checklist recommends.
    public enum Recommendation: String, Sendable, Hashable, CaseIterable, Codable {
        case `continue`, refocus, disband
    }
}

/// One item of the checklist.
public struct ReviewItem: Sendable, Hashable {
    public var kind: Kind
    public var mark: Mark
    public var value: Value
    /// One sentence with the numbers behind the mark.
    public var evidence: String
    /// Per sub-issue marks where the item is judged per sub-issue as well (enough individuals,
    /// roles filled); empty otherwise.
    public var subIssues: [SubIssueMark]

    public init(kind: Kind, mark: Mark, value: Value, evidence: String, subIssues: [SubIssueMark] = []) {
        self.kind = kind
        self.mark = mark
        self.value = value
        self.evidence = evidence
        self.subIssues = subIssues
    }

    /// The item ids of DESIGN.md §9, in the checklist's order.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case enoughIndividuals = "enough_individuals"
        case objectivesActive = "objectives_active"
        case rolesFilled = "roles_filled"
        case momentum
        case inwardMovement = "inward_movement"
        case responsiveness
        case managementBacking = "management_backing"
        case protectedSpaces = "protected_spaces"

        /// The item's heading in text and HTML.
        public var title: String {
            switch self {
            case .enoughIndividuals: "Enough active individuals"
            case .objectivesActive: "Objectives with activity behind them"
            case .rolesFilled: "Roles filled"
            case .momentum: "Momentum"
            case .inwardMovement: "Movement from the outer circle inward"
            case .responsiveness: "Responsiveness"
            case .managementBacking: "Backing of management"
            case .protectedSpaces: "Protected spaces in use"
            }
        }
    }

    public enum Mark: String, Sendable, Hashable, Comparable {
        case green, amber, red

        private var rank: Int {
            switch self {
            case .green: 0
            case .amber: 1
            case .red: 2
            }
        }

        public static func < (lhs: Mark, rhs: Mark) -> Bool { lhs.rank < rhs.rank }
    }

    /// An item's headline figure: a count, a ratio, or whether something is there.
    public enum Value: Sendable, Hashable {
        case count(Int)
        case ratio(Double?)
        case flag(Bool)
    }

    public struct SubIssueMark: Sendable, Hashable {
        public var id: String
        public var mark: Mark
        public var value: Int
        public var evidence: String

        public init(id: String, mark: Mark, value: Int, evidence: String) {
            self.id = id
            self.mark = mark
            self.value = value
            self.evidence = evidence
        }
    }
}
