import Foundation
import PraxisMail

/// A recorded post as a digest sees it: what to show and what decides who may see it.
public struct DigestPost: Sendable, Hashable {
    public var id: Int64
    /// Without angle brackets; nil when the post had none.
    public var messageID: String?
    public var threadID: Int64
    public var subIssue: String
    /// Set on the post itself (e.g. a reply to a protected post), whatever its sub-issue.
    public var isProtected: Bool
    public var authorAddress: String
    public var authorName: String?
    public var date: Date
    /// When the post reached the list: the digest window is over this, not the sender's Date.
    public var receivedAt: Date
    public var subject: String
    /// What is new in the post (quotes, signatures and footers removed), as stored in `post_texts`.
    public var text: String
    /// The maildir file (unique name), for digests that carry the original message.
    public var fileName: String?
    /// The message's attachments, read from its file when a digest shows the post.
    public var attachments: [DigestAttachment] = []

    public init(
        id: Int64, messageID: String?, threadID: Int64, subIssue: String, isProtected: Bool,
        authorAddress: String, authorName: String?, date: Date, receivedAt: Date, subject: String,
        text: String, fileName: String? = nil
    ) {
        self.id = id
        self.messageID = messageID
        self.threadID = threadID
        self.subIssue = subIssue
        self.isProtected = isProtected
        self.authorAddress = authorAddress
        self.authorName = authorName
        self.date = date
        self.receivedAt = receivedAt
        self.subject = subject
        self.text = text
        self.fileName = fileName
    }

    /// The author as shown to readers: the name, else the address.
    public var authorLabel: String {
        if let authorName, !authorName.trimmingCharacters(in: .whitespaces).isEmpty { return authorName }
        return authorAddress
    }
}

/// An attachment of a digested post: its number in the message (as the archive's
/// `/m/ID/a/N/NAME` counts), its name as `AttachmentLabel.fileName` cleaned it, and its size.
public struct DigestAttachment: Sendable, Hashable {
    public var number: Int
    public var name: String
    public var size: Int

    public init(number: Int, name: String, size: Int) {
        self.number = number
        self.name = name
        self.size = size
    }

    /// Longest name a digest shows: a digest line, not the whole name the archive keeps.
    static let maxShownCharacters = 100

    /// The name as a digest shows it, cut with "…" when long.
    var shownName: String {
        name.count <= Self.maxShownCharacters ? name : String(name.prefix(Self.maxShownCharacters - 1)) + "…"
    }
}

/// A thread as a digest names it.
public struct DigestThreadInfo: Sendable, Hashable {
    public var id: Int64
    public var subject: String
    public var isProtected: Bool
    /// Message-IDs of the thread's posts, oldest first, for the References of a reply; bounded.
    public var messageIDs: [String]

    public init(id: Int64, subject: String, isProtected: Bool, messageIDs: [String] = []) {
        self.id = id
        self.subject = subject
        self.isProtected = isProtected
        self.messageIDs = messageIDs
    }
}

/// What one reader's digest holds: sections by sub-issue, threads within them, busiest first.
public struct DigestContent: Sendable {
    public struct Section: Sendable {
        public var subIssue: SubIssue
        public var threads: [Thread]
        public var postCount: Int { threads.reduce(0) { $0 + $1.posts.count } }
    }

    public struct Thread: Sendable {
        public var info: DigestThreadInfo
        /// The new posts shown, oldest first.
        public var posts: [DigestPost]
        /// New posts of this thread left out by the cap (always the oldest ones).
        public var leftOut: Int
        /// Everyone who wrote in this thread this period, in order of first post.
        public var participants: [String]
        /// All new posts of the thread this period, shown or not.
        public var newPostCount: Int { posts.count + leftOut }
        /// The post a reply should answer: the newest shown.
        public var latest: DigestPost? { posts.last }
    }

    public var sections: [Section]
    /// Posts and threads the cap left out entirely or in part.
    public var leftOutPosts: Int
    public var leftOutThreads: Int
    /// The period the digest covers: received after `since`, at or before `through`.
    public var since: Date
    public var through: Date

    public var postCount: Int { sections.reduce(0) { $0 + $1.postCount } }
    public var threadCount: Int { sections.reduce(0) { $0 + $1.threads.count } }
    public var isEmpty: Bool { sections.isEmpty }
    /// Every post shown, in the order of the digest.
    public var posts: [DigestPost] { sections.flatMap { $0.threads.flatMap(\.posts) } }
}

/// Who may see what (DESIGN.md §1): a protected post reaches only the core group and the members
/// admitted to its sub-issue.
public struct DigestVisibility: Sendable {
    let subIssues: [String: SubIssue]

