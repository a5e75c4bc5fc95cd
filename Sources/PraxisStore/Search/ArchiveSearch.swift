import Foundation
import GRDB
import PraxisCommunity

/// How search results are ordered.
public enum SearchOrder: String, Sendable, CaseIterable {
    /// Latest post first.
    case newest
    /// Most relevant first (BM25, a match in the subject counting most), then latest.
    case best
}

/// A piece of a snippet: text as stored, to be escaped by whoever renders it, and whether it is
/// one of the matches to highlight.
public struct SnippetSegment: Hashable, Sendable {
    public var text: String
    public var isMatch: Bool

    public init(_ text: String, isMatch: Bool) {
        self.text = text
        self.isMatch = isMatch
    }
}

/// One post found by a search.
public struct SearchHit: Hashable, Sendable {
    public var postID: Int64
    /// Without angle brackets; nil for a post that came without one.
    public var messageID: String?
    public var subject: String
    public var authorName: String?
    public var authorAddress: String
    public var date: Date
    public var subIssue: String
    public var threadID: Int64
    /// The Message-ID of the thread's first post, for a link to the thread; nil when it has none.
    public var threadRootMessageID: String?
    /// A few lines of the post's text around the matches, matches marked; empty when the post has
    /// no text. "…" marks text left out before or after.
    public var snippet: [SnippetSegment]
}

/// A page of search results.
public struct SearchResults: Hashable, Sendable {
    public var hits: [SearchHit]
    /// How many posts match in all, on every page; at most `PraxisDatabase.searchMatchCap`.
    public var total: Int
    /// More posts match than `total`: only the cap's most recently recorded ones are ordered and
    /// paged (`SearchMatches`).
    public var isTotalCapped: Bool
    /// 1-based.
    public var page: Int
    public var pageSize: Int
    /// What to tell the reader beside the results (`SearchQuery.notices`).
    public var notices: [String]
}

/// The posts a query matches for a scope, in the order asked for: what every page of its results
/// is cut from, so a reader paging through them (or a cache keeping them) pays for the match once.
public struct SearchMatches: Hashable, Sendable {
    /// Ordered; at most `PraxisDatabase.searchMatchCap`.
    public var postIDs: [Int64]
    /// More posts match than `postIDs` holds.
    public var isCapped: Bool
    /// What to tell the reader beside the results (`SearchQuery.notices`).
    public var notices: [String]

    public init(postIDs: [Int64], isCapped: Bool, notices: [String]) {
        self.postIDs = postIDs
        self.isCapped = isCapped
        self.notices = notices
    }
}

extension PraxisDatabase {
    /// More hits than this per page are not given, whatever is asked.
    public static let maximumSearchPageSize = 100
    /// At most this many matching posts are ordered and counted (issue 19: a common word matched
    /// a quarter of the archive, and ordering and counting every one cost 4-17 ms per request).
    /// Beyond it the most recently recorded ones are taken, and pages say "more than".
    public static let searchMatchCap = 10_000
    /// Below this many matching posts, ordering them all (`searchMatches`) costs less than finding
    /// a first page by date (`searchFirstPage`, which reads about page size × posts ÷ matches
    /// posts): with 20 a page and 31,000 posts the two meet near 800.
    public static let searchWalkMinimumMatches = 1_000
    /// Shown posts `searchFirstPage` reads by date before it gives up (the newest matches are old).
    public static let searchWalkLimit = 5_000

    /// The posts matching `query`, `order`ed, page `page` (from 1) of `pageSize`, and how many
    /// match in all.
    ///
    /// Only posts readers can see are found (kind `post`: never a held post before its approval,
    /// nor commands, bounces or automatic mail). Which of them are found, and counted, is what
    /// every archive page shows: `scope`'s one rule (`ArchiveScope.postCondition`), so protected
    /// posts only for a scope that includes them or is admitted to their sub-issue, and a
    /// sub-issue made protected after its posts were recorded stays closed. A query with nothing
    /// to search for finds nothing and says so in `notices`.
    public func search(
        _ query: SearchQuery, scope: ArchiveScope, order: SearchOrder = .newest,
        page: Int = 1, pageSize: Int = 20
    ) throws(StoreError) -> SearchResults {
        let matches = try searchMatches(query, scope: scope, order: order)
        return try searchPage(of: matches, query: query, scope: scope, page: page, pageSize: pageSize)
    }

