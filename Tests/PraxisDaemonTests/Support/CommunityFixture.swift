import Foundation
import GRDB
import Glibc
import PraxisMail
import PraxisStore
import PraxisSystem
import Testing

/// One community for one test: a temporary directory with its own `praxis.yaml`, maildir and
/// database, removed when the test is done. Paths in the config are relative, as in production.
final class CommunityFixture {
    let url: URL
    var configPath: String { url.appendingPathComponent("praxis.yaml").path }
    var maildirPath: String { url.appendingPathComponent("Maildir").path }
    var databasePath: String { url.appendingPathComponent("praxis.sqlite").path }
    var newPath: String { maildirPath + "/new" }
    var curPath: String { maildirPath + "/cur" }
    var tmpPath: String { maildirPath + "/tmp" }
    var quarantineNewPath: String { maildirPath + "/.Quarantine/new" }

    static func configuration(name: String = "Test CoP", extra: String = "") -> String {
        """
        community:
          name: \(name)
          list_address: list@example.org
        paths:
          maildir: Maildir
          database: praxis.sqlite
        \(extra)
        """
    }

    /// The line that keeps a test's ingest from asking the machine's nameserver for authors'
    /// DMARC policies (`list.from_rewrite: dmarc`, the default): what that DNS answers for
    /// `_dmarc.example.org` is not the test's to decide, and a silent one costs 2 s an ingest.
    /// Only the DMARC tests look policies up, from a `FakeDNSServer` (`list.dmarc_resolver`).
    static let noDMARCLookups = "from_rewrite: never"

    /// `yaml` with `list.from_rewrite: never` unless it says `from_rewrite` itself or names a
    /// `dmarc_resolver` (a test about DMARC, asking its own server): added to its `list:`
    /// section when it has one (YAML allows the key once), else as one at the end.
    static func withoutDMARCLookups(_ yaml: String) -> String {
        guard !yaml.contains("from_rewrite:"), !yaml.contains("dmarc_resolver:") else { return yaml }
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let section = lines.firstIndex(where: { $0.hasPrefix("list:") }) else {
            return yaml + (yaml.hasSuffix("\n") ? "" : "\n") + "list:\n  \(noDMARCLookups)\n"
        }
        if lines[section].trimmingCharacters(in: .whitespaces) == "list:" {
            lines.insert("  " + noDMARCLookups, at: section + 1)
        } else {
            // A flow mapping on one line: `list: {subject_prefix: "[CoP]"}`.
            guard let brace = lines[section].firstIndex(of: "{") else { return yaml }
            lines[section].insert(contentsOf: " \(noDMARCLookups),", at: lines[section].index(after: brace))
        }
        return lines.joined(separator: "\n")
    }

    init() throws {
        // Short, under /tmp: a notify socket path inside it must fit sockaddr_un's 108 bytes.
        url = URL(fileURLWithPath: "/tmp/praxis-test-\(UUID().uuidString.prefix(13))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try writeConfiguration(Self.configuration())
        for folder in [maildirPath, tmpPath, newPath, curPath] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` as the community's `praxis.yaml`, `withoutDMARCLookups`.
    func writeConfiguration(_ text: String) throws {
        // Written beside and renamed, so a daemon reloading never reads half a file.
        let temporary = configPath + ".new"
        try Data(Self.withoutDMARCLookups(text).utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, configPath) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// A maildir unique name that sorts by `index`, the way deliveries sort by time.
    static func uniqueName(_ index: Int) -> String {
        "1700000000.M\(String(format: "%06d", index))P4242.test.example.org"
    }

    /// Delivers like an MTA: write into `tmp/`, then rename into `new/` (atomic for a watcher).
    func deliver(_ bytes: [UInt8], as name: String) throws {
        let temporary = tmpPath + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, newPath + "/" + name) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// Writes straight into `cur/` as already seen: what a power cut leaves after a claim whose
    /// commit never reached the disk.
    func placeInCur(_ bytes: [UInt8], as name: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: curPath + "/" + name + ":2,S"))
    }

    func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Opens the store the way the daemon does (a second connection; WAL lets both work).
    func database() throws -> PraxisDatabase {
        if let opened { return opened }
        let database = try PraxisDatabase(path: databasePath)
        opened = database
        return database
    }

    private var opened: PraxisDatabase?

    func count(_ sql: String) throws -> Int {
        try database().read("counting for a test") { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    func strings(_ sql: String) throws -> [String] {
        try database().read("listing for a test") { db in try String.fetchAll(db, sql: sql) }
    }
}

/// Messages to feed ingest: real ones from the linux-mips archive when the corpus is there,
/// synthetic ones otherwise (said on stdout, so a run without the corpus is not mistaken for one with it).
enum TestMessages {
    static let corpusPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/corpora/lists/linux-mips-2004.mbox").path

    static func corpus() -> [[UInt8]]? {
        guard let data = FileManager.default.contents(atPath: corpusPath) else { return nil }
        return Array(Mbox([UInt8](data)))
    }

    /// `count` messages, real when possible.
    static func backlog(_ count: Int) -> [[UInt8]] {
        if let real = corpus(), real.count >= count { return Array(real.prefix(count)) }
        print("note: \(corpusPath) is absent; using \(count) synthetic messages instead of real mail")
        return (0..<count).map { synthetic($0) }
    }

    static func synthetic(_ index: Int) -> [UInt8] {
        let parent = index > 0 && index % 3 != 0 ? "In-Reply-To: <synthetic-\(index - 1)@example.org>\r\n" : ""
        return Array("""
            From: Author \(index % 37) <author\(index % 37)@example.org>\r
            To: list@example.org\r
            Subject: \(index % 3 == 0 ? "" : "Re: ")Topic \(index / 3)\r
            Date: Mon, 3 May 2004 10:\(String(format: "%02d", index % 60)):00 +0000\r
            Message-ID: <synthetic-\(index)@example.org>\r
            \(parent)\r
            Body of message \(index), with enough words to look like a post.\r

            """.utf8)
    }
}
