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

    /// The report as plain text.
    public func renderedText(with templates: WeeklyReportTemplates = .standard) -> String {
        // Mustache leaves the blank line of a standalone pragma tag; mail readers need no leading blank.
        var text = templates.text.render(mustacheContext())
        while text.hasPrefix("\n") { text.removeFirst() }
        return text
    }

    /// The report as one HTML document with inline styles only and no external resources.
    public func renderedHTML(with templates: WeeklyReportTemplates = .standard) -> String {
        templates.html.render(mustacheContext())
    }

    /// Per-member activity of the week as CSV (RFC 4180, CRLF line ends): address, name, posts,
    /// threads started, replies, whether it is their first week, posts per non-protected sub-issue
    /// (`id:count` separated by `;`), and protected posts as one count.
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

    /// The report mail: text and HTML alternatives plus the CSV, from the owner address to `recipients`.
    public func message(
        to recipients: [String], from community: Community, at time: Date,
        templates: WeeklyReportTemplates = .standard
    ) -> OutgoingMessage {
        let domain = AddressSyntax.split(community.listAddress).map { String($0.domain) } ?? "praxis.invalid"
        return OutgoingMessage(
            from: MailAddress(name: community.name, address: community.ownerAddress),
            to: recipients.map { MailAddress(name: nil, address: $0) },
            subject: "[\(community.name)] Weekly report \(week)",
            date: time,
            timeZoneOffsetSeconds: timeZone.secondsFromGMT(for: time),
            messageID: MessageIDGenerator.make(domain: domain),
            extraHeaders: [
                ("Auto-Submitted", "auto-generated"),
                ("X-Loop", community.listAddress),
                ("Precedence", "list"),
            ],
            body: .mixed([
                .alternative(plain: renderedText(with: templates), html: renderedHTML(with: templates)),
                .attachment(filename: "activity-\(week).csv", contentType: "text/csv", data: Array(activityCSV().utf8)),
            ]))
    }

    static func csvField(_ value: String) -> String {
        CSVRecords.spreadsheetField(value)
    }

    // MARK: The view both templates read

    /// Everything the templates show, already formatted. Keys whose section has nothing to say
    /// are left out, so `{{#key}}` hides it (Mustache treats 0 as true).
    func mustacheContext() -> [String: Any] {
        let dates = ReportDateStyle(timeZone: timeZone, showsYear: showsYear)
        let limit = Self.mailListLimit
        var context: [String: Any] = [
            "community": communityName,
            "week": week.description,
            "timeZone": timeZone.identifier,
            "period": dates.period(start, end),
        ]
        context["headline"] = headlineContext()
        let warnings = attention.standstill.map { ["text": $0] }
        context.set("standstill", warnings, flag: "hasStandstill")

        context["subIssues"] = subIssues.map { subIssueContext($0) }

        addCircles(to: &context, dates: dates, limit: limit)
        addAttention(to: &context, dates: dates, limit: limit)
        addClassification(to: &context, limit: limit)
        context["operations"] = operationLines(dates).map { ["text": $0] }
        addReview(to: &context)
        return context
    }

    /// Who moved circle, who is close to the inner circle, and who has fallen quiet.
    private func addCircles(to context: inout [String: Any], dates: ReportDateStyle, limit: Int) {
        let transitions = circles.transitions.map { change -> [String: Any] in
            ["address": change.address, "subIssue": change.subIssue, "from": change.from, "to": change.to,
             "direction": change.isPromotion ? "promoted" : "moved out", "date": dates.day(change.at),
             "reason": change.reason]
        }
        context.set("transitions", transitions, flag: "hasTransitions")
        context.setCount("protectedTransitions", circles.protectedTransitions, noun: "change")
        let candidates = circles.candidates.prefix(limit).map { candidate -> [String: Any] in
            ["address": candidate.address, "subIssue": candidate.subIssue, "posts": candidate.posts,
             "threads": candidate.threads, "missing": candidate.missing,
             "activity": CirclesPolicy.plural(candidate.posts, "post") + " in " + CirclesPolicy.plural(candidate.threads, "thread"),
             "standing": candidate.meetsBar ? "meets the bar" : "still lacks " + candidate.missing]
        }
        context.set("candidates", Array(candidates), flag: "hasCandidates")
        context.setCount("moreCandidates", circles.candidates.count - candidates.count)
        context.setCount("protectedCandidates", circles.protectedCandidates, noun: "candidate")
        let quiet = circles.quietInner.prefix(limit).map { member -> [String: Any] in
            var entry: [String: Any] = ["address": member.address, "subIssue": member.subIssue, "silentDays": member.silentDays]
            // Past the limit: the circles' re-evaluation has not run since (or the member is pinned).
            if member.silentDays >= member.demotionAfterDays { entry["overdue"] = true }
            return entry
        }
        context.set("quietInner", Array(quiet), flag: "hasQuietInner")
        context.setCount("protectedQuietInner", circles.protectedQuietInner, noun: "quiet member")
        context["demotionDays"] = circles.quietInner.first?.demotionAfterDays ?? 0
        if !circles.isEmpty { context["hasCircles"] = true }
    }

    /// Threads without an answer, the first-reply time, and sub-issues gone quiet.
    private func addAttention(to context: inout [String: Any], dates: ReportDateStyle, limit: Int) {
        let unanswered = attention.unanswered.prefix(limit).map { thread -> [String: Any] in
            var entry: [String: Any] = [
                "subject": thread.subject.isEmpty ? "(no subject)" : thread.subject, "author": thread.author,
                "subIssue": thread.subIssue, "date": dates.day(thread.startedAt), "messageID": thread.messageID,
            ]
            if let link = archive?.threadURL(thread.messageID) { entry["web_link"] = link }
            return entry
        }
        context.set("unanswered", Array(unanswered), flag: "hasUnanswered")
        context.setCount("moreUnanswered", attention.unanswered.count - unanswered.count)
        context.setCount("protectedUnanswered", attention.protectedUnanswered, noun: "unanswered thread")
        if let median = attention.medianFirstReply {
            context["medianFirstReply"] = ReportDateStyle.duration(median)
            context["repliedThreads"] = attention.repliedThreads
            context["repliedThreadsWords"] = CirclesPolicy.plural(attention.repliedThreads, "thread")
        }
        let quietSubIssues = attention.quietSubIssues.map { entry -> [String: Any] in
            ["name": entry.name, "since": entry.lastPostAt.map { "last post \(dates.day($0))" } ?? "no post yet"]
        }
        context.set("quietSubIssues", quietSubIssues, flag: "hasQuietSubIssues")
        let invitations = attention.unansweredInvitations.prefix(limit).map { invitation -> [String: Any] in
            ["address": invitation.address, "date": dates.day(invitation.invitedAt)]
        }
        context.set("invitations", Array(invitations), flag: "hasInvitations")
        context.setCount("moreInvitations", attention.unansweredInvitations.count - invitations.count)
        context["invitationDays"] = Attention.invitationAnswerDays
        if !attention.unanswered.isEmpty || attention.protectedUnanswered > 0 || attention.medianFirstReply != nil
            || !attention.quietSubIssues.isEmpty || !attention.unansweredInvitations.isEmpty {
            context["hasAttention"] = true
        }
    }

    /// Posts that fell to the general sub-issue or were classified with low confidence.
    private func addClassification(to context: inout [String: Any], limit: Int) {
        if classification.fellToGeneral + classification.lowConfidence > 0 {
            context["hasClassification"] = true
            context["fellToGeneral"] = classification.fellToGeneral
            context["lowConfidence"] = classification.lowConfidence
            context["fellToGeneralWords"] = CirclesPolicy.plural(classification.fellToGeneral, "post")
            context["lowConfidenceVerb"] = classification.lowConfidence == 1 ? "was" : "were"
            context["threshold"] = String(format: "%.2f", classification.confidenceThreshold)
            let listed = classification.listed.prefix(limit).map { post -> [String: Any] in
                var entry: [String: Any] = [
                    "subject": post.subject.isEmpty ? "(no subject)" : post.subject, "subIssue": post.subIssue,
                    "messageID": post.messageID,
                ]
                if let confidence = post.confidence { entry["confidence"] = String(format: "%.2f", confidence) }
                if let link = archive?.messageURL(post.messageID) { entry["web_link"] = link }
                return entry
            }
            context["listed"] = Array(listed)
            let shown = classification.fellToGeneral + classification.lowConfidence - classification.protectedCount
            context.setCount("moreListed", shown - listed.count)
            context.setCount("protectedCount", classification.protectedCount)
        }
    }

    /// The quarterly review: activity per objective and whether a decision is due.
    private func addReview(to context: inout [String: Any]) {
        context["objectives"] = review.objectives.map { objective -> [String: Any] in
            var activity = objective.subIssues.isEmpty
                ? (objective.link == .configured
                    ? "No sub-issue is linked to it (community.objectives[].sub_issues)."
                    : "No sub-issue is linked to it, and its words name none.")
                : "\(CirclesPolicy.plural(objective.posts, "post")) by \(CirclesPolicy.plural(objective.contributors, "contributor")) in 12 weeks "
                    + "(\(objective.postsThisWeek) this week) in \(objective.subIssues.joined(separator: ", "))."
            if objective.link == .textMatch {
                // Words are a guess; the label says so and how to replace it with the mapping.
                activity += " Matched by words in its text: give it an id and sub_issues in praxis.yaml to link them."
            }
            var entry: [String: Any] = ["text": objective.text, "activity": activity]
            if let id = objective.id { entry["id"] = id }
            return entry
        }
        context["quarterPosts"] = review.quarterPosts
        context["quarterContributors"] = review.quarterContributors
        context["quarterWords"] = CirclesPolicy.plural(review.quarterPosts, "post") + " by "
            + CirclesPolicy.plural(review.quarterContributors, "contributor")
        if review.decisionDue { context["decisionDue"] = true }
        if let decision = review.lastDecision {
            context["lastDecision"] = ["decision": decision.decision.rawValue, "note": decision.note, "by": decision.by,
                                       "quarter": decision.quarter.description,
                                       "date": ReportDateStyle(timeZone: timeZone, showsYear: showsYear).day(decision.decidedAt)]
        }
    }

    private func headlineContext() -> [String: Any] {
        let mean = headline.previousFourWeekMean
        let comparison: String
        let note: String
        let color: String
        if mean == 0 {
            comparison = "none in the four weeks before"
            note = "none the 4 weeks before"
            color = "#4b5563"
        } else {
            let change = (Double(headline.posts) - mean) / mean * 100
            comparison = String(format: "%@%.0f%% against the mean of %.1f over the four weeks before",
                                change >= 0 ? "+" : "", change, mean)
            note = String(format: "%@%.0f%% vs 4-week mean %.1f", change >= 0 ? "+" : "", change, mean)
            color = change >= 0 ? "#047857" : "#b91c1c"
        }
        func label(_ count: Int, _ singular: String, _ plural: String) -> String { count == 1 ? singular : plural }
        let tiles: [[String: Any]] = [
            ["value": headline.posts, "label": label(headline.posts, "post", "posts"), "note": note, "noteColor": color],
            ["value": headline.threads, "label": label(headline.threads, "active thread", "active threads"),
             "note": "\(headline.newThreads) new", "noteColor": "#4b5563"],
            ["value": headline.activeContributors, "label": label(headline.activeContributors, "active contributor", "active contributors")],
            ["value": headline.newContributors, "label": label(headline.newContributors, "new contributor", "new contributors")],
            ["value": headline.newMembers, "label": label(headline.newMembers, "new member", "new members")],
            ["value": headline.membersLeft, "label": label(headline.membersLeft, "member who left", "members who left")],
        ]
        return [
            "posts": headline.posts, "comparison": comparison, "threads": headline.threads,
            "newThreads": headline.newThreads, "activeContributors": headline.activeContributors,
            "newContributors": headline.newContributors, "newMembers": headline.newMembers,
            "membersLeft": headline.membersLeft, "members": headline.members, "coreGroup": headline.coreGroup,
            // Rows of three: a table survives every mail client, and three fit on a phone.
            "tileRows": [["tiles": Array(tiles.prefix(3))], ["tiles": Array(tiles.dropFirst(3))]],
        ]
    }

    private func subIssueContext(_ entry: SubIssueActivity) -> [String: Any] {
        let maximum = entry.trend.map(\.posts).max() ?? 0
        let bars = entry.trend.enumerated().map { index, count -> [String: Any] in
            let isThisWeek = index == entry.trend.count - 1
            // 56 px for the busiest week; an empty week still shows a hairline so the axis reads.
            let height = maximum == 0 ? 1 : max(count.posts == 0 ? 1 : 3, count.posts * 56 / maximum)
            return [
                "week": count.week.description, "posts": count.posts, "height": height,
                "color": count.posts == 0 ? "#d1d5db" : (isThisWeek ? "#1d4ed8" : "#93c5fd"),
                "labelColor": isThisWeek ? "#111827" : "#6b7280",
            ]
        }
        var context: [String: Any] = [
            "id": entry.id, "name": entry.isRetired ? entry.name + " (retired)" : entry.name, "posts": entry.posts, "threads": entry.threads,
            "activity": [CirclesPolicy.plural(entry.posts, "post"), CirclesPolicy.plural(entry.threads, "thread"),
                         CirclesPolicy.plural(entry.contributors, "contributor")].joined(separator: ", "),
            "contributors": entry.contributors, "innerCircle": entry.innerCircle, "trend": bars,
            "sparkline": Self.sparkline(entry.trend.map(\.posts)),
            "trendText": entry.trend.map { String($0.posts) }.joined(separator: " "),
            "firstWeek": entry.trend.first?.week.description ?? "",
            "lastWeek": entry.trend.last?.week.description ?? "",
        ]
        if entry.isProtected { context["isProtected"] = true }
        if !entry.moderators.isEmpty {
            // Nobody is named for a protected sub-issue, its moderators neither.
            context["moderators"] = entry.isProtected
                ? "\(entry.moderators.count) (not named: protected)" : entry.moderators.joined(separator: ", ")
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

    private func operationLines(_ dates: ReportDateStyle) -> [String] {
        var lines: [String] = []
        let o = operations
        if o.heldWaiting > 0 {
            lines.append("\(o.heldWaiting) held post(s) wait for a moderator"
                + (o.oldestHeldAt.map { ", the oldest since \(dates.day($0))" } ?? "") + " (praxis moderation list).")
        }
        if o.bouncingMembers > 0 { lines.append("\(o.bouncingMembers) member(s) have bounces on record.") }
        if o.disabledTotal > 0 || o.disabledThisWeek > 0 {
            lines.append("\(o.disabledThisWeek) member(s) disabled by bounces this week, \(o.disabledTotal) disabled in all.")
        }
        if o.quarantinedThisWeek > 0 {
            lines.append("\(o.quarantinedThisWeek) file(s) quarantined this week (\(o.quarantinedTotal) in all).")
        }
        if o.deliveryFailedThisWeek > 0 {
            lines.append("\(o.deliveryFailedThisWeek) outgoing message(s) of this week failed for good (\(o.deliveryFailedTotal) in all).")
        }
        if lines.isEmpty {
            lines.append("All clear: nothing held, no bounces, nothing quarantined this week, no failed deliveries.")
        }
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

    /// Sets `key` only for a positive count, and `key` + `Words` to the count with its noun in
    /// the right number ("1 change", "2 changes") when `noun` is given.
    fileprivate mutating func setCount(_ key: String, _ count: Int, noun: String? = nil) {
        guard count > 0 else { return }
        self[key] = count
        if let noun { self[key + "Words"] = CirclesPolicy.plural(count, noun) }
    }
}

/// Dates and durations as the report writes them, in the community's time zone.
struct ReportDateStyle {
    let dayFormatter: DateFormatter
    let periodFormatter: DateFormatter

    /// `showsYear`: "Mon 3 May 2004 10:00" rather than "Mon 3 May 10:00", for a period that is not
    /// in the current year.
    init(timeZone: TimeZone, showsYear: Bool = false) {
        dayFormatter = DateFormatter()
        dayFormatter.locale = Locale(identifier: "en_US_POSIX")
        dayFormatter.timeZone = timeZone
        dayFormatter.dateFormat = showsYear ? "EEE d MMM yyyy HH:mm" : "EEE d MMM HH:mm"
        periodFormatter = DateFormatter()
        periodFormatter.locale = Locale(identifier: "en_US_POSIX")
        periodFormatter.timeZone = timeZone
        periodFormatter.dateFormat = "EEE d MMM yyyy"
    }

    func day(_ date: Date) -> String { dayFormatter.string(from: date) }

    /// "Mon 10 May 2004 to Sun 16 May 2004": the last day is the one before the exclusive end.
    func period(_ start: Date, _ end: Date) -> String {
        periodFormatter.string(from: start) + " to " + periodFormatter.string(from: end.addingTimeInterval(-1))
    }

    /// "45 min", "5 h 20 min", "2 days 3 h".
    static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int((seconds / 60).rounded())
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 48 { return "\(hours) h" + (minutes % 60 > 0 ? " \(minutes % 60) min" : "") }
        return "\(hours / 24) days" + (hours % 24 > 0 ? " \(hours % 24) h" : "")
    }
}
