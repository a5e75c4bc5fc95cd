import GRDB
import PraxisCommunity
import PraxisMail

/// An incoming message as it was just recorded, handed to the follow-ups of its batch.
public struct RecordedMessage: Sendable {
    /// What was recorded (the classification and kind as stored).
    public var post: NewPost
    public var postID: Int64
    public var threadID: Int64
    /// The message as delivered: its bytes are the original, for distribution and replies.
    /// Only its header section when no follow-up reads the body of a message of its kind
    /// (`RecordingFollowUp.readsMessageBody(of:)`).
    public var message: MailMessage
    /// What screening decided. Nil for imported history, which is never distributed, never
    /// answered and never held: follow-ups that send mail do nothing for it.
    public var screening: Screening?
    /// What the follow-ups made of this message in their `prepare` step, before the transaction;
    /// empty when the message did not go through one (an import, a released post).
    public var prepared: FollowUpPreparation
    /// The DMARC policy of the author's domain, when the daemon looked it up (`list.from_rewrite: dmarc`).
    public var authorPolicy: DMARCPolicy?

    public init(
        post: NewPost, postID: Int64, threadID: Int64, message: MailMessage, screening: Screening?,
        prepared: FollowUpPreparation = FollowUpPreparation(), authorPolicy: DMARCPolicy? = nil
    ) {
        self.post = post
        self.postID = postID
        self.threadID = threadID
        self.message = message
        self.screening = screening
        self.prepared = prepared
        self.authorPolicy = authorPolicy
    }

    /// Whether this is history from `praxis import`, recorded but never acted on by mail.
    public var isHistory: Bool { screening == nil }
}

/// Work that reacts to incoming messages inside the very transaction that records them (DESIGN.md
/// §2.5): the outbox rows, held-message rows and standing transitions a message causes exist if and
/// only if the message is recorded, so a crash can neither lose them nor make them twice. Duplicates
/// never reach a follow-up, because their first arrival already did.
///
/// A follow-up must be quick (it holds the writer) and must not fail on bad input: a thrown error
/// rolls back the whole batch, which is right only for the store itself failing.
public protocol RecordingFollowUp: Sendable {
    /// Called once per batch with the messages recorded for the first time, in arrival order.
    /// Each message's `prepared` holds what the follow-ups' `prepare` made of it.
    func followUp(_ recorded: [RecordedMessage], in db: Database) throws

    /// Reads what `prepare` needs for a whole batch (e.g. the core group) into its field of
    /// `context`, once, outside the writer. Nothing (the default) when the follow-up prepares nothing.
    func readPreparationContext(into context: inout FollowUpContext, in db: Database) throws

    /// The part of the follow-up's work on one message that needs no database (composing mail,
    /// drawing tokens), done before the transaction on all cores instead of on the writer, into
    /// its field of `preparation`, which reaches `followUp` as `RecordedMessage.prepared`; for a
    /// duplicate, which never reaches `followUp`, it is simply dropped. `followUp` must still be
    /// right without it (an approved post's release, or when the store changed since `context`
    /// was read).
    func prepare(_ incoming: IncomingMessage, context: FollowUpContext, into preparation: inout FollowUpPreparation)

    /// Whether `followUp` will read the body of `incoming`, given the batch's context.
    /// True (the default) unless said otherwise: when no follow-up will, ingest keeps only the
    /// message's header section between parsing and recording, which bounds its memory in a flood.
    /// A follow-up that says false and then needs the body after all reads it from the file.
    func readsMessageBody(of incoming: IncomingMessage, context: FollowUpContext) -> Bool
}

extension RecordingFollowUp {
    public func readPreparationContext(into context: inout FollowUpContext, in db: Database) throws {}
    public func prepare(_ incoming: IncomingMessage, context: FollowUpContext, into preparation: inout FollowUpPreparation) {}
    public func readsMessageBody(of incoming: IncomingMessage, context: FollowUpContext) -> Bool { true }
}

/// What the follow-ups read once per batch, outside the writer, to prepare its messages: a field
/// for each follow-up that prepares, nil while it has not read it.
public struct FollowUpContext: Sendable {
    /// Distribution: the sub-issues in which somebody gets posts at once.
    public var immediateSubIssues: Set<String>?
    /// Moderation: the core group, and the requests each may still be sent.
    var moderation: ModerationQueue.PreparationContext?

    public init() {}
}

