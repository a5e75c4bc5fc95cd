import Foundation
import GRDB

/// Keys of the `settings` table that the store itself reads.
public enum SettingKey {
    /// Unix seconds of the last full maildir scan.
    public static let lastScanAt = "last_scan_at"
}

/// A key/value setting kept with the data (e.g. the last scan time).
public struct SettingRecord: StoreRecord, Hashable {
    public static let databaseTableName = "settings"
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension PraxisDatabase {
    /// The value of a setting, if set.
    public func setting(_ key: String) throws(StoreError) -> String? {
        try read("reading setting \(key)") { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
        }
    }

    /// Sets (or replaces) a setting.
    public func setSetting(_ key: String, to value: String) throws(StoreError) {
        try write("writing setting \(key)") { db in
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }

    /// Notes the end of a full maildir scan, shown by `praxis status`.
    public func recordScan(at time: Date) throws(StoreError) {
        try setSetting(SettingKey.lastScanAt, to: String(time.timeIntervalSince1970))
    }
}
