import Foundation
import GRDB
import PraxisCommunity

/// What the weekly report is computed against: the community as configured.
public struct WeeklyReportSettings: Sendable {
    public var community: Community
    /// Every sub-issue a post can land in, `general` first (`Configuration.allSubIssues`).
    public var subIssues: [SubIssue]
    public var circles: CirclesPolicy
    /// Posts the model classified below this confidence are listed for review. Default 0.6.
    public var lowConfidenceBelow: Double
    /// At most this many posts or threads in each list of the figures. Default 25.
    public var listLimit: Int

    public init(community: Community, subIssues: [SubIssue], circles: CirclesPolicy,
                lowConfidenceBelow: Double = 0.6, listLimit: Int = 25) {
        self.community = community
        self.subIssues = subIssues
        self.circles = circles
        self.lowConfidenceBelow = lowConfidenceBelow
        self.listLimit = listLimit
    }
}

extension PraxisDatabase {
    /// The weekly report's figures for `week`, from one consistent snapshot, taken at `time`
    /// (which decides only whether dates show their year).
    public func weeklyReportFigures(
        week: ISOWeek, settings: WeeklyReportSettings, at time: Date = Date()
    ) throws(StoreError) -> WeeklyReportFigures {
        try read("computing the report for \(week)") { db in
            try Self.weeklyReportFigures(week: week, settings: settings, at: time, in: db)
        }
    }

    /// `weeklyReportFigures` inside the caller's transaction (to queue the report in the same one).
    public static func weeklyReportFigures(
        week: ISOWeek, settings: WeeklyReportSettings, at time: Date = Date(), in db: Database
    ) throws -> WeeklyReportFigures {
        var figures = try WeeklyReportQueries(week: week, settings: settings, db: db).figures()
        figures.preparedAt = time
        return figures
    }
}

/// The report's queries. Every figure counts posts of kind `post` only (not held messages,
/// commands, bounces or auto-replies), dated (`posts.date`) within the week's local interval.
struct WeeklyReportQueries {
    static let day: TimeInterval = 86_400
    /// A thread is unanswered when nobody else replied within this long.
    static let replyDeadline: TimeInterval = 48 * 3600
    /// A sub-issue is quiet after this long without a post.
    static let quietAfter: TimeInterval = 14 * 86_400
    /// The trend chart's length.
    static let trendWeeks = 12
    /// The week's posts below this fraction of the mean of the four before is a standstill.
    static let standstillFraction = 0.25

    let week: ISOWeek
    let settings: WeeklyReportSettings
    let db: Database
    let timeZone: TimeZone
    let start: Double
    let end: Double
    let protectedIDs: Set<String>

    init(week: ISOWeek, settings: WeeklyReportSettings, db: Database) {
        self.week = week
        self.settings = settings
        self.db = db
        timeZone = settings.community.timeZone
        let interval = week.interval(in: timeZone)
        start = interval.start.timeIntervalSince1970
        end = interval.end.timeIntervalSince1970
        protectedIDs = Set(settings.subIssues.filter(\.isProtected).map(\.id))
    }

    /// One post of the week, as the report needs it.
    struct WeekPost {
        var id: Int64
        var messageID: String?
        var author: String
        var authorName: String?
        var threadID: Int64
        var subIssue: String
        var isProtected: Bool
        var date: Double
        var subject: String
        var stage: String
        var confidence: Double?
        var isThreadRoot: Bool
    }

