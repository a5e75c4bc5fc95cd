import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// What a quarter's figures are computed against: the community as configured.
public struct ReviewSettings: Sendable {
    public var community: Community
    /// Every sub-issue a post can land in, `general` first (`Configuration.allSubIssues`).
    public var subIssues: [SubIssue]
    /// `circles.core`.
    public var core: [String]
    /// `organisation.sponsor`.
    public var sponsor: String?
    /// The organisation digest's name in `schedule_runs`, when one is configured.
    public var organisationDigestSchedule: String?
    /// The archive's links (`web.base_url`), for the products' thread pages.
    public var archive: ArchiveLinks?

    public init(community: Community, subIssues: [SubIssue], core: [String], sponsor: String? = nil,
                organisationDigestSchedule: String? = nil, archive: ArchiveLinks? = nil) {
        self.community = community
        self.subIssues = subIssues
        self.core = core
        self.sponsor = sponsor
        self.organisationDigestSchedule = organisationDigestSchedule
        self.archive = archive
    }

    /// The ids of the sub-issues protected now.
    public var protectedSubIssues: [String] { subIssues.filter(\.isProtected).map(\.id) }
}

extension PraxisDatabase {
    /// The review's figures for `quarter`, from one consistent snapshot, as they stood at `asOf`.
    public func quarterFigures(quarter: Quarter, settings: ReviewSettings, asOf: Date) throws(StoreError) -> QuarterFigures {
        try read("computing the figures of \(quarter)") { db in
            try Self.quarterFigures(quarter: quarter, settings: settings, asOf: asOf, in: db)
        }
    }

    /// `quarterFigures` inside the caller's transaction (to queue the review in the same one).
    public static func quarterFigures(quarter: Quarter, settings: ReviewSettings, asOf: Date, in db: Database) throws -> QuarterFigures {
        try QuarterFigureQueries(quarter: quarter, settings: settings, asOf: asOf, db: db).figures()
    }
}

/// The review's queries. Every figure counts posts of kind `post` only, dated (`posts.date`) within
/// the quarter's local interval; none reads a subject, a text or an author's name.
struct QuarterFigureQueries {
    let quarter: Quarter
    let settings: ReviewSettings
    let asOf: Date
    let db: Database
    let start: Double
    let end: Double

    init(quarter: Quarter, settings: ReviewSettings, asOf: Date, db: Database) {
        self.quarter = quarter
        self.settings = settings
        self.asOf = asOf
        self.db = db
        let interval = quarter.interval(in: settings.community.timeZone)
        start = interval.start.timeIntervalSince1970
        end = interval.end.timeIntervalSince1970
    }

    func figures() throws -> QuarterFigures {
        let previous = quarter.previous.interval(in: settings.community.timeZone).start.timeIntervalSince1970
        let now = try activity(from: start, to: end)
        let before = try activity(from: previous, to: start)
        let core = try coreGroup()
        let responses = try responsiveness()
        return QuarterFigures(
            quarter: quarter, start: Date(timeIntervalSince1970: start), end: Date(timeIntervalSince1970: end), asOf: asOf,
            startedAt: try startedAt(), posts: now.posts, contributors: now.contributors, previousPosts: before.posts,
            previousContributors: before.contributors, subIssues: try subIssues(), objectives: try objectives(),
            coreGroup: core.count, coreActive: try postedInQuarter(core, subIssue: nil), promotions: try count("""
                SELECT count(*) FROM standing_transitions
                WHERE from_standing = 'outer' AND to_standing = 'inner' AND at >= ? AND at < ?
                """, [start, end]),
            openers: responses.openers, unanswered: responses.unanswered, medianFirstReply: responses.median,
            sponsorNamed: settings.sponsor != nil, organisationDigest: settings.organisationDigestSchedule != nil,
            organisationDigestsSent: try settings.organisationDigestSchedule.map { name in
                try count("SELECT count(*) FROM schedule_runs WHERE schedule = ? AND due_at >= ? AND due_at < ?", [name, start, end])
            } ?? 0)
    }

