import CSQLiteConfig
import Foundation
import GRDB

/// Copies the WAL into the database file on a thread of its own, so that the database's writer,
/// which ingest waits for, does not (issue 19).
///
/// Why: SQLite checkpoints inside whichever commit made the WAL long enough, on the connection
/// that committed. While a backlog of 50,000 member posts drained, that was 0.5-0.6 s of the
/// writer's 6.2 s, while the threads that parse had 2.3 s to spare. A PASSIVE checkpoint from
/// another connection copies the pages no reader still needs without taking the writer's lock:
/// the writer goes on appending meanwhile.
///
/// How: `install(on:)` replaces SQLite's automatic checkpoint on the writer's connection by a
/// WAL hook. After each commit that leaves `backgroundFrames` or more in the WAL, it asks for a
/// checkpoint here; requests coalesce (one running, at most one waiting) and run on `queue`,
/// through a connection of their own opened at the first one. That connection is writable (a
/// read-only connection cannot checkpoint) and never creates a file: a store that vanished is not
/// replaced by an empty one.
///
/// The WAL is written again from its start by the first transaction that begins once a checkpoint
/// has copied all of it and no reader still reads from it. While a backlog drains, the next
/// transaction has nearly always begun before the background checkpoint ends, so the WAL grows:
/// at `writerFrames` the writer waits for a background checkpoint that is running and checkpoints
/// itself, as SQLite did at that length, which now copies only what the background has not yet
/// (about one transaction), and the WAL starts over. That bound holds when the background cannot
/// help too (its connection failed to open). A reader holding an old snapshot holds back every
/// checkpoint, the writer's as well, until it ends, and the WAL grows meanwhile, as before.
final class BackgroundCheckpoints: @unchecked Sendable {
    /// The WAL's length, in frames (pages), from which a commit asks for a background checkpoint:
    /// 256 frames of 16 KiB are 4 MiB, about what a WAL reaches with SQLite's default automatic
    /// checkpoint (1,000 pages of 4 KiB). Longer for an idle daemon would only defer the same work;
    /// shorter would fsync the file for every few posts.
    static let defaultBackgroundFrames: Int32 = 256
    /// The WAL's length at which the writer checkpoints itself: 8,192 frames (128 MiB), where SQLite
    /// checkpointed on the writer before (see `PraxisDatabase`'s settings), so the WAL's largest
    /// size on disk is the same as before. Reached in a backlog about every 8 transactions of 2,000
    /// member posts (some 1,000 frames each), and then the writer copies about one transaction,
    /// not the whole WAL.
    static let defaultWriterFrames: Int32 = 8192

    let path: String
    let backgroundFrames: Int32
    let writerFrames: Int32
    private let failed: @Sendable (StoreError) -> Void
    /// Where background checkpoints run, one at a time (internal: tests hold it to see what the
    /// writer does alone).
    let queue = DispatchQueue(label: "praxis.store.checkpoints")

    // Guarded by `lock`.
    private let lock = NSLock()
    private var requested = false
    private var completed = 0

    // Used only on `queue`.
    private var connection: OpaquePointer?
    /// Closed for good (`close()`): checkpoints stay on the writer.
    private var closed = false
    /// The last checkpoint (or opening its connection) failed and was reported; the next failures
    /// are not, until one succeeds: a store that vanished is tried again at each request, quietly.
    private var failing = false

    init(path: String, backgroundFrames: Int32, writerFrames: Int32, failed: @escaping @Sendable (StoreError) -> Void) {
        self.path = path
        self.backgroundFrames = backgroundFrames
        self.writerFrames = writerFrames
        self.failed = failed
    }

    deinit {
        // Normally closed already (`close()`); runs once nothing is queued, since each queued
        // checkpoint holds this object.
        if let connection { sqlite3_close_v2(connection) }
    }