    func figures() throws -> WeeklyReportFigures {
        let posts = try weekPosts()
        let trend = try trendCounts()
        let previous = (1...4).map { trend.total[Self.trendWeeks - 1 - $0] }
        let authors = Set(posts.map(\.author))
        let firstPosts = try firstPostAuthors()
        let newThreadIDs = try Set(Int64.fetchAll(db, sql: """
            SELECT id FROM threads WHERE started_at >= ? AND started_at < ?
            """, arguments: [start, end]))
        let weekThreads = Set(posts.map(\.threadID))
        // The core group as it stood at the week's end, not today.
        let coreGroup = try Set(settings.circles.core.map { $0.lowercased() })
            .union(StandingsAsOf.coreMembers(at: Date(timeIntervalSince1970: end), in: db))
        let headline = WeeklyReportFigures.Headline(
            posts: posts.count,
            previousFourWeekMean: Double(previous.reduce(0, +)) / 4,
            threads: weekThreads.count,
            newThreads: weekThreads.intersection(newThreadIDs).count,
            activeContributors: authors.count,
            newContributors: firstPosts.count,
            newMembers: try count("SELECT count(*) FROM members WHERE joined_at >= ? AND joined_at < ?", [start, end]),
            membersLeft: try count("SELECT count(*) FROM members WHERE left_at >= ? AND left_at < ?", [start, end]),
            // Members at the week's end: one who left later counts.
            members: try count("SELECT count(*) FROM members m WHERE \(Self.memberAtEnd)", [start, end]),
            coreGroup: coreGroup.count)
        let subIssues = try subIssueActivity(posts: posts, trend: trend)
        var attention = try attention(headline: headline, subIssues: subIssues, core: coreGroup)
        attention.unansweredInvitations = try unansweredInvitations()
        return WeeklyReportFigures(
            communityName: settings.community.name, week: week, timeZone: timeZone,
            start: Date(timeIntervalSince1970: start), end: Date(timeIntervalSince1970: end),
            headline: headline, subIssues: subIssues, circles: try circleChanges(),
            attention: attention,
            classification: classification(posts),
            operations: try operations(), review: try review(trend: trend, subIssues: subIssues),
            members: memberActivity(posts, newContributors: firstPosts))
    }

