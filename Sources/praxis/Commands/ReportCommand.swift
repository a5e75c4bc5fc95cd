import ArgumentParser
import Foundation
import PraxisCommunity
import PraxisDaemon

/// `praxis report preview|send`: the core group's weekly report.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The core group's weekly activity report.",
        subcommands: [ReportPreviewCommand.self, ReportSendCommand.self]
    )
}

extension GlobalOptions {
    /// The instance and its weekly report, with the operator's templates from `paths.templates`.
    func openWeeklyReport() throws -> (CommunityInstance, WeeklyReport) {
        let instance = try openInstance()
        do {
            let templates = try ReportTemplateLoader.load(directory: instance.configuration.paths.templates)
            return (instance, WeeklyReport(configuration: instance.configuration, database: instance.database, templates: templates))
        } catch {
            for problem in error.problems { printError("praxis: \(problem)") }
            throw ExitCode(2)
        }
    }
}

struct ReportPreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Print the weekly report without sending it.",
        discussion: "The week is cut in community.timezone; by default the last week that has ended."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, html, mime, json }

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "text, html, mime (the whole message) or json (the figures).")
    var format: Format = .text

    @Option(name: .long, help: ArgumentHelp("The ISO week, e.g. 2004-W20.", valueName: "YYYY-Www"))
    var week: String?

    func run() throws {
        let chosenWeek: ISOWeek?
        if let week {
            guard let parsed = ISOWeek(parsing: week) else {
                printError("praxis: --week \(week) is not an ISO week; write it as YYYY-Www, e.g. 2004-W20")
                throw ExitCode(2)
            }
            chosenWeek = parsed
        } else {
            chosenWeek = nil
        }
        let (_, report) = try global.openWeeklyReport()
        let now = Date()
        let figures = try report.figures(for: chosenWeek ?? report.lastCompleteWeek(before: now))
        var output = StandardOutput()
        switch format {
        case .text: output.write(figures.renderedText(with: report.templates))
        case .html: output.write(figures.renderedHTML(with: report.templates))
        case .mime: output.write(String(decoding: try report.message(for: figures, at: now).rendered(), as: UTF8.self))
        case .json: output.write(Self.json(figures) + "\n")
        }
        output.flush()
    }

    /// The figures as one JSON object (DESIGN.md §4); protected sub-issues appear as counts only.
    static func json(_ figures: WeeklyReportFigures) -> String {
        var writer = JSONWriter()
        writer.object { o in
            o.field("week", figures.week.description)
            o.field("start", time(figures.start))
            o.field("end", time(figures.end))
            o.field("time_zone", figures.timeZone)
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
            subIssues(figures, into: &o)
            attention(figures.attention, into: &o)
            circles(figures.circles, into: &o)
            o.nested("classification") { classification(figures.classification, into: &$0) }
            o.nested("operations") { operations(figures.operations, into: &$0) }
            o.nested("review") { review(figures.review, into: &$0) }
        }
        return writer.text
    }

    static func time(_ date: Date) -> String { ParseCommand.utc(date) }

    static func subIssues(_ figures: WeeklyReportFigures, into o: inout JSONWriter.ObjectWriter) {
        o.array("sub_issues", figures.subIssues) { w, s in
            w.object { e in
                e.field("id", s.id)
                e.field("name", s.name)
                e.field("protected", s.isProtected)
                e.field("posts", s.posts)
                e.field("threads", s.threads)
                e.field("contributors", s.contributors)
                e.field("inner_circle", s.innerCircle)
                e.raw("trend", "[" + s.trend.map { String($0.posts) }.joined(separator: ", ") + "]")
                e.field("last_post_at", s.lastPostAt.map(time))
            }
        }
    }

    static func attention(_ a: WeeklyReportFigures.Attention, into o: inout JSONWriter.ObjectWriter) {
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
        o.strings("standstill", a.standstill)
    }

    static func circles(_ c: WeeklyReportFigures.CircleChanges, into o: inout JSONWriter.ObjectWriter) {
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

    static func classification(_ k: WeeklyReportFigures.ClassificationReview, into e: inout JSONWriter.ObjectWriter) {
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

    static func operations(_ p: WeeklyReportFigures.Operations, into e: inout JSONWriter.ObjectWriter) {
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

    static func review(_ r: WeeklyReportFigures.Review, into e: inout JSONWriter.ObjectWriter) {
        e.array("objectives", r.objectives) { w, objective in
            w.object { f in
                f.field("text", objective.text)
                f.strings("sub_issues", objective.subIssues)
                f.field("posts", objective.posts)
            }
        }
        e.field("quarter_posts", r.quarterPosts)
        e.field("quarter_contributors", r.quarterContributors)
        e.field("decision_due", r.decisionDue)
    }
}

struct ReportSendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Queue the weekly report for the core group and the owner address.",
        discussion: """
            Without --now the report is queued only when reports.moderators.schedule has fallen due \
            and that due time was not served yet. The running daemon, or `praxis outbox flush`, delivers it.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Queue the report for the last week that has ended, now, whatever the schedule.")
    var now = false

    func run() throws {
        let (_, report) = try global.openWeeklyReport()
        let time = Date()
        if now {
            let week = report.lastCompleteWeek(before: time)
            let queued = try report.send(week: week, at: time)
            print("queued the report for \(week) to \(queued) recipient(s)")
        } else if let week = try report.sendDue(at: time) {
            print("queued the report for \(week), due by reports.moderators.schedule")
        } else {
            print("nothing due: the report for the latest due time of reports.moderators.schedule was already queued")
        }
    }
}
