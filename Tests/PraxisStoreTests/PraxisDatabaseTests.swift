import Dispatch
import Foundation
import GRDB
import PraxisMail
import Testing
@testable import PraxisStore

/// A database file in its own temporary folder, removed when the test ends.
final class TemporaryDatabase {
    let folder: URL
    let path: String
    let database: PraxisDatabase

    init(busyTimeout: TimeInterval = 5) throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("praxis-store-\(UUID().uuidString)", isDirectory: true)
        // A folder that does not exist yet: opening must create it.
        path = folder.appendingPathComponent("state/praxis.sqlite").path
        database = try PraxisDatabase(path: path, busyTimeout: busyTimeout)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

let day: TimeInterval = 24 * 3600
let start = Date(timeIntervalSince1970: 1_700_000_000)

func makePost(
    _ messageID: String?, subject: String = "Bike lanes", body: String? = nil,
    inReplyTo: [String] = [], references: [String] = [], at offset: TimeInterval = 0,
    author: String = "alice@example.org", file: String? = nil,
    classification: PostClassification = .general, isProtected: Bool = false
) -> NewPost {
    let text = body ?? "Body of \(messageID ?? "nothing") about \(subject)"
    return NewPost(
        messageID: messageID, contentHash: ContentHash.sha256(Array(text.utf8)),
        author: MailAddress(name: "Alice", address: author), date: start.addingTimeInterval(offset),
        receivedAt: start.addingTimeInterval(offset + 5), subject: subject, inReplyTo: inReplyTo,
        references: references, classification: classification, trimmedText: text, size: text.utf8.count,
        fileName: file, isProtected: isProtected)
}

extension RecordOutcome {
    var recorded: (post: Int64, thread: Int64)? {
        if case .recorded(let post, let thread) = self { return (post, thread) }
        return nil
    }
}

@Suite("PraxisDatabase")
struct PraxisDatabaseTests {
    @Test func migratesFromEmptyAndReopens() throws {
        let temporary = try TemporaryDatabase()
        let tables = try temporary.database.read("listing tables") { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["posts", "threads", "unresolved_references", "duplicates", "members", "member_sub_issue",
                      "standing_transitions", "held_messages", "quarantine", "outbox", "schedule_runs",
                      "confirmations", "classifier_models", "settings", "grdb_migrations"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        let pragmas = try temporary.database.read("reading pragmas") { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try Int.fetchOne(db, sql: "PRAGMA synchronous"),
             try Int.fetchOne(db, sql: "PRAGMA page_size"))
        }
        #expect(pragmas.0 == "wal")
        #expect(pragmas.1 == 1)
        #expect(pragmas.2 == 1)  // NORMAL
        #expect(pragmas.3 == 16384)
        let migrations = try temporary.database.read("reading migrations") { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        // v1 first; later migrations (v2-…) follow, one per feature.
        #expect(migrations.first == "v1")
        #expect(migrations.contains("v2-digests"))
        _ = try temporary.database.recordPosts([makePost("a@x")])
        let reopened = try PraxisDatabase(path: temporary.path)
        #expect(try reopened.status().posts == 1)
    }

    @Test func openingSomethingThatIsNotADatabaseFailsWithContext() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("garbage.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try PraxisDatabase(path: path)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.path == path && !error.isTransient
        }
    }

    // MARK: Idempotence

    @Test func sameMessageIDTwiceIsADuplicateNotedOnce() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        let first = try db.recordPosts([makePost("one@x", body: "first", file: "1.a.host")])
        let firstID = try #require(first[0].recorded).post
        let again = try db.recordPosts([makePost("one@x", body: "first, re-sent with another footer", file: "2.b.host")])
        #expect(again == [.duplicate(existingPostID: firstID)])
        // The same duplicate file seen again (crash before claim) notes nothing new.
        let third = try db.recordPosts([makePost("one@x", body: "first, re-sent with another footer", file: "2.b.host:2,S")])
        #expect(third == [.duplicate(existingPostID: firstID)])
        let status = try db.status()
        #expect(status.posts == 1)
        #expect(status.duplicates == 1)
    }

