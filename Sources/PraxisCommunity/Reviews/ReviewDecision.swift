import Foundation

/// What the core group agreed after a review (issue 21 item 6): kept with its date, author and the
/// quarter it answers, shown in `praxis review history`, the next reviews and weekly reports, and
/// exported to `reviews.json`.
public struct ReviewDecision: Sendable, Hashable, Codable {
    public var quarter: Quarter
    public var decision: ReviewAssessment.Recommendation
    public var note: String
    /// The core member's address, or the operator's name for the command line.
    public var by: String
    public var decidedAt: Date

    public init(quarter: Quarter, decision: ReviewAssessment.Recommendation, note: String, by: String, decidedAt: Date) {
        self.quarter = quarter
        self.decision = decision
        self.note = note
        self.by = by
        self.decidedAt = decidedAt
    }

    enum CodingKeys: String, CodingKey {
        case quarter, decision, note, by
        case decidedAt = "decided_at"
    }

    /// The longest note kept: a paragraph, not a document (the archive holds the discussion).
    public static let noteLimit = 2_000

    /// The note as stored: trimmed, control characters other than newlines dropped (a note may come
    /// by mail, from anyone's client), at most `noteLimit` characters. Nil when nothing is left: a decision needs a reason.
    public static func cleanNote(_ text: String) -> String? {
        let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter {
            $0 == "\n" || $0.properties.generalCategory != .control
        })).trimmingCharacters(in: .whitespacesAndNewlines)
        return kept.isEmpty ? nil : String(kept.prefix(noteLimit))
    }
}