    /// Replaces the automatic checkpoint of `connection`, the writer's, by this object's hook. The
    /// caller keeps this object alive as long as the connection (see `PraxisDatabase.init`).
    func install(on connection: OpaquePointer?) {
        sqlite3_wal_hook(connection, { context, connection, databaseName, frames in
            let checkpoints = Unmanaged<BackgroundCheckpoints>.fromOpaque(context!).takeUnretainedValue()
            checkpoints.committed(frames: frames, connection: connection, databaseName: databaseName)
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// On the writer's thread, after each commit, with the WAL's length in frames.
    private func committed(frames: Int32, connection: OpaquePointer?, databaseName: UnsafePointer<CChar>?) {
        if frames >= writerFrames {
            // A background checkpoint still copying would hold the checkpoint lock, and this one
            // would give up at once and leave the WAL growing for as long as each background
            // checkpoint outlasts a transaction (a slow disk): so it is waited for.
            queue.sync {}
            // Then what SQLite's automatic checkpoint did: a failure here is the automatic
            // checkpoint's, ignored as SQLite ignores it; the next commit tries again.
            sqlite3_wal_checkpoint_v2(connection, databaseName, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
        if frames >= backgroundFrames { request() }
    }

    /// Asks for a checkpoint on the background queue; a request while one waits already is the
    /// same request.
    func request() {
        let schedule = lock.withLock {
            if requested { return false }
            requested = true
            return true
        }
        if schedule { queue.async { self.checkpoint() } }
    }

    /// Waits for a checkpoint that is running, then closes the connection for good: the store's
    /// own close then checkpoints what is left and removes the WAL, which only the last connection
    /// to close does.
    func close() {
        queue.sync {
            if let connection { sqlite3_close_v2(connection) }
            connection = nil
            closed = true
        }
    }

    /// How many background checkpoints have run (for tests).
    var completedCount: Int { lock.withLock { completed } }

    /// Returns once the checkpoints requested so far have run (for tests and benchmarks).
    func settle() { queue.sync {} }

    private func checkpoint() {
        // Cleared first: a commit while this one copies asks for another, which sees its pages.
        lock.withLock { requested = false }
        defer { lock.withLock { completed += 1 } }
        guard let connection = openedConnection() else { return }
        let code = sqlite3_wal_checkpoint_v2(connection, "main", SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        switch code {
        case SQLITE_OK:
            failing = false
        case SQLITE_BUSY:
            // The writer is checkpointing itself: what this one would copy, it copies.
            break
        default:
            report(error(code, "checkpointing the WAL in the background", message: errorMessage(connection)))
            // Opened afresh next time, in case the connection itself is what failed.
            sqlite3_close_v2(connection)
            self.connection = nil
        }
    }

    private func openedConnection() -> OpaquePointer? {
        if let connection { return connection }
        if closed { return nil }
        var opened: OpaquePointer?
        var code = sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        var message = errorMessage(opened)
        if code == SQLITE_OK {
            sqlite3_busy_timeout(opened, 1000)
            // A connection learns that the file is in WAL mode, and opens the WAL, at its first
            // read; until then a checkpoint does nothing and reports success.
            code = sqlite3_exec(opened, "PRAGMA user_version", nil, nil, nil)
            message = errorMessage(opened)
        }
        if code == SQLITE_OK && sqlite3_db_readonly(opened, "main") == 1 {
            // SQLite opens a file this process may not write read-only instead of failing.
            code = SQLITE_READONLY
            message = "the database file is not writable by this process"
        }
        guard code == SQLITE_OK else {
            report(error(code, "opening a connection for background checkpoints (until it opens, the writer checkpoints at its bound)", message: message))
            sqlite3_close_v2(opened)
            return nil
        }
        connection = opened
        return opened
    }

    private func report(_ error: StoreError) {
        guard !failing else { return }
        failing = true
        failed(error)
    }

    private func errorMessage(_ connection: OpaquePointer?) -> String? {
        connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
    }

    private func error(_ code: Int32, _ operation: String, message: String?) -> StoreError {
        StoreError.wrapping(
            DatabaseError(resultCode: ResultCode(rawValue: code), message: message), path: path, operation: operation)
    }
}