    @Test func sameContentUnderNewMessageIDIsADuplicate() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        let outcomes = try db.recordPosts([
            makePost("one@x", body: "identical bytes"),
            makePost("other@x", body: "identical bytes"),
        ])
        let firstID = try #require(outcomes[0].recorded).post
        #expect(outcomes[1] == .duplicate(existingPostID: firstID))
        let reason = try db.read("reading duplicates") { db in
            try String.fetchOne(db, sql: "SELECT reason FROM duplicates")
        }
        #expect(reason == "content-hash")
    }

    @Test func messageWithoutMessageIDTwice() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        let first = try db.recordPosts([makePost(nil, body: "anonymous", file: "1.x.host")])
        let id = try #require(first[0].recorded).post
        // The very same file again, as after a crash between commit and rename: nothing new noted.
        #expect(try db.recordPosts([makePost(nil, body: "anonymous", file: "1.x.host:2,S")]) == [.duplicate(existingPostID: id)])
        #expect(try db.status().duplicates == 0)
        // The same bytes delivered again as another file: a duplicate, noted once.
        #expect(try db.recordPosts([makePost("", body: "anonymous", file: "2.y.host")]) == [.duplicate(existingPostID: id)])
        #expect(try db.status().duplicates == 1)
        #expect(try db.status().posts == 1)
    }

    @Test func aBatchMayContainItsOwnDuplicates() throws {
        let temporary = try TemporaryDatabase()
        let outcomes = try temporary.database.recordPosts([makePost("d@x"), makePost("d@x", body: "other")])
        let id = try #require(outcomes[0].recorded).post
        #expect(outcomes[1] == .duplicate(existingPostID: id))
    }

    // MARK: Threads

    @Test func replyByInReplyTo() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        let outcomes = try db.recordPosts([
            makePost("root@x"),
            makePost("reply@x", subject: "Different subject", inReplyTo: ["root@x"], at: 60),
        ])
        let root = try #require(outcomes[0].recorded)
        let reply = try #require(outcomes[1].recorded)
        #expect(reply.thread == root.thread)
        let stored = try #require(try db.post(messageID: "reply@x"))
        #expect(stored.parentPostID == root.post)
        #expect(stored.inReplyTo == "root@x")
        let thread = try #require(try db.thread(id: root.thread))
        #expect(thread.postCount == 2)
        #expect(thread.rootPostID == root.post)
        #expect(thread.startedAt == start)
        #expect(thread.lastPostAt == start.addingTimeInterval(60))
    }

    @Test func replyByReferencesOnlyTakesTheNearestKnownPost() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        let outcomes = try db.recordPosts([
            makePost("root@x"),
            makePost("middle@x", inReplyTo: ["root@x"], at: 10),
            // References name root, middle and a message we never got; no In-Reply-To.
            makePost("leaf@x", subject: "Unrelated words", references: ["root@x", "middle@x", "lost@x"], at: 20),
        ])
        let middle = try #require(outcomes[1].recorded)
        let leaf = try #require(outcomes[2].recorded)
        #expect(leaf.thread == middle.thread)
        #expect(try db.post(messageID: "leaf@x")?.parentPostID == middle.post)
        #expect(try db.post(messageID: "leaf@x")?.inReplyTo == "lost@x")
    }

    @Test(arguments: [
        ("Re: Bike lanes", 29.0, true),
        ("Re: Bike lanes", 31.0, false),
        ("AW: [cop] bike  LANES", 10.0, true),
        ("Bike lanes", 1.0, false),  // not a reply: same subject alone never joins
        ("Re: Parking", 1.0, false),
    ])
    func subjectFallback(subject: String, daysLater: Double, joins: Bool) throws {
        let temporary = try TemporaryDatabase()
        let outcomes = try temporary.database.recordPosts([
            makePost("root@x", subject: "Bike lanes"),
            makePost("reply@x", subject: subject, at: daysLater * day),
        ])
        let root = try #require(outcomes[0].recorded)
        let reply = try #require(outcomes[1].recorded)
        #expect((reply.thread == root.thread) == joins)
        #expect(try temporary.database.post(messageID: "reply@x")?.parentPostID == nil)
    }

    @Test func orphanIsAdoptedWhenItsParentArrives() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        let early = try db.recordPosts([
            makePost("child@x", subject: "Re: Bike lanes", inReplyTo: ["parent@x"], at: 100),
            makePost("sibling@x", subject: "Re: Bike lanes", references: ["parent@x"], at: 200),
        ])
        let child = try #require(early[0].recorded)
        let sibling = try #require(early[1].recorded)
        #expect(sibling.thread == child.thread)
        #expect(try db.post(messageID: "child@x")?.parentPostID == nil)

        let late = try db.recordPosts([makePost("parent@x", subject: "Bike lanes", at: 0)])
        let parent = try #require(late[0].recorded)
        #expect(parent.thread == child.thread)
        #expect(try db.post(messageID: "child@x")?.parentPostID == parent.post)
        #expect(try db.post(messageID: "sibling@x")?.parentPostID == parent.post)
        let thread = try #require(try db.thread(id: parent.thread))
        #expect(thread.rootPostID == parent.post)
        #expect(thread.postCount == 3)
        #expect(thread.startedAt == start)
        #expect(thread.subject == "Bike lanes")
    }

    @Test func lateParentThatAnswersAnotherThreadMergesTheThreads() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        let outcomes = try db.recordPosts([
            makePost("top@x", subject: "Parking"),
            makePost("grandchild@x", subject: "Re: x", inReplyTo: ["missing@x"], at: 300),
        ])
        let top = try #require(outcomes[0].recorded)
        let orphan = try #require(outcomes[1].recorded)
        #expect(orphan.thread != top.thread)
        let late = try db.recordPosts([makePost("missing@x", subject: "Re: Parking", inReplyTo: ["top@x"], at: 100)])
        let missing = try #require(late[0].recorded)
        #expect(missing.thread == top.thread)
        #expect(try db.post(messageID: "grandchild@x")?.threadID == top.thread)
        #expect(try db.thread(id: orphan.thread) == nil)
        #expect(try db.thread(id: top.thread)?.postCount == 3)
        #expect(try db.status().threads == 1)
    }

    @Test func repliesInheritTheSubIssueAndProtectionStays() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        let cycling = PostClassification(subIssue: "cycling", stage: .explicit)
        let parking = PostClassification(subIssue: "parking", stage: .explicit)
        let model = PostClassification(subIssue: "procurement", stage: .model, confidence: 0.9)
        _ = try db.recordPosts([
            makePost("open@x", classification: cycling),
            makePost("inherits@x", inReplyTo: ["open@x"], classification: model),
            makePost("explicit@x", inReplyTo: ["open@x"], classification: parking),
            makePost("secret@x", subject: "Staff matter", classification: PostClassification(subIssue: "hr", stage: .explicit), isProtected: true),
            makePost("leak@x", subject: "Re: Staff matter", inReplyTo: ["secret@x"], classification: parking),
            makePost("bysubject@x", subject: "Re: Staff matter", at: day),
        ])
        let inherits = try #require(try db.post(messageID: "inherits@x"))
        #expect(inherits.subIssue == "cycling")
        #expect(inherits.classificationStage == .thread)
        #expect(inherits.confidence == nil)
        let explicit = try #require(try db.post(messageID: "explicit@x"))
        #expect(explicit.subIssue == "parking")
        #expect(explicit.classificationStage == .explicit)
        for id in ["leak@x", "bysubject@x"] {
            let post = try #require(try db.post(messageID: id))
            #expect(post.subIssue == "hr")
            #expect(post.isProtected)
            #expect(post.classificationStage == .thread)
        }
    }

    // MARK: Hostile input

    @Test func hostileReferencesAndNULBytes() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        let references = (0..<20_000).map { "ref\($0)@x" }
        let nul = "sub\u{0}ject"
        let outcomes = try db.recordPosts([
            makePost("huge@x", subject: nul, body: "text\u{0}with NUL", references: references),
            makePost("<>", subject: String(repeating: "Re: ", count: 10_000)),
            makePost("id\u{0}tail@x", body: "NUL in the id"),
        ])
        #expect(try db.post(messageID: "id\u{FFFD}tail@x") != nil)
        #expect(try db.post(messageID: "id") == nil)
        #expect(outcomes.allSatisfy { $0.recorded != nil })
        let placeholders = try db.read("counting message ids") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM unresolved_references") ?? 0
        }
        #expect(placeholders == PostRecorder.maximumReferences)
        let stored = try #require(try db.post(messageID: "huge@x"))
        // NUL would cut the text short in SQLite's C interface; it is kept visible as U+FFFD.
        #expect(stored.subject == "sub\u{FFFD}ject")
        #expect(stored.trimmedText == "text\u{FFFD}with NUL")
        #expect(stored.inReplyTo == "ref19999@x")
    }

    // MARK: Files, members, outbox, status

    @Test func knownFileNamesIgnoreMaildirFlags() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        _ = try db.recordPosts([
            makePost("a@x", file: "1700000000.M1P2.host:2,S"),
            makePost("b@x", body: "dup", file: "1700000001.M1P2.host"),
            makePost("a@x", body: "dup", file: "1700000002.M1P2.host"),
        ])
        #expect(try db.isKnown(fileName: "1700000000.M1P2.host"))
        #expect(try db.isKnown(fileName: "1700000000.M1P2.host:2,RS"))
        #expect(try db.isKnown(fileName: "1700000002.M1P2.host:2,S"))
        #expect(try !db.isKnown(fileName: "1700000009.M1P2.host"))
        #expect(try db.knownFileNames() == ["1700000000.M1P2.host", "1700000001.M1P2.host", "1700000002.M1P2.host"])
    }

    @Test func membersOutboxQuarantineAndStatus() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        let alice = try db.addMember(address: "Alice@Example.ORG", name: "Alice", joinedAt: start)
        let again = try db.addMember(address: "alice@example.org", joinedAt: start.addingTimeInterval(day))
        #expect(alice.id != nil)
        #expect(again.id == alice.id)
        #expect(again.name == "Alice")
        #expect(try db.member(address: "ALICE@example.org")?.joinedAt == start)
        #expect(try db.member(address: "bob@example.org") == nil)
        #expect(throws: StoreError.self) { try db.addMember(address: "", joinedAt: start) }

        try db.recordQuarantine(fileName: "9.bad.host:2,", reason: "no header section", at: start)
        let outboxID = try db.enqueueOutbox(
            kind: .reply, recipients: ["alice@example.org", "bob@example.org"],
            envelopeSender: "cop-bounces@example.org", message: Array("Subject: hi\r\n\r\nhello\r\n".utf8), at: start)
        _ = try db.recordPosts([makePost("a@x"), makePost("b@x", subject: "Other")])
        try db.recordScan(at: start)

        let status = try db.status()
        #expect(status == StoreStatus(
            posts: 2, threads: 2, duplicates: 0, members: 1, quarantined: 1, held: 0,
            outboxQueued: 1, outboxSending: 0, outboxSent: 0, outboxFailed: 0, lastScanAt: start))
        let queued = try db.read("reading the outbox") { db in try OutboxRecord.fetchOne(db, key: outboxID) }
        #expect(queued?.recipientList == ["alice@example.org", "bob@example.org"])
        #expect(queued?.state == .queued)
        #expect(try db.quarantineRecords().first?.fileName == "9.bad.host")
    }

    // MARK: Concurrency and locking

    @Test func readersSeeTheLastCommitWhileAWriteIsOpen() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        _ = try db.recordPosts([makePost("before@x")])
        let insideWrite = DispatchSemaphore(value: 0)
        let mayCommit = DispatchSemaphore(value: 0)
        let writerDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? db.write("holding a write open") { database in
                _ = try PostRecorder.record([makePost("during@x")], in: database)
                insideWrite.signal()
                mayCommit.wait()
            }
            writerDone.signal()
        }
        insideWrite.wait()
        // The write is open and uncommitted: a reader neither waits nor sees it.
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try db.status().posts == 1)
        #expect(clock.now - started < .seconds(1))
        mayCommit.signal()
        writerDone.wait()
        #expect(try db.status().posts == 2)
    }

    @Test func anExclusiveLockElsewhereGivesATransientErrorWithContext() throws {
        let temporary = try TemporaryDatabase(busyTimeout: 0.2)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: temporary.path, configuration: configuration)
        try other.writeWithoutTransaction { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        let error = #expect(throws: StoreError.self) {
            _ = try temporary.database.recordPosts([makePost("blocked@x")])
        }
        #expect(error?.isTransient == true)
        #expect(error?.code == .busy)
        #expect(error?.path == temporary.path)
        #expect(error?.operation.contains("recording") == true)
        #expect(error?.description.contains(temporary.path) == true)
        try other.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        // Nothing of the failed batch was kept, and the store works again.
        #expect(try temporary.database.status().posts == 0)
        #expect(try temporary.database.recordPosts([makePost("blocked@x")]).first?.recorded != nil)
    }
}
