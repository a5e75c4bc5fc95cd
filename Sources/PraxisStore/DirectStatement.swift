import GRDB
import GRDBSQLite

/// A statement from GRDB's per-connection cache, bound, stepped and read through SQLite's C
/// interface.
///
/// Why: recording a post runs about ten small statements, and with GRDB's `StatementArguments`
/// and `Row` (an array of boxed values built per call, a class per row) the Swift side cost more
/// CPU than SQLite's own B-tree work (profile of `praxis ingest` on 9 KB list mail). The write
/// transaction is serial, so that overhead capped ingest. Use it only for SQL texts that nothing
/// runs through GRDB's own API, so GRDB never finds one of these statements half-stepped.
struct DirectStatement {
    private let statement: Statement
    private let handle: SQLiteStatement
    private let connection: SQLiteConnection?

    /// The cached statement for `sql`, reset and with every parameter NULL.
    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// SQLite's "copy the bytes now" destructor: the Swift string's buffer does not outlive the call.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ text: String?) throws {
        guard var text else { return try check(sqlite3_bind_null(handle, index)) }
        // withUTF8 makes a bridged string contiguous first; native strings already are.
        let code = text.withUTF8 { bytes -> Int32 in
            guard bytes.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
            // An empty buffer may have no base address, and a NULL pointer would store NULL.
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, nil) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), Self.transient)
            }
        }
        try check(code)
    }

    /// Binds UTF-8 `bytes` without copying them: they must stay where they are, unchanged,
    /// until the statement is stepped to its end (`execute`) — a caller binding many large
    /// texts at once (`PendingPostTexts`) saves SQLite a copy of each.
    func bindUnchanging(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard bytes.count <= Int(Int32.max) else { throw error(SQLITE_TOOBIG) }
        guard let base = bytes.baseAddress else { return try check(sqlite3_bind_text(handle, index, "", 0, nil)) }
        try check(base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            // nil is SQLITE_STATIC: SQLite reads the caller's bytes in place.
            sqlite3_bind_text(handle, index, $0, Int32(bytes.count), nil)
        })
    }

    func bind(_ index: Int32, _ value: Int64?) throws {
        guard let value else { return try check(sqlite3_bind_null(handle, index)) }
        try check(sqlite3_bind_int64(handle, index, value))
    }

    func bind(_ index: Int32, _ value: Int) throws {
        try check(sqlite3_bind_int64(handle, index, Int64(value)))
    }

    func bind(_ index: Int32, _ value: Double?) throws {
        guard let value else { return try check(sqlite3_bind_null(handle, index)) }
        try check(sqlite3_bind_double(handle, index, value))
    }

    func bind(_ index: Int32, _ value: Bool) throws {
        try check(sqlite3_bind_int64(handle, index, value ? 1 : 0))
    }

    /// Advances to the next row: true while there is one, false once the statement is done.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        // The reset returns the same error, and leaves the statement reusable.
        sqlite3_reset(handle)
        throw error(code)
    }

    /// Runs a statement that returns no rows, and resets it so it holds no cursor open.
    func execute() throws {
        // Bindings are cleared too: none may outlive bytes bound in place (`bindUnchanging`).
        defer { sqlite3_clear_bindings(handle) }
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Ends a query early (or after its last row) so it holds no cursor open.
    func finish() {
        sqlite3_reset(handle)
    }

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : sqlite3_column_int64(handle, column)
    }

    func text(_ column: Int32) -> String? {
        guard !isNull(column), let bytes = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    private func check(_ code: Int32) throws {
        if code != SQLITE_OK { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(
            resultCode: ResultCode(rawValue: connection.map { sqlite3_extended_errcode($0) } ?? code),
            message: message, sql: statement.sql)
    }
}
