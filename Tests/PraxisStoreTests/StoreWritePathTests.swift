import Foundation
import GRDB
import PraxisMail
import Testing
@testable import PraxisStore

/// The shape the write path depends on for its speed, and the direct statements it runs.
@Suite("StoreWritePath")
struct StoreWritePathTests {
    @Test func textsLiveApartAndIndexesStayLean() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.database
        var held = makePost("h@x", body: "")
        held.kind = .held
        held.contentHash = "held"
        var automatic = makePost("o@x", subject: "Out of office", body: "")
        automatic.kind = .auto
        automatic.contentHash = "automatic"
        _ = try db.recordPosts([makePost("a@x", body: ""), makePost("b@x", body: "second text"), held, automatic])
        try db.read("inspecting") { db in
            // An empty text has no row at all, but for a post readers see: its row puts it in the
            // search index (v7-search).
            #expect(try String.fetchAll(db, sql: "SELECT text FROM post_texts ORDER BY post_id") == ["", "second text"])
            let postColumns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('posts')")
            #expect(!postColumns.contains("trimmed_text"))
            let postIndexes = try String.fetchAll(db, sql: "SELECT name FROM pragma_index_list('posts')")
            #expect(!postIndexes.contains("posts_by_file_name"))
            #expect(try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info('threads_by_subject')") == ["normalised_subject"])
        }
        // ...and reads back through PostRecord as ''.
        #expect(try db.post(messageID: "a@x")?.trimmedText == "")
        #expect(try db.post(messageID: "b@x")?.trimmedText == "second text")
        #expect(try db.post(messageID: "b@x")?.fileName == nil)
    }

    @Test func directStatementBindsReadsAndReportsErrors() throws {
        let temporary = try TemporaryDatabase()
        try temporary.database.write("direct statements") { db in
            try db.execute(sql: "CREATE TEMP TABLE t (a TEXT, b INTEGER, c REAL, d TEXT NOT NULL UNIQUE)")
            let insert = try DirectStatement(db, "INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)")
            try insert.bind(1, "é\u{1F6B2}" as String?)
            try insert.bind(2, nil as Int64?)
            try insert.bind(3, 1.5 as Double?)
            try insert.bind(4, "" as String?)
            try insert.execute()
            // The same key again breaks the UNIQUE constraint: a DatabaseError naming the SQL.
            let again = try DirectStatement(db, "INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)")
            try again.bind(4, "" as String?)
            #expect(throws: DatabaseError.self) { try again.execute() }
            // Parameters left unbound by a new use are NULL, not the previous use's values.
            let select = try DirectStatement(db, "SELECT a, b, c, d, ? IS NULL FROM t")
            #expect(try select.step())
            #expect(select.text(0) == "é\u{1F6B2}")
            #expect(select.int64(1) == nil)
            #expect(select.text(3) == "")
            #expect(select.int64(4) == 1)
            #expect(try !select.step())
            select.finish()
        }
    }
}
