import Foundation
import GRDB
import PraxisCommunity

/// What an archive query may return: every query of the archive takes one, so a protected post,
/// thread, author or count never reaches a page whose viewer may not see it.
public struct ArchiveScope: Sendable, Hashable {
    /// Whether protected posts are included (only for viewers who read every protected space).
    public var includeProtected: Bool
    /// The sub-issues the configuration protects: excluded, with every post and standing in them,
    /// unless `includeProtected`, also for posts recorded before the sub-issue became protected.
    public var protectedSubIssues: [String]

    /// Protected sub-issues shown all the same, with every post in them: those a signed-in
    /// member is admitted to (`ArchiveAccess.admittedSubIssues`).
    public var admittedSubIssues: Set<String>

    public init(includeProtected: Bool, protectedSubIssues: [String], admittedSubIssues: Set<String> = []) {
        self.includeProtected = includeProtected
        self.protectedSubIssues = protectedSubIssues
        self.admittedSubIssues = admittedSubIssues
    }

    /// The SQL condition on the posts aliased `alias`: archived posts (kind `post`, with a
    /// Message-ID to link to) the scope may show.
    func postCondition(_ alias: String) -> (sql: String, arguments: StatementArguments) {
        let archived = "\(alias).kind = 'post' AND \(alias).message_id IS NOT NULL"
        guard !includeProtected else { return (archived, []) }
        let excluded = protectedSubIssues.isEmpty ? "" : " AND \(alias).sub_issue NOT IN (\(placeholders(protectedSubIssues.count)))"
        let open = "\(alias).is_protected = 0" + excluded
        // Sorted, so the same scope always makes the same SQL (and reuses its cached statement).
        let admitted = admittedSubIssues.sorted()
        guard !admitted.isEmpty else { return ("\(archived) AND \(open)", StatementArguments(protectedSubIssues)) }
        return ("\(archived) AND ((\(open)) OR \(alias).sub_issue IN (\(placeholders(admitted.count))))",
                StatementArguments(protectedSubIssues + admitted))
    }

    /// Whether the scope shows every archived post of `subIssue`, protected ones included, rather
    /// than only those not protected: the two ways a sub-issue the scope shows can look
    /// (`postCondition` restricted to one sub-issue), which `sub_issue_threads` keeps apart.
    func showsProtectedPosts(in subIssue: String) -> Bool {
        includeProtected || admittedSubIssues.contains(subIssue)
    }

    /// Whether a sub-issue may be shown at all.
    public func shows(subIssue: String) -> Bool {
        includeProtected || !protectedSubIssues.contains(subIssue) || admittedSubIssues.contains(subIssue)
    }

    private func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ",") }
}

/// One archived post as pages show it.
public struct ArchivePost: Sendable, Hashable {
    public var id: Int64
    public var messageID: String
    public var threadID: Int64
    public var subIssue: String
    public var authorAddress: String
    public var authorName: String?
    public var date: Date
    public var subject: String
    /// The message's file under the maildir's `cur/`; nil for a post recorded without one.
    public var fileName: String?
    /// The trimmed text the store keeps, for pages that do not read the file.
    public var trimmedText: String
    /// The Message-ID of the post it answers, when that post is in the scope.
    public var parentMessageID: String?
}

/// A thread as a sub-issue page lists it: counted and dated over the posts the scope shows.
public struct ArchiveThreadSummary: Sendable, Hashable {
    public var threadID: Int64
    /// The first shown post's subject and Message-ID, which names the thread in its URL.
    public var subject: String
    public var firstMessageID: String
    public var postCount: Int
    public var lastPostAt: Date
}

/// A sub-issue's activity as the home page shows it.
public struct ArchiveSubIssueActivity: Sendable, Hashable {
    public var subIssue: String
    public var threadCount: Int
    public var postCount: Int
    public var lastPostAt: Date?
}

/// An author's archive page: their shown posts and their standing per shown sub-issue.
public struct ArchiveAuthor: Sendable, Hashable {
    public var address: String
    public var name: String?
    public var postCount: Int
    public var posts: [ArchivePost]
    /// Sub-issue id → `core`, `inner` or `outer`.
    public var standings: [String: String]
}

extension PraxisDatabase {
    static let archivePostColumns = """
        p.id, p.message_id, p.thread_id, p.sub_issue, p.author_address, p.author_name, p.date, p.subject,
        p.file_name, COALESCE(t.text, ''), (SELECT q.message_id FROM posts q WHERE q.id = p.parent_post_id)
        """

    static func archivePost(_ row: Row) -> ArchivePost {
        ArchivePost(
            id: row[0], messageID: row[1], threadID: row[2], subIssue: row[3], authorAddress: row[4], authorName: row[5],
            date: Date(timeIntervalSince1970: row[6]), subject: row[7], fileName: row[8], trimmedText: row[9],
            parentMessageID: row[10])
    }

    /// The post with `messageID` (without angle brackets), if the scope shows it.
    public func archivePost(messageID: String, scope: ArchiveScope) throws(StoreError) -> ArchivePost? {
        let shown = scope.postCondition("p")
        return try read("reading an archived post") { db in
            try Row.fetchOne(db, sql: """
                SELECT \(Self.archivePostColumns) FROM posts p LEFT JOIN post_texts t ON t.post_id = p.id
                WHERE p.message_id = ? AND \(shown.sql)
                """, arguments: [messageID] + shown.arguments).map(Self.archivePost)
        }
    }

