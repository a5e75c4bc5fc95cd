import Foundation
import PraxisCommunity
import PraxisStore

/// Finds the review's templates in `paths.templates` (`review.txt.mustache`,
/// `review.html.mustache`, `summary.txt.mustache`), each falling back to the compiled-in default.
public enum ReviewTemplateLoader {
    public static func fileName(_ part: ReviewTemplates.Part) -> String { part.rawValue + ".mustache" }

    /// Reads and parses the templates; one that cannot be read or does not parse is a configuration
    /// problem naming the file, line and column.
    public static func load(directory: String?) throws(DaemonError) -> ReviewTemplates {
        var sources: [ReviewTemplates.Part: (text: String, path: String)] = [:]
        for part in ReviewTemplates.Part.allCases {
            sources[part] = try ReportTemplateLoader.source(directory, fileName(part))
        }
        func text(_ part: ReviewTemplates.Part) -> String { sources[part]?.text ?? ReviewTemplates.standardSource(part) }
        do {
            return try ReviewTemplates(textSource: text(.text), htmlSource: text(.html), summarySource: text(.summary))
        } catch {
            let part = ReviewTemplates.Part(rawValue: error.template ?? "") ?? .text
            let file = sources[part]?.path ?? fileName(part) + " (built in)"
            throw .invalidConfiguration([ConfigurationProblem(
                file: file, line: error.line, column: error.column, keyPath: "",
                message: "the review template does not parse: \(error.message)")], in: file)
        }
    }
}

/// The quarterly review (issue 21 items 5 and 9) for one community: the checklist to the core group
/// and the sub-issues' moderators, the management summary to the sponsor — on demand or when
/// `reviews.schedule` is due (`sendDue`, for the scheduler to call).
public struct QuarterlyReview: Sendable {
    /// The name the review's runs are recorded under in `schedule_runs`.
    public static let scheduleName = "review:quarterly"

    public let configuration: Configuration
    public let database: PraxisDatabase
    public let templates: ReviewTemplates

    public init(configuration: Configuration, database: PraxisDatabase, templates: ReviewTemplates = .standard) {
        self.configuration = configuration
        self.database = database
        self.templates = templates
    }

    public var timeZone: TimeZone { configuration.community.timeZone }

    public var run: ReviewRun {
        ReviewRun(
            settings: ReviewSettings(
                community: configuration.community, subIssues: configuration.allSubIssues, core: configuration.circles.core,
                sponsor: configuration.sponsor,
                organisationDigestSchedule: configuration.organisation.map { _ in DigestRun.scheduleName(DigestRun.organisationName) },
                archive: configuration.archiveLinks),
            thresholds: configuration.reviews.thresholds, templates: templates)
    }

    /// The last quarter that had ended by `time`, in the community's time zone.
    public func lastCompleteQuarter(before time: Date) -> Quarter { Quarter.lastComplete(before: time, in: timeZone) }

    /// The quarter `text` names (`2004-Q2`), or nil.
    public static func quarter(parsing text: String) -> Quarter? { Quarter(parsing: text) }

    /// The quarter `text` names, else (nil or malformed) the last complete one at `time`.
    public func quarter(named text: String?, at time: Date) -> Quarter {
        text.flatMap(Quarter.init(parsing:)) ?? lastCompleteQuarter(before: time)
    }

    /// Why the words of `praxis review decide` cannot be recorded, in one sentence; nil when they can.
    public static func decisionProblem(decision: String, note: String?, by: String?) -> String? {
        guard ReviewAssessment.Recommendation(rawValue: decision) != nil else {
            return "\"\(decision)\" is not a decision; write continue, refocus or disband"
        }
        guard note.flatMap(ReviewDecision.cleanNote) != nil else { return "review decide needs --note TEXT saying what was agreed" }
        if let by, let problem = AddressSyntax.problem(in: by) { return "--by \(by): \(problem)" }
        return nil
    }

    /// Records the core group's decision on `quarter` (default: the last complete one); `by`
    /// defaults to the owner address. Nil, and nothing recorded, when the words do not pass
    /// `decisionProblem`.
    public func recordDecision(
        _ decision: String, note: String, by: String?, quarter: String?, at time: Date
    ) throws(StoreError) -> ReviewDecision? {
        guard Self.decisionProblem(decision: decision, note: note, by: by) == nil,
              let choice = ReviewAssessment.Recommendation(rawValue: decision), let text = ReviewDecision.cleanNote(note)
        else { return nil }
        return try database.recordReviewDecision(ReviewDecision(
            quarter: self.quarter(named: quarter, at: time), decision: choice, note: text,
            by: by ?? configuration.community.ownerAddress, decidedAt: time))
    }

    /// The review of `quarter` as it stands at `time`, with the latest decision.
    public func document(for quarter: Quarter, at time: Date = Date()) throws(StoreError) -> ReviewDocument {
        try database.reviewDocument(quarter: quarter, run: run, at: time)
    }

    /// Queues the review of `quarter` now, whatever the schedule. Returns how many mails were queued.
    @discardableResult
    public func send(quarter: Quarter, at time: Date = Date()) throws(StoreError) -> Int {
        try database.queueReview(quarter: quarter, run: run, at: time) ?? 0
    }

    /// Queues the review of the quarter that had ended at the latest due time of `reviews.schedule`,
    /// once per due time (recorded in `schedule_runs` in the same transaction). Returns the quarter
    /// sent, or nil when that due time was already served.
    @discardableResult
    public func sendDue(at time: Date = Date()) throws(StoreError) -> Quarter? {
        let due = configuration.reviews.schedule.lastDue(atOrBefore: time, in: timeZone)
        let quarter = lastCompleteQuarter(before: due)
        let queued = try database.queueReview(quarter: quarter, run: run, at: time, scheduleRun: (Self.scheduleName, due))
        return queued == nil ? nil : quarter
    }
}
