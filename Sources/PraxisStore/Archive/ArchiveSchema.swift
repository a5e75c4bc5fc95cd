import GRDB

extension StoreSchema {
    /// `v7-archive-member-key`: the secret that keys the hashes in members' archive URLs
    /// (`/members/HASH/`). With a plain hash anyone could confirm that an address wrote to the
    /// community by hashing it; with a keyed one only the store can. Made once, here, so that
    /// `praxis web`, which opens the store read-only, finds it.
    static func createArchiveMemberKey(_ db: Database) throws {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format2: UInt8.random(in: 0...255, using: &generator)) }.joined()
        try db.execute(
            sql: "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
            arguments: [SettingKey.archiveMemberKey, secret])
    }
}

extension SettingKey {
    /// 64 hex digits: the key of `ArchiveMemberKey`.
    static let archiveMemberKey = "archive_member_key"
}

extension String {
    /// Two lower-case hex digits.
    fileprivate init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self.init([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
