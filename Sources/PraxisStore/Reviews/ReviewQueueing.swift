import Foundation
import GRDB
import PraxisCommunity

/// One quarter's review as the store writes it: what it is computed against and how it looks.
public struct ReviewRun: Sendable {
    public var settings: ReviewSettings
    public var thresholds: ReviewThresholds
    public var templates: ReviewTemplates

    public init(settings: ReviewSettings, thresholds: ReviewThresholds, templates: ReviewTemplates = .standard) {
        self.settings = settings
        self.thresholds = thresholds
        self.templates = templates
    }
}

extension PraxisDatabase {
    /// The review of `quarter` as it stands at `time`, with the latest decision recorded before it.
    public static func reviewDocument(quarter: Quarter, run: ReviewRun, at time: Date, in db: Database) throws -> ReviewDocument {
        let figures = try quarterFigures(quarter: quarter, settings: run.settings, asOf: time, in: db)
        let products = try products(protectedSubIssues: run.settings.protectedSubIssues, in: db)
        return ReviewDocument(
            assessment: ReviewChecklist.assess(figures, thresholds: run.thresholds),
            communityName: run.settings.community.name, timeZone: run.settings.community.timeZone,
            lastDecision: try latestReviewDecision(before: time, in: db),
            products: ProductMarking.open(products, markedFrom: figures.start, to: min(figures.end, time)),
            archive: run.settings.archive)
    }

    public func reviewDocument(quarter: Quarter, run: ReviewRun, at time: Date) throws(StoreError) -> ReviewDocument {
        try read("computing the review of \(quarter)") { db in try Self.reviewDocument(quarter: quarter, run: run, at: time, in: db) }
    }

    /// The review's recipients: the weekly report's (the core group and the owner) and every
    /// sub-issue's own moderators, each once.
    public static func reviewRecipients(settings: ReviewSettings, in db: Database) throws -> [String] {
        let report = try reportRecipients(core: settings.core, owner: settings.community.ownerAddress, in: db)
        var seen = Set(report.map { $0.lowercased() })
        return report + settings.subIssues.flatMap(\.moderators).filter { seen.insert($0.lowercased()).inserted }
    }

    /// Computes the review of `quarter` and queues it in one transaction: one outbox row of kind
    /// `report` per recipient, and the management summary to `organisation.sponsor` when one is
    /// named. With `scheduleRun`, the run is recorded in `schedule_runs` in the same transaction and
    /// nothing is queued when it already was, so a due review goes out once. Returns the rows
    /// queued, or nil when the run had already happened.
    public func queueReview(
        quarter: Quarter, run: ReviewRun, at time: Date, scheduleRun: (name: String, dueAt: Date)? = nil
    ) throws(StoreError) -> Int? {
        try write("queueing the review of \(quarter)") { db -> Int? in
            if let scheduleRun {
                let ran = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM schedule_runs WHERE schedule = ? AND due_at = ?)
                    """, arguments: [scheduleRun.name, scheduleRun.dueAt.timeIntervalSince1970]) ?? false
                if ran { return nil }
                try ScheduleRunRecord(schedule: scheduleRun.name, dueAt: scheduleRun.dueAt, ranAt: time).insert(db)
            }
            let document = try Self.reviewDocument(quarter: quarter, run: run, at: time, in: db)
            let community = run.settings.community
            let screener = Screener(community: community)
            let recipients = try Self.reviewRecipients(settings: run.settings, in: db)
            // Each in their own language, rendered once per language among them.
            var mails: [(String, [UInt8])] = []
            for (language, readers) in try Self.byLanguage(recipients, community: community, in: db) {
                let review = document.message(
                    to: readers, from: community, at: time, templates: run.templates, language: language).rendered()
                mails += readers.map { ($0, review) }
            }
            if let sponsor = run.settings.sponsor {
                // The sponsor's own language if they are a member who chose one, else the community's.
                let language = try Self.byLanguage([sponsor], community: community, in: db).first?.language ?? community.language
                mails.append((sponsor, document.summaryMessage(
                    to: sponsor, from: community, at: time, templates: run.templates, language: language).rendered()))
            }
            for (recipient, bytes) in mails {
                _ = try Self.enqueueOutbox(kind: .report, recipients: [recipient], envelopeSender: screener.verpAddress(for: recipient),
                                           message: bytes, postID: nil, at: time, in: db)
            }
            return mails.count
        }
    }
}

extension PraxisDatabase {
    /// Every quarter's review from the community's first to the last complete one at `time`, and
    /// every decision, from one snapshot: what `praxis export` writes as `reviews.json`.
    public func reviewsExport(run: ReviewRun, at time: Date) throws(StoreError) -> ReviewsExport {
        try read("exporting the reviews") { db in
            let timeZone = run.settings.community.timeZone
            let last = Quarter.lastComplete(before: time, in: timeZone)
            var reviews: [ReviewsExport.Review] = []
            if let first = try Self.quarterFigures(quarter: last, settings: run.settings, asOf: time, in: db).startedAt {
                var quarter = Quarter(containing: first, in: timeZone)
                while quarter <= last {
                    let figures = try Self.quarterFigures(quarter: quarter, settings: run.settings, asOf: time, in: db)
                    reviews.append(ReviewsExport.Review(ReviewChecklist.assess(figures, thresholds: run.thresholds)))
                    quarter = quarter.next
                }
            }
            return ReviewsExport(reviews: reviews, decisions: try Self.reviewDecisions(in: db))
        }
    }
}
