import Foundation

/// The reviews and decisions as the organisation keeps them (`reviews.json` of `praxis export`,
/// issue 21 item 8): every quarter's checklist, counts and marks only, and every decision.
public struct ReviewsExport: Sendable, Hashable, Codable {
    public var reviews: [Review]
    public var decisions: [ReviewDecision]

    public init(reviews: [Review], decisions: [ReviewDecision]) {
        self.reviews = reviews
        self.decisions = decisions
    }

    /// One quarter's checklist as it reads today.
    public struct Review: Sendable, Hashable, Codable {
        public var quarter: Quarter
        public var recommendation: ReviewAssessment.Recommendation
        public var reasons: [String]
        public var items: [Item]

        public init(_ assessment: ReviewAssessment) {
            quarter = assessment.quarter
            recommendation = assessment.recommendation
            reasons = assessment.reasons
            items = assessment.items.map { Item(id: $0.kind.rawValue, mark: $0.mark.rawValue, evidence: $0.evidence) }
        }
    }

    public struct Item: Sendable, Hashable, Codable {
        public var id: String
        /// `green`, `amber` or `red`.
        public var mark: String
        public var evidence: String
    }
}
