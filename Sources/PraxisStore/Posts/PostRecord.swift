import Foundation
import GRDB

/// Which classification stage decided a post's sub-issue (DESIGN.md §2.3).
public enum ClassificationStage: String, Codable, Sendable, CaseIterable {
    case explicit, thread, model, general, moderator
}

/// What screening made of a recorded message.
public enum PostKind: String, Codable, Sendable, CaseIterable {
    case post, held, command, bounce, auto
}

/// A recorded message. `date` is the Date header when the sender gave one, else the time it was
/// received, so every post sorts in time.
///
/// Read-only: posts are written only by `PostRecorder`, which also fills `post_texts`, where
/// `trimmedText` lives (fetched here by a subquery on the primary key; "" when a post has no
/// text row, as no post written by Praxis lacks one, but a store edited by hand may).
public struct PostRecord: Codable, Sendable, FetchableRecord, TableRecord, Hashable {
    public static let databaseTableName = "posts"
    public static var databaseSelection: [any SQLSelectable] {
        [AllColumns(), SQL("coalesce((SELECT text FROM post_texts WHERE post_id = posts.id), '') AS trimmed_text")]
    }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .timeIntervalSince1970
    }
    public var id: Int64?
    public var messageID: String?
    public var contentHash: String
    public var authorAddress: String
    public var authorName: String?
    public var date: Date
    public var receivedAt: Date
    public var subject: String
    public var normalisedSubject: String
    public var subIssue: String
    public var classificationStage: ClassificationStage
    public var confidence: Double?
    public var threadID: Int64
    public var parentPostID: Int64?
    /// The Message-ID this post answers: In-Reply-To's, else the last of References.
    public var inReplyTo: String?
    public var trimmedText: String
    public var size: Int
    /// The maildir file's unique name, without the `:2,` flags part.
    public var fileName: String?
    public var kind: PostKind
    public var isProtected: Bool

    enum CodingKeys: String, CodingKey {
        case id, subject, size, kind, date, confidence
        case messageID = "message_id", contentHash = "content_hash", authorAddress = "author_address"
        case authorName = "author_name", receivedAt = "received_at"
        case normalisedSubject = "normalised_subject", subIssue = "sub_issue"
        case classificationStage = "classification_stage", threadID = "thread_id"
        case parentPostID = "parent_post_id", inReplyTo = "in_reply_to", trimmedText = "trimmed_text"
        case fileName = "file_name", isProtected = "is_protected"
    }
}

extension PraxisDatabase {
    /// The post with that Message-ID (without angle brackets), if recorded.
    public func post(messageID: String) throws(StoreError) -> PostRecord? {
        try read("looking up post \(messageID)") { db in
            try PostRecord.filter(Column(PostRecord.CodingKeys.messageID) == messageID).fetchOne(db)
        }
    }

    /// The post with that id, if recorded.
    public func post(id: Int64) throws(StoreError) -> PostRecord? {
        try read("looking up post \(id)") { db in try PostRecord.fetchOne(db, key: id) }
    }
}