    /// The thread holding the post `messageID` (without angle brackets), if the scope shows that
    /// post: one lookup in the Message-ID index. Nil for a post that is missing and for one the
    /// scope hides alike, so a thread page never confirms that a hidden post exists.
    public func archiveThreadID(containing messageID: String, scope: ArchiveScope) throws(StoreError) -> Int64? {
        let shown = scope.postCondition("p")
        return try read("finding an archived post's thread") { db in
            // A cached statement: every request for a thread's page or mbox asks, kept page or not.
            try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT p.thread_id FROM posts p WHERE p.message_id = ? AND \(shown.sql)
                """), arguments: [messageID] + shown.arguments)
        }
    }

    /// The shown posts of thread `threadID`, oldest first (empty when the scope shows none).
    public func archiveThread(_ threadID: Int64, scope: ArchiveScope) throws(StoreError) -> [ArchivePost] {
        let shown = scope.postCondition("p")
        return try read("reading an archived thread") { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.archivePostColumns) FROM posts p LEFT JOIN post_texts t ON t.post_id = p.id
                WHERE p.thread_id = ? AND \(shown.sql) ORDER BY p.date, p.id
                """), arguments: [threadID] + shown.arguments).map(Self.archivePost)
        }
    }

    /// One page of the threads with shown posts in `subIssue`, latest activity first, and how many
    /// there are in all: one range of `sub_issue_threads` (`v11-archive-sub-issue-threads`), the
    /// rows of the scope's visibility, and the first shown post of each thread on the page.
    public func archiveThreads(
        subIssue: String, scope: ArchiveScope, offset: Int, limit: Int
    ) throws(StoreError) -> (threads: [ArchiveThreadSummary], total: Int) {
        guard scope.shows(subIssue: subIssue) else { return ([], 0) }
        let visibility: StatementArguments = [subIssue, scope.showsProtectedPosts(in: subIssue)]
        return try read("reading a sub-issue's threads") { db in
            let total = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM sub_issue_threads WHERE sub_issue = ? AND includes_protected = ?
                """, arguments: visibility) ?? 0
            // The page is cut first, so only its own threads' first posts are read.
            let rows = try Row.fetchAll(db, sql: """
                WITH page AS (
                    SELECT thread_id, post_count, last_post_at, first_post_id FROM sub_issue_threads
                    WHERE sub_issue = ? AND includes_protected = ?
                    ORDER BY last_post_at DESC, thread_id DESC LIMIT ? OFFSET ?)
                SELECT s.thread_id, f.subject, f.message_id, s.post_count, s.last_post_at
                FROM page s JOIN posts f ON f.id = s.first_post_id ORDER BY s.last_post_at DESC, s.thread_id DESC
                """, arguments: visibility + [limit, offset])
            let threads = rows.map { row in
                ArchiveThreadSummary(
                    threadID: row[0], subject: row[1], firstMessageID: row[2], postCount: row[3],
                    lastPostAt: Date(timeIntervalSince1970: row[4]))
            }
            return (threads, total)
        }
    }

    /// The shown posts dated within `interval` (a month), oldest first, at most `limit`.
    public func archivePosts(in interval: DateInterval, scope: ArchiveScope, limit: Int) throws(StoreError) -> [ArchivePost] {
        let shown = scope.postCondition("p")
        return try read("reading a month of posts") { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.archivePostColumns) FROM posts p LEFT JOIN post_texts t ON t.post_id = p.id
                WHERE p.date >= ? AND p.date < ? AND \(shown.sql) ORDER BY p.date, p.id LIMIT ?
                """, arguments: [interval.start.timeIntervalSince1970, interval.end.timeIntervalSince1970]
                    + shown.arguments + [limit]).map(Self.archivePost)
        }
    }

    /// The newest shown posts, of one sub-issue or of all, newest first (feeds).
    public func archiveRecentPosts(subIssue: String?, scope: ArchiveScope, limit: Int) throws(StoreError) -> [ArchivePost] {
        if let subIssue, !scope.shows(subIssue: subIssue) { return [] }
        let shown = scope.postCondition("p")
        let filter = subIssue == nil ? "" : "p.sub_issue = ? AND "
        let arguments: StatementArguments = subIssue.map { [$0] } ?? []
        return try read("reading recent posts") { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.archivePostColumns) FROM posts p LEFT JOIN post_texts t ON t.post_id = p.id
                WHERE \(filter)\(shown.sql) ORDER BY p.date DESC, p.id DESC LIMIT ?
                """, arguments: arguments + shown.arguments + [limit]).map(Self.archivePost)
        }
    }

    /// Threads, posts and the latest post per sub-issue, over the shown posts.
    public func archiveActivity(scope: ArchiveScope) throws(StoreError) -> [String: ArchiveSubIssueActivity] {
        let shown = scope.postCondition("p")
        return try read("reading the archive's activity") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.sub_issue, COUNT(DISTINCT p.thread_id), COUNT(*), MAX(p.date)
                FROM posts p WHERE \(shown.sql) GROUP BY p.sub_issue
                """, arguments: shown.arguments)
            var activity: [String: ArchiveSubIssueActivity] = [:]
            for row in rows {
                let last: Double? = row[3]
                activity[row[0]] = ArchiveSubIssueActivity(
                    subIssue: row[0], threadCount: row[1], postCount: row[2], lastPostAt: last.map(Date.init(timeIntervalSince1970:)))
            }
            return activity
        }
    }

    /// The months (`YYYY-MM`, UTC) holding shown posts, newest first, with their post counts.
    public func archiveMonths(scope: ArchiveScope) throws(StoreError) -> [(month: String, posts: Int)] {
        let shown = scope.postCondition("p")
        return try read("reading the archive's months") { db in
            try Row.fetchAll(db, sql: """
                SELECT strftime('%Y-%m', p.date, 'unixepoch') AS month, COUNT(*) FROM posts p
                WHERE \(shown.sql) GROUP BY month ORDER BY month DESC
                """, arguments: shown.arguments).map { ($0[0], $0[1]) }
        }
    }
}
