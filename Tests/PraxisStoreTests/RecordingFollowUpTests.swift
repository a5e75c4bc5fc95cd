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

    /// Records, for each message it is shown, whether the list copy prepared for it is there and
    /// is that message's.
    final class PreparedCopies: RecordingFollowUp {
        let seen = Mutex<[String]>([])

        func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
            seen.withLock {
                $0 += recorded.map { message in
                    let id = message.post.messageID ?? ""
                    guard let copy = message.prepared.listCopy else { return "\(id): none" }
                    return String(decoding: copy.bytes, as: UTF8.self).contains("<\(id)>") ? "\(id): own copy" : "\(id): another's"
                }
            }
        }
    }

    @Test func theFollowUpsSeeWhatWasPreparedForTheirMessageAndDuplicatesDropIt() async throws {
        let temporary = try TemporaryDatabase()
        let observer = PreparedCopies()
        let followUps: [any RecordingFollowUp] = [
            PostDistribution(community: Community(name: "Test CoP", listAddress: "cop@lists.example.org")), observer,
        ]
        var context = try temporary.database.read("preparing") { db in try followUps.preparationContext(in: db) }
        // Nobody gets anything at once in an empty store; as if somebody got `general` at once,
        // distribution prepares a copy of each post.
        #expect(context.immediateSubIssues == [])
        context.immediateSubIssues = [SubIssue.generalID]
        func prepared(_ ids: [String]) -> [IncomingMessage] {
            ids.map { followUps.prepare(incoming(makePost($0)), context: context) }
        }
        _ = try await temporary.database.recordMessages(prepared(["a@x"]), followUps: followUps)
        // b@x is new, a@x a duplicate whose preparation goes nowhere.
        _ = try await temporary.database.recordMessages(prepared(["a@x", "b@x"]), followUps: followUps)
        #expect(observer.seen.withLock { $0 } == ["a@x: own copy", "b@x: own copy"])
        // Without a preparation step (imports, releases) there is nothing prepared.
        _ = try await temporary.database.recordMessages([incoming(makePost("c@x"))], followUps: followUps)
        #expect(observer.seen.withLock { $0.last } == "c@x: none")
    }

    /// Reads no body of any kind, as moderation and standings do.
    struct ReadsNoBody: RecordingFollowUp {
        func followUp(_ recorded: [RecordedMessage], in db: Database) throws {}
        func readsMessageBody(of incoming: IncomingMessage, context: FollowUpContext) -> Bool { false }
    }

    @Test func theBodyIsDroppedOnlyWhenNoFollowUpReadsItForThatKind() {
        let message = MailMessage(Array("Message-ID: <b@x>\r\nSubject: Bike lanes\r\nFrom: Alice <alice@example.org>\r\n\r\nA long body\r\n".utf8))
        func prepared(_ followUps: [any RecordingFollowUp], kind: MessageKind?) -> MailMessage {
            let screening = kind.map { Screening(kind: $0, reason: "test", recipient: .list(tag: nil), author: "alice@example.org") }
            return followUps.prepare(IncomingMessage(post: makePost("b@x"), message: message, screening: screening), context: FollowUpContext()).message
        }
        let slim = prepared([ReadsNoBody()], kind: .held)
        #expect(slim.bodyBytes.isEmpty)
        #expect(slim.messageID == "b@x" && slim.subject == "Bike lanes" && slim.from.first?.address == "alice@example.org")
        // One follow-up that may read it (the default) keeps the whole message; so does history.
        #expect(prepared([ReadsNoBody(), NoticePerPost()], kind: .held).bytes == message.bytes)
        #expect(prepared([ReadsNoBody()], kind: nil).bytes == message.bytes)
        // The real follow-ups: distribution reads posts, moderation reads no held post.
        let community = Community(name: "Test CoP", listAddress: "cop@lists.example.org")
        let real: [any RecordingFollowUp] = [
            ModerationQueue(community: community, configuredCore: []), PostDistribution(community: community),
        ]
        #expect(prepared(real, kind: .held).bodyBytes.isEmpty)
        #expect(prepared(real, kind: .post).bytes == message.bytes)
    }

    @Test func aHeldPostReachesTheCoreGroupOfTheTransactionNotOfItsPreparation() async throws {
        let temporary = try TemporaryDatabase()
        let community = Community(name: "Test CoP", listAddress: "cop@lists.example.org")
        let queue = ModerationQueue(community: community, configuredCore: ["a@example.org", "c@example.org"])
        var post = makePost("held@x", author: "mallory@evil.example")
        post.kind = .held
        let message = MailMessage(Array("Message-ID: <held@x>\r\nSubject: Buy now\r\n\r\nbody\r\n".utf8))
        let screening = Screening(kind: .held, reason: "the sender is not a member", recipient: .list(tag: nil),
                                  author: "mallory@evil.example")
        // Prepared while the core group was a and b; by the transaction b has left and c joined.
        let followUps: [any RecordingFollowUp] = [queue]
        let before = ModerationQueue(community: community, configuredCore: ["a@example.org", "b@example.org"])
        var context = FollowUpContext()
        try temporary.database.read("preparing") { db in try before.readPreparationContext(into: &context, in: db) }
        let incoming = followUps.prepare(
            IncomingMessage(post: post, message: message, screening: screening), context: context)
        let preparedToken = incoming.preparation.hold?.requests["a@example.org"]?.token
        #expect(preparedToken != nil)
        _ = try await temporary.database.recordMessages([incoming], followUps: followUps)
        let rows = try temporary.database.read("reading") { db in
            try Row.fetchAll(db, sql: """
                SELECT c.address, c.token, c.payload, o.message FROM confirmations c
                JOIN outbox o ON o.recipients = c.address ORDER BY c.address
                """).map { row -> (String, String, String, String) in
                (row["address"], row["token"], row["payload"], String(decoding: row["message"] as Data, as: UTF8.self))
            }
        }
        let heldID = try temporary.database.read("reading") { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM held_messages") ?? -1
        }
        #expect(rows.map(\.0) == ["a@example.org", "c@example.org"])
        #expect(rows.first?.1 == preparedToken, "a's request is the one composed before the transaction")
        for (moderator, token, payload, text) in rows {
            #expect(payload == String(heldID))
            #expect(text.contains("approve \(token)\r\n"))
            #expect(text.contains("To: \(moderator)\r\n"))
            #expect(text.contains("praxis moderation approve \(heldID)\r\n"))
        }
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
