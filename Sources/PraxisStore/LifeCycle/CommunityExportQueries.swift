import Foundation
import GRDB
import PraxisCommunity

/// One archived post as `praxis export` writes it.
public struct ExportedPost: Sendable, Hashable {
    public var post: ArchivePost
    /// As recorded: a reply in a protected thread is protected whatever its sub-issue.
    public var isProtected: Bool
    public var inReplyTo: String?
}

extension PraxisDatabase {
    /// Every archived post (kind `post`, with a Message-ID), by sub-issue, then oldest first, with
    /// its stored protection: `praxis export` decides where each goes (`CommunityExport`).
    public func postsForExport() throws(StoreError) -> [ExportedPost] {
        try read("reading every archived post for the export") { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.archivePostColumns), p.is_protected, p.in_reply_to
                FROM posts p LEFT JOIN post_texts t ON t.post_id = p.id
                WHERE p.kind = 'post' AND p.message_id IS NOT NULL ORDER BY p.sub_issue, p.date, p.id
                """).map { row in
                ExportedPost(post: Self.archivePost(row), isProtected: row[11], inReplyTo: row[12])
            }
        }
    }

    /// Every transition between circles ever stored, oldest first.
    public func allTransitions() throws(StoreError) -> [MemberTransition] {
        try read("reading every transition") { db in
            try Self.transitions(after: .distantPast, through: .distantFuture, in: db)
        }
    }
}
