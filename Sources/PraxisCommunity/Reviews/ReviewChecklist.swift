import Foundation

/// The CoP checklist (issue 21 item 5) as a pure decision: a quarter's figures in, eight marked
/// items and a recommendation out. Nothing here reads the store or the clock.
public enum ReviewChecklist {
    public static func assess(_ figures: QuarterFigures, thresholds: ReviewThresholds = ReviewThresholds()) -> ReviewAssessment {
        let items = [
            enoughIndividuals(figures, thresholds), objectivesActive(figures, thresholds), rolesFilled(figures, thresholds),
            momentum(figures, thresholds), inwardMovement(figures, thresholds), responsiveness(figures, thresholds),
            managementBacking(figures), protectedSpaces(figures),
        ]
        let (recommendation, reasons) = recommend(figures, items: items, thresholds: thresholds)
        return ReviewAssessment(figures: figures, items: items, recommendation: recommendation, reasons: reasons)
    }

    /// Continue unless something is red or an objective has nothing behind it (refocus); disband
    /// when nobody posted in a quarter the community was alive for, or the reds pile up.
    static func recommend(
        _ figures: QuarterFigures, items: [ReviewItem], thresholds: ReviewThresholds
    ) -> (ReviewAssessment.Recommendation, [String]) {
        if figures.isFuture {
            return (.continue, ["\(figures.quarter) has not begun: there is nothing to judge yet, so nothing changes."])
        }
        if figures.predatesCommunity {
            return (.continue, ["The community had not started by the end of \(figures.quarter): judge it after its first quarter."])
        }
        let partial = figures.isPartial ? ["\(figures.quarter) is not over yet: these are the figures so far."] : []
        let reds = items.filter { $0.mark == .red }
        if figures.posts == 0 && !figures.startedWithin && !figures.isPartial {
            return (.disband, ["Nobody posted in \(figures.quarter)."] + reds.map(\.evidence))
        }
        if reds.count >= thresholds.disbandReds {
            return (.disband, partial + ["\(reds.count) of the \(items.count) items are red (\(thresholds.disbandReds) or more suggest disbanding)."]
                + reds.map(\.evidence))
        }
        let idleObjectives = items.first { $0.kind == .objectivesActive && $0.mark != .green }
        if !reds.isEmpty || idleObjectives != nil {
            return (.refocus, partial + (reds + [idleObjectives].compactMap { $0 }).map(\.evidence))
        }
        let ambers = items.filter { $0.mark == .amber }.map(\.evidence)
        return (.continue, partial + ["No item is red and every objective has activity behind it."] + ambers)
    }

    static func enoughIndividuals(_ figures: QuarterFigures, _ thresholds: ReviewThresholds) -> ReviewItem {
        let perSubIssue = figures.subIssues.filter { $0.posts > 0 || $0.id != SubIssue.generalID }.map { entry in
            ReviewItem.SubIssueMark(
                id: entry.id, mark: entry.contributors >= thresholds.subIssueIndividuals ? .green : .amber,
                value: entry.contributors,
                evidence: "\(entry.contributors) \(plural(entry.contributors, "contributor")) in \(entry.id) "
                    + "(at least \(thresholds.subIssueIndividuals) wanted).")
        }
        let thin = perSubIssue.filter { $0.mark != .green }
        let mark: ReviewItem.Mark = figures.contributors < thresholds.individuals ? .red : thin.isEmpty ? .green : .amber
        var evidence = "\(figures.contributors) \(plural(figures.contributors, "individual")) posted in \(figures.quarter) "
            + "(at least \(thresholds.individuals) wanted)"
        if !thin.isEmpty {
            evidence += "; \(thin.count) of \(perSubIssue.count) sub-issues had fewer than \(thresholds.subIssueIndividuals)"
        }
        return ReviewItem(kind: .enoughIndividuals, mark: mark, value: .count(figures.contributors),
                          evidence: evidence + ".", subIssues: perSubIssue)
    }

    static func objectivesActive(_ figures: QuarterFigures, _ thresholds: ReviewThresholds) -> ReviewItem {
        let total = figures.objectives.count
        guard total > 0 else {
            return ReviewItem(kind: .objectivesActive, mark: .amber, value: .count(0),
                              evidence: "No objectives are agreed (community.objectives): nothing to measure activity against.")
        }
        let active = figures.objectives.filter { $0.posts >= thresholds.objectivePosts }
        let idle = figures.objectives.filter { $0.posts < thresholds.objectivePosts }
        let mark: ReviewItem.Mark = active.count == total ? .green : active.isEmpty ? .red : .amber
        var evidence = "\(active.count) of \(total) \(plural(total, "objective")) had at least \(thresholds.objectivePosts) "
            + "posts behind \(total == 1 ? "it" : "them") in \(figures.quarter)"
        if !idle.isEmpty {
            evidence += "; without: " + idle.map { "\($0.id ?? $0.text) (\($0.posts))" }.joined(separator: ", ")
        }
        return ReviewItem(kind: .objectivesActive, mark: mark, value: .count(active.count), evidence: evidence + ".")
    }

