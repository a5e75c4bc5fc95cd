import Foundation
import GRDB

/// A row type of the store: Codable, with every `Date` stored as Unix seconds (`REAL`), the one time
/// format of the schema.
public protocol StoreRecord: Codable, Sendable, FetchableRecord, PersistableRecord {}

extension StoreRecord {
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .timeIntervalSince1970
    }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .timeIntervalSince1970
    }
}
