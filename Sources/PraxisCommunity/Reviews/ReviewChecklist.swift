import Foundation

/// The CoP checklist (issue 21 item 5) as a pure decision: a quarter's figures in, eight marked
/// items and a recommendation out. Nothing here reads the store or the clock.
public enum ReviewChecklist {
    /// The assessment with its evidence and reasons in `language`. English is what
    /// `praxis review --format json` carries (a contract); the review mail asks for its reader's
    /// language through `ReviewAssessment.worded(in:)`.
    public static func assess(
        _ figures: QuarterFigures, thresholds: ReviewThresholds = ReviewThresholds(), language: Language = .en
    ) -> ReviewAssessment {
        let words = EvidenceWords(language: language)
        let items = [
            enoughIndividuals(figures, thresholds, words), objectivesActive(figures, thresholds, words),
            rolesFilled(figures, thresholds, words), momentum(figures, thresholds, words),
            inwardMovement(figures, thresholds, words), responsiveness(figures, thresholds, words),
            managementBacking(figures, words), protectedSpaces(figures, words),
        ]
        let (recommendation, reasons) = recommend(figures, items: items, thresholds: thresholds, words: words)
        return ReviewAssessment(figures: figures, items: items, recommendation: recommendation, reasons: reasons,
                                thresholds: thresholds)
    }

    /// Continue unless something is red or an objective has nothing behind it (refocus); disband
    /// when nobody posted in a quarter the community was alive for, or the reds pile up.
    static func recommend(
        _ figures: QuarterFigures, items: [ReviewItem], thresholds: ReviewThresholds, words: EvidenceWords
    ) -> (ReviewAssessment.Recommendation, [String]) {
        let quarter = ("quarter", figures.quarter.description)
        if figures.isFuture {
            return (.continue, [words.text(.reviewReasonFuture, [quarter])])
        }
        if figures.predatesCommunity {
            return (.continue, [words.text(.reviewReasonNotStarted, [quarter])])
        }
        let partial = figures.isPartial ? [words.text(.reviewReasonPartial, [quarter])] : []
        let reds = items.filter { $0.mark == .red }
        if figures.posts == 0 && !figures.startedWithin && !figures.isPartial {
            return (.disband, [words.text(.reviewReasonNobodyPosted, [quarter])] + reds.map(\.evidence))
        }
        if reds.count >= thresholds.disbandReds {
            let many = words.plural(.reviewReasonReds, count: reds.count, [
                ("total", words.number(items.count)), ("limit", words.number(thresholds.disbandReds))])
            return (.disband, partial + [many] + reds.map(\.evidence))
        }
        let idleObjectives = items.first { $0.kind == .objectivesActive && $0.mark != .green }
        if !reds.isEmpty || idleObjectives != nil {
            return (.refocus, partial + (reds + [idleObjectives].compactMap { $0 }).map(\.evidence))
        }
        let ambers = items.filter { $0.mark == .amber }.map(\.evidence)
        return (.continue, partial + [words.text(.reviewReasonAllWell)] + ambers)
    }

    static func enoughIndividuals(_ figures: QuarterFigures, _ thresholds: ReviewThresholds, _ words: EvidenceWords) -> ReviewItem {
        let perSubIssue = figures.subIssues.filter { $0.posts > 0 || $0.id != SubIssue.generalID }.map { entry in
            ReviewItem.SubIssueMark(
                id: entry.id, mark: entry.contributors >= thresholds.subIssueIndividuals ? .green : .amber,
                value: entry.contributors,
                evidence: words.plural(.reviewSubIssueContributors, count: entry.contributors, [
                    ("subIssue", entry.id), ("wanted", words.number(thresholds.subIssueIndividuals))]))
        }
        let thin = perSubIssue.filter { $0.mark != .green }
        let mark: ReviewItem.Mark = figures.contributors < thresholds.individuals ? .red : thin.isEmpty ? .green : .amber
        var clauses = [words.plural(.reviewIndividuals, count: figures.contributors, [
            ("quarter", figures.quarter.description), ("wanted", words.number(thresholds.individuals))])]
        if !thin.isEmpty {
            clauses.append(words.plural(.reviewThinSubIssues, count: perSubIssue.count, [
                ("thin", words.number(thin.count)), ("wanted", words.number(thresholds.subIssueIndividuals))]))
        }
        return ReviewItem(kind: .enoughIndividuals, mark: mark, value: .count(figures.contributors),
                          evidence: words.sentence(clauses), subIssues: perSubIssue)
    }

