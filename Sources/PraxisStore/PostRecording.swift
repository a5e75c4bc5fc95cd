import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// The sub-issue a post was given before it reached the store, and by which stage.
public struct PostClassification: Hashable, Sendable {
    public var subIssue: String
    public var stage: ClassificationStage
    public var confidence: Double?

    public init(subIssue: String, stage: ClassificationStage, confidence: Double? = nil) {
        self.subIssue = subIssue
        self.stage = stage
        self.confidence = confidence
    }

    /// No stage decided: the post falls to `general` unless its thread gives it a sub-issue.
    public static let general = PostClassification(subIssue: "general", stage: .general)
}

/// A message ready to be recorded, as ingest or import built it.
///
/// Classification by thread happens inside the store, because the post a reply answers may be in the
/// same batch: a post whose `classification.stage` is `model` or `general` takes the sub-issue of the
/// post it answers (stage `thread`); `explicit` and `moderator` keep theirs (unless an explicit tag only repeats
/// the inherited sub-issue, as a copied `Re: [tag]` does) — except that a reply to a protected
/// post, or a post naming one anywhere in In-Reply-To or References, or one joining a thread whose
/// root is protected (by subject, or beside its posts), always takes that sub-issue and is protected.
/// A protected reply protects only itself and the posts below it, never its thread.
public struct NewPost: Sendable {
    /// The Message-ID without angle brackets, or nil when the message has none.
    public var messageID: String?
    /// The key that recognises the same message arriving again: `ContentHash.sha256` of what
    /// ingest considers the message's content. Ingest decides what goes in (public-inbox, for one,
    /// leaves out the transport headers so a re-sent copy under a new Message-ID still matches);
    /// the store treats it as an opaque string.
    public var contentHash: String
    public var author: MailAddress?
    /// The Date header, when present and believable.
    public var date: Date?
    public var receivedAt: Date
    public var subject: String
    public var inReplyTo: [String]
    public var references: [String]
    public var classification: PostClassification
    public var trimmedText: String
    public var size: Int
    /// The maildir file name (with or without its `:2,` flags), or nil for an imported message.
    public var fileName: String?
    public var kind: PostKind
    public var isProtected: Bool
    /// Imported as history (`praxis import mbox`), not received: never news in a digest.
    public var isHistory = false

    public init(
        messageID: String?, contentHash: String, author: MailAddress?, date: Date?, receivedAt: Date,
        subject: String, inReplyTo: [String] = [], references: [String] = [],
        classification: PostClassification = .general, trimmedText: String, size: Int,
        fileName: String? = nil, kind: PostKind = .post, isProtected: Bool = false
    ) {
        self.messageID = messageID
        self.contentHash = contentHash
        self.author = author
        self.date = date
        self.receivedAt = receivedAt
        self.subject = subject
        self.inReplyTo = inReplyTo
        self.references = references
        self.classification = classification
        self.trimmedText = trimmedText
        self.size = size
        self.fileName = fileName
        self.kind = kind
        self.isProtected = isProtected
    }

    /// A post from a parsed message: Message-ID, author (From, else Sender), date, subject,
    /// In-Reply-To, References and size taken from it; the content hash is the caller's, or by
    /// default the SHA-256 of the whole message.
    public init(
        message: MailMessage, receivedAt: Date, trimmedText: String, fileName: String? = nil,
        contentHash: String? = nil, classification: PostClassification = .general, kind: PostKind = .post,
        isProtected: Bool = false
    ) {
        self.init(
            messageID: message.messageID, contentHash: contentHash ?? ContentHash.content(of: message),
            author: message.from.first ?? message.sender.first, date: message.date,
            receivedAt: receivedAt, subject: message.subject ?? "", inReplyTo: message.inReplyTo,
            references: message.references, classification: classification, trimmedText: trimmedText,
            size: message.bytes.count, fileName: fileName, kind: kind, isProtected: isProtected)
    }
}

/// What `recordPosts` did with one post of the batch.
public enum RecordOutcome: Hashable, Sendable {
    /// Stored as a new post in that thread.
    case recorded(postID: Int64, threadID: Int64)
    /// Already stored (same Message-ID or same content) as that post; noted in `duplicates`.
    case duplicate(existingPostID: Int64)
}

