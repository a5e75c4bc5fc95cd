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
    public var message: MailMessage
    /// What screening decided. Nil for imported history, which is never distributed, never
    /// answered and never held: follow-ups that send mail do nothing for it.
    public var screening: Screening?

    public init(post: NewPost, postID: Int64, threadID: Int64, message: MailMessage, screening: Screening?) {
        self.post = post
        self.postID = postID
        self.threadID = threadID
        self.message = message
        self.screening = screening
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
    func followUp(_ recorded: [RecordedMessage], in db: Database) throws
}

/// A message on its way into the store: what to record, and what follow-ups need to see.
public struct IncomingMessage: Sendable {
    public var post: NewPost
    public var message: MailMessage
    public var screening: Screening?

    public init(post: NewPost, message: MailMessage, screening: Screening?) {
        self.post = post
        self.message = message
        self.screening = screening
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
        let stored = try PostRecorder.recordStored(batch.map(\.post), in: db)
        let outcomes = stored.map(\.outcome)
        guard !followUps.isEmpty else { return outcomes }
        var recorded = [RecordedMessage]()
        recorded.reserveCapacity(batch.count)
        for (incoming, result) in zip(batch, stored) {
            guard case .recorded(let postID, let threadID) = result.outcome else { continue }
            // The classification as stored: a reply may have inherited its thread's sub-issue.
            var post = incoming.post
            if let stored = result.stored {
                post.classification = stored.classification
                post.isProtected = stored.isProtected
            }
            recorded.append(RecordedMessage(
                post: post, postID: postID, threadID: threadID, message: incoming.message, screening: incoming.screening))
        }
        if recorded.isEmpty { return outcomes }
        for followUp in followUps {
            try followUp.followUp(recorded, in: db)
        }
        return outcomes
    }
}