    static func objectivesActive(_ figures: QuarterFigures, _ thresholds: ReviewThresholds, _ words: EvidenceWords) -> ReviewItem {
        let total = figures.objectives.count
        guard total > 0 else {
            return ReviewItem(kind: .objectivesActive, mark: .amber, value: .count(0), evidence: words.text(.reviewNoObjectives))
        }
        let active = figures.objectives.filter { $0.posts >= thresholds.objectivePosts }
        let idle = figures.objectives.filter { $0.posts < thresholds.objectivePosts }
        let mark: ReviewItem.Mark = active.count == total ? .green : active.isEmpty ? .red : .amber
        var clauses = [words.plural(.reviewObjectivesActive, count: total, [
            ("active", words.number(active.count)), ("wanted", words.number(thresholds.objectivePosts)),
            ("quarter", figures.quarter.description)])]
        if !idle.isEmpty {
            let list = idle.map { "\($0.id ?? $0.text) (\(words.number($0.posts)))" }.joined(separator: ", ")
            clauses.append(words.text(.reviewObjectivesWithout, [("objectives", list)]))
        }
        return ReviewItem(kind: .objectivesActive, mark: mark, value: .count(active.count), evidence: words.sentence(clauses))
    }

    static func rolesFilled(_ figures: QuarterFigures, _ thresholds: ReviewThresholds, _ words: EvidenceWords) -> ReviewItem {
        let perSubIssue = figures.subIssues.map { entry in
            let moderatorsIdle = entry.moderators > 0 && entry.moderatorsActive == 0
            let mark: ReviewItem.Mark = entry.innerCircle >= thresholds.innerCircle && !moderatorsIdle ? .green : .amber
            var evidence = words.text(.reviewSubIssueInnerCircle, [("subIssue", entry.id), ("size", words.number(entry.innerCircle))])
            if entry.moderators > 0 {
                evidence += ", " + words.plural(.reviewModeratorsPosted, count: entry.moderators, [
                    ("active", words.number(entry.moderatorsActive))])
            }
            return ReviewItem.SubIssueMark(id: entry.id, mark: mark, value: entry.innerCircle, evidence: evidence + ".")
        }
        let filled = perSubIssue.filter { $0.mark == .green }.count
        let mark: ReviewItem.Mark
        let core: String
        if figures.coreGroup == 0 {
            mark = .red
            core = words.text(.reviewNoCoreGroup)
        } else if figures.coreActive == 0 {
            mark = .red
            core = words.plural(.reviewCoreSilent, count: figures.coreGroup)
        } else {
            mark = filled == perSubIssue.count ? .green : .amber
            core = words.plural(.reviewCoreActive, count: figures.coreGroup, [("active", words.number(figures.coreActive))])
        }
        let roles = words.plural(.reviewRolesFilled, count: perSubIssue.count, [
            ("filled", words.number(filled)), ("wanted", words.number(thresholds.innerCircle))])
        return ReviewItem(kind: .rolesFilled, mark: mark, value: .count(filled), evidence: words.sentence([core, roles]),
                          subIssues: perSubIssue)
    }

    static func momentum(_ figures: QuarterFigures, _ thresholds: ReviewThresholds, _ words: EvidenceWords) -> ReviewItem {
        let posts = ratio(figures.posts, figures.previousPosts)
        let people = ratio(figures.contributors, figures.previousContributors)
        let change = words.text(.reviewMomentum, [
            ("posts", words.number(figures.posts)), ("contributors", words.number(figures.contributors)),
            ("previousPosts", words.number(figures.previousPosts)),
            ("previousContributors", words.number(figures.previousContributors)),
            ("previousQuarter", figures.quarter.previous.description)])
        if figures.previousPosts == 0 {
            let mark: ReviewItem.Mark = figures.posts > 0 ? .green : .red
            let why = figures.startedWithin
                ? " " + words.text(.reviewMomentumStarted, [("quarter", figures.quarter.description)]) : ""
            return ReviewItem(kind: .momentum, mark: mark, value: .ratio(nil), evidence: change + why + ".")
        }
        let lowest = min(posts ?? 0, people ?? 0)
        let mark: ReviewItem.Mark = lowest < thresholds.momentumRed ? .red : lowest < thresholds.momentumAmber ? .amber : .green
        let percent = Int(((posts ?? 0) - 1) * 100)
        let postsChange = words.text(.reviewMomentumChange, [("change", words.percentChange(percent))])
        return ReviewItem(kind: .momentum, mark: mark, value: .ratio(posts), evidence: change + " " + postsChange + ".")
    }

