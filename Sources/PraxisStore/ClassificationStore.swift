import Foundation
import GRDB

extension StoreSchema {
    /// Classification (issue 4): the moderators' corrections, kept as history and counted towards
    /// retraining, and a partial index over the labelled posts, which the model trainer counts and
    /// reads. Partial, so an ordinary post (stage thread, model or general) pays nothing for it.
    static func createClassification(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE classification_corrections (
                id INTEGER PRIMARY KEY,
                post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                from_sub_issue TEXT NOT NULL,
                to_sub_issue TEXT NOT NULL,
                posts_changed INTEGER NOT NULL,
                at REAL NOT NULL
            );
            CREATE INDEX classification_corrections_by_time ON classification_corrections(at);
            CREATE INDEX posts_labelled ON posts(id)
                WHERE classification_stage IN ('explicit', 'moderator') AND kind = 'post' AND is_protected = 0;
            """)
    }
}

/// A classifier model as stored: the bytes of `TextClassifier.encoded()`.
public struct StoredClassifierModel: Sendable, Hashable {
    public var bytes: [UInt8]
    public var trainedAt: Date
    /// How many labelled posts (`labelledPostCount()`) there were when it was trained.
    public var trainingPosts: Int

    public init(bytes: [UInt8], trainedAt: Date, trainingPosts: Int) {
        self.bytes = bytes
        self.trainedAt = trainedAt
        self.trainingPosts = trainingPosts
    }
}

/// A post whose sub-issue is known, as training data.
public struct LabelledPost: Sendable, Hashable {
    public var subject: String
    /// The trimmed text.
    public var text: String
    public var authorAddress: String
    public var subIssue: String
}

extension PraxisDatabase {
    /// How many stored models are kept: the newest, and a few before it to go back to.
    static let keptModels = 3

    /// The posts whose sub-issue a person decided (stage `explicit` or `moderator`), oldest first.
    /// Protected posts are left out: the model must not learn, nor `--explain` show, their words.
    public func labelledPosts() throws(StoreError) -> [LabelledPost] {
        try read("reading the labelled posts") { db in
            try Row.fetchCursor(db, sql: """
                SELECT p.subject, coalesce(t.text, ''), p.author_address, p.sub_issue FROM posts p INDEXED BY posts_labelled
                LEFT JOIN post_texts t ON t.post_id = p.id
                WHERE p.classification_stage IN ('explicit', 'moderator') AND p.kind = 'post' AND p.is_protected = 0
                ORDER BY p.id
                """).map { LabelledPost(subject: $0[0], text: $0[1], authorAddress: $0[2], subIssue: $0[3]) }
                .reduce(into: [LabelledPost]()) { $0.append($1) }
        }
    }

    /// How many posts `labelledPosts()` would return, from the partial index alone.
    public func labelledPostCount() throws(StoreError) -> Int {
        try read("counting the labelled posts") { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM posts INDEXED BY posts_labelled
                WHERE classification_stage IN ('explicit', 'moderator') AND kind = 'post' AND is_protected = 0
                """) ?? 0
        }
    }

    /// How many corrections moderators made since `time`.
    public func correctionCount(since time: Date) throws(StoreError) -> Int {
        try read("counting the corrections") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM classification_corrections WHERE at > ?",
                             arguments: [time.timeIntervalSince1970]) ?? 0
        }
    }

    /// The newest stored model, if any.
    public func latestClassifierModel() throws(StoreError) -> StoredClassifierModel? {
        try read("reading the classifier model") { db in
            try Row.fetchOne(db, sql: """
                SELECT model, trained_at, training_posts FROM classifier_models ORDER BY id DESC LIMIT 1
                """).map { row in
                    let data: Data = row[0]
                    return StoredClassifierModel(
                        bytes: [UInt8](data), trainedAt: Date(timeIntervalSince1970: row[1]), trainingPosts: row[2])
                }
        }
    }

    /// Stores a newly trained model and drops all but the newest few.
    public func saveClassifierModel(_ model: StoredClassifierModel) throws(StoreError) {
        try write("storing a classifier model") { db in
            try db.execute(sql: "INSERT INTO classifier_models (model, trained_at, training_posts) VALUES (?, ?, ?)",
                           arguments: [Data(model.bytes), model.trainedAt.timeIntervalSince1970, model.trainingPosts])
            try db.execute(sql: """
                DELETE FROM classifier_models WHERE id NOT IN (SELECT id FROM classifier_models ORDER BY id DESC LIMIT ?)
                """, arguments: [Self.keptModels])
        }
    }

    /// The addresses of members with core standing in some sub-issue (besides the configured core
    /// group), lower-cased.
    public func coreMemberAddresses() throws(StoreError) -> Set<String> {
        try read("reading the core members") { db in
            Set(try Self.storedCoreMembers(in: db).map { $0.lowercased() })
        }
    }

    /// A moderator's correction (`praxis classify set`): the post with this Message-ID moves to
    /// `subIssue` with stage `moderator`, and the posts of its thread that had inherited its old
    /// sub-issue by thread follow. Returns how many posts changed.
    ///
    /// - Parameter isProtected: whether `subIssue` is protected; the store does not know the
    ///   configuration. A post once protected stays protected: it was written for a closed space.
    public func reclassify(messageID: String, to subIssue: String, at time: Date, isProtected: Bool = false) throws(StoreError) -> Int {
        try write("reclassifying <\(messageID)> as \(subIssue)") { db in
            try Self.reclassify(messageID: messageID, to: subIssue, at: time, isProtected: isProtected, in: db)
        }
    }

    /// `reclassify` inside the caller's transaction (the email command runs it in its own).
    /// Throws `StoreError` with code `.invalidArgument` when no post has that Message-ID.
    public static func reclassify(
        messageID: String, to subIssue: String, at time: Date, isProtected: Bool = false, in db: Database
    ) throws -> Int {
        guard let postID = try Int64.fetchOne(db, sql: "SELECT id FROM posts WHERE message_id = ?", arguments: [messageID]) else {
            throw StoreError(code: .invalidArgument, path: "", operation: "reclassifying <\(messageID)>",
                             message: "no post has the Message-ID <\(messageID)>")
        }
        return try reclassify(postID: postID, to: subIssue, stage: .moderator, at: time, isProtected: isProtected, in: db)
    }

    /// Moves post `postID` to `subIssue`, decided by `stage` (`moderator` for a correction, which
    /// is kept as history; `model` for a held post's verdict on release), and the posts of its
    /// thread that had inherited its old sub-issue by thread follow. Returns how many posts changed.
    static func reclassify(
        postID: Int64, to subIssue: String, stage: ClassificationStage, confidence: Double? = nil, at time: Date,
        isProtected: Bool, in db: Database
    ) throws -> Int {
        guard let post = try Row.fetchOne(db, sql: """
            SELECT p.thread_id, p.sub_issue, t.root_post_id = p.id FROM posts p JOIN threads t ON t.id = p.thread_id
            WHERE p.id = ?
            """, arguments: [postID]) else { return 0 }
        let threadID: Int64 = post[0], old: String = post[1]
        let isRoot = (post[2] as Bool?) ?? false
        try db.execute(sql: """
            UPDATE posts SET sub_issue = ?, classification_stage = ?, confidence = ?,
                is_protected = max(is_protected, ?) WHERE id = ?
            """, arguments: [subIssue, stage.rawValue, confidence, isProtected, postID])
        // Followers are the posts that inherited from this one: its thread-stage descendants with
        // the old sub-issue (a reply tagged otherwise stops the chain), and, when it is the root,
        // the thread-stage posts that joined by subject and have no parent.
        try db.execute(sql: """
            WITH RECURSIVE followers(id) AS (
                SELECT id FROM posts
                WHERE thread_id = :thread AND classification_stage = 'thread' AND sub_issue = :old AND id != :post
                    AND (parent_post_id = :post OR (:isRoot AND parent_post_id IS NULL))
                UNION
                SELECT c.id FROM posts c JOIN followers f ON c.parent_post_id = f.id
                WHERE c.thread_id = :thread AND c.classification_stage = 'thread' AND c.sub_issue = :old
            )
            UPDATE posts SET sub_issue = :new, is_protected = max(is_protected, :protected)
            WHERE id IN (SELECT id FROM followers)
            """, arguments: ["thread": threadID, "old": old, "post": postID, "isRoot": isRoot,
                             "new": subIssue, "protected": isProtected])
        let followers = db.changesCount
        if old != subIssue { try PraxisDatabase.forgetEvaluations(subIssue: old, in: db) }
        if isRoot {
            try db.execute(sql: "UPDATE threads SET sub_issue = ?, is_protected = max(is_protected, ?) WHERE id = ?",
                           arguments: [subIssue, isProtected, threadID])
        }
        if stage == .moderator {
            try db.execute(sql: """
                INSERT INTO classification_corrections (post_id, from_sub_issue, to_sub_issue, posts_changed, at)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [postID, old, subIssue, followers + 1, time.timeIntervalSince1970])
        }
        return followers + 1
    }
}
