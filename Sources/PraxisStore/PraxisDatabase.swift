import CSQLiteConfig
import Foundation
import GRDB

/// The one SQLite file that holds all of Praxis's state, opened once per process.
///
/// A `DatabasePool` in WAL mode: one writer at a time, readers (status, digests, reports) never wait
/// for it and never block it.
///
/// `synchronous=NORMAL` in WAL mode means a commit is durable once the WAL is fsynced at the next
/// checkpoint rather than at every commit (checkpoints run in the background once the WAL holds
/// 4 MiB, see `BackgroundCheckpoints`, and at the close): a power cut can lose the last few
/// commits, but never corrupts the file. That is safe for us because nothing outside the database depends on a commit
/// before it is durable *and* recoverable: ingest claims a maildir file (renames it into `cur/`) only
/// after its commit, and the start-up rescan of `cur/` records every file the store does not know —
/// so a post lost with the last commits is recorded again from its file, exactly once.
public final class PraxisDatabase: Sendable {
    /// The path of the SQLite file.
    public let path: String
    /// Measured with the store throughput benchmark on 2 KB posts: 4 KiB pages 10,000 posts/s,
    /// 8 KiB 12,400, 16 KiB 14,000 (fewer, fuller index pages to dirty and write per commit).
    static let pageSize = 16384
    /// Negative: KiB rather than pages, so it does not depend on the page size.
    static let cacheKiB = -16384
    /// The page cache of each connection of a read-only store (`praxis web`): 4 MiB. Its reads
    /// are served from the kernel's cache of the file anyway, and 16 MiB for each reader was
    /// up to a third of the archive server's memory under load (issue 19: under 150 MB).
    static let readOnlyCacheKiB = -4096
    /// The underlying GRDB pool, for queries other modules add on top of the store.
    public let pool: DatabasePool
    /// Copies the WAL into the file off the writer's thread; nil for a read-only store.
    let checkpoints: BackgroundCheckpoints?

    /// SQLite's process-wide settings, made once, before the first database is opened: no
    /// mutexes on connections (GRDB serialises each connection's use on its own queue) and no
    /// memory statistics (a global mutex on every allocation). Together they were 6% of the
    /// writer's time recording held posts. After SQLite's first use it refuses them and keeps
    /// its defaults, which are correct too, only slower.
    private static let processWideSettings: Void = {
        _ = praxis_sqlite_config_multithread()
        _ = praxis_sqlite_config_no_memstatus()
    }()

    /// Opens (creating if needed, with its parent folder) the database at `path` and migrates it to
    /// the newest schema.
    ///
    /// - Parameter busyTimeout: how long a write waits for another connection's lock before it fails
    ///   with a transient `StoreError` (`.busy`).
    /// - Parameter readOnly: open an existing store for reading only (`praxis web`): nothing is
    ///   created or migrated, and a store that lacks a migration of this binary is refused, since
    ///   its pages would be read with the wrong schema.
    /// - Parameter checkpointFailed: told when a background checkpoint fails (nothing is lost: the
    ///   pages stay in the WAL for the next checkpoint); by default written to standard error.
    public convenience init(
        path: String, busyTimeout: TimeInterval = 5, readOnly: Bool = false,
        checkpointFailed: @escaping @Sendable (StoreError) -> Void = PraxisDatabase.reportOnStandardError
    ) throws(StoreError) {
        try self.init(
            path: path, busyTimeout: busyTimeout, readOnly: readOnly, checkpointFailed: checkpointFailed,
            backgroundCheckpointFrames: BackgroundCheckpoints.defaultBackgroundFrames,
            writerCheckpointFrames: BackgroundCheckpoints.defaultWriterFrames)
    }

