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
    /// What the follow-up now being called made of this message in its `prepare` step, before
    /// the transaction; nil when it prepared nothing (or the message did not go through one).
    public var prepared: (any Sendable)?

    public init(
        post: NewPost, postID: Int64, threadID: Int64, message: MailMessage, screening: Screening?,
        prepared: (any Sendable)? = nil
    ) {
        self.post = post
        self.postID = postID
        self.threadID = threadID
        self.message = message
        self.screening = screening
        self.prepared = prepared
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
    /// Each message's `prepared` holds what this follow-up's `prepare` returned for it.
    func followUp(_ recorded: [RecordedMessage], in db: Database) throws

    /// Reads what `prepare` needs for a whole batch (e.g. the core group), once, outside the
    /// writer. Nil (the default) when the follow-up prepares nothing.
    func preparationContext(in db: Database) throws -> (any Sendable)?

    /// The part of the follow-up's work on one message that needs no database (composing mail,
    /// drawing tokens), done before the transaction on all cores instead of on the writer.
    /// Its result reaches `followUp` as `RecordedMessage.prepared`; for a duplicate, which never
    /// reaches `followUp`, it is simply dropped. `followUp` must still be right without it (nil
    /// for an approved post's release, or when the store changed since `context` was read).
    func prepare(_ incoming: IncomingMessage, context: (any Sendable)?) -> (any Sendable)?

    /// Whether `followUp` will read the body of `incoming`, given this follow-up's batch context.
    /// True (the default) unless said otherwise: when no follow-up will, ingest keeps only the
    /// message's header section between parsing and recording, which bounds its memory in a flood.
    /// A follow-up that says false and then needs the body after all reads it from the file.
    func readsMessageBody(of incoming: IncomingMessage, context: (any Sendable)?) -> Bool
}

extension RecordingFollowUp {
    public func preparationContext(in db: Database) throws -> (any Sendable)? { nil }
    public func prepare(_ incoming: IncomingMessage, context: (any Sendable)?) -> (any Sendable)? { nil }
    public func readsMessageBody(of incoming: IncomingMessage, context: (any Sendable)?) -> Bool { true }
}

extension Array where Element == any RecordingFollowUp {
    /// Each follow-up's batch context, in the follow-ups' order, for `prepare(_:contexts:)`.
    public func preparationContexts(in db: Database) throws -> [(any Sendable)?] {
        try map { try $0.preparationContext(in: db) }
    }

    /// `incoming` with every follow-up's preparation attached, in the follow-ups' order; pass it
    /// to `recordMessages` with this same list of follow-ups.
    public func prepare(_ incoming: IncomingMessage, contexts: [(any Sendable)?]) -> IncomingMessage {
        var incoming = incoming
        var preparations: [(any Sendable)?] = []
        var any = false
        for (index, followUp) in enumerated() {
            let prepared = followUp.prepare(incoming, context: index < contexts.count ? contexts[index] : nil)
            any = any || prepared != nil
            preparations.append(prepared)
        }
        incoming.preparations = any ? preparations : []
        if incoming.screening != nil, !enumerated().contains(where: { index, followUp in
            followUp.readsMessageBody(of: incoming, context: index < contexts.count ? contexts[index] : nil)
        }) {
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
    /// What each follow-up prepared, by its position in the list passed to `recordMessages`;
    /// empty when none prepared anything.
    public var preparations: [(any Sendable)?]

    public init(post: NewPost, message: MailMessage, screening: Screening?, preparations: [(any Sendable)?] = []) {
        self.post = post
        self.message = message
        self.screening = screening
        self.preparations = preparations
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
        let stored = try PostRecorder.recordStored(batch, in: db)
        let outcomes = stored.map(\.outcome)
        guard !followUps.isEmpty else { return outcomes }
        var recorded = [RecordedMessage]()
        recorded.reserveCapacity(batch.count)
        // Where each recorded message came from in `batch`, to hand it its preparations.
        var sources = [Int]()
        sources.reserveCapacity(batch.count)
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
                    screening: batch[index].screening))
                sources.append(index)
            }
        }
        if recorded.isEmpty { return outcomes }
        let anyPrepared = batch.contains { !$0.preparations.isEmpty }
        for (position, followUp) in followUps.enumerated() {
            if anyPrepared {
                for index in recorded.indices {
                    let preparations = batch[sources[index]].preparations
                    recorded[index].prepared = position < preparations.count ? preparations[position] : nil
                }
            }
            try followUp.followUp(recorded, in: db)
        }
        return outcomes
    }
}
