import PraxisStore
import Synchronization

/// Rendered archive pages kept between requests (issue 19: thread pages cost 18 ms of CPU each,
/// sub-issue pages 7 ms; served from here, a few microseconds).
///
/// A page is a pure function of what it is drawn from (`ArchivePage`: its route, or for a
/// thread's page and mbox the thread, which every link into it shares), what the viewer may see
/// (their `ArchiveScope`) and the store's contents, so that is the key, and the whole cache is
/// emptied as soon as the store changes (`StoreChanges.generation`, read before each lookup: a
/// new post shows at once). Two viewers with the same scope are shown the same bytes by
/// `ArchiveSite.answer`, which is given nothing else; what differs per person (the signed-in bar,
/// the reply link) is why `ArchiveSite` never asks the cache for a signed-in member's request.
///
/// Only pages that exist are kept (status 200): a missing page and a protected one must answer
/// alike, in bytes and in time, so neither is ever served from here.
///
/// Bounded by bytes, least recently used first out; a page larger than an eighth of the budget
/// is not kept (a raw message or an attachment of megabytes would push out hundreds of pages).
final class PageCache: Sendable {
    struct Key: Hashable, Sendable {
        var page: ArchivePage
        var scope: ArchiveScope
    }

    private struct Entry {
        var answer: ArchiveAnswer
        var cost: Int
        var previous: Key?
        var next: Key?
    }

    private struct State {
        var generation: Int64?
        var entries: [Key: Entry] = [:]
        var bytes = 0
        /// The most and the least recently used keys: the ends of the list the entries link.
        var newest: Key?
        var oldest: Key?
    }

    /// What an entry costs beyond its bytes: the key, the answer's fields, the dictionary slot.
    static let overhead = 256

    let budget: Int
    private let state = Mutex(State())
    /// How many times a page was asked for: a test's witness that an answer did not come from here.
    private let lookupCount = Atomic<Int>(0)

    init(budget: Int) {
        self.budget = budget
    }

    /// The page kept for `key` while the store is at `generation`; nil when there is none, or
    /// when the generation is unknown (nothing kept can be trusted then).
    func answer(for key: Key, generation: Int64?) -> ArchiveAnswer? {
        lookupCount.add(1, ordering: .relaxed)
        return state.withLock { state in
            guard let generation else { return nil }
            // The store moved on (or the number went back, a store opened anew): nothing kept holds.
            if state.generation != generation { state = State(generation: generation) }
            guard let entry = state.entries[key] else { return nil }
            Self.unlink(key, in: &state)
            Self.linkAsNewest(key, entry, in: &state)
            return entry.answer
        }
    }

    /// Keeps `answer` for `key`, drawn from the store at `generation` (read before the page was),
    /// if it is a page that exists and is small enough.
    func keep(_ answer: ArchiveAnswer, for key: Key, generation: Int64?) {
        let cost = answer.bytes.count + answer.contentType.utf8.count + Self.overhead
        guard answer.status == .ok, answer.setCookies.isEmpty, cost <= budget / 8, let generation else { return }
        state.withLock { state in
            // Drawn before a commit the cache has seen since: possibly out of date already.
            guard state.generation == generation else { return }
            if state.entries[key] != nil { Self.remove(key, in: &state) }
            Self.linkAsNewest(key, Entry(answer: answer, cost: cost), in: &state)
            state.bytes += cost
            while state.bytes > budget, let oldest = state.oldest { Self.remove(oldest, in: &state) }
        }
    }

    /// How many pages and bytes are kept (for tests and the benchmark's notes).
    var usage: (pages: Int, bytes: Int) { state.withLock { ($0.entries.count, $0.bytes) } }

    var lookups: Int { lookupCount.load(ordering: .relaxed) }

    private static func linkAsNewest(_ key: Key, _ entry: Entry, in state: inout State) {
        var entry = entry
        entry.previous = nil
        entry.next = state.newest
        if let newest = state.newest { state.entries[newest]?.previous = key }
        state.newest = key
        if state.oldest == nil { state.oldest = key }
        state.entries[key] = entry
    }

    private static func unlink(_ key: Key, in state: inout State) {
        guard let entry = state.entries[key] else { return }
        if let previous = entry.previous { state.entries[previous]?.next = entry.next } else { state.newest = entry.next }
        if let next = entry.next { state.entries[next]?.previous = entry.previous } else { state.oldest = entry.previous }
    }

    private static func remove(_ key: Key, in state: inout State) {
        guard let entry = state.entries[key] else { return }
        unlink(key, in: &state)
        state.entries[key] = nil
        state.bytes -= entry.cost
    }
}