    /// `init`, with the WAL lengths of `BackgroundCheckpoints` chosen (tests use short ones).
    init(
        path: String, busyTimeout: TimeInterval, readOnly: Bool,
        checkpointFailed: @escaping @Sendable (StoreError) -> Void,
        backgroundCheckpointFrames: Int32, writerCheckpointFrames: Int32
    ) throws(StoreError) {
        _ = Self.processWideSettings
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if readOnly {
            pool = try Self.openReadOnly(path: path, busyTimeout: busyTimeout)
            checkpoints = nil
            return
        }
        let checkpoints = BackgroundCheckpoints(
            path: path, backgroundFrames: backgroundCheckpointFrames, writerFrames: writerCheckpointFrames,
            failed: checkpointFailed)
        self.checkpoints = checkpoints
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError(
                    code: .cannotOpen, path: path, operation: "creating the database folder",
                    message: String(describing: error))
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in
            // GRDB already picks NORMAL for WAL pools; said here too because the reasoning above
            // depends on it and a library default may change.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 16 KiB pages (only effective while the file is still empty): a post row with its
            // trimmed text fits with room to spare, and the random-order unique indexes (content
            // hash, Message-ID) have fewer, fuller pages to dirty and write per batch.
            try db.execute(sql: "PRAGMA page_size = \(PraxisDatabase.pageSize)")
            // A page cache of 16 MiB per connection instead of SQLite's 2 MiB: the indexes that
            // every insert touches stay in memory while a backlog drains, within ingest's
            // memory budget (pages are allocated only as they are used).
            try db.execute(sql: "PRAGMA cache_size = \(PraxisDatabase.cacheKiB)")
            // No automatic checkpoint inside the writer's commits: it copies pages into the
            // database file and fsyncs it on the thread ingest waits for. `BackgroundCheckpoints`
            // does it on another, and the writer only once the WAL holds 8,192 pages (128 MiB),
            // which bounds it. The WAL file is cut back to 64 MiB once it starts over, so a
            // backlog does not leave it large.
            if !db.configuration.readonly {
                checkpoints.install(on: db.sqliteConnection)
            }
            try db.execute(sql: "PRAGMA journal_size_limit = \(64 << 20)")
        }
        // Opening sets WAL mode and migrating reads the applied steps before it writes the next:
        // two processes doing either at once (`praxis run` starting as an operator runs `praxis
        // status`, on a new store or after an upgrade) would fail with "database is locked" or
        // "table already exists". So they take turns, under a lock on a file beside the store.
        let turn = OpeningTurn(lockFile: path + ".lock")
        defer { turn.end() }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "opening the database")
                .recoded(.cannotOpen, unlessTransient: true)
        }
        try Self.refuseNewerSchema(of: pool, at: path)
        do {
            try StoreSchema.migrator.migrate(pool)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "migrating the schema")
                .recoded(.migrationFailed, unlessTransient: true)
        }
    }

    deinit {
        // A background checkpoint still copying finishes first, then its connection closes, so
        // the pool's writer closes last: it checkpoints what is left and removes the WAL.
        checkpoints?.close()
    }

    /// Where `checkpointFailed` goes when the caller has no log of its own: one line on standard
    /// error, as the daemon's log would have it.
    public static let reportOnStandardError: @Sendable (StoreError) -> Void = { error in
        FileHandle.standardError.write(Data("praxis: \(error)\n".utf8))
    }

    private static func openReadOnly(path: String, busyTimeout: TimeInterval) throws(StoreError) -> DatabasePool {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(code: .cannotOpen, path: path, operation: "opening the database read-only",
                             message: "there is no store at \(path); run `praxis run` or `praxis import` first to create it")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.readonly = true
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = \(PraxisDatabase.readOnlyCacheKiB)") }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "opening the database read-only")
                .recoded(.cannotOpen, unlessTransient: true)
        }
        try refuseNewerSchema(of: pool, at: path)
        let missing: Bool
        do {
            missing = try pool.read { db in try !StoreSchema.migrator.hasCompletedMigrations(db) }
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "reading the store's migrations")
                .recoded(.cannotOpen, unlessTransient: true)
        }
        if missing {
            throw StoreError(code: .migrationFailed, path: path, operation: "opening the database read-only",
                             message: "the store at \(path) was written by an older Praxis and is opened read-only, so it "
                                 + "cannot be migrated; run `praxis status` once with this version to migrate it")
        }
        return pool
    }

    /// Throws `.newerStore` when `pool` holds a migration this binary does not know: a newer Praxis
    /// wrote it, and an older one migrating or using it could misread or damage its rows.
    private static func refuseNewerSchema(of pool: DatabasePool, at path: String) throws(StoreError) {
        let migrator = StoreSchema.migrator
        let unknown: [String]
        do {
            unknown = try pool.read { db in
                // What GRDB's `hasBeenSuperseded` checks, kept as names for the message.
                try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            }
        } catch {
            throw StoreError.wrapping(error, path: path, operation: "reading the store's migrations")
                .recoded(.cannotOpen, unlessTransient: true)
        }
        guard !unknown.isEmpty else { return }
        let named = unknown.count == 1 ? "migration \(unknown[0])" : "migrations \(unknown.joined(separator: ", "))"
        throw StoreError(
            code: .newerStore, path: path, operation: "opening the database",
            message: "the store at \(path) was written by a newer Praxis (\(named) unknown to this version); "
                + "use that version or newer")
    }

    /// Runs `body` in one write transaction; any failure rolls the whole transaction back and is
    /// thrown as a `StoreError` naming `operation`.
    public func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: operation)
        }
    }

    /// `write`, suspending the caller instead of blocking its thread while the transaction runs
    /// on the database's writer queue: a busy ingest keeps both cores for parsing meanwhile.
    public func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: operation)
        }
    }

    /// Runs `body` on a read-only snapshot that a concurrent write never changes or blocks.
    public func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError.wrapping(error, path: path, operation: operation)
        }
    }
}

extension StoreError {
    /// The same error under another code, keeping transient codes (busy, full…) so callers still
    /// retry those.
    func recoded(_ newCode: Code, unlessTransient: Bool) -> StoreError {
        if unlessTransient && isTransient { return self }
        return StoreError(
            code: newCode, path: path, operation: operation, message: message,
            sql: sql, arguments: arguments, sqliteCode: sqliteCode)
    }
}

/// A turn at opening and migrating the store, one process at a time: an exclusive `flock` on a
/// lock file of its own, waited for, released by `end()`. Never on the database file itself:
/// closing any descriptor of that file would drop the locks SQLite holds on it in this process.
/// Where the lock file cannot be created (a read-only folder), there is no turn to take: such a
/// process cannot migrate either.
private final class OpeningTurn {
    private var descriptor: Int32

    init(lockFile: String) {
        descriptor = open(lockFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                descriptor = -1
                return
            }
        }
    }

    func end() {
        guard descriptor >= 0 else { return }
        close(descriptor)  // releases the lock
        descriptor = -1
    }
}
