import GRDB

/// The one error type of `PraxisStore`: what went wrong, with the context to act on it.
///
/// Shaped like swift-service-lifecycle's errors: a struct with a code plus context, so new codes do
/// not break callers that switch on `isTransient` or compare codes.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case cannotOpen = "cannot-open"
            case migrationFailed = "migration-failed"
            case newerStore = "newer-store"
            case busy
            case locked
            case diskFull = "disk-full"
            case ioError = "io-error"
            case constraint
            case corrupt
            case sqlite
            case invalidArgument = "invalid-argument"
            case other
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The database file or its folder could not be opened or created.
        public static let cannotOpen = Code(.cannotOpen)
        /// A schema migration failed; the database is left at the previous version.
        public static let migrationFailed = Code(.migrationFailed)
        /// The store was migrated by a newer Praxis than this one: its schema may mean things this
        /// version does not know, so it is neither migrated nor used.
        public static let newerStore = Code(.newerStore)
        /// Another connection held a lock for longer than the busy timeout (`SQLITE_BUSY`).
        public static let busy = Code(.busy)
        /// A table was locked within a shared cache (`SQLITE_LOCKED`).
        public static let locked = Code(.locked)
        /// The disk is full (`SQLITE_FULL`).
        public static let diskFull = Code(.diskFull)
        /// The operating system reported an I/O error (`SQLITE_IOERR`).
        public static let ioError = Code(.ioError)
        /// A constraint (unique, foreign key, check) was violated: a bug or bad input, not transient.
        public static let constraint = Code(.constraint)
        /// The database file is malformed (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
        public static let corrupt = Code(.corrupt)
        /// Any other SQLite error.
        public static let sqlite = Code(.sqlite)
        /// The caller passed a value the store cannot record.
        public static let invalidArgument = Code(.invalidArgument)
        /// A failure that did not come from SQLite.
        public static let other = Code(.other)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The database file concerned.
    public let path: String
    /// What the store was doing, e.g. "recording a batch of 500 posts".
    public let operation: String
    /// The SQL statement that failed, when SQLite reported one.
    public let sql: String?
    /// The statement's arguments, rendered for a log line, when SQLite reported them.
    public let arguments: String?
    /// SQLite's extended result code, when the failure came from SQLite.
    public let sqliteCode: Int32?
    /// SQLite's or the system's own message.
    public let message: String

    /// Whether the same operation may succeed if tried again later (busy, locked, disk full, I/O).
    ///
    /// Ingest uses this to decide between "leave the file in `new/` and retry" and "quarantine it".
    public var isTransient: Bool {
        code == .busy || code == .locked || code == .diskFull || code == .ioError
    }

    public init(
        code: Code, path: String, operation: String, message: String,
        sql: String? = nil, arguments: String? = nil, sqliteCode: Int32? = nil
    ) {
        self.code = code
        self.path = path
        self.operation = operation
        self.message = message
        self.sql = sql
        self.arguments = arguments
        self.sqliteCode = sqliteCode
    }

    public var description: String {
        // Its message is already the whole sentence, naming the store and what to do.
        if code == .newerStore { return message }
        var text = "\(operation) in \(path) failed (\(code)\(isTransient ? ", transient" : "")): \(message)"
        if let sql { text += " — SQL: \(sql)" }
        if let arguments { text += " arguments: \(arguments)" }
        return text
    }

    /// Wraps any error thrown by GRDB or the system, keeping SQLite's code, SQL and arguments.
    static func wrapping(_ error: any Error, path: String, operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return StoreError(code: .other, path: path, operation: operation, message: String(describing: error))
        }
        let code: Code
        switch error.resultCode {
        case .SQLITE_BUSY: code = .busy
        case .SQLITE_LOCKED: code = .locked
        case .SQLITE_FULL: code = .diskFull
        case .SQLITE_IOERR: code = .ioError
        case .SQLITE_CONSTRAINT: code = .constraint
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: code = .corrupt
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY: code = .cannotOpen
        default: code = .sqlite
        }
        return StoreError(
            code: code, path: path, operation: operation,
            message: error.message ?? "SQLite error \(error.extendedResultCode.rawValue)",
            sql: error.sql, arguments: error.arguments.map { String(describing: $0) },
            sqliteCode: error.extendedResultCode.rawValue
        )
    }
}
