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

public enum MemberStatus: String, Codable, Sendable, CaseIterable { case active, unsubscribed, disabled }
/// A member's delivery preference; `default` follows their standing (inner: immediate, outer: digest).
public enum DeliveryPreference: String, Codable, Sendable, CaseIterable { case `default`, immediate, digest, none }
public enum DigestFrequency: String, Codable, Sendable, CaseIterable { case daily, weekly }
public enum Standing: String, Codable, Sendable, CaseIterable { case core, inner, outer }
public enum FollowPreference: String, Codable, Sendable, CaseIterable { case `default`, follows, mutes }

/// A subscriber of the list. `address` is always normalised (`MailAddress.normalized`).
public struct MemberRecord: StoreRecord, Hashable {
    public static let databaseTableName = "members"
    public var id: Int64?
    public var address: String
    public var name: String?
    public var joinedAt: Date
    public var leftAt: Date?
    public var status: MemberStatus
    public var delivery: DeliveryPreference
    public var digestFrequency: DigestFrequency
    public var isModerated: Bool
    public var bounceScore: Double
    public var lastBounceAt: Date?
    public var bounceDisabledAt: Date?

    public init(
        id: Int64? = nil, address: String, name: String? = nil, joinedAt: Date, leftAt: Date? = nil,
        status: MemberStatus = .active, delivery: DeliveryPreference = .default,
        digestFrequency: DigestFrequency = .weekly, isModerated: Bool = false,
        bounceScore: Double = 0, lastBounceAt: Date? = nil, bounceDisabledAt: Date? = nil
    ) {
        self.id = id
        self.address = address
        self.name = name
        self.joinedAt = joinedAt
        self.leftAt = leftAt
        self.status = status
        self.delivery = delivery
        self.digestFrequency = digestFrequency
        self.isModerated = isModerated
        self.bounceScore = bounceScore
        self.lastBounceAt = lastBounceAt
        self.bounceDisabledAt = bounceDisabledAt
    }

    enum CodingKeys: String, CodingKey {
        case id, address, name, status, delivery
        case joinedAt = "joined_at", leftAt = "left_at", digestFrequency = "digest_frequency"
        case isModerated = "is_moderated", bounceScore = "bounce_score", lastBounceAt = "last_bounce_at"
        case bounceDisabledAt = "bounce_disabled_at"
    }
}

/// A member's standing and preferences in one sub-issue.
public struct MemberSubIssueRecord: StoreRecord, Hashable {
    public static let databaseTableName = "member_sub_issue"
    public var memberID: Int64
    public var subIssue: String
    public var standing: Standing
    public var isPinned: Bool
    public var since: Date
    public var deliveryOverride: DeliveryPreference?
    public var follow: FollowPreference

    public init(
        memberID: Int64, subIssue: String, standing: Standing = .outer, isPinned: Bool = false,
        since: Date, deliveryOverride: DeliveryPreference? = nil, follow: FollowPreference = .default
    ) {
        self.memberID = memberID
        self.subIssue = subIssue
        self.standing = standing
        self.isPinned = isPinned
        self.since = since
        self.deliveryOverride = deliveryOverride
        self.follow = follow
    }

    enum CodingKeys: String, CodingKey {
        case standing, since, follow
        case memberID = "member_id", subIssue = "sub_issue", isPinned = "is_pinned"
        case deliveryOverride = "delivery_override"
    }
}

/// One change of standing, with the reason the policy gave. `none` stands for "not yet a member of
/// that circle" in `from` and "removed" in `to`.
public struct StandingTransitionRecord: StoreRecord, Hashable {
    public static let databaseTableName = "standing_transitions"
    public var id: Int64?
    public var memberID: Int64
    public var subIssue: String
    public var fromStanding: String
    public var toStanding: String
    public var at: Date
    public var reason: String

    public init(id: Int64? = nil, memberID: Int64, subIssue: String, fromStanding: String,
                toStanding: String, at: Date, reason: String) {
        self.id = id
        self.memberID = memberID
        self.subIssue = subIssue
        self.fromStanding = fromStanding
        self.toStanding = toStanding
        self.at = at
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case id, at, reason
        case memberID = "member_id", subIssue = "sub_issue", fromStanding = "from_standing"
        case toStanding = "to_standing"
    }
}

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

public enum OutboxKind: String, Codable, Sendable, CaseIterable { case post, digest, report, notice, reply, moderation }
public enum OutboxState: String, Codable, Sendable, CaseIterable { case queued, sending, sent, failed }

/// One message to send. `recipients` are the envelope recipients, one per line.
public struct OutboxRecord: StoreRecord, Hashable {
    public static let databaseTableName = "outbox"
    public var id: Int64?
    public var kind: OutboxKind
    public var recipients: String
    public var envelopeSender: String
    public var message: Data
    public var state: OutboxState
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    public var postID: Int64?

    /// The envelope recipients as a list.
    public var recipientList: [String] { recipients.split(separator: "\n").map(String.init) }

    enum CodingKeys: String, CodingKey {
        case id, kind, recipients, message, state, attempts
        case envelopeSender = "envelope_sender", nextAttemptAt = "next_attempt_at", lastError = "last_error"
        case createdAt = "created_at", sentAt = "sent_at", postID = "post_id"
    }
}

/// A run of a named schedule for one due time; the unique pair makes "made up once, never twice"
/// a constraint rather than a hope.
public struct ScheduleRunRecord: StoreRecord, Hashable {
    public static let databaseTableName = "schedule_runs"
    public var id: Int64?
    public var schedule: String
    public var dueAt: Date
    public var ranAt: Date

    public init(id: Int64? = nil, schedule: String, dueAt: Date, ranAt: Date) {
        self.id = id
        self.schedule = schedule
        self.dueAt = dueAt
        self.ranAt = ranAt
    }

    enum CodingKeys: String, CodingKey {
        case id, schedule
        case dueAt = "due_at", ranAt = "ran_at"
    }
}

public enum ConfirmationPurpose: String, Codable, Sendable, CaseIterable {
    case subscribe, unsubscribe, moderation
    /// Changes of a member's settings asked for by email (migration v2-commands).
    case settings
}

/// A token mailed to an address that must come back before an action happens.
public struct ConfirmationRecord: StoreRecord, Hashable {
    public static let databaseTableName = "confirmations"
    public var id: Int64?
    public var token: String
    public var purpose: ConfirmationPurpose
    public var address: String
    public var payload: String?
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?

    public init(id: Int64? = nil, token: String, purpose: ConfirmationPurpose, address: String,
                payload: String? = nil, createdAt: Date, expiresAt: Date, usedAt: Date? = nil) {
        self.id = id
        self.token = token
        self.purpose = purpose
        self.address = address
        self.payload = payload
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, token, purpose, address, payload
        case createdAt = "created_at", expiresAt = "expires_at", usedAt = "used_at"
    }
}

/// A serialised classifier, newest `trainedAt` wins.
public struct ClassifierModelRecord: StoreRecord, Hashable {
    public static let databaseTableName = "classifier_models"
    public var id: Int64?
    public var model: Data
    public var trainedAt: Date
    public var trainingPosts: Int

    public init(id: Int64? = nil, model: Data, trainedAt: Date, trainingPosts: Int) {
        self.id = id
        self.model = model
        self.trainedAt = trainedAt
        self.trainingPosts = trainingPosts
    }

    enum CodingKeys: String, CodingKey {
        case id, model
        case trainedAt = "trained_at", trainingPosts = "training_posts"
    }
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
