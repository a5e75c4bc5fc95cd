import PraxisStore
import Synchronization

/// The ordered matches of recent searches, kept between requests, so that paging through a
/// search, or a second reader asking the same, does not match and order every hit again
/// (issue 19: a common word's 7,000 hits cost most of a search page's 17 ms of CPU; a page cut
/// from kept matches reads only its own 20 posts).
///
/// Matches depend on the query, the viewer's scope, the order and the store's contents, so the
/// first three are the key and everything kept is dropped as soon as the store changes
/// (`StoreChanges.generation`, read before each lookup), like `PageCache`. Unlike rendered pages,
/// matches hold nothing personal (post ids only, for that scope), so they serve signed-in members
/// too. At most `capacity` searches, the least recently used out first; each holds at most
/// `PraxisDatabase.searchMatchCap` ids (80 KB).
final class SearchMatchCache: Sendable {
    struct Key: Hashable, Sendable {
        var query: String
        var scope: ArchiveScope
        var order: SearchOrder
    }

    private struct State {
        var generation: Int64?
        var entries: [Key: (matches: SearchMatches, lastUse: Int)] = [:]
        var uses = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The matches kept for `key` while the store is at `generation`; nil when there are none or
    /// the generation is unknown.
    func matches(for key: Key, generation: Int64?) -> SearchMatches? {
        state.withLock { state in
            guard let generation else { return nil }
            if state.generation != generation { state = State(generation: generation) }
            guard let entry = state.entries[key] else { return nil }
            state.uses += 1
            state.entries[key]?.lastUse = state.uses
            return entry.matches
        }
    }

    /// Keeps `matches` for `key`, drawn from the store at `generation` (read before they were).
    func keep(_ matches: SearchMatches, for key: Key, generation: Int64?) {
        guard capacity > 0, let generation else { return }
        state.withLock { state in
            // Drawn before a commit the cache has seen since: possibly out of date already.
            guard state.generation == generation else { return }
            if state.entries[key] == nil, state.entries.count >= capacity,
               let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                state.entries[oldest] = nil
            }
            state.uses += 1
            state.entries[key] = (matches, state.uses)
        }
    }

    /// How many searches are kept (for tests).
    var count: Int { state.withLock { $0.entries.count } }
}
