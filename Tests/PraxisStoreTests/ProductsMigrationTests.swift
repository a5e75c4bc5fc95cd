import Foundation
import GRDB
import PraxisCommunity
import Testing
@testable import PraxisStore

/// Migration v10-life-products on a store of the previous version: its posts stay, and a thread
/// recorded before the migration can be marked, replaced, listed and unmarked.
@Suite("Products migration")
struct ProductsMigrationTests {
    @Test func marksAThreadOfAStoreOfThePreviousVersion() throws {
        let store = try OlderStore(migratedUpTo: "v9-settings-member-links") { db in
            try db.execute(sql: """
                INSERT INTO threads (id, root_post_id, subject, normalised_subject, sub_issue, started_at, last_post_at, post_count)
                    VALUES (1, NULL, 'Bike lanes', 'bike lanes', 'cycling', 1, 2, 2);
                INSERT INTO posts (id, message_id, content_hash, author_address, date, received_at, subject, normalised_subject,
                                   sub_issue, classification_stage, thread_id, size, kind)
                    VALUES (1, 'root@x', 'h1', 'a@x', 1, 1, 'Bike lanes', 'bike lanes', 'cycling', 'explicit', 1, 10, 'post'),
                           (2, 'reply@x', 'h2', 'b@x', 2, 2, 'Re: Bike lanes', 'bike lanes', 'cycling', 'thread', 1, 10, 'post');
                UPDATE threads SET root_post_id = 1 WHERE id = 1;
                """)
        }
        defer { store.remove() }
        let database = try store.opened()
        let time = Date(timeIntervalSince1970: 1_000)
        #expect(try database.markProduct(messageID: "nobody@x", kind: .solution, note: nil, by: "core@x", at: time,
                                         protectedSubIssues: []) == .unknownMessage)
        guard case .marked(let first, let replaced) = try database.markProduct(
            messageID: "reply@x", kind: .solution, note: "  Paint them green \u{7}", by: "core@x", at: time, protectedSubIssues: [])
        else { Issue.record("the reply's thread was not marked"); return }
        #expect(!replaced)
        #expect(first.threadMessageID == "root@x" && first.subject == "Bike lanes" && first.subIssue == "cycling")
        #expect(first.note == "Paint them green" && first.markedBy == "core@x" && !first.isProtected)
        // Naming another post of the same thread replaces the mark: one thread, one product.
        guard case .marked(let second, let again) = try database.markProduct(
            messageID: "root@x", kind: .decision, note: nil, by: "mod@x", at: time.addingTimeInterval(60),
            protectedSubIssues: ["cycling"])
        else { Issue.record("the thread was not marked again"); return }
        #expect(again && second.kind == .decision && second.isProtected)
        #expect(try database.products(protectedSubIssues: []).map(\.messageID) == ["root@x"])
        #expect(try database.removeProduct(messageID: "reply@x") == 1)
        #expect(try database.removeProduct(messageID: "reply@x") == 0)
        #expect(try database.removeProduct(messageID: "nobody@x") == nil)
        #expect(try database.read("counting") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM posts") } == 2)
    }
}