    private func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }

    private func activity(from: Double, to: Double) throws -> (posts: Int, contributors: Int) {
        let row = try Row.fetchOne(db, sql: """
            SELECT count(*) AS posts, count(DISTINCT author_address) AS contributors FROM posts
            WHERE kind = 'post' AND date >= ? AND date < ?
            """, arguments: [from, to])
        return (row?["posts"] ?? 0, row?["contributors"] ?? 0)
    }

    private func startedAt() throws -> Date? {
        let first = try Double.fetchOne(db, sql: """
            SELECT MIN(first) FROM (SELECT MIN(date) AS first FROM posts WHERE kind = 'post'
                                    UNION ALL SELECT MIN(joined_at) FROM members)
            """)
        return first.map(Date.init(timeIntervalSince1970:))
    }

    private func subIssues() throws -> [QuarterFigures.SubIssueFigures] {
        var activity: [String: (posts: Int, contributors: Int, isProtected: Bool)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT sub_issue, count(*) AS posts, count(DISTINCT author_address) AS contributors,
                   MAX(is_protected) AS protected
            FROM posts WHERE kind = 'post' AND date >= ? AND date < ? GROUP BY sub_issue
            """, arguments: [start, end]) {
            activity[row["sub_issue"]] = (row["posts"], row["contributors"], row["protected"])
        }
        let inner = try innerCircles()
        // Configured ones in their order, then any a post still names (a sub-issue removed from the
        // configuration keeps its history), sorted.
        let known = Set(settings.subIssues.map(\.id))
        let entries = settings.subIssues + activity.keys.filter { !known.contains($0) }.sorted().map { SubIssue(id: $0) }
        return try entries.map { subIssue in
            let own = activity[subIssue.id]
            return QuarterFigures.SubIssueFigures(
                id: subIssue.id, isProtected: subIssue.isProtected || own?.isProtected == true, posts: own?.posts ?? 0,
                contributors: own?.contributors ?? 0, innerCircle: inner[subIssue.id] ?? 0,
                moderators: Set(subIssue.moderators.map { MailAddress(address: $0).normalized }).count,
                moderatorsActive: try postedInQuarter(Set(subIssue.moderators.map { MailAddress(address: $0).normalized }),
                                                      subIssue: subIssue.id))
        }
    }

    /// Inner circles at the quarter's end, replayed from the stored transitions (`StandingsAsOf`).
    private func innerCircles() throws -> [String: Int] {
        try StandingsAsOf.innerCircleSizes(at: Date(timeIntervalSince1970: end), in: db)
    }

    private func objectives() throws -> [QuarterFigures.ObjectiveFigures] {
        try settings.community.objectives.map { objective in
            let (linked, link) = objective.linkedSubIssues(among: settings.subIssues)
            guard !linked.isEmpty else { return QuarterFigures.ObjectiveFigures(id: objective.id, text: objective.text, subIssues: [], link: link) }
            let placeholders = linked.map { _ in "?" }.joined(separator: ",")
            let row = try Row.fetchOne(db, sql: """
                SELECT count(*) AS posts, count(DISTINCT author_address) AS contributors FROM posts
                WHERE kind = 'post' AND date >= ? AND date < ? AND sub_issue IN (\(placeholders))
                """, arguments: StatementArguments([start, end]) + StatementArguments(linked))
            return QuarterFigures.ObjectiveFigures(
                id: objective.id, text: objective.text, subIssues: linked, link: link,
                posts: row?["posts"] ?? 0, contributors: row?["contributors"] ?? 0)
        }
    }

    /// `circles.core` and the active members with the core standing, normalised.
    private func coreGroup() throws -> Set<String> {
        let stored = try String.fetchAll(db, sql: """
            SELECT DISTINCT m.address FROM member_sub_issue s JOIN members m ON m.id = s.member_id
            WHERE s.standing = 'core' AND m.status = 'active'
            """)
        return Set((settings.core + stored).map { MailAddress(address: $0).normalized }.filter { !$0.isEmpty })
    }

    /// How many of `addresses` posted in the quarter (in `subIssue`, when given).
    private func postedInQuarter(_ addresses: Set<String>, subIssue: String?) throws -> Int {
        guard !addresses.isEmpty else { return 0 }
        let placeholders = addresses.map { _ in "?" }.joined(separator: ",")
        return try count("""
            SELECT count(DISTINCT lower(author_address)) FROM posts WHERE kind = 'post' AND date >= ? AND date < ?
            AND lower(author_address) IN (\(placeholders)) \(subIssue == nil ? "" : "AND sub_issue = ?")
            """, StatementArguments([start, end]) + StatementArguments(addresses.sorted()) + StatementArguments([subIssue].compactMap { $0 }))
    }

    /// Openers are the quarter's posts that name no other message (no In-Reply-To, no References);
    /// one is answered when a post by someone else dated before the quarter's end names it as the
    /// message it replies to (`in_reply_to`: the first In-Reply-To, else the last References).
    private func responsiveness() throws -> (openers: Int, unanswered: Int, median: TimeInterval?) {
        let openers = try Row.fetchAll(db, sql: """
            SELECT message_id, author_address, date FROM posts
            WHERE kind = 'post' AND date >= ? AND date < ? AND in_reply_to IS NULL
            """, arguments: [start, end])
        // One pass over the posts (in_reply_to has no index on purpose), probing the openers' ids.
        var replies: [String: [(author: String, date: Double)]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT in_reply_to, author_address, date FROM posts
            WHERE kind = 'post' AND date < ?2 AND in_reply_to IN (
                SELECT message_id FROM posts WHERE kind = 'post' AND date >= ?1 AND date < ?2
                AND in_reply_to IS NULL AND message_id IS NOT NULL)
            """, arguments: [start, end]) {
            replies[row["in_reply_to"], default: []].append((row["author_address"], row["date"]))
        }
        let delays = openers.compactMap { row -> Double? in
            guard let id = row["message_id"] as String? else { return nil }
            let author: String = row["author_address"]
            let opened: Double = row["date"]
            let first = replies[id]?.filter { $0.author != author }.map(\.date).min()
            return first.map { max(0, $0 - opened) }
        }
        return (openers.count, openers.count - delays.count, WeeklyReportQueries.median(delays))
    }
}
