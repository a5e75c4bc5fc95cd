import Foundation
import GRDB
import PraxisStore
import Testing

/// An older `praxis` meeting a store that a newer one migrated: it must refuse with one sentence and
/// exit status 2, and leave the store as it found it (DESIGN.md §4's exit codes).
@Suite("A newer store")
struct NewerStoreTests {
    /// A community whose store holds a migration this binary does not know, as a later Praxis adds.
    static func communityWithNewerStore(migration: String) throws -> CommunityFixture {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration())
        // Created and migrated by today's code, then one step further by "a newer version".
        _ = try PraxisDatabase(path: community.databasePath)
        let queue = try DatabaseQueue(path: community.databasePath)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration])
        }
        try queue.close()
        return community
    }

    @Test(arguments: ["status", "members list", "outbox list"])
    func theBinaryRefusesIt(command: String) throws {
        let migration = "v99-from-the-future"
        let community = try Self.communityWithNewerStore(migration: migration)
        let arguments = command.split(separator: " ").map(String.init) + ["--config", community.configPath]
        guard let (status, output, error) = try PraxisChild.run(arguments, in: community.url) else {
            Issue.record("the praxis executable was not found beside the test bundle")
            return
        }
        #expect(status == 2)
        #expect(output.isEmpty)
        #expect(error.contains(
            "the store at \(community.databasePath) was written by a newer Praxis "
                + "(migration \(migration) unknown to this version); use that version or newer"), "\(error)")
        // Refused before migrating: the newer store's list of migrations is as it was.
        let queue = try DatabaseQueue(path: community.databasePath)
        let applied = try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.contains(migration))
    }

    @Test func theStoreSaysWhichMigrationsItDoesNotKnow() throws {
        let community = try Self.communityWithNewerStore(migration: "v98-later")
        let queue = try DatabaseQueue(path: community.databasePath)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-latest')") }
        try queue.close()
        do {
            _ = try PraxisDatabase(path: community.databasePath)
            Issue.record("a store with unknown migrations was opened")
        } catch {
            #expect(error.code == .newerStore)
            #expect(!error.isTransient)
            #expect(error.description.contains("(migrations v98-later, v99-latest unknown to this version)"))
        }
    }
}
