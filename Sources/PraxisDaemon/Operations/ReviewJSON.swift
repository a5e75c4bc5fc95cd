import Foundation
import PraxisCommunity

extension ReviewDocument {
    /// The review as one JSON object: DESIGN.md §9's `quarter`, `items`, `recommendation` and
    /// `reasons`, then `figures` (every count the items are judged from), `partial` and
    /// `last_decision`. Counts only: no subject, text or member of a protected sub-issue.
    public var json: String {
        let assessment = self.assessment
        let figures = assessment.figures
        var writer = JSONWriter()
        writer.object { o in
            o.field("quarter", figures.quarter.description)
            o.array("items", assessment.items) { writer, item in
                writer.object { fields in
                    fields.field("id", item.kind.rawValue)
                    fields.field("mark", item.mark.rawValue)
                    switch item.value {
                    case .count(let count): fields.field("value", count)
                    case .ratio(let ratio): if let ratio { fields.field("value", ratio) } else { fields.raw("value", "null") }
                    case .flag(let flag): fields.field("value", flag)
                    }
                    fields.field("evidence", item.evidence)
                    fields.array("sub_issues", item.subIssues) { writer, mark in
                        writer.object { entry in
                            entry.field("id", mark.id)
                            entry.field("mark", mark.mark.rawValue)
                            entry.field("value", mark.value)
                            entry.field("evidence", mark.evidence)
                        }
                    }
                }
            }
            o.field("recommendation", assessment.recommendation.rawValue)
            o.strings("reasons", assessment.reasons)
            o.field("partial", figures.isPartial)
            o.nested("figures") { Self.figures(figures, into: &$0) }
            // Open products only (the document holds no other): the review's readers are not all
            // admitted to every protected space.
            o.array("products", products) { writer, product in writer.object { ProductListing.entry(&$0, product) } }
            if let decision = lastDecision {
                o.nested("last_decision") { Self.decision(decision, into: &$0) }
            } else {
                o.raw("last_decision", "null")
            }
        }
        return writer.text
    }

    static func figures(_ figures: QuarterFigures, into o: inout JSONWriter.ObjectWriter) {
        o.field("start", JSONWriter.utc(figures.start))
        o.field("end", JSONWriter.utc(figures.end))
        o.field("started_at", figures.startedAt.map(JSONWriter.utc))
        o.field("posts", figures.posts)
        o.field("contributors", figures.contributors)
        o.field("previous_posts", figures.previousPosts)
        o.field("previous_contributors", figures.previousContributors)
        o.field("core_group", figures.coreGroup)
        o.field("core_active", figures.coreActive)
        o.field("promotions", figures.promotions)
        o.field("openers", figures.openers)
        o.field("unanswered", figures.unanswered)
        if let median = figures.medianFirstReply { o.field("median_first_reply_seconds", median) } else {
            o.raw("median_first_reply_seconds", "null")
        }
        o.field("sponsor_named", figures.sponsorNamed)
        o.field("organisation_digest", figures.organisationDigest)
        o.field("organisation_digests_sent", figures.organisationDigestsSent)
        o.field("protected_sub_issues", figures.protectedSubIssues)
        o.field("protected_in_use", figures.protectedInUse)
        o.array("sub_issues", figures.subIssues) { writer, entry in
            writer.object { fields in
                fields.field("id", entry.id)
                fields.field("protected", entry.isProtected)
                fields.field("posts", entry.posts)
                fields.field("contributors", entry.contributors)
                fields.field("inner_circle", entry.innerCircle)
                fields.field("moderators", entry.moderators)
                fields.field("moderators_active", entry.moderatorsActive)
            }
        }
        o.array("objectives", figures.objectives) { writer, objective in
            writer.object { fields in
                fields.field("id", objective.id)
                fields.field("text", objective.text)
                fields.strings("sub_issues", objective.subIssues)
                fields.field("link", objective.link.rawValue)
                fields.field("posts", objective.posts)
                fields.field("contributors", objective.contributors)
            }
        }
    }

    static func decision(_ decision: ReviewDecision, into o: inout JSONWriter.ObjectWriter) {
        o.field("quarter", decision.quarter.description)
        o.field("decision", decision.decision.rawValue)
        o.field("note", decision.note)
        o.field("by", decision.by)
        o.field("decided_at", JSONWriter.utc(decision.decidedAt))
    }
}

extension QuarterlyReview {
    /// Decisions as one JSON object `{"decisions": [...]}` (`praxis review history --json`).
    public static func json(_ decisions: [ReviewDecision]) -> String {
        var writer = JSONWriter()
        writer.object { o in
            o.array("decisions", decisions) { writer, decision in writer.object { ReviewDocument.decision(decision, into: &$0) } }
        }
        return writer.text
    }
}
