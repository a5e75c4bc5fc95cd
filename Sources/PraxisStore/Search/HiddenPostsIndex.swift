import GRDB

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