    static func rolesFilled(_ figures: QuarterFigures, _ thresholds: ReviewThresholds) -> ReviewItem {
        let perSubIssue = figures.subIssues.map { entry in
            let moderatorsIdle = entry.moderators > 0 && entry.moderatorsActive == 0
            let mark: ReviewItem.Mark = entry.innerCircle >= thresholds.innerCircle && !moderatorsIdle ? .green : .amber
            var evidence = "\(entry.id): inner circle of \(entry.innerCircle) at the quarter's end"
            if entry.moderators > 0 {
                evidence += ", \(entry.moderatorsActive) of \(entry.moderators) \(plural(entry.moderators, "moderator")) posted"
            }
            return ReviewItem.SubIssueMark(id: entry.id, mark: mark, value: entry.innerCircle, evidence: evidence + ".")
        }
        let filled = perSubIssue.filter { $0.mark == .green }.count
        let mark: ReviewItem.Mark
        var evidence: String
        if figures.coreGroup == 0 {
            mark = .red
            evidence = "No core group is set (circles.core)"
        } else if figures.coreActive == 0 {
            mark = .red
            evidence = "None of the \(figures.coreGroup) core group \(plural(figures.coreGroup, "member")) posted"
        } else {
            mark = filled == perSubIssue.count ? .green : .amber
            evidence = "\(figures.coreActive) of \(figures.coreGroup) core group \(plural(figures.coreGroup, "member")) posted"
        }
        evidence += "; \(filled) of \(perSubIssue.count) sub-issues had an inner circle of at least \(thresholds.innerCircle)"
            + " and active moderators."
        return ReviewItem(kind: .rolesFilled, mark: mark, value: .count(filled), evidence: evidence, subIssues: perSubIssue)
    }

    static func momentum(_ figures: QuarterFigures, _ thresholds: ReviewThresholds) -> ReviewItem {
        let posts = ratio(figures.posts, figures.previousPosts)
        let people = ratio(figures.contributors, figures.previousContributors)
        let change = "\(figures.posts) posts and \(figures.contributors) contributors against \(figures.previousPosts) and "
            + "\(figures.previousContributors) in \(figures.quarter.previous)"
        if figures.previousPosts == 0 {
            let mark: ReviewItem.Mark = figures.posts > 0 ? .green : .red
            let why = figures.startedWithin ? " (the community started in \(figures.quarter))" : ""
            return ReviewItem(kind: .momentum, mark: mark, value: .ratio(nil), evidence: change + why + ".")
        }
        let lowest = min(posts ?? 0, people ?? 0)
        let mark: ReviewItem.Mark = lowest < thresholds.momentumRed ? .red : lowest < thresholds.momentumAmber ? .amber : .green
        let percent = Int(((posts ?? 0) - 1) * 100)
        return ReviewItem(kind: .momentum, mark: mark, value: .ratio(posts),
                          evidence: change + " (posts \(percent >= 0 ? "+" : "")\(percent) %).")
    }

    static func inwardMovement(_ figures: QuarterFigures, _ thresholds: ReviewThresholds) -> ReviewItem {
        let mark: ReviewItem.Mark = figures.promotions >= thresholds.promotions ? .green : .amber
        return ReviewItem(
            kind: .inwardMovement, mark: mark, value: .count(figures.promotions),
            evidence: "\(figures.promotions) \(plural(figures.promotions, "move")) from the outer to the inner circle in "
                + "\(figures.quarter) (at least \(thresholds.promotions) wanted).")
    }

    static func responsiveness(_ figures: QuarterFigures, _ thresholds: ReviewThresholds) -> ReviewItem {
        guard figures.openers > 0 else {
            return ReviewItem(kind: .responsiveness, mark: .amber, value: .count(0),
                              evidence: "Nobody opened a conversation in \(figures.quarter).")
        }
        let share = Double(figures.unanswered) / Double(figures.openers)
        let slow = figures.medianFirstReply.map { $0 > thresholds.firstReplyHours * 3600 } ?? false
        let mark: ReviewItem.Mark = share > thresholds.unansweredRed ? .red
            : share > thresholds.unansweredAmber || slow ? .amber : .green
        var evidence = "\(figures.unanswered) of \(figures.openers) conversations opened got no reply from someone else"
        if let median = figures.medianFirstReply {
            evidence += "; the median first reply came after \(ReportWords(language: .en, timeZone: .gmt, showsYear: true).duration(median))"
        }
        return ReviewItem(kind: .responsiveness, mark: mark, value: .count(figures.unanswered), evidence: evidence + ".")
    }

    static func managementBacking(_ figures: QuarterFigures) -> ReviewItem {
        let reach = figures.organisationDigest
            ? "the organisation digest went out \(figures.organisationDigestsSent) \(plural(figures.organisationDigestsSent, "time"))"
            : "no organisation digest is configured"
        let mark: ReviewItem.Mark = figures.sponsorNamed ? .green : figures.organisationDigestsSent > 0 ? .amber : .red
        let sponsor = figures.sponsorNamed ? "A sponsor is named (organisation.sponsor)" : "No sponsor is named (organisation.sponsor)"
        return ReviewItem(kind: .managementBacking, mark: mark, value: .flag(figures.sponsorNamed), evidence: "\(sponsor); \(reach).")
    }

    static func protectedSpaces(_ figures: QuarterFigures) -> ReviewItem {
        let total = figures.protectedSubIssues
        let used = figures.protectedInUse
        let mark: ReviewItem.Mark = used == total ? .green : .amber
        let evidence = total == 0
            ? "No protected sub-issue is configured; none is needed unless something must stay among a few."
            : "\(used) of \(total) protected \(plural(total, "sub-issue")) had posts in \(figures.quarter)."
        return ReviewItem(kind: .protectedSpaces, mark: mark, value: .count(used), evidence: evidence)
    }

    static func ratio(_ now: Int, _ before: Int) -> Double? { before == 0 ? nil : Double(now) / Double(before) }

    static func plural(_ count: Int, _ word: String) -> String { count == 1 ? word : word + "s" }
}
