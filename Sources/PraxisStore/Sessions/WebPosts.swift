import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

extension StoreSchema {
    /// `v9-webpost-web-posts`: the posts members wrote on `/post` (issue 20, item 4), for the
    /// per-member limit (`WebPostPolicy`). A row is written when the post goes into the maildir;
    /// the post itself is recorded by ingest like any mail. Rows older than a day are dropped.
    static func createWebPosts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE web_posts (
                id INTEGER PRIMARY KEY,
                member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                message_id TEXT NOT NULL UNIQUE,
                written_at REAL NOT NULL
            );
            CREATE INDEX web_posts_by_member ON web_posts(member_id, written_at);
            """)
    }
}

/// The post a reply from the web answers, with the References the reply carries.
public struct ReplyThreading: Sendable, Hashable {
    public var parent: ArchivePost
    /// Oldest first, ending with the parent's Message-ID (`WebPostPolicy.references`).
    public var references: [String]
}

extension PraxisDatabase {
    /// Counts `address`'s web posts of the last hour and, when `WebPostPolicy` allows one more at
    /// `time`, records `messageID` as written, in one transaction so that two requests at once
    /// cannot both pass the limit. False when over the limit or `address` is no active member.
    public func recordWebPost(address: String, messageID: String, at time: Date) throws(StoreError) -> Bool {
        let normalized = MailAddress(address: address).normalized
        return try write("recording a post written on the web") { db in
            try db.execute(sql: "DELETE FROM web_posts WHERE written_at < ?", arguments: [(time - 86_400).timeIntervalSince1970])
            guard let member = try Int64.fetchOne(
                db, sql: "SELECT id FROM members WHERE address = ? AND status = ?", arguments: [normalized, MemberStatus.active.rawValue])
            else { return false }
            let recent = try Double.fetchAll(
                db, sql: "SELECT written_at FROM web_posts WHERE member_id = ? AND written_at > ?",
                arguments: [member, (time - 3_600).timeIntervalSince1970]).map(Date.init(timeIntervalSince1970:))
            guard WebPostPolicy.allows(recent: recent, at: time) else { return false }
            try db.execute(sql: "INSERT INTO web_posts (member_id, message_id, written_at) VALUES (?, ?, ?)",
                           arguments: [member, messageID, time.timeIntervalSince1970])
            return true
        }
    }

    /// The post `messageID` as `scope` (the writer's) shows it, with the chain of Message-IDs a
    /// reply to it carries in References; nil when the scope does not show it (a reply to a post
    /// the writer cannot see is answered like a missing one).
    ///
    /// The chain goes up from the post through the posts each answers, and stops at the first that
    /// not everyone who gets the reply may see: the reply goes to the parent's audience, so a
    /// public parent's reply names only public posts, and a protected parent's names only posts
    /// that are public or of the parent's own protected sub-issue.
    public func replyThreading(to messageID: String, scope: ArchiveScope) throws(StoreError) -> ReplyThreading? {
        let shown = scope.postCondition("p")
        return try read("reading the post a reply answers") { db in
            let select = "SELECT \(Self.archivePostColumns), p.is_protected FROM posts p LEFT JOIN post_texts t ON t.post_id = p.id"
            guard let row = try Row.fetchOne(db, sql: "\(select) WHERE p.message_id = ? AND \(shown.sql)",
                                             arguments: [messageID] + shown.arguments)
            else { return nil }
            let parent = Self.archivePost(row)
            let isProtected: Bool = row[11] || scope.protectedSubIssues.contains(parent.subIssue)
            let audience = ArchiveScope(
                includeProtected: false, protectedSubIssues: scope.protectedSubIssues,
                admittedSubIssues: isProtected ? [parent.subIssue] : []).postCondition("p")
            var chain = [parent.messageID], next = parent.parentMessageID
            // Bounded: a thread is a tree, but a store is not to be trusted to hold no loop.
            while let id = next, chain.count < 1_000, !chain.contains(id),
                  let up = try Row.fetchOne(db, sql: "\(select) WHERE p.message_id = ? AND \(audience.sql)",
                                            arguments: [id] + audience.arguments).map(Self.archivePost) {
                chain.insert(up.messageID, at: 0)
                next = up.parentMessageID
            }
            return ReplyThreading(parent: parent, references: WebPostPolicy.references(chain: chain))
        }
    }
}
