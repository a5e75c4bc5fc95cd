import Foundation
import PraxisCommunity
import PraxisMail
import PraxisStore

/// The core group's weekly report (issue 8) for one community: its figures, its mail, and
/// queueing it in the outbox — on demand (`praxis report send --now`) or when its schedule
/// (`reports.moderators.schedule`) is due (`sendDue`, for the scheduler to call).
public struct WeeklyReport: Sendable {
    /// The name the report's runs are recorded under in `schedule_runs`.
    public static let scheduleName = "report:moderators"

    public let configuration: Configuration
    public let database: PraxisDatabase
    public let templates: WeeklyReportTemplates

    public init(configuration: Configuration, database: PraxisDatabase, templates: WeeklyReportTemplates = .standard) {
        self.configuration = configuration
        self.database = database
        self.templates = templates
    }

    /// What the store computes the figures against.
    public var settings: WeeklyReportSettings {
        WeeklyReportSettings(
            community: configuration.community, subIssues: configuration.allSubIssues, circles: configuration.circles)
    }

    public var timeZone: TimeZone { configuration.community.timeZone }

    /// The last week that had ended by `time`, in the community's time zone.
    public func lastCompleteWeek(before time: Date) -> ISOWeek {
        ISOWeek(containing: time, in: timeZone).advanced(by: -1)
    }

    public func figures(for week: ISOWeek) throws(StoreError) -> WeeklyReportFigures {
        var figures = try database.weeklyReportFigures(week: week, settings: settings)
        figures.archive = configuration.archiveLinks
        return figures
    }

    /// The core group (`circles.core` and members whose standing is `core`) and the owner address.
    public func recipients() throws(StoreError) -> [String] {
        try database.reportRecipients(core: configuration.circles.core, owner: configuration.community.ownerAddress)
    }

    /// The mail for `figures` in `language` (by default the community's), addressed to the core
    /// group and the owner.
    public func message(
        for figures: WeeklyReportFigures, at time: Date, language: Language? = nil
    ) throws(StoreError) -> OutgoingMessage {
        figures.message(to: try recipients(), from: configuration.community, at: time, templates: templates,
                        language: language ?? configuration.community.language)
    }

    /// Queues the report for `week` now (`praxis report send --now`): one outbox row of kind
    /// `report` per recipient. Returns how many were queued.
    @discardableResult
    public func send(week: ISOWeek, at time: Date = Date()) throws(StoreError) -> Int {
        try database.queueWeeklyReport(week: week, settings: settings, templates: templates, at: time) ?? 0
    }

    /// Queues the report if `reports.moderators.schedule` fell due at or before `time` and that
    /// due time has not been served yet; the week is the last one that had ended at the due time.
    /// The run is recorded in `schedule_runs` in the same transaction, so a report goes out once
    /// per due time however often this is called (by the scheduler, or `praxis report send`).
    /// Returns the week sent, or nil.
    @discardableResult
    public func sendDue(at time: Date = Date()) throws(StoreError) -> ISOWeek? {
        let due = configuration.reports.moderators.schedule.lastDue(atOrBefore: time, in: timeZone)
        let week = lastCompleteWeek(before: due)
        let queued = try database.queueWeeklyReport(
            week: week, settings: settings, templates: templates, at: time, scheduleRun: (Self.scheduleName, due))
        return queued == nil ? nil : week
    }
}