    private func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }

    private func isProtected(_ subIssue: String, flag: Bool) -> Bool { flag || protectedIDs.contains(subIssue) }

    private func weekPosts() throws -> [WeekPost] {
        try Row.fetchAll(db, sql: """
            SELECT p.id, p.message_id, p.author_address, p.author_name, p.thread_id, p.sub_issue, p.is_protected,
                   p.date, p.subject, p.classification_stage, p.confidence,
                   (t.root_post_id = p.id) AS is_root
            FROM posts p JOIN threads t ON t.id = p.thread_id
            WHERE p.kind = 'post' AND p.date >= ? AND p.date < ?
            ORDER BY p.date, p.id
            """, arguments: [start, end]).map { row in
            let subIssue: String = row["sub_issue"]
            return WeekPost(
                id: row["id"], messageID: row["message_id"], author: row["author_address"],
                authorName: row["author_name"], threadID: row["thread_id"], subIssue: subIssue,
                isProtected: isProtected(subIssue, flag: row["is_protected"]), date: row["date"],
                subject: row["subject"], stage: row["classification_stage"], confidence: row["confidence"],
                isThreadRoot: (row["is_root"] as Bool?) ?? false)
        }
    }

    /// Authors whose first post ever is in the week.
    private func firstPostAuthors() throws -> Set<String> {
        try Set(String.fetchAll(db, sql: """
            SELECT author_address FROM posts WHERE kind = 'post'
            GROUP BY author_address HAVING MIN(date) >= ? AND MIN(date) < ?
            """, arguments: [start, end]))
    }

    struct Trend {
        var weeks: [ISOWeek]
        /// Per sub-issue, posts per week, oldest first.
        var bySubIssue: [String: [Int]]
        var total: [Int]
    }

    /// Posts per week and sub-issue over the 12 weeks ending with this one, each week cut in the
    /// community's time zone.
    private func trendCounts() throws -> Trend {
        let weeks = (0..<Self.trendWeeks).map { week.advanced(by: $0 - (Self.trendWeeks - 1)) }
        let bounds = weeks.map { $0.interval(in: timeZone).start.timeIntervalSince1970 } + [end]
        var bySubIssue: [String: [Int]] = [:]
        var total = [Int](repeating: 0, count: weeks.count)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT sub_issue, date FROM posts WHERE kind = 'post' AND date >= ? AND date < ?
            """, arguments: [bounds[0], end])
        while let row = try rows.next() {
            let date: Double = row["date"]
            // The last bound not after the date: its week.
            var index = weeks.count - 1
            while index > 0 && bounds[index] > date { index -= 1 }
            let subIssue: String = row["sub_issue"]
            bySubIssue[subIssue, default: [Int](repeating: 0, count: weeks.count)][index] += 1
            total[index] += 1
        }
        return Trend(weeks: weeks, bySubIssue: bySubIssue, total: total)
    }

    private func subIssueActivity(posts: [WeekPost], trend: Trend) throws -> [WeeklyReportFigures.SubIssueActivity] {
        // As they stood at the week's end, not today (a report of an earlier week tells that week).
        let inner = try StandingsAsOf.innerCircleSizes(at: Date(timeIntervalSince1970: end), in: db)
        var lastPost: [String: Double] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT sub_issue, MAX(date) AS last FROM posts WHERE kind = 'post' AND date < ? GROUP BY sub_issue
            """, arguments: [end]) {
            lastPost[row["sub_issue"]] = row["last"]
        }
        // Configured ones in their order, then any a post still names (a sub-issue removed from
        // the configuration keeps its history), sorted.
        var entries = settings.subIssues
        let known = Set(entries.map(\.id))
        let others = Set(posts.map(\.subIssue)).union(trend.bySubIssue.keys).subtracting(known)
        entries += others.sorted().map { SubIssue(id: $0) }
        return entries.map { entry in
            let own = posts.filter { $0.subIssue == entry.id }
            return WeeklyReportFigures.SubIssueActivity(
                id: entry.id, name: entry.name,
                isProtected: entry.isProtected || own.contains { $0.isProtected },
                posts: own.count, threads: Set(own.map(\.threadID)).count,
                contributors: Set(own.map(\.author)).count, innerCircle: inner[entry.id] ?? 0,
                trend: zip(trend.weeks, trend.bySubIssue[entry.id] ?? [Int](repeating: 0, count: trend.weeks.count))
                    .map { WeeklyReportFigures.WeekCount(week: $0, posts: $1) },
                lastPostAt: lastPost[entry.id].map(Date.init(timeIntervalSince1970:)),
                moderators: entry.moderators, isRetired: entry.isRetired)
        }
    }

    private func circleChanges() throws -> WeeklyReportFigures.CircleChanges {
        var changes = WeeklyReportFigures.CircleChanges()
        try addTransitions(to: &changes)
        try addCandidates(to: &changes)
        try addQuietInner(to: &changes)
        return changes
    }

    /// The week's moves between circles (those in protected sub-issues only counted).
    private func addTransitions(to changes: inout WeeklyReportFigures.CircleChanges) throws {
        for row in try Row.fetchAll(db, sql: """
            SELECT m.address, t.sub_issue, t.from_standing, t.to_standing, t.at, t.reason
            FROM standing_transitions t JOIN members m ON m.id = t.member_id
            WHERE t.at >= ? AND t.at < ? ORDER BY t.at, t.id
            """, arguments: [start, end]) {
            let subIssue: String = row["sub_issue"]
            if protectedIDs.contains(subIssue) {
                changes.protectedTransitions += 1
                continue
            }
            changes.transitions.append(WeeklyReportFigures.Transition(
                address: row["address"], subIssue: subIssue, from: row["from_standing"], to: row["to_standing"],
                at: Date(timeIntervalSince1970: row["at"]), reason: row["reason"]))
        }
    }

    private func addCandidates(to changes: inout WeeklyReportFigures.CircleChanges) throws {
        // Standings as they stood at the week's end (issue 22 §4): a member promoted since was
        // still a candidate in this week's report.
        let weekEnd = Date(timeIntervalSince1970: end)
        var standing: [String: String] = [:]
        for entry in try StandingsAsOf.standings(at: weekEnd, in: db) {
            standing[entry.address + "\n" + entry.subIssue] = entry.standing
        }
        let core = Set(settings.circles.core.map { $0.lowercased() })

        // Candidates: members at the week's end with posts in a sub-issue within the bar's
        // window, not yet inner or core there, at or near the bar.
        let bar = settings.circles.inner
        let windowStart = end - Double(bar.windowDays) * Self.day
        var candidates: [(WeeklyReportFigures.Candidate, Int)] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT p.author_address, p.sub_issue, count(*) AS posts, count(DISTINCT p.thread_id) AS threads
            FROM posts p JOIN members m ON m.address = p.author_address
            WHERE p.kind = 'post' AND p.date >= ?1 AND p.date < ?2 AND \(Self.memberAtEnd)
            GROUP BY p.author_address, p.sub_issue
            """, arguments: [windowStart, end]) {
            let address: String = row["author_address"]
            let subIssue: String = row["sub_issue"]
            let posts: Int = row["posts"]
            let threads: Int = row["threads"]
            let then = standing[address + "\n" + subIssue]
            guard then != "inner", then != "core", !core.contains(address),
                  InnerBarDistance.isClose(posts: posts, threads: threads, bar: bar)
            else { continue }
            if protectedIDs.contains(subIssue) {
                changes.protectedCandidates += 1
                continue
            }
            // What is lacking, in the circles policy's own words (replies received included when
            // the bar asks for them), over the window that ends with the week.
            let contributions = try PraxisDatabase.contributions(
                address: address, subIssue: subIssue, after: Date(timeIntervalSince1970: windowStart),
                through: weekEnd, in: db)
            let lacking = settings.circles.missing(contributions)
            let missing = lacking.isEmpty ? nil : lacking.joined(separator: " and ")
            let distance = max(0, bar.posts - posts) + max(0, bar.threads - threads)
            candidates.append((WeeklyReportFigures.Candidate(
                address: address, subIssue: subIssue, posts: posts, threads: threads,
                missing: missing ?? (settings.circles.promotion == .moderated
                    ? "nothing (meets the bar; awaiting confirmation)"
                    : "nothing (meets the bar)"), meetsBar: missing == nil,
                shortfall: settings.circles.shortfall(contributions)), distance))
        }
        changes.candidates = candidates.sorted {
            ($0.1, -$0.0.posts, $0.0.subIssue, $0.0.address) < ($1.1, -$1.0.posts, $1.0.subIssue, $1.0.address)
        }.map(\.0)
    }

    /// A member of the community at the week's end (`?2`), whatever they did since: joined before
    /// it and had not left by then (status is today's, `left_at` is when).
    static let memberAtEnd = """
        m.joined_at < ?2 AND (m.left_at >= ?2 OR (m.left_at IS NULL AND m.status <> 'unsubscribed'))
        """

    private func addQuietInner(to changes: inout WeeklyReportFigures.CircleChanges) throws {
        // Inner members gone quiet as the week ended: past half the silence that demotes them, not
        // yet demoted then (one demoted or gone since was still quiet in this week's report).
        let silentLimit = settings.circles.demotion.silentDays
        let weekEnd = Date(timeIntervalSince1970: end)
        let innerThen = Set(try StandingsAsOf.standings(at: weekEnd, in: db).filter { $0.standing == "inner" }
            .map { $0.address + "\n" + $0.subIssue })
        for row in try Row.fetchAll(db, sql: """
            SELECT m.address, s.sub_issue,
                   COALESCE((SELECT MAX(t.at) FROM standing_transitions t WHERE t.member_id = s.member_id
                             AND t.sub_issue = s.sub_issue AND t.to_standing = 'inner' AND t.at < ?1),
                            s.since) AS since,
                   (SELECT MAX(p.date) FROM posts p WHERE p.author_address = m.address
                    AND p.sub_issue = s.sub_issue AND p.kind = 'post' AND p.date < ?1) AS last
            FROM member_sub_issue s JOIN members m ON m.id = s.member_id
            WHERE s.is_pinned = 0
            ORDER BY m.address, s.sub_issue
            """, arguments: [end]) {
            let address: String = row["address"]
            let subIssue: String = row["sub_issue"]
            guard innerThen.contains(address + "\n" + subIssue) else { continue }
            let last: Double? = row["last"]
            let since: Double = row["since"]
            let silentDays = Int((end - (last ?? min(since, end))) / Self.day)
            guard silentDays * 2 >= silentLimit else { continue }
            if protectedIDs.contains(subIssue) {
                changes.protectedQuietInner += 1
                continue
            }
            changes.quietInner.append(WeeklyReportFigures.QuietMember(
                address: address, subIssue: subIssue, lastPostAt: last.map(Date.init(timeIntervalSince1970:)),
                silentDays: silentDays, demotionAfterDays: silentLimit))
        }
    }

    private func attention(
        headline: WeeklyReportFigures.Headline, subIssues: [WeeklyReportFigures.SubIssueActivity], core: Set<String>
    ) throws -> WeeklyReportFigures.Attention {
        var attention = WeeklyReportFigures.Attention()
        // Every post before the week's end of the threads that started (or may have) from 48 hours
        // before the week: the first post by date is the thread's start.
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.thread_id, p.message_id, p.author_address, p.date, p.subject, p.sub_issue, p.is_protected
            FROM posts p
            WHERE p.kind = 'post' AND p.date < ?1 AND p.thread_id IN (
                SELECT thread_id FROM posts WHERE kind = 'post' AND date >= ?2 AND date < ?1)
            ORDER BY p.thread_id, p.date, p.id
            """, arguments: [end, start - Self.replyDeadline])
        var replyTimes: [Double] = []
        var index = 0
        while index < rows.count {
            let thread: Int64 = rows[index]["thread_id"]
            var next = index + 1
            while next < rows.count && (rows[next]["thread_id"] as Int64) == thread { next += 1 }
            let root = rows[index]
            let rootDate: Double = root["date"]
            let rootAuthor: String = root["author_address"]
            let firstReply = rows[(index + 1)..<next].first { ($0["author_address"] as String) != rootAuthor }
            let replyDate: Double? = firstReply?["date"]
            if rootDate >= start, rootDate < end, let replyDate {
                replyTimes.append(replyDate - rootDate)
            }
            let deadlineInWeek = rootDate + Self.replyDeadline >= start && rootDate + Self.replyDeadline < end
            if deadlineInWeek && replyDate.map({ $0 - rootDate > Self.replyDeadline }) ?? true {
                let subIssue: String = root["sub_issue"]
                if isProtected(subIssue, flag: root["is_protected"]) {
                    attention.protectedUnanswered += 1
                } else {
                    attention.unanswered.append(WeeklyReportFigures.UnansweredThread(
                        messageID: root["message_id"] ?? "", subject: root["subject"], subIssue: subIssue,
                        author: rootAuthor, startedAt: Date(timeIntervalSince1970: rootDate)))
                }
            }
            index = next
        }
        attention.unanswered.sort { ($0.startedAt, $0.messageID) < ($1.startedAt, $1.messageID) }
        attention.repliedThreads = replyTimes.count
        attention.medianFirstReply = Self.median(replyTimes)

        for entry in subIssues where entry.id != SubIssue.generalID {
            if let last = entry.lastPostAt, last.timeIntervalSince1970 >= end - Self.quietAfter { continue }
            attention.quietSubIssues.append(WeeklyReportFigures.QuietSubIssue(id: entry.id, name: entry.name, lastPostAt: entry.lastPostAt))
        }

        if headline.posts == 0 {
            attention.standstill.append(.nobodyPosted)
        } else if headline.previousFourWeekMean >= 4,
                  Double(headline.posts) < Self.standstillFraction * headline.previousFourWeekMean {
            attention.standstill.append(.activityFell(posts: headline.posts, previousMean: headline.previousFourWeekMean))
        }
        if core.isEmpty {
            attention.standstill.append(.noCoreGroup)
        } else {
            let placeholders = Array(repeating: "?", count: core.count).joined(separator: ",")
            let spoke = try count("""
                SELECT count(*) FROM posts WHERE kind = 'post' AND date >= ? AND date < ?
                AND author_address IN (\(placeholders))
                """, StatementArguments([end - Self.quietAfter, end] as [Double]) + StatementArguments(core.sorted()))
            if spoke == 0 {
                attention.standstill.append(.coreGroupSilent)
            }
        }
        return attention
    }

    /// Each address's latest invitation sent `invitationAnswerDays` or more before the week's end,
    /// unless the address joined after it and before the end (the invitation was accepted).
    private func unansweredInvitations() throws -> [WeeklyReportFigures.UnansweredInvitation] {
        let deadline = end - Double(WeeklyReportFigures.Attention.invitationAnswerDays) * Self.day
        return try Row.fetchAll(db, sql: """
            SELECT address, invited_at FROM (
                SELECT address, MAX(invited_at) AS invited_at FROM invitations WHERE invited_at < ?1 GROUP BY address) i
            WHERE i.invited_at < ?2 AND NOT EXISTS (
                SELECT 1 FROM members m WHERE m.address = i.address AND m.joined_at >= i.invited_at AND m.joined_at < ?1)
            ORDER BY i.invited_at DESC, i.address
            """, arguments: [end, deadline]).map { row in
            WeeklyReportFigures.UnansweredInvitation(address: row["address"], invitedAt: Date(timeIntervalSince1970: row["invited_at"]))
        }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    private func classification(_ posts: [WeekPost]) -> WeeklyReportFigures.ClassificationReview {
        let threshold = settings.lowConfidenceBelow
        var review = WeeklyReportFigures.ClassificationReview(confidenceThreshold: threshold)
        for post in posts {
            let isGeneral = post.stage == ClassificationStage.general.rawValue
            let isLow = post.stage == ClassificationStage.model.rawValue && (post.confidence ?? 0) < threshold
            guard isGeneral || isLow else { continue }
            if isGeneral { review.fellToGeneral += 1 } else { review.lowConfidence += 1 }
            if post.isProtected {
                review.protectedCount += 1
            } else if review.listed.count < settings.listLimit {
                review.listed.append(WeeklyReportFigures.ClassifiedPost(
                    messageID: post.messageID ?? "", subject: post.subject, subIssue: post.subIssue,
                    stage: post.stage, confidence: post.confidence))
            }
        }
        return review
    }

    private func operations() throws -> WeeklyReportFigures.Operations {
        let held = try Row.fetchOne(db, sql: """
            SELECT count(*) AS n, MIN(date) AS oldest FROM posts WHERE kind = 'held'
            AND id NOT IN (SELECT post_id FROM held_messages WHERE state <> 'held' AND post_id IS NOT NULL)
            """)
        return WeeklyReportFigures.Operations(
            heldWaiting: held?["n"] ?? 0,
            oldestHeldAt: (held?["oldest"] as Double?).map(Date.init(timeIntervalSince1970:)),
            bouncingMembers: try count("SELECT count(*) FROM members WHERE status = 'active' AND bounce_score > 0"),
            disabledThisWeek: try count(
                "SELECT count(*) FROM members WHERE bounce_disabled_at >= ? AND bounce_disabled_at < ?", [start, end]),
            disabledTotal: try count("SELECT count(*) FROM members WHERE status = 'disabled'"),
            quarantinedThisWeek: try count("SELECT count(*) FROM quarantine WHERE at >= ? AND at < ?", [start, end]),
            quarantinedTotal: try count("SELECT count(*) FROM quarantine"),
            deliveryFailedThisWeek: try count(
                "SELECT count(*) FROM outbox WHERE state = 'failed' AND created_at >= ? AND created_at < ?", [start, end]),
            deliveryFailedTotal: try count("SELECT count(*) FROM outbox WHERE state = 'failed'"))
    }

    private func review(trend: Trend, subIssues: [WeeklyReportFigures.SubIssueActivity]) throws -> WeeklyReportFigures.Review {
        let quarterStart = trend.weeks.first.map { $0.interval(in: timeZone).start.timeIntervalSince1970 } ?? start
        let objectives = try settings.community.objectives.map { objective in
            let (linked, link) = objective.linkedSubIssues(among: settings.subIssues)
            let activity = subIssues.filter { linked.contains($0.id) }
            let placeholders = linked.map { _ in "?" }.joined(separator: ",")
            let contributors = try linked.isEmpty ? 0 : count(
                "SELECT count(DISTINCT author_address) FROM posts WHERE kind = 'post' AND date >= ? AND date < ? "
                    + "AND sub_issue IN (\(placeholders))",
                StatementArguments([quarterStart, end]) + StatementArguments(linked))
            return WeeklyReportFigures.ObjectiveActivity(
                id: objective.id, text: objective.text, subIssues: linked, link: link,
                posts: activity.reduce(0) { $0 + $1.trend.reduce(0) { $0 + $1.posts } },
                postsThisWeek: activity.reduce(0) { $0 + $1.posts }, contributors: contributors)
        }
        var review = WeeklyReportFigures.Review(
            objectives: objectives, quarterPosts: trend.total.reduce(0, +),
            quarterContributors: try count(
                "SELECT count(DISTINCT author_address) FROM posts WHERE kind = 'post' AND date >= ? AND date < ?",
                [quarterStart, end]),
            decisionDue: week.week % 13 == 0)
        review.lastDecision = try PraxisDatabase.latestReviewDecision(before: Date(timeIntervalSince1970: end), in: db)
        return review
    }

    private func memberActivity(_ posts: [WeekPost], newContributors: Set<String>) -> [WeeklyReportFigures.MemberActivity] {
        var byAuthor: [String: WeeklyReportFigures.MemberActivity] = [:]
        for post in posts {
            var entry = byAuthor[post.author] ?? WeeklyReportFigures.MemberActivity(
                address: post.author, name: post.authorName, posts: 0, threadsStarted: 0, replies: 0,
                subIssuePosts: [:], protectedPosts: 0, isNewContributor: newContributors.contains(post.author))
            entry.posts += 1
            if post.isThreadRoot { entry.threadsStarted += 1 } else { entry.replies += 1 }
            if post.isProtected { entry.protectedPosts += 1 } else { entry.subIssuePosts[post.subIssue, default: 0] += 1 }
            if entry.name == nil { entry.name = post.authorName }
            byAuthor[post.author] = entry
        }
        return byAuthor.values.sorted { ($1.posts, $0.address) < ($0.posts, $1.address) }
    }
}

