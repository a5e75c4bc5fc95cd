import Foundation
import GRDB
import Testing
@testable import PraxisStore

/// Migration v10-digest-own-posts on a store of the previous version: every member keeps getting
/// their own posts as before, their digest format stays, and only 0 or 1 can be stored.
@Suite("Own posts migration")
struct OwnPostsMigrationTests {
    @Test func membersOfAStoreOfThePreviousVersionKeepTheirOwnPosts() throws {
        let store = try OlderStore(migratedUpTo: "v9-settings-member-links") { db in
            try db.execute(sql: """
                INSERT INTO members (id, address, joined_at, status, delivery, digest_frequency, is_moderated, bounce_score, digest_format)
                    VALUES (1, 'alice@example.org', 1, 'active', 'default', 'weekly', 0, 0, 'rfc1153'),
                           (2, 'bob@example.org', 1, 'active', 'default', 'daily', 0, 0, NULL);
                """)
        }
        defer { store.remove() }
        let database = try store.opened()
        let alice = try #require(try database.member(address: "alice@example.org"))
        #expect(alice.receivesOwnPosts)
        #expect(alice.digestFormat == .rfc1153)
        let bob = try #require(try database.member(address: "bob@example.org"))
        #expect(bob.receivesOwnPosts && bob.digestFormat == nil)
        try database.write("checking the column") { db in
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE members SET own_posts = 2 WHERE id = 1") }
            try db.execute(sql: "UPDATE members SET own_posts = 0 WHERE id = 2")
        }
        #expect(try database.member(address: "bob@example.org")?.receivesOwnPosts == false)
    }
}
