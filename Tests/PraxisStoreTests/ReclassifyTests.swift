import Foundation
import GRDB
import Testing
import PraxisCommunity
@testable import PraxisStore

@Suite("Classification in the store: corrections, labelled posts, models")
struct ReclassifyTests {
    /// R [cycling] ← A (inherits) ← B [parking] ← C (inherits parking); A ← D (inherits cycling);
    /// and E, joined to R's thread by subject alone.
    static func thread(in database: PraxisDatabase) throws {
        let explicitCycling = PostClassification(subIssue: "cycling", stage: .explicit)
        _ = try database.recordPosts([
            makePost("r@x", subject: "[cycling] Lanes", classification: explicitCycling),
            makePost("a@x", subject: "Re: Lanes", inReplyTo: ["r@x"], at: 60),
            makePost("b@x", subject: "[parking] Re: Lanes", inReplyTo: ["a@x"], at: 120,
                     classification: PostClassification(subIssue: "parking", stage: .explicit)),
            makePost("c@x", subject: "Re: Lanes", inReplyTo: ["b@x"], at: 180),
            makePost("d@x", subject: "Re: Lanes", inReplyTo: ["a@x"], at: 240),
            makePost("e@x", subject: "Re: [cycling] Lanes", at: 300,
                     classification: PostClassification(subIssue: "general", stage: .model)),
        ])
    }

    static func classification(_ database: PraxisDatabase) throws -> [String: String] {
        try database.read("reading") { db in
            try Row.fetchAll(db, sql: "SELECT message_id, sub_issue, classification_stage, is_protected FROM posts")
                .reduce(into: [String: String]()) { result, row in
                    let id: String = row[0], subIssue: String = row[1], stage: String = row[2], protected: Bool = row[3]
                    result[id] = "\(subIssue)/\(stage)" + (protected ? "/protected" : "")
                }
        }
    }

    @Test func theRootsCorrectionCarriesWhatInheritedFromIt() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        try Self.thread(in: database)
        #expect(try Self.classification(database) == [
            "r@x": "cycling/explicit", "a@x": "cycling/thread", "b@x": "parking/explicit", "c@x": "parking/thread",
            "d@x": "cycling/thread", "e@x": "cycling/thread",
        ])
        let changed = try database.reclassify(messageID: "r@x", to: "public-transport", at: start.addingTimeInterval(1000))
        #expect(changed == 4)
        #expect(try Self.classification(database) == [
            "r@x": "public-transport/moderator", "a@x": "public-transport/thread", "b@x": "parking/explicit",
            "c@x": "parking/thread", "d@x": "public-transport/thread", "e@x": "public-transport/thread",
        ])
        #expect(try database.read("thread") { db in try String.fetchOne(db, sql: "SELECT sub_issue FROM threads") } == "public-transport")
        #expect(try database.correctionCount(since: start) == 1)
        #expect(try database.correctionCount(since: start.addingTimeInterval(2000)) == 0)
    }

    @Test func aReplysCorrectionCarriesOnlyItsDescendants() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        try Self.thread(in: database)
        #expect(try database.reclassify(messageID: "a@x", to: "procurement", at: start, isProtected: true) == 2)
        let after = try Self.classification(database)
        #expect(after["a@x"] == "procurement/moderator/protected")
        #expect(after["d@x"] == "procurement/thread/protected")
        #expect(after["r@x"] == "cycling/explicit")
        #expect(after["c@x"] == "parking/thread")
        #expect(after["e@x"] == "cycling/thread")
        // The thread keeps its root's sub-issue.
        #expect(try database.read("thread") { db in try String.fetchOne(db, sql: "SELECT sub_issue FROM threads") } == "cycling")
    }

    @Test func anUnknownMessageIDIsAnInvalidArgument() throws {
        let temporary = try TemporaryDatabase()
        #expect(throws: StoreError.self) { try temporary.database.reclassify(messageID: "nobody@x", to: "cycling", at: start) }
        do {
            _ = try temporary.database.reclassify(messageID: "nobody@x", to: "cycling", at: start)
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("<nobody@x>"))
        }
    }

    @Test func labelledPostsAreExplicitAndModeratorOnesNeverProtected() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        try Self.thread(in: database)
        _ = try database.recordPosts([
            makePost("p@x", subject: "[procurement] prices", at: 400,
                     classification: PostClassification(subIssue: "procurement", stage: .explicit), isProtected: true),
        ])
        #expect(try database.labelledPostCount() == 2)
        #expect(try database.labelledPosts().map(\.subIssue) == ["cycling", "parking"])
        _ = try database.reclassify(messageID: "d@x", to: "parking", at: start)
        #expect(try database.labelledPostCount() == 3)
        let posts = try database.labelledPosts()
        #expect(posts.last == LabelledPost(subject: "Re: Lanes", text: "Body of d@x about Re: Lanes",
                                           authorAddress: "alice@example.org", subIssue: "parking"))
        let migrations = try database.read("migrations") { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations.contains("v2-classification"))
    }

    @Test func modelsAreStoredNewestFirstAndPruned() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        #expect(try database.latestClassifierModel() == nil)
        for i in 0..<5 {
            try database.saveClassifierModel(StoredClassifierModel(
                bytes: [UInt8(i), 1, 2], trainedAt: start.addingTimeInterval(Double(i)), trainingPosts: i))
        }
        let latest = try database.latestClassifierModel()
        #expect(latest?.bytes == [4, 1, 2])
        #expect(latest?.trainingPosts == 4)
        #expect(latest?.trainedAt == start.addingTimeInterval(4))
        #expect(try database.read("count") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM classifier_models") } == 3)
    }

    /// `praxis classify FILE` asks `classificationByThread`; each post here is asked about first,
    /// then recorded, and what was answered must be what was stored: by parent, by a reference
    /// shared with earlier posts, by subject within the window and not beyond it, and a new tag.
    @Test func threadStageAnswersWhatRecordingStores() throws {
        let temporary = try TemporaryDatabase()
        let database = temporary.database
        try Self.thread(in: database)
        let parking = PostClassification(subIssue: "parking", stage: .explicit)
        let cases: [(post: NewPost, join: ThreadRule.Join, expected: String)] = [
            (makePost("f@x", subject: "Re: Lanes", inReplyTo: ["unknown@x", "b@x"], at: 360), .parent, "parking/thread"),
            (makePost("g@x", subject: "Re: Lanes", at: 420), .subject, "cycling/thread"),
            (makePost("h@x", subject: "Re: Lanes", at: 420 + ThreadRule.subjectWindow + 3_600), .subject, "general/general"),
            (makePost("i@x", subject: "Kerbs", references: ["never@x"], at: 500, classification: parking), .newThread,
             "parking/explicit"),
            (makePost("j@x", subject: "Other", references: ["never@x"], at: 560), .sharedReference, "parking/thread"),
            (makePost("k@x", subject: "[cycling] Re: Lanes", inReplyTo: ["b@x"], at: 600,
                      classification: PostClassification(subIssue: "cycling", stage: .explicit)), .parent, "cycling/explicit"),
        ]
        for (post, join, expected) in cases {
            let answer = try database.classificationByThread(of: post)
            #expect(answer.join == join, "\(post.messageID ?? "")")
            #expect("\(answer.classification.subIssue)/\(answer.classification.stage.rawValue)" == expected, "\(post.messageID ?? "")")
            _ = try database.recordPosts([post])
            #expect(try Self.classification(database)[post.messageID ?? ""] == expected, "\(post.messageID ?? "")")
        }
    }
}
