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
    /// How many posts match in all, on every page.
    public var total: Int
    /// 1-based.
    public var page: Int
    public var pageSize: Int
    /// What to tell the reader beside the results (`SearchQuery.notices`).
    public var notices: [String]
}

extension PraxisDatabase {
    /// More hits than this per page are not given, whatever is asked.
    public static let maximumSearchPageSize = 100

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
        let page = max(page, 1), pageSize = min(max(pageSize, 1), Self.maximumSearchPageSize)
        var results = SearchResults(hits: [], total: 0, page: page, pageSize: pageSize, notices: query.notices)
        guard let search = ArchiveSearch(query, scope: scope) else { return results }
        try read("searching the archive for \(search.match)") { db in
            results.total = try search.count(in: db)
            let offset = (page - 1).multipliedReportingOverflow(by: pageSize)
            guard results.total > 0, !offset.overflow, offset.partialValue < results.total else { return }
            results.hits = try search.hits(order: order, limit: pageSize, offset: offset.partialValue, in: db)
        }
        return results
    }
}

/// A parsed query as SQL over the index: the FTS5 match expression and the conditions on `posts`.
struct ArchiveSearch {
    /// The FTS5 expression: every term quoted as an FTS5 string, so nothing a reader types is
    /// FTS5 syntax; terms side by side, which FTS5 reads as AND.
    let match: String
    private let conditions: String
    private let arguments: StatementArguments

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

    func count(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM post_search JOIN posts p ON p.id = post_search.rowid WHERE \(conditions)
            """, arguments: arguments) ?? 0
    }

    /// The page's hits. Snippets are made afterwards, one query per hit: in the ordered query
    /// SQLite would make one for every match before sorting and keeping a page of them.
    func hits(order: SearchOrder, limit: Int, offset: Int, in db: Database) throws -> [SearchHit] {
        let ordering = switch order {
        case .newest: "p.date DESC, p.id DESC"
        case .best: "bm25(post_search, \(Self.weights)), p.date DESC, p.id DESC"
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.id, p.message_id, p.subject, p.author_name, p.author_address, p.date, p.sub_issue, p.thread_id,
                root.message_id
            FROM post_search JOIN posts p ON p.id = post_search.rowid
            JOIN threads t ON t.id = p.thread_id LEFT JOIN posts root ON root.id = t.root_post_id
            WHERE \(conditions)
            ORDER BY \(ordering) LIMIT ? OFFSET ?
            """, arguments: arguments + [limit, offset])
        let snippet = try db.cachedStatement(sql: """
            SELECT snippet(post_search, 1, char(1), char(2), '…', \(Self.snippetTokens))
            FROM post_search WHERE post_search MATCH ? AND rowid = ?
            """)
        return try rows.map { row in
            let postID: Int64 = row[0]
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
