import Foundation
import GRDB
import PraxisCommunity
import Testing
@testable import PraxisStore

/// Migration v10-lang-member-language: members written before it keep every field and have no
/// language of their own (the community's); a language written after it reads back, and an
/// unknown code from a newer version reads as none rather than failing the whole row.
@Suite("Migration v10-lang-member-language")
struct MemberLanguageMigrationTests {
    @Test func membersBeforeTheMigrationSpeakTheCommunitysLanguage() throws {
        let store = try OlderStore(migratedUpTo: "v9-settings-member-links") { db in
            try db.execute(sql: """
                INSERT INTO members (address, name, joined_at, status, delivery, digest_frequency)
                VALUES ('anna@example.org', 'Anna', 1, 'active', 'digest', 'daily')
                """)
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE members SET language = 'de'") }
        }
        defer { store.remove() }
        let database = try store.opened()
        let community = Community(name: "Mobility", listAddress: "list@example.org", language: .fr)
        try database.write("checking the migrated members") { db in
            let anna = try #require(try MemberRecord.withAddress("anna@example.org").fetchOne(db))
            #expect(anna.name == "Anna")
            #expect(anna.digestFrequency == .daily)
            #expect(anna.language == nil)
            #expect(anna.language(in: community) == .fr)
            try db.execute(sql: "UPDATE members SET language = 'de'")
            #expect(try MemberRecord.withAddress("anna@example.org").fetchOne(db)?.language(in: community) == .de)
            try db.execute(sql: "UPDATE members SET language = 'tlh'")
            let newer = try #require(try MemberRecord.withAddress("anna@example.org").fetchOne(db))
            #expect(newer.ownLanguage == nil)
            #expect(newer.language(in: community) == .fr)
        }
    }
}
