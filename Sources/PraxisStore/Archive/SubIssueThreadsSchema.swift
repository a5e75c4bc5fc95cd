import GRDB

extension StoreSchema {
    /// `v11-archive-sub-issue-threads`: what a sub-issue page lists, kept ready in
    /// `sub_issue_threads`, one row per sub-issue, thread and visibility.
    ///
    /// A sub-issue page lists the threads with archived posts in the sub-issue, latest activity
    /// first, each with its post count and its first post (which names it), and how many there
    /// are. Grouping the sub-issue's posts by thread on every request, even from the covering
    /// index `posts_by_sub_issue_thread`, cost 7.5-10 ms of CPU per page on the benchmark's
    /// archive (11,570 posts in its largest sub-issue), nearly all of it SQL (issue 19: the
    /// target is 4.3 ms). Here the page reads one range of `sub_issue_threads_by_activity` and
    /// the first posts of its 50 threads.
    ///
    /// **Visibility**: a viewer sees either every archived post of a sub-issue (they include
    /// protected posts, or are admitted to it) or only its posts that are not protected
    /// (`ArchiveScope.showsProtectedPosts`); a sub-issue the configuration protects is shown
    /// whole or not at all. So each (sub-issue, thread) has up to two rows: `includes_protected`
    /// 1 over every archived post, 0 over those not protected, absent when there are none. A
    /// thread whose posts in the sub-issue are all protected has no row 0, so it is neither
    /// listed nor counted for those who may not see it.
    ///
    /// **Archived** is what `ArchiveScope.postCondition` says: kind `post`, with a Message-ID.
    ///
    /// **Triggers keep it in step**, in the transaction that changes the posts, on every path:
    /// recording (a post inserted: the row's count, latest date and first post updated in
    /// place), the release of a held post, reclassification, protection, thread merges, a
    /// changed date, deletion (the rows of the post's old and new sub-issue and thread counted
    /// again from `posts_by_sub_issue_thread`, which holds every column that needs). Recording a
    /// post costs two upserts of a small row.
    static func createSubIssueThreads(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sub_issue_threads (
                sub_issue TEXT NOT NULL,
                includes_protected INTEGER NOT NULL CHECK (includes_protected IN (0, 1)),
                thread_id INTEGER NOT NULL,
                post_count INTEGER NOT NULL,
                last_post_at REAL NOT NULL,
                first_post_id INTEGER NOT NULL,
                PRIMARY KEY (sub_issue, includes_protected, thread_id)
            ) WITHOUT ROWID;
            -- A sub-issue page in the order it shows, every column it reads from here included.
            CREATE INDEX sub_issue_threads_by_activity
                ON sub_issue_threads(sub_issue, includes_protected, last_post_at, thread_id, post_count, first_post_id);

            INSERT INTO sub_issue_threads (sub_issue, includes_protected, thread_id, post_count, last_post_at, first_post_id)
            SELECT sub_issue, 1, thread_id, COUNT(*), MAX(date), MIN(id) FROM posts
            WHERE \(archived("posts")) GROUP BY sub_issue, thread_id;
            INSERT INTO sub_issue_threads (sub_issue, includes_protected, thread_id, post_count, last_post_at, first_post_id)
            SELECT sub_issue, 0, thread_id, COUNT(*), MAX(date), MIN(id) FROM posts
            WHERE \(archived("posts")) AND is_protected = 0 GROUP BY sub_issue, thread_id;
            """)
        try db.execute(sql: subIssueThreadTriggers)
    }

    /// The condition on the post `post` (a row alias: `new`, `old`, a table) of being archived.
    private static func archived(_ post: String) -> String {
        "\(post).kind = 'post' AND \(post).message_id IS NOT NULL"
    }

    /// The new post `new` counted into its rows (`includes_protected` 1, and 0 unless it is protected).
    private static func countedIn(includesProtected: Int) -> String {
        """
        INSERT INTO sub_issue_threads (sub_issue, includes_protected, thread_id, post_count, last_post_at, first_post_id)
        SELECT new.sub_issue, \(includesProtected), new.thread_id, 1, new.date, new.id\
        \(includesProtected == 0 ? " WHERE new.is_protected = 0" : " WHERE true")
        ON CONFLICT (sub_issue, includes_protected, thread_id) DO UPDATE SET
            post_count = post_count + 1, last_post_at = max(last_post_at, excluded.last_post_at),
            first_post_id = min(first_post_id, excluded.first_post_id);
        """
    }

    /// The rows of sub-issue `subIssue` and thread `thread` (SQL expressions) counted again from
    /// the posts, when `condition` holds: removed, then written anew if archived posts remain.
    private static func recounted(subIssue: String, thread: String, when condition: String = "true") -> String {
        func counted(includesProtected: Int) -> String {
            """
            INSERT INTO sub_issue_threads (sub_issue, includes_protected, thread_id, post_count, last_post_at, first_post_id)
            SELECT p.sub_issue, \(includesProtected), p.thread_id, COUNT(*), MAX(p.date), MIN(p.id) FROM posts p
            WHERE p.sub_issue = \(subIssue) AND p.thread_id = \(thread) AND \(archived("p"))\
            \(includesProtected == 0 ? " AND p.is_protected = 0" : "") AND (\(condition))
            GROUP BY p.sub_issue, p.thread_id;
            """
        }
        return """
            DELETE FROM sub_issue_threads
            WHERE sub_issue = \(subIssue) AND includes_protected IN (0, 1) AND thread_id = \(thread) AND (\(condition));
            \(counted(includesProtected: 1))
            \(counted(includesProtected: 0))
            """
    }

    private static var subIssueThreadTriggers: String {
        let moved = "new.sub_issue IS NOT old.sub_issue OR new.thread_id IS NOT old.thread_id"
        return """
            CREATE TRIGGER sub_issue_threads_after_post_insert AFTER INSERT ON posts
            WHEN \(archived("new")) BEGIN
                \(countedIn(includesProtected: 1))
                \(countedIn(includesProtected: 0))
            END;
            -- Release (held -> post), reclassification, protection, a thread merge, a corrected date.
            CREATE TRIGGER sub_issue_threads_after_post_update
            AFTER UPDATE OF kind, message_id, sub_issue, thread_id, date, is_protected ON posts
            WHEN (\(archived("old")) OR \(archived("new")))
                AND (old.kind IS NOT new.kind OR old.message_id IS NOT new.message_id OR \(moved)
                    OR old.date IS NOT new.date OR old.is_protected IS NOT new.is_protected) BEGIN
                \(recounted(subIssue: "old.sub_issue", thread: "old.thread_id"))
                \(recounted(subIssue: "new.sub_issue", thread: "new.thread_id", when: moved))
            END;
            CREATE TRIGGER sub_issue_threads_after_post_delete AFTER DELETE ON posts
            WHEN \(archived("old")) BEGIN
                \(recounted(subIssue: "old.sub_issue", thread: "old.thread_id"))
            END;
            """
    }
}

extension StoreSchema {
    /// `v11-search-hidden-posts`: the posts of kind `post` that some viewer may not see, by
    /// their own columns (protected, or without a Message-ID to link to), in a partial index.
    ///
    /// A search's first page newest first (`ArchiveSearch.newestFirst`) counts a common word's
    /// matches from the full-text index alone and takes away those the viewer's scope hides: this
    /// index and the protected sub-issues' posts are where those can be, so they are found
    /// without reading every matching post's row. Partial, it costs recording nothing for a
    /// post that is neither (the condition is checked, no entry written).
    static func createHiddenPostsIndex(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX posts_not_public ON posts(id) WHERE \(notPublic)")
    }

    /// The condition of `posts_not_public`, which a query must repeat word for word to use it.
    static let notPublic = "kind = 'post' AND (is_protected = 1 OR message_id IS NULL)"
}
