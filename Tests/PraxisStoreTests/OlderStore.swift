import Foundation
import GRDB
@testable import PraxisStore

/// A store as an earlier version of Praxis left it, for the migration tests: a database in a
/// folder of its own, migrated only up to one version and holding the rows that version wrote.
/// Opening it with today's `PraxisDatabase` runs the later migrations, as an upgrade does.
struct OlderStore {
    let folder: URL
    var path: String { folder.appendingPathComponent("praxis.sqlite").path }

    /// A new store at `version`, with `rows` written in one transaction.
    init(migratedUpTo version: String, rows: (Database) throws -> Void) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-\(version)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("praxis.sqlite").path)
        try StoreSchema.migrator.migrate(queue, upTo: version)
        try queue.write(rows)
        try queue.close()
    }

    /// The store as today's code opens it, after the migrations since `version`.
    func opened() throws -> PraxisDatabase { try PraxisDatabase(path: path) }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