/// What the follow-ups made of one message before its transaction: a field for each follow-up
/// that prepares, nil when it made nothing of this message.
public struct FollowUpPreparation: Sendable {
    /// Distribution: the list copy, rewritten for the sub-issue the message had then.
    var listCopy: PostDistribution.PreparedCopy?
    /// Moderation: the requests to the moderators, composed with their tokens.
    var hold: ModerationQueue.PreparedHold?

    public init() {}
}

extension Array where Element == any RecordingFollowUp {
    /// What every follow-up reads for `prepare(_:context:)`, for one batch.
    public func preparationContext(in db: Database) throws -> FollowUpContext {
        var context = FollowUpContext()
        for followUp in self { try followUp.readPreparationContext(into: &context, in: db) }
        return context
    }

    /// `incoming` with every follow-up's preparation attached; pass it to `recordMessages` with
    /// this same list of follow-ups.
    public func prepare(_ incoming: IncomingMessage, context: FollowUpContext) -> IncomingMessage {
        var incoming = incoming
        var preparation = FollowUpPreparation()
        for followUp in self { followUp.prepare(incoming, context: context, into: &preparation) }
        incoming.preparation = preparation
        if incoming.screening != nil, !contains(where: { $0.readsMessageBody(of: incoming, context: context) }) {
            incoming.message = incoming.message.headerSection
        }
        return incoming
    }
}

/// A message on its way into the store: what to record, and what follow-ups need to see.
public struct IncomingMessage: Sendable {
    public var post: NewPost
    public var message: MailMessage
    public var screening: Screening?
    /// What the follow-ups prepared; empty when it did not go through `prepare`.
    public var preparation: FollowUpPreparation
    /// The DMARC policy of the author's domain, looked up by the daemon before `prepare` when a
    /// list copy depends on it (`DistributionDecider.authorPolicyDomain`); nil when none is known.
    public var authorPolicy: DMARCPolicy?

    public init(
        post: NewPost, message: MailMessage, screening: Screening?, preparation: FollowUpPreparation = FollowUpPreparation(),
        authorPolicy: DMARCPolicy? = nil
    ) {
        self.post = post
        self.message = message
        self.screening = screening
        self.preparation = preparation
        self.authorPolicy = authorPolicy
    }
}

extension PraxisDatabase {
    /// Records a batch and runs `followUps` on what was new, all in one write transaction.
    public func recordMessages(
        _ batch: [IncomingMessage], followUps: [any RecordingFollowUp]
    ) async throws(StoreError) -> [RecordOutcome] {
        try await write("recording a batch of \(batch.count) messages") { db in
            try Self.recordMessages(batch, followUps: followUps, in: db)
        }
    }

    /// `recordMessages` inside the caller's transaction.
    public static func recordMessages(
        _ batch: [IncomingMessage], followUps: [any RecordingFollowUp], in db: Database
    ) throws -> [RecordOutcome] {
        var texts = PendingPostTexts()
        let outcomes = try recordMessages(batch, followUps: followUps, texts: &texts, in: db)
        try texts.store(in: db)
        return outcomes
    }

    /// `recordMessages` inside the caller's transaction, the new posts' texts added to `texts`,
    /// which the caller stores before the transaction ends: ingest stores a whole transaction's
    /// at once (`writeGroups`, `PendingPostTexts` says why).
    public static func recordMessages(
        _ batch: [IncomingMessage], followUps: [any RecordingFollowUp], texts: inout PendingPostTexts, in db: Database
    ) throws -> [RecordOutcome] {
        let stored = try PostRecorder.recordStored(batch, texts: &texts, in: db)
        let outcomes = stored.map(\.outcome)
        guard !followUps.isEmpty else { return outcomes }
        var recorded = [RecordedMessage]()
        recorded.reserveCapacity(batch.count)
        // Through a buffer pointer: each message is copied once, into its `RecordedMessage`.
        batch.withUnsafeBufferPointer { batch in
            for (index, result) in stored.enumerated() {
                guard case .recorded(let postID, let threadID) = result.outcome else { continue }
                // The classification as stored: a reply may have inherited its thread's sub-issue.
                var post = batch[index].post
                if let stored = result.stored {
                    post.classification = stored.classification
                    post.isProtected = stored.isProtected
                }
                recorded.append(RecordedMessage(
                    post: post, postID: postID, threadID: threadID, message: batch[index].message,
                    screening: batch[index].screening, prepared: batch[index].preparation,
                    authorPolicy: batch[index].authorPolicy))
            }
        }
        if recorded.isEmpty { return outcomes }
        for followUp in followUps {
            try followUp.followUp(recorded, in: db)
        }
        return outcomes
    }
}
