import Foundation
import Logging
import ServiceLifecycle
import PraxisStore

/// Merges the search index's segments while the daemon runs (DESIGN.md §8): recording posts only
/// adds segments (`v12-search-deferred-merges`), so a backlog drains without the merges, and this
/// service does them later, every few minutes, a small step at a time.
struct SearchIndexMerger: Service {
    let database: PraxisDatabase
    let logger: Logger
    /// Ten minutes: a few dozen segments cost a search asked for the first time about a
    /// millisecond, and a backlog that is still draining is not slowed by merges often.
    static let interval: TimeInterval = 600

    func run() async throws {
        while await pauseUnlessShuttingDown(for: .seconds(Self.interval)) {
            await merge()
        }
    }

    /// Merges step after step until nothing is left to merge or the daemon stops; between steps
    /// the writer is free for posts. A failure is logged and the next round tries again: an
    /// unmerged index only makes searches a little slower.
    func merge() async {
        var steps = 0
        do {
            while !Task.isCancelled && !Task.isShuttingDownGracefully, try await database.mergeSearchSegments() {
                steps += 1
            }
            if steps > 0 { logger.info("search index merged", metadata: ["steps": "\(steps)"]) }
        } catch {
            logger.error("merging the search index failed", metadata: ["error": "\(error)"])
        }
    }
}
