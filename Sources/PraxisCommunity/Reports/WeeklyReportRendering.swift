import Foundation
import Mustache
import PraxisMail

/// The Mustache templates the weekly report is written with: plain text and HTML.
///
/// The defaults are compiled in (`standard`, the same text as `Config/templates/report.*.mustache`);
/// an operator's own files replace them (PraxisDaemon's `ReportTemplateLoader`).
public struct WeeklyReportTemplates: Sendable {
    public let text: MustacheTemplate
    public let html: MustacheTemplate
    /// Templates for readers of one language (an operator's `report.de.txt.mustache`), over these.
    private var byLanguage: [Language: WeeklyReportTemplates] = [:]

    /// `general` for every reader but those of the languages `byLanguage` names, who get theirs
    /// (an operator's `report.de.txt.mustache`).
    public init(_ general: WeeklyReportTemplates, byLanguage: [Language: WeeklyReportTemplates]) {
        self = general
        self.byLanguage = byLanguage.mapValues { WeeklyReportTemplates(text: $0.text, html: $0.html) }
    }

    private init(text: MustacheTemplate, html: MustacheTemplate) {
        self.text = text
        self.html = html
    }

    /// The templates `language`'s readers get.
    func chosen(for language: Language) -> WeeklyReportTemplates { byLanguage[language] ?? self }

    /// Parses both sources; the error names the first that does not parse, with line and column.
    public init(textSource: String, htmlSource: String) throws(CommunityError) {
        text = try Self.parse(textSource, part: .text)
        html = try Self.parse(htmlSource, part: .html)
    }

    /// Which of the two templates; `CommunityError.template` holds the raw value.
    public enum Part: String, Sendable { case text, html }

    private static func parse(_ source: String, part: Part) throws(CommunityError) -> MustacheTemplate {
        try parse(source, named: part.rawValue)
    }

    /// Parses one template of a report (the weekly report's or the review's); the error carries
    /// `name`, the line and the column.
    static func parse(_ source: String, named name: String) throws(CommunityError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: source)
        } catch let error as MustacheTemplate.ParserError {
            throw CommunityError(
                .reportTemplate, String(describing: error.error), template: name,
                line: error.context.lineNumber, column: error.context.columnNumber)
        } catch {
            throw CommunityError(.reportTemplate, String(describing: error), template: name)
        }
    }

    /// The source of the built-in plain-text template (`Config/templates/report.txt.mustache`).
    public static let standardTextSource = StandardReportTemplates.text
    /// The source of the built-in HTML template (`Config/templates/report.html.mustache`).
    public static let standardHTMLSource = StandardReportTemplates.html

    /// The built-in templates.
    public static let standard: WeeklyReportTemplates = {
        do {
            return try WeeklyReportTemplates(
                textSource: StandardReportTemplates.text, htmlSource: StandardReportTemplates.html)
        } catch {
            preconditionFailure("the built-in report templates do not parse: \(error)")
        }
    }()
}

extension WeeklyReportFigures {
    /// Lists in the mail stop after this many entries, with "and N more".
    public static let mailListLimit = 15

    /// The report as plain text, in `language`.
    public func renderedText(with templates: WeeklyReportTemplates = .standard, in language: Language = .standard) -> String {
        // Mustache leaves the blank line of a standalone pragma tag; mail readers need no leading blank.
        var text = templates.chosen(for: language).text.render(mustacheContext(in: language))
        while text.hasPrefix("\n") { text.removeFirst() }
        return text
    }

    /// The report as one HTML document with inline styles only and no external resources, in `language`.
    public func renderedHTML(with templates: WeeklyReportTemplates = .standard, in language: Language = .standard) -> String {
        templates.chosen(for: language).html.render(mustacheContext(in: language))
    }

