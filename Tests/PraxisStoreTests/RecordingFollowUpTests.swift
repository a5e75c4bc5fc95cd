import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import Synchronization
import Testing
@testable import PraxisStore

/// Follow-ups run inside the recording transaction: they see only new posts, with the sub-issue
/// as stored, and what they write stands or falls with the batch.
@Suite("RecordingFollowUp")
struct RecordingFollowUpTests {
    /// Queues one notice per recorded post and remembers what it was shown.
    final class NoticePerPost: RecordingFollowUp {
        let seen = Mutex<[(messageID: String?, subIssue: String, stage: ClassificationStage, isHistory: Bool)]>([])
        let failAfterWriting: Bool
        let community = Community(name: "Test CoP", listAddress: "cop@lists.example.org")

        init(failAfterWriting: Bool = false) { self.failAfterWriting = failAfterWriting }

        func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
            for message in recorded {
                seen.withLock {
                    $0.append((message.post.messageID, message.post.classification.subIssue,
                               message.post.classification.stage, message.isHistory))
                }
                try PraxisDatabase.enqueueNotice(
                    ListNotice(to: "alice@example.org", subject: "seen", text: "post \(message.postID)"),
                    community: community, at: start, in: db)
            }
            if failAfterWriting { throw CancellationError() }
        }
    }

    func incoming(_ post: NewPost, screened: Bool = true) -> IncomingMessage {
        let message = MailMessage(Array("Message-ID: <\(post.messageID ?? "")>\r\nSubject: \(post.subject)\r\n\r\nbody\r\n".utf8))
        let screening = screened
            ? Screening(kind: .post, reason: "member", recipient: .list(tag: nil), author: "alice@example.org") : nil
        return IncomingMessage(post: post, message: message, screening: screening)
    }

    @Test func seesNewPostsWithTheirStoredClassificationOnly() async throws {
        let temporary = try TemporaryDatabase()
        let followUp = NoticePerPost()
        let root = makePost("root@x", classification: PostClassification(subIssue: "cycling", stage: .explicit))
        let reply = makePost("reply@x", subject: "Re: Bike lanes", inReplyTo: ["root@x"], at: 60)
        let outcomes = try await temporary.database.recordMessages(
            [incoming(root), incoming(reply, screened: false)], followUps: [followUp])
        #expect(outcomes.count == 2)
        let seen = followUp.seen.withLock { $0 }
        #expect(seen.map(\.messageID) == ["root@x", "reply@x"])
        // The reply was given `general` before recording; the store made it inherit its parent's.
        #expect(seen[1].subIssue == "cycling" && seen[1].stage == .thread)
        #expect(seen.map(\.isHistory) == [false, true])

        // The same messages again are duplicates: no follow-up, no second notice.
        _ = try await temporary.database.recordMessages([incoming(root), incoming(reply)], followUps: [followUp])
        #expect(followUp.seen.withLock { $0.count } == 2)
        let queued = try temporary.database.read("counting") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE kind = 'notice'") ?? 0
        }
        #expect(queued == 2)
        // The notice goes out with the recipient's VERP address as envelope sender.
        let envelope = try temporary.database.read("reading") { db in
            try String.fetchOne(db, sql: "SELECT envelope_sender FROM outbox LIMIT 1")
        }
        #expect(envelope == "cop-bounces+alice=example.org@lists.example.org")
    }

    @Test func aFailingFollowUpRollsBackTheWholeBatch() async throws {
        let temporary = try TemporaryDatabase()
        await #expect(throws: StoreError.self) {
            try await temporary.database.recordMessages(
                [incoming(makePost("a@x"))], followUps: [NoticePerPost(failAfterWriting: true)])
        }
        let counts = try temporary.database.read("counting") { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM posts") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox") ?? -1)
        }
        #expect(counts == (0, 0))
    }
}
