import Foundation
import GRDB

public enum HeldState: String, Codable, Sendable, CaseIterable { case held, approved, rejected, expired }

/// A post waiting for a moderator.
public struct HeldMessageRecord: StoreRecord, Hashable {
    public static let databaseTableName = "held_messages"
    public var id: Int64?
    public var postID: Int64?
    public var fileName: String?
    public var reason: String
    public var heldAt: Date
    public var expiresAt: Date
    public var state: HeldState
    public var decidedAt: Date?
    public var decidedBy: String?

    public init(id: Int64? = nil, postID: Int64?, fileName: String?, reason: String,
                heldAt: Date, expiresAt: Date, state: HeldState = .held,
                decidedAt: Date? = nil, decidedBy: String? = nil) {
        self.id = id
        self.postID = postID
        self.fileName = fileName
        self.reason = reason
        self.heldAt = heldAt
        self.expiresAt = expiresAt
        self.state = state
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
    }

    enum CodingKeys: String, CodingKey {
        case id, reason, state
        case postID = "post_id", fileName = "file_name", heldAt = "held_at", expiresAt = "expires_at"
        case decidedAt = "decided_at", decidedBy = "decided_by"
    }
}