    /// Every post `query` matches for `scope` (up to `cap`), `order`ed: one query over the index,
    /// no text read.
    ///
    /// Over the cap, the `cap` matching posts recorded last (highest ids, so FTS5 walks its index
    /// backwards and stops) are the ones ordered: newest first is then exact for a list that
    /// records posts as they arrive, best first ranks only those.
    public func searchMatches(
        _ query: SearchQuery, scope: ArchiveScope, order: SearchOrder = .newest, cap: Int = searchMatchCap
    ) throws(StoreError) -> SearchMatches {
        var matches = SearchMatches(postIDs: [], isCapped: false, notices: query.notices)
        guard let search = ArchiveSearch(query, scope: scope) else { return matches }
        let cap = max(cap, 1)
        try read("searching the archive for \(search.match)") { db in
            matches.postIDs = try search.matchingPosts(order: order, limit: cap + 1, in: db)
        }
        if matches.postIDs.count > cap, let last = matches.postIDs.min() {
            // The one past the cap in the index's order (the lowest id) was fetched only to tell
            // that there are more.
            matches.postIDs.removeAll { $0 == last }
            matches.isCapped = true
        }
        return matches
    }

    /// The first page of `query`'s results newest first, without ordering every match: what a
    /// reader asking for a common word sees first (issue 19: joining a word's 7,000 matching posts
    /// to their dates and scope and sorting them cost 8 of its first page's 13 ms of CPU).
    /// `ArchiveSearch.newestFirst` says how; the page is the first page of `searchMatches`, hits,
    /// order and count. Nil when that way would not be cheaper or exact (fewer than
    /// `minimumMatches` posts match, more than the cap, the query filters by sub-issue or date, or
    /// the newest matches lie deeper than `walkLimit` shown posts): the caller matches them all.
    public func searchFirstPage(
        _ query: SearchQuery, scope: ArchiveScope, pageSize: Int = 20,
        minimumMatches: Int = searchWalkMinimumMatches, walkLimit: Int = searchWalkLimit
    ) throws(StoreError) -> SearchResults? {
        let pageSize = min(max(pageSize, 1), Self.maximumSearchPageSize)
        guard let search = ArchiveSearch(query, scope: scope) else { return nil }
        // `newestFirst` itself declines a query that filters posts (sub-issue, dates).
        let first = try read("searching the archive for \(search.match)") { db in
            try search.newestFirst(pageSize, minimumMatches: minimumMatches, cap: Self.searchMatchCap, walkLimit: walkLimit, in: db)
        }
        guard let first else { return nil }
        let page = SearchMatches(postIDs: first.postIDs, isCapped: false, notices: query.notices)
        var results = try searchPage(of: page, query: query, scope: scope, pageSize: pageSize)
        results.total = first.total
        return results
    }

    /// Page `page` (from 1) of `pageSize` of `matches`, read for `scope` again: a post changed
    /// since the matches were drawn (protected, deleted) is left out rather than shown.
    public func searchPage(
        of matches: SearchMatches, query: SearchQuery, scope: ArchiveScope, page: Int = 1, pageSize: Int = 20
    ) throws(StoreError) -> SearchResults {
        let page = max(page, 1), pageSize = min(max(pageSize, 1), Self.maximumSearchPageSize)
        var results = SearchResults(
            hits: [], total: matches.postIDs.count, isTotalCapped: matches.isCapped, page: page, pageSize: pageSize,
            notices: matches.notices)
        let offset = (page - 1).multipliedReportingOverflow(by: pageSize)
        guard let search = ArchiveSearch(query, scope: scope), !offset.overflow,
              offset.partialValue < matches.postIDs.count else { return results }
        let shown = matches.postIDs[offset.partialValue..<min(offset.partialValue + pageSize, matches.postIDs.count)]
        try read("reading a page of search results for \(search.match)") { db in
            results.hits = try search.hits(Array(shown), in: db)
        }
        return results
    }
}

