import GRDB

extension StoreSchema {
    /// `v6-post-protection`: protection belongs to posts, and a thread is protected only when its
    /// root is. Before, a protected reply raised its whole thread's flag, which hid the public
    /// posts above and beside it from every digest (issue 16, finding 2); those threads get their
    /// root's flag back. The posts keep theirs: a post recorded protected stays protected, since
    /// it was written for a closed space. A thread without a root row keeps its flag.
    static func protectThreadsByTheirRoot(_ db: Database) throws {
        try db.execute(sql: """
            UPDATE threads SET is_protected = (SELECT p.is_protected FROM posts p WHERE p.id = threads.root_post_id)
            WHERE is_protected = 1 AND EXISTS (SELECT 1 FROM posts p WHERE p.id = threads.root_post_id)
            """)
    }
}