/// The part of a maildir file name that never changes: everything before the `:2,` info.
public enum MaildirName {
    public static func unique(_ fileName: String) -> String {
        guard let colon = fileName.firstIndex(of: ":") else { return fileName }
        return String(fileName[..<colon])
    }
}

extension PraxisDatabase {
    /// Records a batch in one write transaction: all of it or, on error, none of it.
    ///
    /// Idempotent: a post whose Message-ID or content hash is already stored comes back as
    /// `.duplicate` and is noted in `duplicates` once per (content hash, Message-ID, file name) —
    /// recording the same file again after a crash notes nothing new. Threads: the parent is the first known post among
    /// In-Reply-To, then References from last to first; a reply with no known reference but a
    /// reference shared with earlier posts joins their thread; a reply (`Re:`, `Fwd:`…) with none of
    /// these joins the most recent thread with the same normalised subject within 30 days (without a
    /// parent post: the subject does not say which post it answers); anything else starts a thread.
    /// A post that arrives after its replies adopts them: those whose In-Reply-To (else last
    /// Reference) names it get it as parent, and the thread they formed is merged into its own.
    /// Adopted replies keep the sub-issue they were given.
    public func recordPosts(_ batch: [NewPost]) throws(StoreError) -> [RecordOutcome] {
        try write("recording a batch of \(batch.count) posts") { db in
            try PostRecorder.record(batch, in: db)
        }
    }

    /// `recordPosts`, suspending rather than blocking the caller's thread.
    public func recordPosts(_ batch: [NewPost]) async throws(StoreError) -> [RecordOutcome] {
        try await write("recording a batch of \(batch.count) posts") { db in
            try PostRecorder.record(batch, in: db)
        }
    }
}

/// The statements of post recording, run inside one write transaction. Every statement is cached
/// per connection, so a batch of 500 posts compiles each SQL text once.
public enum PostRecorder {
    /// More references than this are ignored (the nearest ones kept): real threads rarely need
    /// more than a dozen, and a hostile References header must not cost thousands of lookups.
    static let maximumReferences = 64

    /// Records `batch` inside the caller's transaction (for callers that write more in the same one).
    public static func record(_ batch: [NewPost], in db: Database) throws -> [RecordOutcome] {
        try recordStored(batch, in: db).map(\.outcome)
    }

    /// How a post was stored, once the thread stage and the protected-thread rule applied.
    struct StoredClassification {
        var classification: PostClassification
        var isProtected: Bool
    }

    /// `record`, also giving each new post's classification as stored (nil for a duplicate), so
    /// that follow-ups need not read it back with a query per post.
    static func recordStored(
        _ batch: [NewPost], in db: Database
    ) throws -> [(outcome: RecordOutcome, stored: StoredClassification?)] {
        // Through a buffer pointer, whose subscript lends each post instead of copying it: on the
        // writer, which ingest waits for, a copy retained every string of a post on another core
        // than the one that made it.
        try batch.withUnsafeBufferPointer { posts in
            var outcomes = [(outcome: RecordOutcome, stored: StoredClassification?)]()
            outcomes.reserveCapacity(posts.count)
            var texts = PendingPostTexts()
            for index in posts.indices { outcomes.append(try record(posts[index], texts: &texts, in: db)) }
            try texts.store(in: db)
            return outcomes
        }
    }

    /// `recordStored` for the posts of `batch`, lent in the same way, their texts added to
    /// `texts` for the caller to store.
    static func recordStored(
        _ batch: [IncomingMessage], texts: inout PendingPostTexts, in db: Database
    ) throws -> [(outcome: RecordOutcome, stored: StoredClassification?)] {
        try batch.withUnsafeBufferPointer { messages in
            var outcomes = [(outcome: RecordOutcome, stored: StoredClassification?)]()
            outcomes.reserveCapacity(messages.count)
            for index in messages.indices { outcomes.append(try record(messages[index].post, texts: &texts, in: db)) }
            return outcomes
        }
    }