/// A parsed query as SQL over the index: the FTS5 match expression and the conditions on `posts`.
struct ArchiveSearch {
    /// The FTS5 expression: every term quoted as an FTS5 string, so nothing a reader types is
    /// FTS5 syntax; terms side by side, which FTS5 reads as AND.
    let match: String
    /// The query narrows by sub-issue or date: conditions on `posts` beside the match.
    let filtersPosts: Bool
    private let conditions: String
    private let arguments: StatementArguments
    private let scope: ArchiveScope

    /// BM25 weights per indexed column (subject, text, author, sub-issue): a word in the subject
    /// says more about what a post is about than the same word in its text.
    static let weights = "5.0, 1.0, 2.0, 1.0"
    /// Tokens of text around the matches in a snippet (FTS5's limit is 64).
    static let snippetTokens = 24
    /// What marks the start and end of a match in a snippet: characters the index's view shows as
    /// spaces (`StoreSchema.createSearchIndex`), so a post can never forge one.
    static let matchStart: Character = "\u{1}", matchEnd: Character = "\u{2}"

    /// Nil when `query` has nothing to search for.
    init?(_ query: SearchQuery, scope: ArchiveScope) {
        guard query.isSearchable else { return nil }
        match = Self.matchExpression(query)
        self.scope = scope
        let shown = scope.postCondition("p")
        var conditions = ["post_search MATCH ?", shown.sql]
        // The query's own filters, after the match and the scope's arguments.
        var arguments: [(any DatabaseValueConvertible)?] = []
        for subIssue in query.subIssues {
            conditions.append("p.sub_issue = ?")
            arguments.append(subIssue)
        }
        if let notBefore = query.notBefore {
            conditions.append("p.date >= ?")
            arguments.append(notBefore.timeIntervalSince1970)
        }
        if let datedBefore = query.datedBefore {
            conditions.append("p.date < ?")
            arguments.append(datedBefore.timeIntervalSince1970)
        }
        filtersPosts = !arguments.isEmpty
        self.conditions = conditions.joined(separator: " AND ")
        self.arguments = StatementArguments([match]) + shown.arguments + StatementArguments(arguments)
    }

    /// The FTS5 expression for `query`'s terms and authors.
    static func matchExpression(_ query: SearchQuery) -> String {
        let terms = query.terms.map { term in
            switch term {
            case .word(let text), .phrase(let text): quoted(text)
            case .prefix(let text): quoted(text) + "*"
            }
        }
        return (terms + query.authors.map { "author : " + quoted($0) }).joined(separator: " ")
    }

    /// `text` as an FTS5 string: in double quotes, each inner quote doubled. Inside one, FTS5
    /// only splits the text into tokens; no character is an operator.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The ids of the posts matching, `order`ed; the `limit` recorded last when more match.
    ///
    /// The inner query walks the index from its highest rowid down and stops at `limit`; only
    /// those are ranked (`bm25` for best first) and sorted, in SQLite, with no text read.
    func matchingPosts(order: SearchOrder, limit: Int, in db: Database) throws -> [Int64] {
        let rank = switch order {
        case .newest: "0"
        case .best: "bm25(post_search, \(Self.weights))"
        }
        return try Int64.fetchAll(db, sql: """
            SELECT id FROM (
                SELECT p.id AS id, p.date AS date, \(rank) AS rank
                FROM post_search JOIN posts p ON p.id = post_search.rowid
                WHERE \(conditions) ORDER BY post_search.rowid DESC LIMIT ?)
            ORDER BY rank, date DESC, id DESC
            """, arguments: arguments + [limit])
    }

