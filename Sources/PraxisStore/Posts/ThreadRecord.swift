import Foundation
import GRDB

/// A conversation: posts linked by In-Reply-To/References, or by a reply's normalised subject.
public struct ThreadRecord: StoreRecord, Hashable {
    public static let databaseTableName = "threads"
    public var id: Int64?
    public var rootPostID: Int64?
    public var subject: String
    public var normalisedSubject: String
    public var subIssue: String
    public var startedAt: Date
    public var lastPostAt: Date
    public var postCount: Int
    /// Whether the thread's root is protected (since `v6-post-protection`): then the whole
    /// thread is closed. A protected reply in a public thread protects only itself and the posts
    /// below it (`posts.is_protected`), never the thread.
    public var isProtected: Bool

    enum CodingKeys: String, CodingKey {
        case id, subject
        case isProtected = "is_protected"
        case rootPostID = "root_post_id", normalisedSubject = "normalised_subject", subIssue = "sub_issue"
        case startedAt = "started_at", lastPostAt = "last_post_at", postCount = "post_count"
    }
}

/// A Message-ID that recorded posts reference but that was never received, and the thread those
/// posts formed.
public struct UnresolvedReferenceRecord: StoreRecord, Hashable {
    public static let databaseTableName = "unresolved_references"
    public var messageID: String
    public var threadID: Int64

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id", threadID = "thread_id"
    }
}

extension PraxisDatabase {
    /// The thread with that id.
    public func thread(id: Int64) throws(StoreError) -> ThreadRecord? {
        try read("looking up thread \(id)") { db in try ThreadRecord.fetchOne(db, key: id) }
    }
}
