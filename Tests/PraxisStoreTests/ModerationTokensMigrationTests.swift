import Foundation
import GRDB
import PraxisCommunity
import Testing
@testable import PraxisStore

/// Migration v4-moderation-tokens: held posts written before it keep every column but the unused
/// token, and the indexes; moderators' tokens that were mailed stay, the ones never mailed go,
/// so their posts wait for a summary again.
@Suite("Migration v4-moderation-tokens")
struct ModerationTokensMigrationTests {
    @Test func heldPostsSurviveAndOnlyMailedTokensStay() throws {
        // A store as v3 left it: one post held, one already approved.
        let store = try OlderStore(migratedUpTo: "v3-moderation-notices") { db in
            try db.execute(sql: """
                INSERT INTO threads (id, subject, normalised_subject, sub_issue, started_at, last_post_at)
                    VALUES (1, 'Hello', 'hello', 'general', 1, 1);
                INSERT INTO posts (id, message_id, content_hash, author_address, date, received_at, subject,
                    normalised_subject, sub_issue, classification_stage, thread_id, size, kind)
                    VALUES (7, 'a@example.org', 'hash', 'stranger@example.org', 1, 1, 'Hello', 'hello', 'general',
                    'general', 1, 10, 'held');
                INSERT INTO held_messages (id, post_id, file_name, token, reason, held_at, expires_at, state)
                    VALUES (3, 7, '1.abc.host', 'oldheldtoken', 'not a member', 100, 200, 'held');
                INSERT INTO held_messages (id, post_id, file_name, token, reason, held_at, expires_at, state,
                    decided_at, decided_by)
                    VALUES (4, NULL, NULL, 'otherheldtoken', 'not a member', 50, 150, 'approved', 60, 'mod@example.org');
                INSERT INTO confirmations (token, purpose, address, payload, created_at, expires_at, notified_at)
                    VALUES ('mailedtoken', 'moderation', 'mod@example.org', '3', 100, 200, 100),
                           ('waitingtoken', 'moderation', 'other@example.org', '3', 100, 200, NULL);
                INSERT INTO confirmations (token, purpose, address, payload, created_at, expires_at, used_at, notified_at)
                    VALUES ('usedtoken', 'moderation', 'other@example.org', '4', 50, 150, 60, NULL);
                """)
        }
        defer { store.remove() }
        let database = try store.opened()
        try database.read("checking the migrated table") { db in
            #expect(try !db.columns(in: "held_messages").map(\.name).contains("token"))
            let held = try HeldMessageRecord.order(Column("id")).fetchAll(db)
            #expect(held.map(\.id) == [3, 4])
            #expect(held.first?.postID == 7)
            #expect(held.first?.fileName == "1.abc.host")
            #expect(held.first?.reason == "not a member")
            #expect(held.first?.expiresAt == Date(timeIntervalSince1970: 200))
            #expect(held.last?.state == .approved)
            #expect(held.last?.decidedBy == "mod@example.org")
            #expect(Set(try db.indexes(on: "held_messages").map(\.name)) == ["held_messages_by_state", "held_messages_by_post"])
            #expect(try ModerationQueue.heldPosts(in: db).map(\.held.id) == [3])
            #expect(try String.fetchAll(db, sql: "SELECT token FROM confirmations ORDER BY token") == ["mailedtoken", "usedtoken"])
            #expect(try !db.indexes(on: "confirmations").map(\.name).contains("confirmations_waiting_for_summary"))
        }
        // Held post 3 waits for other@example.org again: their summary lists it with a new token.
        let community = Community(name: "Test CoP", listAddress: "list@example.org")
        let moderation = ModerationQueue(community: community, configuredCore: ["mod@example.org", "other@example.org"])
        let summaries = try database.write("summaries") { db in
            try moderation.queueDueSummaries(at: Date(timeIntervalSince1970: 150), in: db)
        }
        #expect(summaries == 1)
        let tokenHolders = try database.read("checking the tokens") { db in
            try String.fetchAll(db, sql: "SELECT address FROM confirmations WHERE payload = '3' ORDER BY address")
        }
        #expect(tokenHolders == ["mod@example.org", "other@example.org"])
    }
}
