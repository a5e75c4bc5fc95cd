import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

extension PostClassification {
    /// The explicit or model stage's decision, as recorded before the thread stage.
    public init(_ decision: SubIssueDecision) {
        let stage: ClassificationStage = switch decision.stage {
        case .explicit: .explicit
        case .model: .model
        case .general: .general
        }
        self.init(subIssue: decision.subIssue, stage: stage, confidence: decision.confidence)
    }
}

extension ThreadRule.OwnStage {
    init(_ stage: ClassificationStage) {
        self = switch stage {
        case .explicit: .explicit
        case .moderator: .moderator
        case .thread, .model, .general: .undecided
        }
    }
}

extension PostKind {
    /// What screening made of a message, as recorded.
    public init(_ kind: MessageKind) {
        self = switch kind {
        case .post: .post
        case .held: .held
        case .command: .command
        case .bounce: .bounce
        case .auto: .auto
        }
    }
}

extension NewPost {
    /// A post from a message after `Intake`: Message-ID, author (From, else Sender), date,
    /// subject, In-Reply-To, References and size from the message, the content hash of what ingest
    /// considers its content, and the kind and classification intake gave it.
    public init(_ taken: Intake.Taken, receivedAt: Date, fileName: String? = nil) {
        let message = taken.message
        self.init(
            messageID: message.messageID, contentHash: ContentHash.content(of: message),
            author: taken.from ?? message.sender.first, date: message.date, receivedAt: receivedAt,
            subject: taken.subject, inReplyTo: message.inReplyTo, references: message.references,
            classification: PostClassification(taken.decision), trimmedText: taken.trimmedText,
            size: message.bytes.count, fileName: fileName, kind: taken.screening.map { PostKind($0.kind) } ?? .post,
            isProtected: taken.decision.isProtected)
    }
}

/// How the thread stage would classify a post recorded now (`praxis classify FILE`).
public struct ThreadClassification: Sendable {
    /// The thread the post would join.
    public var join: ThreadRule.Join
    /// What it would inherit from it, if anything.
    public var inherited: ThreadRule.Inheritance?
    /// Its classification once the thread stage applied (stage `thread` when it inherited).
    public var classification: PostClassification
    public var isProtected: Bool
}

extension PraxisDatabase {
    /// The thread stage for `post` as recording would apply it now, with the same lookups and the
    /// same `ThreadRule`, writing nothing. A post already stored is looked at as if it were new,
    /// except that the thread it started (and the references it registered there) is not taken
    /// for another's.
    public func classificationByThread(of post: NewPost) throws(StoreError) -> ThreadClassification {
        try read("looking up the thread of a message") { db in
            let messageID = post.messageID.flatMap { $0.isEmpty ? nil : $0 }
            let time = (post.date ?? post.receivedAt).timeIntervalSince1970
            let placeholder = try Int64.fetchOne(
                db, sql: "SELECT thread_id FROM unresolved_references WHERE message_id = ?", arguments: [messageID])
            let started = try Int64.fetchOne(db, sql: """
                SELECT t.id FROM threads t JOIN posts p ON p.id = t.root_post_id WHERE p.message_id = ?
                """, arguments: [messageID])
            let resolution = try PostRecorder.resolveThread(
                of: post, messageID: messageID, normalised: NormalisedSubject(post.subject), time: time,
                placeholderThread: placeholder, startedThread: started, in: db)
            let (classification, isProtected) = PostRecorder.byThread(
                post.classification, isProtected: post.isProtected, resolution.inherited)
            return ThreadClassification(
                join: resolution.join, inherited: resolution.inherited, classification: classification, isProtected: isProtected)
        }
    }
}