extension PraxisDatabase {
    /// The weekly report's recipients: `core` (the configured core group), members whose
    /// standing is `core`, and `owner`, each once.
    public static func reportRecipients(core: [String], owner: String, in db: Database) throws -> [String] {
        let stored = try String.fetchAll(db, sql: """
            SELECT DISTINCT m.address FROM member_sub_issue s JOIN members m ON m.id = s.member_id
            WHERE s.standing = 'core' AND m.status = 'active' ORDER BY m.address
            """)
        var seen = Set<String>()
        return (core + stored + [owner]).filter { seen.insert($0.lowercased()).inserted }
    }

    /// `reportRecipients` on a snapshot.
    public func reportRecipients(core: [String], owner: String) throws(StoreError) -> [String] {
        try read("listing the report's recipients") { db in try Self.reportRecipients(core: core, owner: owner, in: db) }
    }

    /// `addresses` grouped by the language each reads mail in: the member's own (`members.language`),
    /// else the community's (also for an address that is no member, as the owner's may not be);
    /// in the order of the addresses' first appearance.
    static func byLanguage(
        _ addresses: [String], community: Community, in db: Database
    ) throws -> [(language: Language, addresses: [String])] {
        let own = try MemberRecord.ownLanguages(of: addresses.map { $0.lowercased() }, in: db)
        var groups: [(language: Language, addresses: [String])] = []
        for address in addresses {
            let language = own[address.lowercased()] ?? community.language
            if let index = groups.firstIndex(where: { $0.language == language }) {
                groups[index].addresses.append(address)
            } else {
                groups.append((language, [address]))
            }
        }
        return groups
    }

