import GRDB

/// Tells whether anything was committed to the store since it was last asked: what a cache of
/// pages drawn from the store checks before serving one.
///
/// SQLite's `PRAGMA data_version` on a connection of its own: the number changes whenever a
/// commit is made through any other connection, in this process or another (`praxis web` reads
/// a store `praxis run` writes), and costs a read of the WAL index header, a few microseconds.
/// The pool's own connections cannot serve: the number is per connection, and a pool hands out
/// a different reader each time. Every commit counts, not only new posts: an approval, a
/// reclassification, a deletion or a change of protection all change what pages show.
public final class StoreChanges: Sendable {
    private let connection: DatabaseQueue

    init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            connection = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "opening a connection to watch the store for changes")
        }
    }

    /// A number that differs from the last one whenever something was committed in between; nil
    /// when it cannot be read (the caller then trusts nothing it kept).
    public func generation() -> Int64? {
        // `inDatabase`, not `read`: no transaction and no `query_only` toggling around one pragma.
        try? connection.inDatabase { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") }
    }
}

extension PraxisDatabase {
    /// A watcher of this store's commits (`StoreChanges`), on a connection of its own.
    public func changes() throws(StoreError) -> StoreChanges {
        try StoreChanges(path: path)
    }
}