    public init(subIssues: [SubIssue]) {
        self.subIssues = Dictionary(subIssues.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether a post is protected: marked so itself, in a thread whose root is, or in a sub-issue
    /// configured protected (also when it was configured so after the post was recorded).
    public func isProtected(_ post: DigestPost, thread: DigestThreadInfo?) -> Bool {
        post.isProtected || (thread?.isProtected ?? false) || (subIssues[post.subIssue]?.isProtected ?? false)
    }

    /// Whether a reader with `coverage` may read `post`.
    public func allows(_ coverage: DigestCoverage, post: DigestPost, thread: DigestThreadInfo?) -> Bool {
        allows(coverage, subIssue: post.subIssue, isProtected: isProtected(post, thread: thread))
    }

    /// Whether a reader with `coverage` may know of a post of `subIssue`, protected itself or not
    /// (its sub-issue's configuration counts too): for posts a digest only names, such as the
    /// References of an embedded original.
    public func allows(_ coverage: DigestCoverage, subIssue id: String, isProtected: Bool) -> Bool {
        guard isProtected || (subIssues[id]?.isProtected ?? false) else { return true }
        if coverage.isCore { return true }
        // Admission is to a protected sub-issue; a protected post in a sub-issue that is not
        // (one a moderator moved out) is for the core group only.
        guard let subIssue = subIssues[id], subIssue.isProtected else { return false }
        return coverage.admitted.contains(subIssue.id)
    }
}

/// The posts a reader's digest may draw from.
///
/// Post ids grow in the order posts are committed, so "after the last post id of the previous
/// digest" is exact where a time would miss a post committed late with an earlier time; `since`
/// keeps out history imported later (it carries its old dates).
public struct DigestWindow: Sendable, Hashable {
    public var afterPostID: Int64
    public var since: Date
    public var through: Date

    public init(afterPostID: Int64, since: Date, through: Date) {
        self.afterPostID = afterPostID
        self.since = since
        self.through = through
    }
}

/// The pure choice of what goes into one reader's digest.
public enum DigestSelection {
    /// Selects and orders the posts for one reader.
    ///
    /// - Parameters:
    ///   - posts: candidate posts, any order; only those after `window.afterPostID` and received
    ///     after `window.since` count.
    ///   - coverage: the sub-issues the reader's digest covers and the protected ones they may read.
    ///   - subIssues: every configured sub-issue, in configuration order.
    ///   - receivedAtOnce: posts the reader already got as immediate copies.
    ///   - cap: at most this many posts; nil for all.
    /// - Returns: the content, empty (`isEmpty`) when nothing is left to send.
    public static func select(
        posts: [DigestPost], threads: [Int64: DigestThreadInfo], coverage: DigestCoverage, subIssues: [SubIssue],
        visibility: DigestVisibility, receivedAtOnce: Set<Int64>, window: DigestWindow, cap: Int?
    ) -> DigestContent {
        var byThread: [Int64: [DigestPost]] = [:]
        // Posts this reader may not read, in any thread: their ids stay out of the reply links too.
        var unseen = Set<String>()
        for post in posts where !visibility.allows(coverage, post: post, thread: threads[post.threadID]) {
            if let id = post.messageID { unseen.insert(id) }
        }
        for post in posts where post.id > window.afterPostID && post.receivedAt > window.since {
            guard coverage.subIssues.contains(post.subIssue), !receivedAtOnce.contains(post.id) else { continue }
            if let author = coverage.leftOutAuthor, MailAddress(address: post.authorAddress).normalized == author { continue }
            guard visibility.allows(coverage, post: post, thread: threads[post.threadID]) else { continue }
            byThread[post.threadID, default: []].append(post)
        }
        // Busiest first; among equals the most recently active, then the id for a stable order.
        var ranked = byThread.map { (id: $0.key, posts: $0.value.sorted(by: Self.chronological)) }
        ranked.sort { lhs, rhs in
            if lhs.posts.count != rhs.posts.count { return lhs.posts.count > rhs.posts.count }
            let lhsLast = lhs.posts.last?.receivedAt ?? .distantPast
            let rhsLast = rhs.posts.last?.receivedAt ?? .distantPast
            if lhsLast != rhsLast { return lhsLast > rhsLast }
            return lhs.id < rhs.id
        }

        var room = cap.map { max(0, $0) } ?? Int.max
        var leftOutPosts = 0
        var leftOutThreads = 0
        var chosen: [DigestContent.Thread] = []
        for entry in ranked {
            guard room > 0 else {
                leftOutPosts += entry.posts.count
                leftOutThreads += 1
                continue
            }
            // A thread too big for the room left shows its newest posts: they are what a reader
            // would answer.
            let shown = Array(entry.posts.suffix(room))
            let cut = entry.posts.count - shown.count
            leftOutPosts += cut
            room -= shown.count
            var info = threads[entry.id]
                ?? DigestThreadInfo(id: entry.id, subject: entry.posts.first?.subject ?? "", isProtected: false)
            // A public thread may hold protected replies: a reader outside never sees their ids.
            if !unseen.isEmpty { info.messageIDs.removeAll { unseen.contains($0) } }
            var participants: [String] = []
            for post in entry.posts where !participants.contains(post.authorLabel) {
                participants.append(post.authorLabel)
            }
            chosen.append(DigestContent.Thread(info: info, posts: shown, leftOut: cut, participants: participants))
        }

        var sections: [DigestContent.Section] = []
        let order = Dictionary(subIssues.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var bySubIssue: [String: [DigestContent.Thread]] = [:]
        for thread in chosen {
            guard let subIssue = thread.posts.first?.subIssue else { continue }
            bySubIssue[subIssue, default: []].append(thread)
        }
        for (id, threads) in bySubIssue {
            let subIssue = subIssues.first { $0.id == id } ?? SubIssue(id: id)
            sections.append(DigestContent.Section(subIssue: subIssue, threads: threads))
        }
        sections.sort { lhs, rhs in
            if lhs.postCount != rhs.postCount { return lhs.postCount > rhs.postCount }
            return (order[lhs.subIssue.id] ?? Int.max) < (order[rhs.subIssue.id] ?? Int.max)
        }
        return DigestContent(
            sections: sections, leftOutPosts: leftOutPosts, leftOutThreads: leftOutThreads,
            since: window.since, through: window.through)
    }

    static func chronological(_ lhs: DigestPost, _ rhs: DigestPost) -> Bool {
        if lhs.receivedAt != rhs.receivedAt { return lhs.receivedAt < rhs.receivedAt }
        return lhs.id < rhs.id
    }
}
