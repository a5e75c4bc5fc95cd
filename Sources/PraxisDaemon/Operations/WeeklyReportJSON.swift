import Foundation
import PraxisCommunity

extension WeeklyReport {
    /// The ISO week `text` names (`2004-W20`), or nil.
    public static func week(parsing text: String) -> ISOWeek? { ISOWeek(parsing: text) }

    /// The language `code` names (`de`), or nil.
    public static func language(parsing code: String) -> Language? { Language(code: code) }

    /// The language codes a report can be written in, for messages that list them.
    public static let languageCodes = Language.listed
}

extension WeeklyReportFigures {
    /// The figures as one JSON object (DESIGN.md §4); protected sub-issues appear as counts only.
    public var json: String {
        let figures = self
        var writer = JSONWriter()
        writer.object { o in
            o.field("week", figures.week.description)
            o.field("start", Self.time(figures.start))
            o.field("end", Self.time(figures.end))
            o.field("time_zone", figures.timeZone.identifier)
            let h = figures.headline
            o.field("posts", h.posts)
            o.field("previous_four_week_mean", h.previousFourWeekMean)
            o.field("threads", h.threads)
            o.field("new_threads", h.newThreads)
            o.field("active_contributors", h.activeContributors)
            o.field("new_contributors", h.newContributors)
            o.field("new_members", h.newMembers)
            o.field("members_left", h.membersLeft)
            o.field("members", h.members)
            o.field("core_group", h.coreGroup)
            Self.subIssues(figures, into: &o)
            Self.attention(figures.attention, into: &o)
            Self.circles(figures.circles, into: &o)
            o.nested("classification") { Self.classification(figures.classification, into: &$0) }
            o.nested("operations") { Self.operations(figures.operations, into: &$0) }
            o.nested("review") { Self.review(figures.review, into: &$0) }
        }
        return writer.text
    }

    static func time(_ date: Date) -> String { JSONWriter.utc(date) }

    static func subIssues(_ figures: WeeklyReportFigures, into o: inout JSONWriter.ObjectWriter) {
        o.array("sub_issues", figures.subIssues) { w, s in
            w.object { e in
                e.field("id", s.id)
                e.field("name", s.name)
                e.field("protected", s.isProtected)
                e.field("retired", s.isRetired)
                e.field("posts", s.posts)
                e.field("threads", s.threads)
                e.field("contributors", s.contributors)
                e.field("inner_circle", s.innerCircle)
                e.raw("trend", "[" + s.trend.map { String($0.posts) }.joined(separator: ", ") + "]")
                e.field("last_post_at", s.lastPostAt.map(time))
                // A protected sub-issue's moderators are counted, never named.
                e.strings("moderators", s.isProtected ? [] : s.moderators)
                e.field("moderator_count", s.moderators.count)
            }
        }
    }

    static func attention(_ a: Attention, into o: inout JSONWriter.ObjectWriter) {
        o.array("unanswered", a.unanswered) { w, t in
            w.object { e in
                e.field("message_id", t.messageID)
                e.field("subject", t.subject)
                e.field("sub_issue", t.subIssue)
                e.field("author", t.author)
                e.field("started_at", time(t.startedAt))
            }
        }
        o.field("unanswered_protected", a.protectedUnanswered)
        if let median = a.medianFirstReply { o.field("median_first_reply_seconds", median) } else { o.field("median_first_reply_seconds", nil as String?) }
        o.field("replied_threads", a.repliedThreads)
        o.array("quiet_sub_issues", a.quietSubIssues) { w, q in
            w.object { e in
                e.field("id", q.id)
                e.field("last_post_at", q.lastPostAt.map(time))
            }
        }
        o.strings("standstill", a.standstill.map { $0.sentence(in: .en) })
        o.array("unanswered_invitations", a.unansweredInvitations) { w, invitation in
            w.object { e in
                e.field("address", invitation.address)
                e.field("invited_at", time(invitation.invitedAt))
            }
        }
    }

    static func circles(_ c: CircleChanges, into o: inout JSONWriter.ObjectWriter) {
        o.array("transitions", c.transitions) { w, t in
            w.object { e in
                e.field("address", t.address)
                e.field("sub_issue", t.subIssue)
                e.field("from", t.from)
                e.field("to", t.to)
                e.field("at", time(t.at))
                e.field("reason", t.reason)
            }
        }
        o.field("transitions_protected", c.protectedTransitions)
        o.array("candidates", c.candidates) { w, t in
            w.object { e in
                e.field("address", t.address)
                e.field("sub_issue", t.subIssue)
                e.field("posts", t.posts)
                e.field("threads", t.threads)
                e.field("missing", t.missing)
            }
        }
        o.field("candidates_protected", c.protectedCandidates)
        o.array("quiet_inner", c.quietInner) { w, q in
            w.object { e in
                e.field("address", q.address)
                e.field("sub_issue", q.subIssue)
                e.field("last_post_at", q.lastPostAt.map(time))
                e.field("silent_days", q.silentDays)
            }
        }
        o.field("quiet_inner_protected", c.protectedQuietInner)
    }

    static func classification(_ k: ClassificationReview, into e: inout JSONWriter.ObjectWriter) {
        e.field("fell_to_general", k.fellToGeneral)
        e.field("low_confidence", k.lowConfidence)
        e.field("threshold", k.confidenceThreshold)
        e.array("posts", k.listed) { w, p in
            w.object { f in
                f.field("message_id", p.messageID)
                f.field("subject", p.subject)
                f.field("sub_issue", p.subIssue)
                f.field("stage", p.stage)
                if let confidence = p.confidence { f.field("confidence", confidence) } else { f.field("confidence", nil as String?) }
            }
        }
        e.field("protected", k.protectedCount)
    }

    static func operations(_ p: Operations, into e: inout JSONWriter.ObjectWriter) {
        e.field("held", p.heldWaiting)
        e.field("oldest_held_at", p.oldestHeldAt.map(time))
        e.field("bouncing_members", p.bouncingMembers)
        e.field("disabled_this_week", p.disabledThisWeek)
        e.field("disabled", p.disabledTotal)
        e.field("quarantined_this_week", p.quarantinedThisWeek)
        e.field("quarantined", p.quarantinedTotal)
        e.field("delivery_failed_this_week", p.deliveryFailedThisWeek)
        e.field("delivery_failed", p.deliveryFailedTotal)
    }

    static func review(_ r: Review, into e: inout JSONWriter.ObjectWriter) {
        e.array("objectives", r.objectives) { w, objective in
            w.object { f in
                f.field("text", objective.text)
                f.strings("sub_issues", objective.subIssues)
                f.field("posts", objective.posts)
                f.field("id", objective.id)
                f.field("linked_by", objective.link.rawValue)
                f.field("posts_this_week", objective.postsThisWeek)
                f.field("contributors", objective.contributors)
            }
        }
        e.field("quarter_posts", r.quarterPosts)
        e.field("quarter_contributors", r.quarterContributors)
        e.field("decision_due", r.decisionDue)
        if let decision = r.lastDecision {
            e.nested("last_decision") { ReviewDocument.decision(decision, into: &$0) }
        } else {
            e.raw("last_decision", "null")
        }
    }
}