    static func inwardMovement(_ figures: QuarterFigures, _ thresholds: ReviewThresholds, _ words: EvidenceWords) -> ReviewItem {
        let mark: ReviewItem.Mark = figures.promotions >= thresholds.promotions ? .green : .amber
        return ReviewItem(
            kind: .inwardMovement, mark: mark, value: .count(figures.promotions),
            evidence: words.plural(.reviewInwardMoves, count: figures.promotions, [
                ("quarter", figures.quarter.description), ("wanted", words.number(thresholds.promotions))]))
    }

    static func responsiveness(_ figures: QuarterFigures, _ thresholds: ReviewThresholds, _ words: EvidenceWords) -> ReviewItem {
        guard figures.openers > 0 else {
            return ReviewItem(kind: .responsiveness, mark: .amber, value: .count(0),
                              evidence: words.text(.reviewNobodyOpened, [("quarter", figures.quarter.description)]))
        }
        let share = Double(figures.unanswered) / Double(figures.openers)
        let slow = figures.medianFirstReply.map { $0 > thresholds.firstReplyHours * 3600 } ?? false
        let mark: ReviewItem.Mark = share > thresholds.unansweredRed ? .red
            : share > thresholds.unansweredAmber || slow ? .amber : .green
        var clauses = [words.plural(.reviewUnanswered, count: figures.openers, [("unanswered", words.number(figures.unanswered))])]
        if let median = figures.medianFirstReply {
            let duration = ReportWords(language: words.language, timeZone: .gmt, showsYear: true).duration(median)
            clauses.append(words.text(.reviewMedianReply, [("duration", duration)]))
        }
        return ReviewItem(kind: .responsiveness, mark: mark, value: .count(figures.unanswered), evidence: words.sentence(clauses))
    }

    static func managementBacking(_ figures: QuarterFigures, _ words: EvidenceWords) -> ReviewItem {
        let reach = figures.organisationDigest
            ? words.plural(.reviewOrganisationDigestSent, count: figures.organisationDigestsSent)
            : words.text(.reviewNoOrganisationDigest)
        let mark: ReviewItem.Mark = figures.sponsorNamed ? .green : figures.organisationDigestsSent > 0 ? .amber : .red
        let sponsor = words.text(figures.sponsorNamed ? .reviewSponsorNamed : .reviewNoSponsor)
        return ReviewItem(kind: .managementBacking, mark: mark, value: .flag(figures.sponsorNamed),
                          evidence: words.sentence([sponsor, reach]))
    }

    static func protectedSpaces(_ figures: QuarterFigures, _ words: EvidenceWords) -> ReviewItem {
        let total = figures.protectedSubIssues
        let used = figures.protectedInUse
        let mark: ReviewItem.Mark = used == total ? .green : .amber
        let evidence = total == 0
            ? words.text(.reviewNoProtected)
            : words.plural(.reviewProtectedInUse, count: total, [("used", words.number(used)), ("quarter", figures.quarter.description)])
        return ReviewItem(kind: .protectedSpaces, mark: mark, value: .count(used), evidence: evidence)
    }

    static func ratio(_ now: Int, _ before: Int) -> Double? { before == 0 ? nil : Double(now) / Double(before) }
}

/// How the checklist writes its sentences in one language. English keeps the figures exactly as
/// the checklist always wrote them (digits without grouping, "+9 %"), because
/// `praxis review --format json` carries the English sentences and scripts may read them; the
/// other languages write numbers and percentages as `Language` does.
struct EvidenceWords {
    let language: Language

    func number(_ value: Int) -> String { language == .en ? String(value) : language.number(value) }

    func percentChange(_ percent: Int) -> String {
        language == .en ? (percent >= 0 ? "+" : "") + "\(percent) %" : language.percentChange(Double(percent))
    }

    func text(_ key: MessageKey, _ values: [(String, String)] = []) -> String { language.text(key, pairs: values) }

    /// A plural text with `{count}` written by `number(_:)`.
    func plural(_ key: MessageKey, count: Int, _ values: [(String, String)] = []) -> String {
        Language.fill(language.template(key, count: count), [("count", number(count))] + values)
    }

    /// Clauses joined by semicolons into one sentence: "3 individuals posted …; 2 of 3 sub-issues …."
    func sentence(_ clauses: [String]) -> String { clauses.joined(separator: language.semicolon + " ") + "." }
}