    /// Computes the report for `week` and queues it in one transaction: one outbox row of kind
    /// `report` per recipient, each with its VERP envelope sender, in the recipient's language. With `scheduleRun`, the run is
    /// recorded in `schedule_runs` in the same transaction and nothing is queued when it already
    /// was, so a due report goes out once however often this is called. Returns the rows queued,
    /// or nil when the run had already happened.
    public func queueWeeklyReport(
        week: ISOWeek, settings: WeeklyReportSettings, templates: WeeklyReportTemplates, at time: Date,
        scheduleRun: (name: String, dueAt: Date)? = nil
    ) throws(StoreError) -> Int? {
        try write("queueing the weekly report for \(week)") { db -> Int? in
            if let scheduleRun {
                let ran = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM schedule_runs WHERE schedule = ? AND due_at = ?)
                    """, arguments: [scheduleRun.name, scheduleRun.dueAt.timeIntervalSince1970]) ?? false
                if ran { return nil }
                try ScheduleRunRecord(schedule: scheduleRun.name, dueAt: scheduleRun.dueAt, ranAt: time).insert(db)
            }
            let figures = try Self.weeklyReportFigures(week: week, settings: settings, at: time, in: db)
            let recipients = try Self.reportRecipients(
                core: settings.circles.core, owner: settings.community.ownerAddress, in: db)
            let screener = Screener(community: settings.community)
            // Rendered once per language among the recipients, not once per recipient.
            for (language, readers) in try Self.byLanguage(recipients, community: settings.community, in: db) {
                let bytes = figures.message(
                    to: readers, from: settings.community, at: time, templates: templates, language: language).rendered()
                for recipient in readers {
                    _ = try Self.enqueueOutbox(
                        kind: .report, recipients: [recipient], envelopeSender: screener.verpAddress(for: recipient),
                        message: bytes, postID: nil, at: time, in: db)
                }
            }
            return recipients.count
        }
    }
}