    /// Records one post; its text, if it gets a row, is added to `texts`, which the caller
    /// stores once the batch is recorded (`PendingPostTexts` says why).
    private static func record(
        _ unsafePost: borrowing NewPost, texts: inout PendingPostTexts, in db: Database
    ) throws -> (outcome: RecordOutcome, stored: StoredClassification?) {
        // A copy only for the rare post with a NUL somewhere.
        if containsNUL(unsafePost) { return try recordClean(withoutNULs(unsafePost), texts: &texts, in: db) }
        return try recordClean(unsafePost, texts: &texts, in: db)
    }

    private static func recordClean(
        _ post: borrowing NewPost, texts: inout PendingPostTexts, in db: Database
    ) throws -> (outcome: RecordOutcome, stored: StoredClassification?) {
        let messageID = post.messageID.flatMap { $0.isEmpty ? nil : $0 }
        let fileName = post.fileName.map(MaildirName.unique)

        let found = try existingPost(messageID: messageID, contentHash: post.contentHash, in: db)
        if let existing = found.post {
            try noteDuplicate(of: existing, post: post, messageID: messageID, fileName: fileName, in: db)
            return (.duplicate(existingPostID: existing.id), nil)
        }
        let ownPlaceholderThread = found.placeholderThread

        let time = (post.date ?? post.receivedAt).timeIntervalSince1970
        let normalised = NormalisedSubject(post.subject)

        let resolution = try resolveThread(
            of: post, messageID: messageID, normalised: normalised, time: time, placeholderThread: ownPlaceholderThread, in: db)
        let parent = resolution.parent, threadID = resolution.threadID, becomesRoot = resolution.join == .awaitingReplies
        let missing = resolution.missing, isNewThread = threadID == nil
        let (classification, isProtected) = byThread(post.classification, isProtected: post.isProtected, resolution.inherited)

        let thread = try threadID ?? startThread(
            post: post, normalised: normalised, time: time, subIssue: classification.subIssue, isProtected: isProtected, in: db)

        let insertPost = try DirectStatement(db, """
            INSERT INTO posts (message_id, content_hash, author_address, author_name, date, received_at,
                subject, normalised_subject, sub_issue, classification_stage, confidence, thread_id,
                parent_post_id, in_reply_to, size, file_name, kind, is_protected, is_history)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insertPost.bind(1, messageID)
        try insertPost.bind(2, post.contentHash)
        try insertPost.bind(3, post.author?.normalized ?? "")
        try insertPost.bind(4, post.author?.name)
        try insertPost.bind(5, time)
        try insertPost.bind(6, post.receivedAt.timeIntervalSince1970)
        try insertPost.bind(7, post.subject)
        try insertPost.bind(8, normalised.text)
        try insertPost.bind(9, classification.subIssue)
        try insertPost.bind(10, classification.stage.rawValue)
        try insertPost.bind(11, classification.confidence)
        try insertPost.bind(12, thread)
        try insertPost.bind(13, parent?.id)
        try insertPost.bind(14, post.inReplyTo.first ?? post.references.last)
        try insertPost.bind(15, post.size)
        try insertPost.bind(16, fileName)
        try insertPost.bind(17, post.kind.rawValue)
        try insertPost.bind(18, isProtected)
        try insertPost.bind(19, post.isHistory)
        try insertPost.execute()
        let postID = db.lastInsertedRowID
        // No row for no text (automatic mail, bounces, held posts until released): readers take
        // a missing row as "" (`PostRecord`), and a flood of those writes one row less each. A
        // post readers see always gets one: the row is what puts it in the search index (a
        // trigger, `v7-search`), subject and author included, when it has no text of its own.
        // Stored with the batch's other texts once the batch is recorded (`PendingPostTexts`).
        if !post.trimmedText.isEmpty || post.kind == .post {
            texts.add(postID: postID, text: post.trimmedText)
        }

        try updateThread(
            thread, isNew: isNewThread, becomesRoot: becomesRoot, postID: postID, post: post, normalised: normalised,
            time: time, classification: classification, isProtected: isProtected, in: db)

        if !missing.isEmpty {
            let register = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO unresolved_references (message_id, thread_id) VALUES (?, ?)")
            for reference in missing {
                try register.execute(arguments: [reference, thread])
            }
        }

        if let messageID, let ownPlaceholderThread {
            try adoptAwaitingReplies(
                of: messageID, postID: postID, placeholder: ownPlaceholderThread, thread: thread, isProtected: isProtected, in: db)
        }
        return (.recorded(postID: postID, threadID: thread),
                StoredClassification(classification: classification, isProtected: isProtected))
    }

    /// A new thread whose first post is `post`.
    private static func startThread(
        post: borrowing NewPost, normalised: NormalisedSubject, time: Double, subIssue: String, isProtected: Bool,
        in db: Database
    ) throws -> Int64 {
        let insertThread = try DirectStatement(db, """
            INSERT INTO threads (subject, normalised_subject, sub_issue, started_at, last_post_at, post_count, is_protected)
            VALUES (?, ?, ?, ?, ?, 1, ?)
            """)
        try insertThread.bind(1, post.subject)
        try insertThread.bind(2, normalised.text)
        try insertThread.bind(3, subIssue)
        try insertThread.bind(4, time)
        try insertThread.bind(5, time)
        try insertThread.bind(6, isProtected)
        try insertThread.execute()
        return db.lastInsertedRowID
    }

    /// Notes a post already stored arriving again, unless it is the very same delivery.
    private static func noteDuplicate(
        of existing: ExistingPost, post: borrowing NewPost, messageID: String?, fileName: String?, in db: Database
    ) throws {
        // The very same delivery seen again (a crash between commit and claim, or the same
        // archive imported twice) is not a new duplicate.
        let sameDelivery = existing.contentHash == post.contentHash && existing.messageID == messageID
            && (existing.fileName ?? "") == (fileName ?? "")
        if !sameDelivery {
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO duplicates (post_id, message_id, content_hash, file_name, reason, received_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    existing.id, messageID ?? "", post.contentHash, fileName ?? "",
                    existing.reason.rawValue, post.receivedAt.timeIntervalSince1970,
                ])
        }
    }

    /// The thread after a post joined it: its root when new; its root, subject and sub-issue when
    /// the post is the one its replies awaited; else only its count and times.
    private static func updateThread(
        _ thread: Int64, isNew isNewThread: Bool, becomesRoot: Bool, postID: Int64, post: borrowing NewPost,
        normalised: NormalisedSubject, time: Double, classification: PostClassification, isProtected: Bool, in db: Database
    ) throws {
        if isNewThread {
            let setRoot = try DirectStatement(db, "UPDATE threads SET root_post_id = ? WHERE id = ?")
            try setRoot.bind(1, postID)
            try setRoot.bind(2, thread)
            try setRoot.execute()
        } else if becomesRoot {
            try db.cachedStatement(sql: """
                UPDATE threads SET post_count = post_count + 1, last_post_at = max(last_post_at, ?),
                    started_at = min(started_at, ?), is_protected = ?,
                    root_post_id = ?, subject = ?, normalised_subject = ?, sub_issue = ?
                WHERE id = ?
                """).execute(arguments: [
                    time, time, isProtected, postID, post.subject, normalised.text, classification.subIssue, thread,
                ])
        } else {
            // A protected reply does not make its thread protected: the thread's flag is its
            // root's, and the posts above the reply stay as public as they were.
            let joinThread = try DirectStatement(db, """
                UPDATE threads SET post_count = post_count + 1, last_post_at = max(last_post_at, ?1),
                    started_at = min(started_at, ?1)
                WHERE id = ?2
                """)
            try joinThread.bind(1, time)
            try joinThread.bind(2, thread)
            try joinThread.execute()
        }
    }

    /// A post whose replies came first: it is no longer missing, it becomes their parent, and
    /// their thread joins its own.
    private static func adoptAwaitingReplies(
        of messageID: String, postID: Int64, placeholder: Int64, thread: Int64, isProtected: Bool, in db: Database
    ) throws {
        try db.cachedStatement(sql: "DELETE FROM unresolved_references WHERE message_id = ?")
            .execute(arguments: [messageID])
        try db.cachedStatement(sql: """
            UPDATE posts SET parent_post_id = ? WHERE thread_id = ? AND in_reply_to = ? AND id != ?
            """).execute(arguments: [postID, placeholder, messageID, postID])
        if isProtected {
            // Replies that came before a protected post answer it all the same: from now on
            // they are protected too (their sub-issue stays, as for any adopted reply, so a
            // moved one is for the core group only). Copies already sent cannot be recalled;
            // digests and later copies leave them out.
            try db.cachedStatement(sql: """
                WITH RECURSIVE below(id) AS (
                    SELECT id FROM posts WHERE thread_id = ?1 AND parent_post_id = ?2
                    UNION SELECT c.id FROM posts c JOIN below b ON c.parent_post_id = b.id WHERE c.thread_id = ?1
                )
                UPDATE posts SET is_protected = 1 WHERE id IN (SELECT id FROM below)
                """).execute(arguments: [placeholder, postID])
        }
        if placeholder != thread {
            try mergeThread(placeholder, into: thread, in: db)
        }
    }

    /// Whether some text of `post` holds a NUL (see `withoutNULs`).
    private static func containsNUL(_ post: borrowing NewPost) -> Bool {
        if let messageID = post.messageID, hasNUL(messageID) { return true }
        if hasNUL(post.contentHash) || hasNUL(post.subject) || hasNUL(post.trimmedText) { return true }
        if post.inReplyTo.contains(where: hasNUL) || post.references.contains(where: hasNUL) { return true }
        if let fileName = post.fileName, hasNUL(fileName) { return true }
        if let author = post.author, hasNUL(author.address) || author.name.map(hasNUL) == true { return true }
        return false
    }

    private static func hasNUL(_ text: String) -> Bool {
        // Native strings are contiguous UTF-8, so the common case is one memchr-speed scan.
        text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.withUnsafeBytes { raw in raw.baseAddress.map { memchr($0, 0, raw.count) != nil } ?? false }
        } ?? text.utf8.contains(0)
    }

    /// The post with every NUL replaced by U+FFFD: SQLite's C string interface, as GRDB uses it,
    /// would cut a text at its first NUL, silently truncating a subject or, worse, a Message-ID key.
    private static func withoutNULs(_ post: borrowing NewPost) -> NewPost {
        func clean(_ text: String) -> String {
            hasNUL(text) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
        }
        var post = copy post
        post.messageID = post.messageID.map(clean)
        post.contentHash = clean(post.contentHash)
        post.subject = clean(post.subject)
        post.trimmedText = clean(post.trimmedText)
        post.inReplyTo = post.inReplyTo.map(clean)
        post.references = post.references.map(clean)
        post.fileName = post.fileName.map(clean)
        if let author = post.author {
            post.author = MailAddress(name: author.name.map(clean), address: clean(author.address))
        }
        return post
    }

    /// Where a post's thread lookups led: the thread it joins (nil: a new one) and what it inherits.
    struct ThreadResolution {
        var join: ThreadRule.Join
        var parent: (id: Int64, thread: Int64)?
        var threadID: Int64?
        var inherited: ThreadRule.Inheritance?
        /// The references neither received nor awaited yet, to register as unresolved.
        var missing: [String]
    }

    /// The store's lookups for `ThreadRule`, and its decision: the first received post among the
    /// references is the parent; a reference we never received but other posts share puts this
    /// post in their thread; then the thread its replies formed while awaiting it; then, for a
    /// reply's subject, the most recent thread with that subject within the window.
    ///
    /// - Parameter startedThread: the thread this post started, when it is stored already and
    ///   looked at again (`praxis classify FILE`): it does not join it as if it were another's.
    static func resolveThread(
        of post: borrowing NewPost, messageID: String?, normalised: NormalisedSubject, time: Double,
        placeholderThread: Int64?, startedThread: Int64? = nil, in db: Database
    ) throws -> ThreadResolution {
        let references = candidateReferences(post, excluding: messageID)
        var resolution = ThreadResolution(join: .newThread, missing: [])
        var siblingThread: Int64?
        // The references looked up below: none of them is a protected post unless it is the
        // parent, whose flag is read with it, so the protection check skips them.
        var lookedUp = Set<String>()
        // One statement answers both questions for a reference: a Message-ID is either received
        // (in posts) or awaited (in unresolved_references), never both, so at most one row.
        let referenceLookup = try DirectStatement(db, """
            SELECT id, thread_id, sub_issue, is_protected FROM posts WHERE message_id = ?1
            UNION ALL SELECT NULL, thread_id, NULL, NULL FROM unresolved_references WHERE message_id = ?1
            """)
        for reference in references {
            lookedUp.insert(reference)
            try referenceLookup.bind(1, reference)
            defer { referenceLookup.finish() }
            guard try referenceLookup.step(), let thread = referenceLookup.int64(1) else {
                resolution.missing.append(reference)
                continue
            }
            if let id = referenceLookup.int64(0) {
                resolution.parent = (id, thread)
                resolution.inherited = ThreadRule.Inheritance(
                    subIssue: referenceLookup.text(2) ?? "", isProtected: referenceLookup.int64(3) == 1)
                // References beyond the parent are its own ancestors, registered when it was recorded.
                break
            }
            if siblingThread == nil && thread != startedThread { siblingThread = thread }
        }
        resolution.join = ThreadRule.join(ThreadRule.Found(
            hasParent: resolution.parent != nil, hasSharedReference: siblingThread != nil,
            isAwaitedByReplies: placeholderThread != nil, isReplySubject: normalised.isReply && !normalised.text.isEmpty))
        switch resolution.join {
        case .parent:
            resolution.threadID = resolution.parent?.thread
        case .sharedReference:
            resolution.threadID = siblingThread
            resolution.inherited = try threadClassification(siblingThread, in: db)
        case .awaitingReplies:
            resolution.threadID = placeholderThread
        case .subject:
            if let (thread, inherited) = try subjectThread(normalised.text, around: time, in: db), thread != startedThread {
                resolution.threadID = thread
                resolution.inherited = inherited
            }
        case .newThread:
            break
        }
        // A post that names a protected post anywhere among its references answers inside the
        // closed space, whichever post it nominally replies to: `In-Reply-To: <public>` with
        // `References: <protected>` would otherwise carry the protected Message-ID (and, quoted,
        // its text) to everyone. Every reference counts here, beyond `maximumReferences` too: a
        // hostile header must not push the protected one out of sight.
        if resolution.inherited?.isProtected != true,
           let guarded = try protectedReference(of: post, excluding: messageID, skipping: lookedUp, in: db) {
            resolution.inherited = ThreadRule.Inheritance(subIssue: guarded, isProtected: true)
        }
        return resolution
    }

    /// The classification as stored, once the thread stage and the protected-post rule applied.
    static func byThread(
        _ own: PostClassification, isProtected: Bool, _ inherited: ThreadRule.Inheritance?
    ) -> (PostClassification, isProtected: Bool) {
        guard let inherited, ThreadRule.inherits(inherited, own: ThreadRule.OwnStage(own.stage), ownSubIssue: own.subIssue) else {
            return (own, isProtected)
        }
        return (PostClassification(subIssue: inherited.subIssue, stage: .thread), isProtected || inherited.isProtected)
    }

    /// The most recent thread whose normalised subject is `text` and whose last post is within
    /// `ThreadRule.subjectWindow` of `time`, with its classification.
    private static func subjectThread(
        _ text: String, around time: Double, in db: Database
    ) throws -> (Int64, ThreadRule.Inheritance)? {
        let bySubject = try DirectStatement(db, """
            SELECT id, sub_issue, is_protected FROM threads
            WHERE normalised_subject = ? AND last_post_at BETWEEN ? AND ?
            ORDER BY last_post_at DESC LIMIT 1
            """)
        defer { bySubject.finish() }
        try bySubject.bind(1, text)
        try bySubject.bind(2, time - ThreadRule.subjectWindow)
        try bySubject.bind(3, time + ThreadRule.subjectWindow)
        guard try bySubject.step(), let id = bySubject.int64(0) else { return nil }
        return (id, ThreadRule.Inheritance(subIssue: bySubject.text(1) ?? "", isProtected: bySubject.int64(2) == 1))
    }

    /// A thread's own sub-issue and protection.
    private static func threadClassification(_ thread: Int64?, in db: Database) throws -> ThreadRule.Inheritance? {
        guard let thread else { return nil }
        let byID = try DirectStatement(db, "SELECT sub_issue, is_protected FROM threads WHERE id = ?")
        defer { byID.finish() }
        try byID.bind(1, thread)
        guard try byID.step() else { return nil }
        return ThreadRule.Inheritance(subIssue: byID.text(0) ?? "", isProtected: byID.int64(1) == 1)
    }

    /// The sub-issue of the nearest protected post among all of `post`'s In-Reply-To and
    /// References (In-Reply-To first, then References nearest first) but those in `known`, or
    /// nil when none is.
    private static func protectedReference(
        of post: borrowing NewPost, excluding own: String?, skipping known: Set<String>, in db: Database
    ) throws -> String? {
        let lookup = try DirectStatement(db, "SELECT sub_issue FROM posts WHERE message_id = ? AND is_protected = 1")
        var seen = known
        for reference in post.inReplyTo + post.references.reversed()
        where !reference.isEmpty && reference != own && seen.insert(reference).inserted {
            try lookup.bind(1, reference)
            defer { lookup.finish() }
            if try lookup.step() { return lookup.text(0) ?? "" }
        }
        return nil
    }

    /// In-Reply-To first, then References nearest first, without repeats or the post's own id.
    private static func candidateReferences(_ post: NewPost, excluding own: String?) -> [String] {
        var result = [String]()
        var seen = Set<String>()
        for reference in post.inReplyTo.prefix(maximumReferences) + post.references.suffix(maximumReferences).reversed()
        where !reference.isEmpty && reference != own && seen.insert(reference).inserted {
            result.append(reference)
        }
        return result
    }

    private struct ExistingPost {
        var id: Int64
        var messageID: String?
        var contentHash: String
        var fileName: String?
        var reason: DuplicateReason
    }

    /// The stored post with this Message-ID, else with this content hash, and the thread that
    /// awaits this Message-ID (its replies came first), in one statement: every post asks all three.
    private static func existingPost(
        messageID: String?, contentHash: String, in db: Database
    ) throws -> (post: ExistingPost?, placeholderThread: Int64?) {
        // A nil Message-ID binds NULL, which equals nothing: only the content hash can match.
        let lookup = try DirectStatement(db, """
            SELECT 0, id, message_id, content_hash, file_name FROM posts WHERE message_id = ?1
            UNION ALL SELECT 1, id, message_id, content_hash, file_name FROM posts WHERE content_hash = ?2
            UNION ALL SELECT 2, thread_id, NULL, NULL, NULL FROM unresolved_references WHERE message_id = ?1
            """)
        defer { lookup.finish() }
        try lookup.bind(1, messageID)
        try lookup.bind(2, contentHash)
        var placeholderThread: Int64?
        while try lookup.step() {
            guard let id = lookup.int64(1) else { continue }
            switch lookup.int64(0) {
            case 0, 1:
                return (ExistingPost(
                    id: id, messageID: lookup.text(2), contentHash: lookup.text(3) ?? "", fileName: lookup.text(4),
                    reason: lookup.int64(0) == 0 ? .messageID : .contentHash), nil)
            default:
                placeholderThread = id
            }
        }
        return (nil, placeholderThread)
    }

    /// Moves every post and reference of thread `source` into `target` and deletes `source`.
    private static func mergeThread(_ source: Int64, into target: Int64, in db: Database) throws {
        try db.execute(sql: """
            UPDATE posts SET thread_id = ? WHERE thread_id = ?;
            UPDATE unresolved_references SET thread_id = ? WHERE thread_id = ?;
            UPDATE threads SET
                post_count = post_count + (SELECT post_count FROM threads WHERE id = ?),
                started_at = min(started_at, (SELECT started_at FROM threads WHERE id = ?)),
                last_post_at = max(last_post_at, (SELECT last_post_at FROM threads WHERE id = ?))
            WHERE id = ?;
            DELETE FROM threads WHERE id = ?;
            """, arguments: [target, source, target, source, source, source, source, target, source])
    }
}