    /// Per-member activity of the week as CSV (RFC 4180, CRLF line ends): address, name, posts,
    /// threads started, replies, whether it is their first week, posts per non-protected sub-issue
    /// (`id:count` separated by `;`), and protected posts as one count. Column names and values are
    /// data, the same in every language.
    public func activityCSV() -> String {
        var lines = ["address,name,posts,threads_started,replies,new_contributor,sub_issues,protected_posts"]
        for member in members {
            let subIssues = member.subIssuePosts.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }
                .joined(separator: ";")
            lines.append([
                Self.csvField(member.address), Self.csvField(member.name ?? ""), String(member.posts),
                String(member.threadsStarted), String(member.replies), member.isNewContributor ? "yes" : "no",
                Self.csvField(subIssues), String(member.protectedPosts),
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The report mail in `language`: text and HTML alternatives plus the CSV, from the owner
    /// address to `recipients`.
    public func message(
        to recipients: [String], from community: Community, at time: Date,
        templates: WeeklyReportTemplates = .standard, language: Language = .standard
    ) -> OutgoingMessage {
        let domain = AddressSyntax.split(community.listAddress).map { String($0.domain) } ?? "praxis.invalid"
        return OutgoingMessage(
            from: MailAddress(name: community.name, address: community.ownerAddress),
            to: recipients.map { MailAddress(name: nil, address: $0) },
            subject: language.text(.reportSubject, ["community": community.name, "week": week.description]),
            date: time,
            timeZoneOffsetSeconds: timeZone.secondsFromGMT(for: time),
            messageID: MessageIDGenerator.make(domain: domain),
            extraHeaders: [
                ("Auto-Submitted", "auto-generated"),
                ("X-Loop", community.listAddress),
                ("Precedence", "list"),
                language.contentLanguageField,
            ],
            body: .mixed([
                .alternative(plain: renderedText(with: templates, in: language), html: renderedHTML(with: templates, in: language)),
                .attachment(filename: "activity-\(week).csv", contentType: "text/csv", data: Array(activityCSV().utf8)),
            ]))
    }

    static func csvField(_ value: String) -> String {
        CSVRecords.spreadsheetField(value)
    }

    // MARK: The view both templates read

    /// Everything the templates show, already formatted in `language`. Keys whose section has
    /// nothing to say are left out, so `{{#key}}` hides it (Mustache treats 0 as true).
    func mustacheContext(in language: Language = .standard) -> [String: Any] {
        let words = ReportWords(language: language, timeZone: timeZone, showsYear: showsYear)
        let limit = Self.mailListLimit
        var context: [String: Any] = [
            "community": communityName,
            "week": week.description,
            "language": language.rawValue,
            "timeZone": timeZone.identifier,
            "period": words.period(start, end),
            "labels": words.labels(week: week),
            "glance": words.glanceLabels(),
        ]
        context["headline"] = headlineContext(words)
        let quotes = language.quotationMarks
        context["quotes"] = ["open": quotes.open, "close": quotes.close]
        let warnings = attention.standstill.map { ["text": $0.sentence(in: language)] }
        context.set("standstill", warnings, flag: "hasStandstill")

        context["subIssues"] = subIssues.map { subIssueContext($0, words) }

        addCircles(to: &context, words: words, limit: limit)
        addAttention(to: &context, words: words, limit: limit)
        addClassification(to: &context, words: words, limit: limit)
        context["operations"] = operationLines(words).map { ["text": $0] }
        addReview(to: &context, words: words)
        return context
    }

    /// Who moved circle, who is close to the inner circle, and who has fallen quiet.
    private func addCircles(to context: inout [String: Any], words: ReportWords, limit: Int) {
        let l = words.language
        let transitions = circles.transitions.map { change -> [String: Any] in
            let values: KeyValuePairs<String, String> = [
                "subIssue": change.subIssue, "from": words.standing(change.from), "to": words.standing(change.to),
                "date": words.day(change.at), "reason": StandingReason.words(change.reason, in: l),
            ]
            return ["address": change.address,
                    "change": l.text(change.isPromotion ? .reportPromoted : .reportMovedOut, values)]
        }
        context.set("transitions", transitions, flag: "hasTransitions")
        context.setCount("protectedTransitions", circles.protectedTransitions, words: l, .reportProtectedChanges)
        let candidates = circles.candidates.prefix(limit).map { candidate -> [String: Any] in
            let standing = candidate.meetsBar
                ? l.text(.reportMeetsBar) : l.text(.reportStillLacks, ["missing": words.lacking(candidate.shortfall)])
            return ["address": candidate.address, "standing": l.text(.reportCandidate, [
                "subIssue": candidate.subIssue, "posts": l.plural(.reportPostCount, count: candidate.posts),
                "threads": l.plural(.reportThreadCount, count: candidate.threads), "standing": standing,
            ])]
        }
        context.set("candidates", Array(candidates), flag: "hasCandidates")
        context.setCount("moreCandidates", circles.candidates.count - candidates.count, words: l, .reportMore)
        context.setCount("protectedCandidates", circles.protectedCandidates, words: l, .reportProtectedCandidates)
        let quiet = circles.quietInner.prefix(limit).map { member -> [String: Any] in
            var entry: [String: Any] = [
                "address": member.address,
                "silence": l.plural(.reportSilentFor, count: member.silentDays, ["subIssue": member.subIssue]),
            ]
            // Past the limit: the circles' re-evaluation has not run since (or the member is pinned).
            if member.silentDays >= member.demotionAfterDays { entry["overdue"] = true }
            return entry
        }
        context.set("quietInner", Array(quiet), flag: "hasQuietInner")
        context.setCount("protectedQuietInner", circles.protectedQuietInner, words: l, .reportProtectedQuiet)
        let demotionDays = circles.quietInner.first?.demotionAfterDays ?? 0
        let demotedAfter = l.plural(.reportDemotedAfter, count: demotionDays)
        context["demotedAfterSentence"] = demotedAfter
        // In the text, inside a heading's parentheses: without the sentence's capital and stop.
        context["demotedAfter"] = words.clause(demotedAfter)
        if !circles.isEmpty { context["hasCircles"] = true }
    }

    /// Threads without an answer, the first-reply time, and sub-issues gone quiet.
    private func addAttention(to context: inout [String: Any], words: ReportWords, limit: Int) {
        let l = words.language
        let unanswered = attention.unanswered.prefix(limit).map { thread -> [String: Any] in
            var entry: [String: Any] = [
                "subject": thread.subject.isEmpty ? l.text(.reportNoSubject) : thread.subject,
                "byline": l.text(.reportUnanswered, [
                    "author": thread.author, "subIssue": thread.subIssue, "date": words.day(thread.startedAt)]),
                "messageID": thread.messageID,
            ]
            if let link = archive?.threadURL(thread.messageID) { entry["web_link"] = link }
            return entry
        }
        context.set("unanswered", Array(unanswered), flag: "hasUnanswered")
        context.setCount("moreUnanswered", attention.unanswered.count - unanswered.count, words: l, .reportMore)
        context.setCount("protectedUnanswered", attention.protectedUnanswered, words: l, .reportProtectedUnanswered)
        if let median = attention.medianFirstReply {
            context["medianFirstReply"] = words.duration(median)
            context["repliedThreadsWords"] = l.plural(.reportOverThreads, count: attention.repliedThreads)
        }
        let quietSubIssues = attention.quietSubIssues.map { entry -> [String: Any] in
            ["name": entry.name,
             "since": entry.lastPostAt.map { l.text(.reportLastPost, ["date": words.day($0)]) } ?? l.text(.reportNoPostYet)]
        }
        context.set("quietSubIssues", quietSubIssues, flag: "hasQuietSubIssues")
        let invitations = attention.unansweredInvitations.prefix(limit).map { invitation -> [String: Any] in
            ["address": invitation.address, "invited": l.text(.reportInvited, ["date": words.day(invitation.invitedAt)])]
        }
        context.set("invitations", Array(invitations), flag: "hasInvitations")
        context.setCount("moreInvitations", attention.unansweredInvitations.count - invitations.count, words: l, .reportMore)
        context["invitationsHeading"] = l.plural(.reportInvitedNoAnswer, count: Attention.invitationAnswerDays)
        if !attention.unanswered.isEmpty || attention.protectedUnanswered > 0 || attention.medianFirstReply != nil
            || !attention.quietSubIssues.isEmpty || !attention.unansweredInvitations.isEmpty {
            context["hasAttention"] = true
        }
    }

    /// Posts that fell to the general sub-issue or were classified with low confidence.
    private func addClassification(to context: inout [String: Any], words: ReportWords, limit: Int) {
        let l = words.language
        guard classification.fellToGeneral + classification.lowConfidence > 0 else { return }
        context["hasClassification"] = true
        let threshold = l.decimal(classification.confidenceThreshold, fractionDigits: 2)
        context["classificationSummary"] = l.plural(.reportFellToGeneral, count: classification.fellToGeneral) + "; "
            + l.plural(.reportLowConfidence, count: classification.lowConfidence, ["threshold": threshold])
        let listed = classification.listed.prefix(limit).map { post -> [String: Any] in
            var entry: [String: Any] = [
                "subject": post.subject.isEmpty ? l.text(.reportNoSubject) : post.subject,
                "place": l.text(.reportListedIn, ["subIssue": post.subIssue]), "messageID": post.messageID,
            ]
            if let confidence = post.confidence { entry["confidence"] = l.decimal(confidence, fractionDigits: 2) }
            if let link = archive?.messageURL(post.messageID) { entry["web_link"] = link }
            return entry
        }
        context["listed"] = Array(listed)
        let shown = classification.fellToGeneral + classification.lowConfidence - classification.protectedCount
        context.setCount("moreListed", shown - listed.count, words: l, .reportMore)
        context.setCount("protectedCount", classification.protectedCount, words: l, .reportProtectedPosts)
    }

    /// The quarterly review: activity per objective and whether a decision is due.
    private func addReview(to context: inout [String: Any], words: ReportWords) {
        let l = words.language
        context["objectives"] = review.objectives.map { objective -> [String: Any] in
            var activity = objective.subIssues.isEmpty
                ? l.text(objective.link == .configured ? .reportObjectiveUnlinked : .reportObjectiveUnmatched)
                : l.text(.reportObjectiveActivity, [
                    "posts": l.plural(.reportPostCount, count: objective.posts),
                    "by": l.plural(.reportByContributors, count: objective.contributors),
                    "thisWeek": l.number(objective.postsThisWeek), "subIssues": objective.subIssues.joined(separator: ", "),
                ])
            if objective.link == .textMatch {
                // Words are a guess; the label says so and how to replace it with the mapping.
                activity += " " + l.text(.reportObjectiveByWords)
            }
            var entry: [String: Any] = ["text": objective.text, "activity": activity]
            if let id = objective.id { entry["id"] = id }
            return entry
        }
        context["quarterPosts"] = review.quarterPosts
        context["quarterContributors"] = review.quarterContributors
        context["quarterWords"] = l.text(.reportLastTwelveWeeks, [
            "posts": l.plural(.reportPostCount, count: review.quarterPosts),
            "by": l.plural(.reportByContributors, count: review.quarterContributors),
        ])
        if review.decisionDue { context["decisionDue"] = true }
        if let decision = review.lastDecision {
            context["lastDecision"] = ["sentence": l.text(.reportLastDecision, [
                "decision": words.decision(decision.decision), "date": words.day(decision.decidedAt), "by": decision.by,
                "quarter": decision.quarter.description, "note": decision.note,
            ])]
        }
    }

    private func headlineContext(_ words: ReportWords) -> [String: Any] {
        let l = words.language
        let mean = headline.previousFourWeekMean
        let comparison: String
        let note: String
        let color: String
        if mean == 0 {
            comparison = l.text(.reportComparisonNone)
            note = l.text(.reportNoteNone)
            color = "#4b5563"
        } else {
            let change = (Double(headline.posts) - mean) / mean * 100
            let values: KeyValuePairs<String, String> = [
                "change": l.percentChange(change), "mean": l.decimal(mean, fractionDigits: 1)]
            comparison = l.text(.reportComparison, values)
            note = l.text(.reportNote, values)
            color = change >= 0 ? "#047857" : "#b91c1c"
        }
        let tiles: [[String: Any]] = [
            ["value": l.number(headline.posts), "label": l.plural(.reportTilePosts, count: headline.posts),
             "note": note, "noteColor": color],
            ["value": l.number(headline.threads), "label": l.plural(.reportTileThreads, count: headline.threads),
             "note": l.plural(.reportNewCount, count: headline.newThreads), "noteColor": "#4b5563"],
            ["value": l.number(headline.activeContributors),
             "label": l.plural(.reportTileActiveContributors, count: headline.activeContributors)],
            ["value": l.number(headline.newContributors), "label": l.plural(.reportTileNewContributors, count: headline.newContributors)],
            ["value": l.number(headline.newMembers), "label": l.plural(.reportTileNewMembers, count: headline.newMembers)],
            ["value": l.number(headline.membersLeft), "label": l.plural(.reportTileMembersLeft, count: headline.membersLeft)],
        ]
        return [
            "posts": l.number(headline.posts), "comparison": comparison, "threads": l.number(headline.threads),
            "threadsValue": l.plural(.reportActiveCount, count: headline.threads) + ", "
                + l.plural(.reportNewCount, count: headline.newThreads),
            "newThreads": l.number(headline.newThreads), "activeContributors": l.number(headline.activeContributors),
            "newContributors": l.number(headline.newContributors), "newMembers": l.number(headline.newMembers),
            "membersLeft": l.number(headline.membersLeft), "members": l.number(headline.members),
            "coreGroup": l.number(headline.coreGroup),
            // Rows of three: a table survives every mail client, and three fit on a phone.
            "tileRows": [["tiles": Array(tiles.prefix(3))], ["tiles": Array(tiles.dropFirst(3))]],
        ]
    }

    private func subIssueContext(_ entry: SubIssueActivity, _ words: ReportWords) -> [String: Any] {
        let l = words.language
        let maximum = entry.trend.map(\.posts).max() ?? 0
        let bars = entry.trend.enumerated().map { index, count -> [String: Any] in
            let isThisWeek = index == entry.trend.count - 1
            // 56 px for the busiest week; an empty week still shows a hairline so the axis reads.
            let height = maximum == 0 ? 1 : max(count.posts == 0 ? 1 : 3, count.posts * 56 / maximum)
            return [
                "week": count.week.description, "posts": count.posts, "height": height,
                "postsWords": l.plural(.reportPostCount, count: count.posts),
                "color": count.posts == 0 ? "#d1d5db" : (isThisWeek ? "#1d4ed8" : "#93c5fd"),
                "labelColor": isThisWeek ? "#111827" : "#6b7280",
            ]
        }
        let trendText = entry.trend.map { String($0.posts) }.joined(separator: " ")
        var context: [String: Any] = [
            "id": entry.id, "name": entry.isRetired ? l.text(.reportRetired, ["name": entry.name]) : entry.name,
            "posts": entry.posts, "threads": entry.threads,
            "activity": [l.plural(.reportPostCount, count: entry.posts), l.plural(.reportThreadCount, count: entry.threads),
                         l.plural(.reportContributorCount, count: entry.contributors)].joined(separator: ", "),
            "contributors": entry.contributors, "innerCircle": entry.innerCircle,
            "innerCircleWords": l.text(.reportInnerCircle, ["size": l.number(entry.innerCircle)]), "trend": bars,
            "sparkline": Self.sparkline(entry.trend.map(\.posts)),
            "trendText": trendText,
            "chartLabel": l.text(.reportPostsPerWeekChart, ["trend": trendText]),
            "chartCaption": l.text(.reportPostsPerWeek, [
                "first": entry.trend.first?.week.description ?? "", "last": entry.trend.last?.week.description ?? ""]),
        ]
        if entry.isProtected { context["isProtected"] = true }
        if !entry.moderators.isEmpty {
            // Nobody is named for a protected sub-issue, its moderators neither.
            let names = entry.isProtected
                ? l.plural(.reportModeratorsProtected, count: entry.moderators.count) : entry.moderators.joined(separator: ", ")
            context["moderators"] = l.text(.reportModerators, ["names": names])
        }
        // An empty chart says nothing a sentence does not say better.
        if maximum > 0 { context["hasTrend"] = true }
        return context
    }

    /// A text chart of weekly counts: one block character per week, scaled to the maximum.
    static func sparkline(_ counts: [Int]) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let maximum = counts.max() ?? 0
        return String(counts.map { count in
            guard maximum > 0, count > 0 else { return " " }
            return blocks[min(blocks.count - 1, (count * blocks.count - 1) / maximum)]
        })
    }

    private func operationLines(_ words: ReportWords) -> [String] {
        let l = words.language
        var lines: [String] = []
        let o = operations
        if o.heldWaiting > 0 {
            let oldest = o.oldestHeldAt.map { l.text(.reportOldestSince, ["date": words.day($0)]) } ?? ""
            lines.append(l.plural(.reportHeldWaiting, count: o.heldWaiting, ["oldest": oldest]))
        }
        if o.bouncingMembers > 0 { lines.append(l.plural(.reportBouncing, count: o.bouncingMembers)) }
        if o.disabledTotal > 0 || o.disabledThisWeek > 0 {
            lines.append(l.plural(.reportDisabled, count: o.disabledThisWeek, ["total": l.number(o.disabledTotal)]))
        }
        if o.quarantinedThisWeek > 0 {
            lines.append(l.plural(.reportQuarantined, count: o.quarantinedThisWeek, ["total": l.number(o.quarantinedTotal)]))
        }
        if o.deliveryFailedThisWeek > 0 {
            lines.append(l.plural(.reportDeliveryFailed, count: o.deliveryFailedThisWeek, ["total": l.number(o.deliveryFailedTotal)]))
        }
        if lines.isEmpty { lines.append(l.text(.reportAllClear)) }
        return lines
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets `key` and a true `flag` only when `items` is not empty.
    fileprivate mutating func set(_ key: String, _ items: [[String: Any]], flag: String) {
        guard !items.isEmpty else { return }
        self[key] = items
        self[flag] = true
    }

    /// Sets `key` only for a positive count, and `key` + `Words` to the count in `phrase`, a
    /// plural catalog entry ("1 change in protected sub-issues", "and 3 more").
    fileprivate mutating func setCount(_ key: String, _ count: Int, words language: Language, _ phrase: MessageKey) {
        guard count > 0 else { return }
        self[key] = count
        self[key + "Words"] = language.plural(phrase, count: count)
    }
}

/// The report's words in one language: dates in the community's time zone (with the year only
/// when the week is not in the current one), durations, standings and the templates' labels.
struct ReportWords {
    let language: Language
    let timeZone: TimeZone
    let showsYear: Bool

    /// A day and time: "1 September, 10:00", "1. September 2004, 10:00 Uhr".
    func day(_ date: Date) -> String {
        let day = showsYear ? language.day(date, in: timeZone) : language.dayAndMonth(date, in: timeZone)
        return language.text(.reportDayTime, ["day": day, "time": Self.time(date, in: timeZone)])
    }

    /// "28 September 2026 to 4 October 2026": the last day is the one before the exclusive end.
    func period(_ start: Date, _ end: Date) -> String {
        language.text(.reportPeriod, [
            "start": language.day(start, in: timeZone), "end": language.day(end.addingTimeInterval(-1), in: timeZone)])
    }

    /// "14:05" in `timeZone`.
    static func time(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let hour = parts.hour ?? 0, minute = parts.minute ?? 0
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    /// "45 min", "5 h 20 min", "2 days 3 h".
    func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int((seconds / 60).rounded())
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 48 { return "\(hours) h" + (minutes % 60 > 0 ? " \(minutes % 60) min" : "") }
        return language.plural(.reportDurationDays, count: hours / 24) + (hours % 24 > 0 ? " \(hours % 24) h" : "")
    }

    /// A stored standing (`core`, `inner`, `outer`) in words; anything else as stored.
    func standing(_ stored: String) -> String {
        switch CircleStanding(rawValue: stored) {
        case .core: language.text(.standingCore)
        case .inner: language.text(.standingInner)
        case .outer: language.text(.standingOuter)
        case nil: stored
        }
    }

    func decision(_ decision: ReviewAssessment.Recommendation) -> String {
        switch decision {
        case .continue: language.text(.reviewContinue)
        case .refocus: language.text(.reviewRefocus)
        case .disband: language.text(.reviewDisband)
        }
    }

    /// "1 more post and 2 more threads", "1 more post, 1 more thread and 1 more reply from others".
    func lacking(_ shortfall: BarShortfall) -> String {
        var parts: [String] = []
        if shortfall.posts > 0 { parts.append(language.plural(.reportLackPosts, count: shortfall.posts)) }
        if shortfall.threads > 0 { parts.append(language.plural(.reportLackThreads, count: shortfall.threads)) }
        if shortfall.replies > 0 { parts.append(language.plural(.reportLackReplies, count: shortfall.replies)) }
        guard let last = parts.popLast() else { return "" }
        return parts.isEmpty ? last : language.text(.reportAnd, ["first": parts.joined(separator: ", "), "last": last])
    }

    /// A sentence as a clause inside parentheses: first letter lowered, final stop dropped. Only
    /// for sentences that begin with a verb or participle in every language (German nouns keep
    /// their capital).
    func clause(_ sentence: String) -> String {
        var text = sentence.hasSuffix(".") ? String(sentence.dropLast()) : sentence
        if let first = text.first { text.replaceSubrange(...text.startIndex, with: first.lowercased()) }
        return text
    }

    /// The fixed words of the templates, as `{{labels.…}}`; the plain-text headings also in
    /// capitals (`{{labels.AT_A_GLANCE}}`).
    func labels(week: ISOWeek) -> [String: String] {
        let locale = Locale(identifier: language.rawValue)
        var labels: [String: String] = [
            "title": language.text(.reportTitle, ["week": week.description]),
            "colon": language.colon,
            "firstPostEver": language.text(.reportFirstPostEver),
            "protectedCountsOnly": language.text(.reportProtectedCountsOnly),
            "twelveWeeks": language.text(.reportTwelveWeeks),
            "noPostsTwelveWeeks": language.text(.reportNoPostsTwelveWeeks),
            "changesThisWeek": language.text(.reportChangesThisWeek),
            "closeToInner": language.text(.reportCloseToInner),
            "quietInner": language.text(.reportQuietInner),
            "dueForDemotion": language.text(.reportDueForDemotion),
            "noReply": language.text(.reportNoReply),
            "medianFirstReply": language.text(.reportMedianFirstReply),
            "quietSubIssues": language.text(.reportQuietSubIssues),
            "correctOne": language.text(.reportCorrectOne),
            "repliesFollow": language.text(.reportRepliesFollow),
            "noObjectives": language.text(.reportNoObjectives, ["key": "community.objectives"]),
            "decisionDue": language.text(.reportDecisionDue),
            "csvNote": language.text(.reportCSVNote),
        ]
        let headings: [(String, MessageKey)] = [
            ("atAGlance", .reportAtAGlance), ("standstill", .reportStandstill), ("subIssues", .reportSubIssues),
            ("circles", .reportCircles), ("attention", .reportAttention), ("classification", .reportClassification),
            ("operations", .reportOperations), ("review", .reportReview),
        ]
        for (name, key) in headings {
            labels[name] = language.text(key)
            labels[Self.capitalName(name)] = language.text(key).uppercased(with: locale)
        }
        return labels
    }

    /// "atAGlance" as "AT_A_GLANCE", "subIssues" as "SUB_ISSUES".
    static func capitalName(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase { out.append("_") }
            out.append(contentsOf: character.uppercased())
        }
        return out
    }

    /// The labels of the text's "at a glance" block, each padded to one width so the figures line up.
    func glanceLabels() -> [String: String] {
        padded([
            ("posts", .reportPosts), ("threads", .reportThreads), ("activeContributors", .reportActiveContributors),
            ("newContributors", .reportNewContributors), ("newMembers", .reportNewMembers),
            ("membersLeft", .reportMembersLeft), ("members", .reportMembers), ("coreGroup", .reportCoreGroup),
        ])
    }

    /// Labels of a block of figures in plain text, by name, each padded to one width (at least 22
    /// columns, as the English report has always been) so the figures after them line up.
    func padded(_ rows: [(String, MessageKey)]) -> [String: String] {
        let width = max(22, (rows.map { language.text($0.1).count }.max() ?? 0) + 2)
        return Dictionary(uniqueKeysWithValues: rows.map { name, key in
            let label = language.text(key)
            return (name, label + String(repeating: " ", count: width - label.count))
        })
    }
}
