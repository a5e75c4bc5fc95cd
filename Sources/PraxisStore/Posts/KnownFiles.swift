import Foundation
import GRDB

extension PraxisDatabase {
    /// Whether a maildir file (flags ignored) was already recorded as a post, a duplicate or a held
    /// message: the start-up rescan of `cur/` records only files for which this is false.
    public func isKnown(fileName: String) throws(StoreError) -> Bool {
        let name = MaildirName.unique(fileName)
        return try read("checking whether \(fileName) is known") { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM posts WHERE file_name = ?1)
                    OR EXISTS (SELECT 1 FROM duplicates WHERE file_name = ?1)
                    OR EXISTS (SELECT 1 FROM held_messages WHERE file_name = ?1)
                """, arguments: [name]) ?? false
        }
    }

    /// Every maildir file name the store knows (without flags), for a rescan of a whole folder at once.
    public func knownFileNames() throws(StoreError) -> Set<String> {
        try read("listing known file names") { db in
            var names = Set<String>()
            let cursor = try String.fetchCursor(db, sql: """
                SELECT file_name FROM posts WHERE file_name IS NOT NULL
                UNION SELECT file_name FROM duplicates WHERE file_name != ''
                UNION SELECT file_name FROM held_messages WHERE file_name IS NOT NULL
                """)
            while let name = try cursor.next() { names.insert(name) }
            return names
        }
    }
}
