import Foundation
import PraxisCommunity
import PraxisStore

/// How `praxis circles confirm` ended.
public enum CircleConfirmation: Sendable, Equatable {
    case confirmed
    /// The member could not be confirmed there; why, as a sentence.
    case refused(String)
}

extension CommunityInstance {
    /// Whether the configuration has a sub-issue with this id.
    public func hasSubIssue(_ id: String) -> Bool {
        standingEvaluator.decider.subIssue(id) != nil
    }

    /// The circles as stored now, or (with `asOf`) as replayed from the posts up to that instant.
    public func circles(subIssue: String?, asOf instant: Date?) throws -> CirclesSnapshot {
        let evaluator = standingEvaluator
        return try database.read("reading the circles") { db in
            if let instant {
                return try evaluator.replayed(through: instant, subIssue: subIssue, in: db)
            }
            return try evaluator.current(at: Date(), subIssue: subIssue, in: db)
        }
    }

    /// A core member moves `address` into the inner circle of `subIssue` (`promotion: moderated`).
    public func confirmInnerCircle(address: String, subIssue: String, by confirmer: String?) throws -> CircleConfirmation {
        let evaluator = standingEvaluator
        return try database.write("confirming \(address) in \(subIssue)") { db in
            if let refusal = try evaluator.confirm(address: address, subIssue: subIssue, by: confirmer, at: Date(), in: db) {
                return .refused(refusal)
            }
            return .confirmed
        }
    }
}

extension CirclesSnapshot {
    /// `praxis circles --json` (DESIGN.md §4).
    public var json: String {
        let snapshot = self
        var writer = JSONWriter()
        writer.object { object in
            object.field("as_of", JSONWriter.utc(snapshot.asOf))
            object.array("sub_issues", snapshot.subIssues) { item, circles in
                item.object { fields in
                    fields.field("id", circles.id)
                    fields.strings("core", circles.core)
                    fields.strings("moderators", circles.moderators)
                    fields.strings("inner", circles.inner)
                    fields.field("outer_count", circles.outerCount)
                    fields.field("retired", circles.isRetired)
                    fields.array("candidates", circles.candidates) { entry, candidate in
                        entry.object { c in
                            c.field("address", candidate.address)
                            c.field("missing", candidate.missing)
                        }
                    }
                }
            }
            object.array("transitions", snapshot.transitions, JSONWriter.transition)
        }
        return writer.text
    }

    /// `praxis circles` as text: per sub-issue its circles and the closest candidates, then the recent transitions.
    public var text: String {
        var lines = ["circles as of \(JSONWriter.utc(asOf))"]
        for circles in subIssues {
            lines.append("")
            lines.append(circles.isRetired ? "\(circles.id) (retired)" : "\(circles.id)")
            lines.append("  core    \(circles.core.isEmpty ? "-" : circles.core.joined(separator: ", "))")
            if !circles.moderators.isEmpty {
                lines.append("  moderators  \(circles.moderators.joined(separator: ", ")) (core here only)")
            }
            lines.append("  inner   \(circles.inner.isEmpty ? "-" : circles.inner.joined(separator: ", "))")
            lines.append("  outer   \(circles.outerCount) members")
            for candidate in circles.candidates.prefix(20) {
                lines.append("  close   \(candidate.address): needs \(candidate.missing)")
            }
            if circles.candidates.count > 20 { lines.append("  close   … and \(circles.candidates.count - 20) more (see --json)") }
        }
        lines.append("")
        lines.append("transitions in the last \(Self.recentDays) days:\(transitions.isEmpty ? " none" : "")")
        for transition in transitions {
            lines.append("  \(JSONWriter.utc(transition.at))  \(transition.address)  \(transition.subIssue)  "
                         + "\(transition.from) → \(transition.to)  (\(transition.reason))")
        }
        return lines.joined(separator: "\n")
    }
}
