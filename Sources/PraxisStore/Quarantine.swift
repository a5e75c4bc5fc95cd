import Foundation
import GRDB

/// A file moved to the `.Quarantine` maildir, and why.
public struct QuarantineRecord: StoreRecord, Hashable {
    public static let databaseTableName = "quarantine"
    public var id: Int64?
    public var fileName: String
    public var reason: String
    public var at: Date

    enum CodingKeys: String, CodingKey {
        case id, reason, at
        case fileName = "file_name"
    }
}

extension PraxisDatabase {
    /// Notes that `fileName` was moved to the quarantine, and why.
    @discardableResult
    public func recordQuarantine(fileName: String, reason: String, at time: Date = Date()) throws(StoreError) -> Int64 {
        try write("recording the quarantine of \(fileName)") { db in
            try Self.recordQuarantine(fileName: fileName, reason: reason, at: time, in: db)
        }
    }

    /// `recordQuarantine` inside the caller's transaction.
    @discardableResult
    public static func recordQuarantine(fileName: String, reason: String, at time: Date = Date(), in db: Database) throws -> Int64 {
        try QuarantineRecord(id: nil, fileName: MaildirName.unique(fileName), reason: reason, at: time).insert(db)
        return db.lastInsertedRowID
    }

    /// The quarantine records, newest first.
    public func quarantineRecords(limit: Int = 100) throws(StoreError) -> [QuarantineRecord] {
        try read("listing the quarantine") { db in
            try QuarantineRecord.order(Column("at").desc).limit(limit).fetchAll(db)
        }
    }
}
