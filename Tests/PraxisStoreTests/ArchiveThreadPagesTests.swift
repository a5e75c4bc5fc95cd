import Foundation
import GRDB
import PraxisCommunity
import Testing
@testable import PraxisStore

/// A sub-issue's pages of threads: the number of threads, which now comes with the page, is
/// what counting them apart gives, on every page, past the last and for every scope.
@Suite("Archive thread pages")
struct ArchiveThreadPagesTests {
    @Test(arguments: [(0, 7), (7, 7), (56, 7), (0, 100), (140, 7), (1_000, 7)])
    func theTotalIsTheCountOfShownThreads(offset: Int, limit: Int) throws {
        let temporary = try SearchMatchesTests.archive()
        let database = temporary.database
        for scope in SearchMatchesTests.scopes {
            for subIssue in ["kernel", "tooling", "hr", "nowhere"] {
                let page = try database.archiveThreads(subIssue: subIssue, scope: scope, offset: offset, limit: limit)
                let shown = scope.postCondition("p")
                let (expected, ordered) = try database.pool.read { db in
                    let count = try Int.fetchOne(db, sql: """
                        SELECT COUNT(DISTINCT p.thread_id) FROM posts p WHERE p.sub_issue = ? AND \(shown.sql)
                        """, arguments: [subIssue] + shown.arguments) ?? 0
                    let threads = try Int64.fetchAll(db, sql: """
                        SELECT p.thread_id FROM posts p WHERE p.sub_issue = ? AND \(shown.sql)
                        GROUP BY p.thread_id ORDER BY MAX(p.date) DESC, p.thread_id DESC LIMIT ? OFFSET ?
                        """, arguments: [subIssue] + shown.arguments + [limit, offset])
                    return (count, threads)
                }
                let visible = scope.shows(subIssue: subIssue)
                #expect(page.total == (visible ? expected : 0), "\(subIssue) \(scope) at \(offset)")
                #expect(page.threads.map(\.threadID) == (visible ? ordered : []), "\(subIssue) \(scope) at \(offset)")
            }
        }
    }
}
