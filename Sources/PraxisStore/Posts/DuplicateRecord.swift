import Foundation
import GRDB

/// Why a message was found to be a duplicate.
public enum DuplicateReason: String, Codable, Sendable {
    case messageID = "message-id"
    case contentHash = "content-hash"
}

/// A message that arrived again and was noted rather than recorded twice.
public struct DuplicateRecord: StoreRecord, Hashable {
    public static let databaseTableName = "duplicates"
    public var id: Int64?
    public var postID: Int64
    /// The duplicate's Message-ID, '' when it had none.
    public var messageID: String
    public var contentHash: String
    /// The duplicate's maildir file name, '' when it came from an archive.
    public var fileName: String
    public var reason: DuplicateReason
    public var receivedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, reason
        case postID = "post_id", messageID = "message_id", contentHash = "content_hash"
        case fileName = "file_name", receivedAt = "received_at"
    }
}