    /// The first `count` posts matching, newest first (date, then id, descending: the order of
    /// `matchingPosts`), and how many the scope shows in all, exactly, without reading every
    /// matching post's row.
    ///
    /// FTS5 gives every matching post's id from its index alone, in id order (cheap: 0.2 ms for
    /// 7,500 ids); the newest are found by walking the shown posts by date (`posts_by_date`)
    /// until `count` of them are among those ids, a few hundred posts for a common word. The
    /// count is the index's matches less those the scope hides, which are few and found through
    /// `posts_not_public` and the protected sub-issues' posts (`v11-search-hidden-posts`),
    /// never by reading every match. Nil when the query filters posts by more than the match,
    /// matches fewer than `minimumMatches` or more than `cap` posts (then `matchingPosts` orders
    /// them, capped, as every later page does), or the walk passes `walkLimit` posts.
    func newestFirst(
        _ count: Int, minimumMatches: Int, cap: Int, walkLimit: Int, in db: Database
    ) throws -> (postIDs: [Int64], total: Int)? {
        guard !filtersPosts else { return nil }
        // Ascending: FTS5's own order, so looking one up is a binary search.
        let matching = try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT rowid FROM post_search WHERE post_search MATCH ? ORDER BY rowid"),
            arguments: [match])
        guard matching.count >= max(minimumMatches, 1), matching.count <= cap else { return nil }
        func matches(_ id: Int64) -> Bool {
            var low = 0, high = matching.count
            while low < high {
                let middle = (low + high) / 2
                if matching[middle] < id { low = middle + 1 } else { high = middle }
            }
            return low < matching.count && matching[low] == id
        }
        let shown = scope.postCondition("p")
        var hiddenCandidates = "SELECT id FROM posts INDEXED BY posts_not_public WHERE \(StoreSchema.notPublic)"
        if !scope.protectedSubIssues.isEmpty {
            hiddenCandidates += " UNION SELECT id FROM posts WHERE kind = 'post' AND sub_issue IN (\(Array(repeating: "?", count: scope.protectedSubIssues.count).joined(separator: ",")))"
        }
        let hidden = try Int64.fetchAll(db, sql: """
            SELECT p.id FROM posts p WHERE p.id IN (\(hiddenCandidates)) AND NOT (\(shown.sql))
            """, arguments: StatementArguments(scope.protectedSubIssues) + shown.arguments)
        let total = matching.count - hidden.count(where: matches)

        var newest: [Int64] = []
        let byDate = try Int64.fetchCursor(db.cachedStatement(sql: """
            SELECT p.id FROM posts p INDEXED BY posts_by_date WHERE \(shown.sql) ORDER BY p.date DESC, p.id DESC
            """), arguments: shown.arguments)
        var walked = 0
        while newest.count < min(count, total), let id = try byDate.next() {
            walked += 1
            if walked > walkLimit { return nil }
            if matches(id) { newest.append(id) }
        }
        return (newest, total)
    }

    /// The hits of `postIDs`, in that order; a post the scope no longer shows is left out.
    /// Snippets are made one query per hit, so only for the page's posts.
    func hits(_ postIDs: [Int64], in db: Database) throws -> [SearchHit] {
        guard !postIDs.isEmpty else { return [] }
        let shown = scope.postCondition("p")
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.id, p.message_id, p.subject, p.author_name, p.author_address, p.date, p.sub_issue, p.thread_id,
                root.message_id
            FROM posts p JOIN threads t ON t.id = p.thread_id LEFT JOIN posts root ON root.id = t.root_post_id
            WHERE p.id IN (\(Array(repeating: "?", count: postIDs.count).joined(separator: ","))) AND \(shown.sql)
            """, arguments: StatementArguments(postIDs) + shown.arguments)
        let snippet = try db.cachedStatement(sql: """
            SELECT snippet(post_search, 1, char(1), char(2), '…', \(Self.snippetTokens))
            FROM post_search WHERE post_search MATCH ? AND rowid = ?
            """)
        let byID = Dictionary(rows.map { (row: Row) -> (Int64, Row) in (row[0], row) }, uniquingKeysWith: { first, _ in first })
        return try postIDs.compactMap { postID in
            guard let row = byID[postID] else { return nil }
            let marked = try String.fetchOne(snippet, arguments: [match, postID]) ?? ""
            return SearchHit(
                postID: postID, messageID: row[1], subject: row[2], authorName: row[3], authorAddress: row[4],
                date: Date(timeIntervalSince1970: row[5]), subIssue: row[6], threadID: row[7],
                threadRootMessageID: row[8], snippet: Self.segments(marked))
        }
    }

    /// `marked` cut at the match markers into plain and matching pieces, empty pieces left out.
    static func segments(_ marked: String) -> [SnippetSegment] {
        var segments = [SnippetSegment]()
        var current = "", isMatch = false
        func close() {
            if !current.isEmpty { segments.append(SnippetSegment(current, isMatch: isMatch)) }
            current = ""
        }
        for character in marked {
            switch character {
            case matchStart: close(); isMatch = true
            case matchEnd: close(); isMatch = false
            default: current.append(character)
            }
        }
        close()
        return segments
    }
}
