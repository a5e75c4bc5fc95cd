import Foundation
import Logging
import PraxisCommunity
import PraxisStore
import PraxisSystem
import ServiceLifecycle

/// The service that sends digests, the core group's weekly report and the quarterly review, when
/// they are due (DESIGN.md §2, §6, §9).
///
/// Each schedule's last due time is kept in `schedule_runs`, so all state survives a restart: on
/// every tick, a schedule whose latest due time is later than its last recorded run runs once for
/// that latest due time. A run missed while the daemon was down is so made up once at start-up,
/// and several missed runs make one digest (of everything since the previous one), never a burst.
/// On a fresh store a schedule starts at its latest due time, without sending.
public struct DigestScheduler: Service {
    /// The schedules and templates, read at each tick so a reload applies.
    let configuration: ReloadableConfiguration
    let database: PraxisDatabase
    let maildir: Maildir
    let logger: Logger
    /// The longest sleep between two looks at the clock, so a changed clock or a reloaded
    /// configuration is noticed within it.
    let tick: Duration

    init(
        configuration: ReloadableConfiguration, database: PraxisDatabase, maildir: Maildir, logger: Logger,
        tick: Duration = .seconds(30)
    ) {
        self.configuration = configuration
        self.database = database
        self.maildir = maildir
        self.logger = logger
        self.tick = tick
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let configuration = self.configuration.configuration
            let run = DigestRun(loading: configuration, database: database, maildir: maildir, logger: logger)
            do {
                if configuration.community.isClosed {
                    if let farewell = try await Self.sendFarewellIfDue(run, now: Date()) {
                        logger.notice("community closed: last digests and farewell queued", metadata: [
                            "digests": "\(farewell.digests)", "farewells": "\(farewell.notices)"])
                    }
                } else {
                    _ = try await Self.runDue(run, now: Date())
                }
            } catch {
                // The store failing is logged and retried at the next tick; nothing was half-done.
                logger.error("digest run failed; retrying at the next tick", metadata: ["error": "\(error)"])
            }
            do {
                if let week = try Self.sendReportIfDue(weeklyReport(configuration), now: Date()) {
                    logger.notice("weekly report queued", metadata: ["week": "\(week)"])
                }
            } catch {
                logger.error("weekly report failed; retrying at the next tick", metadata: ["error": "\(error)"])
            }
            do {
                if let quarter = try Self.sendReviewIfDue(quarterlyReview(configuration), now: Date()) {
                    logger.notice("quarterly review queued", metadata: ["quarter": "\(quarter)"])
                }
            } catch {
                logger.error("quarterly review failed; retrying at the next tick", metadata: ["error": "\(error)"])
            }
            let wait = Self.sleep(until: Self.nextDue(configuration, after: Date()), atMost: tick)
            // A shutdown ends the pause at once; a run in flight above always finishes first.
            guard await pauseUnlessShuttingDown(for: wait) else { return }
        }
    }

    /// Runs every schedule (digests and the organisation digest) whose latest due time at `now`
    /// has not run yet. Returns what was sent.
    public static func runDue(_ run: DigestRun, now: Date) async throws(StoreError) -> [DigestRun.Summary] {
        let configuration = run.configuration
        let timeZone = run.timeZone
        var summaries: [DigestRun.Summary] = []
        for plan in configuration.digests {
            let name = DigestRun.scheduleName(plan.name)
            let due = plan.schedule.lastDue(atOrBefore: now, in: timeZone)
            guard let last = try run.database.lastScheduleRun(name) else {
                try run.database.recordScheduleBaseline(name, dueAt: due, at: now)
                continue
            }
            guard due > last else { continue }
            if let summary = try await run.send(plan: plan, dueAt: due, now: now) { summaries.append(summary) }
        }
        if let organisation = configuration.organisation {
            let name = DigestRun.scheduleName(DigestRun.organisationName)
            let due = organisation.schedule.lastDue(atOrBefore: now, in: timeZone)
            if let last = try run.database.lastScheduleRun(name) {
                if due > last, let summary = try await run.sendOrganisation(organisation, dueAt: due, now: now) {
                    summaries.append(summary)
                }
            } else {
                try run.database.recordScheduleBaseline(name, dueAt: due, at: now)
            }
        }
        return summaries
    }

    /// What closing queued: the last digests and the farewell notices.
    public struct Farewell: Sendable, Hashable {
        public var digests: Int
        public var notices: Int
    }

    /// A closed community's last mail, once: every configured digest (and the organisation's)
    /// one last time with what it has not carried yet, then the farewell notice to every active
    /// member. The farewell is recorded with its notices in one transaction, so a restart never
    /// repeats it; a digest already sent finds nothing new and queues nothing. Nil when it went before.
    public static func sendFarewellIfDue(_ run: DigestRun, now: Date) async throws(StoreError) -> Farewell? {
        guard try !run.database.farewellSent() else { return nil }
        var digests = 0
        for plan in run.configuration.digests {
            digests += try await run.send(plan: plan, dueAt: now, now: now)?.queued ?? 0
        }
        if let organisation = run.configuration.organisation {
            digests += try await run.sendOrganisation(organisation, dueAt: now, now: now)?.queued ?? 0
        }
        let decider = run.configuration.closedCommunity
        let notices = try run.database.memberDetailsList(includeLeft: false)
            .filter { $0.member.status == .active }
            .map { decider.farewell(to: $0.member.address, language: $0.member.ownLanguage) }
        guard try await run.database.queueFarewell(notices, community: run.configuration.community, at: now) else { return nil }
        return Farewell(digests: digests, notices: notices.count)
    }

    /// Queues the weekly report when its schedule has a due time not served yet. Like a digest, on
    /// a fresh store the schedule starts at its latest due time without sending: a new community
    /// has nothing to report on, and its first report comes at the next due time.
    static func sendReportIfDue(_ report: WeeklyReport, now: Date) throws(StoreError) -> ISOWeek? {
        let name = WeeklyReport.scheduleName
        guard try report.database.lastScheduleRun(name) != nil else {
            let due = report.configuration.reports.moderators.schedule.lastDue(atOrBefore: now, in: report.timeZone)
            try report.database.recordScheduleBaseline(name, dueAt: due, at: now)
            return nil
        }
        return try report.sendDue(at: now)
    }

    /// Queues the quarterly review (and the sponsor's summary) when `reviews.schedule` has a due
    /// time not served yet; on a fresh store the schedule starts at its latest due time, as the
    /// weekly report's does.
    static func sendReviewIfDue(_ review: QuarterlyReview, now: Date) throws(StoreError) -> Quarter? {
        guard try review.database.lastScheduleRun(QuarterlyReview.scheduleName) != nil else {
            let due = review.configuration.reviews.schedule.lastDue(atOrBefore: now, in: review.timeZone)
            try review.database.recordScheduleBaseline(QuarterlyReview.scheduleName, dueAt: due, at: now)
            return nil
        }
        return try review.sendDue(at: now)
    }

    /// The quarterly review with the operator's templates; one that does not parse is logged and
    /// the built-in ones are used.
    func quarterlyReview(_ configuration: Configuration) -> QuarterlyReview {
        let templates: ReviewTemplates
        do {
            templates = try ReviewTemplateLoader.load(directory: configuration.paths.templates)
        } catch {
            logger.error("review templates refused; using the built-in ones", metadata: ["problem": "\(error)"])
            templates = .standard
        }
        return QuarterlyReview(configuration: configuration, database: database, templates: templates)
    }

    /// The weekly report with the operator's templates; a template that does not parse is logged
    /// and the built-in ones are used, so a typo never stops the report.
    func weeklyReport(_ configuration: Configuration) -> WeeklyReport {
        let templates: WeeklyReportTemplates
        do {
            templates = try ReportTemplateLoader.load(directory: configuration.paths.templates, communityLanguage: configuration.community.language)
        } catch {
            logger.error("report templates refused; using the built-in ones", metadata: ["problem": "\(error)"])
            templates = .standard
        }
        return WeeklyReport(configuration: configuration, database: database, templates: templates)
    }

    /// The next time any schedule is due after `instant`.
    static func nextDue(_ configuration: Configuration, after instant: Date) -> Date? {
        let timeZone = configuration.community.timeZone
        let schedules = configuration.digests.map(\.schedule) + (configuration.organisation.map { [$0.schedule] } ?? [])
            + [configuration.reports.moderators.schedule, configuration.reviews.schedule]
        return schedules.map { $0.nextDue(after: instant, in: timeZone) }.min()
    }

    static func sleep(until due: Date?, atMost tick: Duration) -> Duration {
        guard let due else { return tick }
        // A second past the due time, so the tick that wakes sees it as due.
        let seconds = max(0.05, due.timeIntervalSinceNow + 1)
        let untilDue = Duration.milliseconds(Int64(min(seconds, 86_400) * 1000))
        return min(untilDue, tick)
    }
}
