import Foundation
import GRDB
import Glibc
import PraxisMail
import PraxisStore
import Testing

// Nested without indenting, so the diff stays one line at each end; see BlockingSuites.
extension BlockingSuites {
/// Faults an operator will meet, each ending with every message accounted for: recorded once,
/// delivered once, or kept (in new/ or the quarantine) with its reason. Nothing is ever lost.
@Suite("Fault tolerance", .serialized)
struct FaultToleranceTests {
    typealias Setup = PostfixEndToEndTests.Setup

    /// A post from `member` as Postfix would have delivered it into Praxis's maildir: used while
    /// Postfix itself is down or refusing, when no member could post through it.
    static func delivered(from member: String, id: String, subject: String = "Bike lanes") -> [UInt8] {
        Array("""
            Delivered-To: \(Setup.list)\r
            From: \(member.capitalized) <\(Setup.address(member))>\r
            To: \(Setup.list)\r
            Subject: \(subject)\r
            Date: \(Setup.now())\r
            Message-ID: <\(id)>\r
            \r
            The new lane is open, message \(id).\r

            """.utf8)
    }

    /// Writes into tmp/ and renames into new/, as an MTA delivers.
    static func deliver(_ bytes: [UInt8], into maildir: String, as name: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: maildir + "/tmp/" + name))
        guard rename(maildir + "/tmp/" + name, maildir + "/new/" + name) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    static func addMembers(_ setup: Setup, inner: [String]) throws {
        for member in inner {
            let added = try setup.praxis(["members", "add", Setup.address(member), "--role", "inner"])
            try #require(added.status == 0, "members add \(member): \(added.err)")
        }
    }

    func copies(_ id: String, for member: String, in setup: Setup) -> Int {
        setup.postfix.mailbox(member).filter { $0.messageID == id }.count
    }

    /// Postfix is down while posts come in: copies wait in the outbox with the error, and go out
    /// once each when it is back.
    @Test func smtpServerDownThenBack() throws {
        guard PostfixInstance.isInstalled(for: "smtpServerDownThenBack") else { return }
        let setup = try Setup(members: ["alice", "bob"])
        try Self.addMembers(setup, inner: ["alice", "bob"])
        guard let (daemon, _) = try setup.startDaemon() else { return }
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }
        defer { setup.postfix.stop() }

        let ids = (1...3).map { "down-\($0)@members.test" }
        for (index, id) in ids.enumerated() {
            try Self.deliver(Self.delivered(from: "alice", id: id), into: setup.postfix.praxisMaildir, as: CommunityFixture.uniqueName(index))
        }
        let deferred = try eventually(timeout: .seconds(20)) {
            try setup.community.count("SELECT COUNT(*) FROM outbox WHERE state = 'queued' AND attempts >= 1 AND last_error IS NOT NULL") == 3
        }
        #expect(deferred, "the copies were not deferred with their error. \(setup.diagnostics(daemon))")

        try setup.postfix.start()
        let flush = try setup.praxis(["outbox", "flush"])
        #expect(flush.status == 0, "\(flush.err)")
        for id in ids { #expect(setup.copy(of: id, for: "bob") != nil, "\(id) never reached bob. \(setup.diagnostics(daemon))") }
        // The daemon's own worker polls each second: give it the chance to send anything twice.
        usleep(2_500_000)
        for id in ids { #expect(copies(id, for: "bob", in: setup) == 1) }
        #expect(try setup.community.count("SELECT COUNT(*) FROM outbox WHERE state = 'sent'") == 3)

        daemon.signal(SIGTERM)
        daemon.wait(timeout: .seconds(30))
        #expect(daemon.exitStatus == 0, "\(setup.diagnostics(daemon))")
    }

    /// Postfix answers 450 to every member address for a while (two rounds of attempts), then
    /// accepts: each copy arrives once.
    @Test func smtpServerAnswering4xxForAWhile() throws {
        guard PostfixInstance.isInstalled(for: "smtpServerAnswering4xxForAWhile") else { return }
        let setup = try Setup(members: ["alice", "bob", "carol"])
        try Self.addMembers(setup, inner: ["alice", "bob", "carol"])
        try Data("\(PostfixInstance.memberDomain) 450 4.7.1 Try again later\n".utf8)
            .write(to: URL(fileURLWithPath: setup.postfix.configurationDirectory + "/tempfail"))
        try setup.postfix.reconfigure([
            "smtpd_recipient_restrictions": "check_recipient_access texthash:\(setup.postfix.configurationDirectory)/tempfail",
        ])
        try setup.postfix.start()
        defer { setup.postfix.stop() }
        guard let (daemon, _) = try setup.startDaemon() else { return }
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }

        try setup.send(from: "alice", subject: "Bike lanes", id: "tempfail-1@members.test", body: "Lanes.\n")
        let deferred = try eventually(timeout: .seconds(20)) {
            try setup.community.count("SELECT COUNT(*) FROM outbox WHERE state = 'queued' AND last_error LIKE '%450%'") == 2
        }
        #expect(deferred, "the 450 replies did not defer both copies. \(setup.diagnostics(daemon))")
        // A second round while the server still refuses: still queued, nothing lost.
        let again = try setup.praxis(["outbox", "flush"])
        #expect(again.status == 1, "flush must say that messages are still deferred: \(again.err)")
        #expect(again.out.contains("deferred 2"), "\(again.out)")
        #expect(try setup.community.count("SELECT COUNT(*) FROM outbox WHERE state = 'queued' AND attempts >= 2") == 2)

        try setup.postfix.reconfigure(["smtpd_recipient_restrictions": nil])
        let flush = try setup.praxis(["outbox", "flush"])
        #expect(flush.status == 0, "\(flush.err)")
        for member in ["bob", "carol"] {
            #expect(setup.copy(of: "tempfail-1@members.test", for: member) != nil, "no copy for \(member). \(setup.diagnostics(daemon))")
        }
        usleep(2_500_000)
        for member in ["bob", "carol"] { #expect(copies("tempfail-1@members.test", for: member, in: setup) == 1) }
        #expect(try setup.community.count("SELECT COUNT(*) FROM outbox WHERE state = 'sent'") == 2)
        // A 4xx is not a bounce: nobody's score moved.
        #expect(try setup.community.count("SELECT COUNT(*) FROM members WHERE bounce_score > 0") == 0)

        daemon.signal(SIGTERM)
        daemon.wait(timeout: .seconds(30))
        #expect(daemon.exitStatus == 0, "\(setup.diagnostics(daemon))")
    }

    /// A slow server (6 s before its greeting): delivery waits, ingest does not, each copy arrives
    /// once. Then slower than `smtp.timeout`: the attempt is given up and retried, still once.
    @Test func slowSmtpServer() throws {
        guard PostfixInstance.isInstalled(for: "slowSmtpServer") else { return }
        let setup = try Setup(members: ["alice", "bob"])
        try Self.addMembers(setup, inner: ["alice", "bob"])
        try setup.postfix.reconfigure(["smtpd_client_restrictions": "sleep 6, permit", "smtpd_delay_reject": "no"])
        try setup.postfix.start()
        defer { setup.postfix.stop() }
        guard let (daemon, _) = try setup.startDaemon() else { return }
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }

        let maildir = setup.postfix.praxisMaildir
        try Self.deliver(Self.delivered(from: "alice", id: "slow-1@members.test"), into: maildir, as: CommunityFixture.uniqueName(1))
        #expect(try eventually(timeout: .seconds(30)) { try setup.community.count("SELECT COUNT(*) FROM outbox") == 1 })
        // While the first copy waits for the greeting, the next message is recorded at once.
        try Self.deliver(Self.delivered(from: "alice", id: "slow-2@members.test"), into: maildir, as: CommunityFixture.uniqueName(2))
        #expect(try eventually(timeout: .seconds(30)) { try setup.community.count("SELECT COUNT(*) FROM posts") == 2 })
        #expect(copies("slow-1@members.test", for: "bob", in: setup) == 0, "ingest waited for the slow server, or the server was not slow")
        for id in ["slow-1@members.test", "slow-2@members.test"] {
            #expect(setup.copy(of: id, for: "bob") != nil, "\(id) never arrived. \(setup.diagnostics(daemon))")
        }
        usleep(2_500_000)
        for id in ["slow-1@members.test", "slow-2@members.test"] { #expect(copies(id, for: "bob", in: setup) == 1) }

        // Slower than the timeout: given up (transient), then sent once when the server is quick.
        daemon.signal(SIGTERM)
        daemon.wait(timeout: .seconds(30))
        #expect(daemon.exitStatus == 0, "\(setup.diagnostics(daemon))")
        var text = try String(contentsOfFile: setup.configPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "  connect_timeout: 10\n", with: "  connect_timeout: 2\n  timeout: 2\n")
        try setup.community.writeConfiguration(text)
        try Self.deliver(Self.delivered(from: "alice", id: "slow-3@members.test"), into: maildir, as: CommunityFixture.uniqueName(3))
        let ingest = try setup.praxis(["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
        let timedOut = try setup.praxis(["outbox", "flush"])
        #expect(timedOut.status == 1, "the attempt must time out and be deferred: \(timedOut.out) \(timedOut.err)")
        let rows = try setup.community.strings("SELECT state || ' ' || attempts || ' ' || IFNULL(last_error, '') FROM outbox")
        #expect(rows.filter { $0.hasPrefix("queued 1 ") }.count == 1 && rows.filter { $0.hasPrefix("sent ") }.count == 2, "\(rows)")
        try setup.postfix.reconfigure(["smtpd_client_restrictions": nil])
        let flush = try setup.praxis(["outbox", "flush"])
        #expect(flush.status == 0, "\(flush.err)")
        #expect(setup.copy(of: "slow-3@members.test", for: "bob") != nil, "\(setup.diagnostics(nil))")
        #expect(copies("slow-3@members.test", for: "bob", in: setup) == 1)
    }

    /// Another process holds the database's write lock for longer than the store's busy timeout
    /// while mail arrives: the daemon keeps running, the files wait in new/, and everything is
    /// recorded once the lock is gone.
    @Test func databaseLockedByAnotherProcess() throws {
        let community = try CommunityFixture()
        guard let daemon = try PraxisChild(["run", "--config", community.configPath], in: community.url, label: "run") else { return }
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }
        #expect(eventually(timeout: .seconds(30)) { daemon.standardError.contains("] ready") })
        _ = try community.count("SELECT COUNT(*) FROM posts")

        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [community.databasePath]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        // The lock is held from BEGIN IMMEDIATE until the shell's sleep ends: more than twice the
        // store's 5-second busy timeout, so that the daemon's write times out even when a loaded
        // machine delays it by a few seconds.
        input.fileHandleForWriting.write(Data(".timeout 10000\nBEGIN IMMEDIATE;\nINSERT INTO settings (key, value) VALUES ('lock-test', 'x');\n.shell sleep 12\nROLLBACK;\n.quit\n".utf8))
        // The shell waits for the lock if the daemon is writing just then (without `.timeout` its
        // BEGIN failed at once and it slept holding nothing), and the test waits until the shell
        // holds it, rather than guessing how long that takes.
        #expect(eventually(timeout: .seconds(10)) { !Self.writeLockIsFree(community.databasePath) }, "the shell never took the lock")
        for index in 0..<5 { try community.deliver(TestMessages.synthetic(index), as: CommunityFixture.uniqueName(index)) }
        usleep(1_000_000)
        #expect(try community.count("SELECT COUNT(*) FROM posts") == 0, "the lock was not held")
        holder.waitUntilExit()

        let recorded = try eventually(timeout: .seconds(90)) { try community.count("SELECT COUNT(*) FROM posts") == 5 }
        #expect(recorded, "after the lock, not all 5 recorded; \(daemon.standardError.suffix(3000))")
        #expect(daemon.process.isRunning, "the daemon died: \(daemon.standardError.suffix(3000))")
        #expect(eventually { community.files(in: community.newPath).isEmpty }, "claimed after recording")
        #expect(try community.count("SELECT COUNT(*) FROM quarantine") == 0)
        #expect(daemon.standardError.contains("ingest deferred"), "the wait was not logged")
        daemon.signal(SIGTERM)
        daemon.wait(timeout: .seconds(30))
        #expect(daemon.exitStatus == 0, "\(daemon.standardError.suffix(3000))")
    }

    /// Whether another connection could take the store's write lock now: a second `sqlite3` with
    /// no busy timeout, which fails at once while someone holds it.
    static func writeLockIsFree(_ databasePath: String) -> Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        probe.arguments = [databasePath, "BEGIN IMMEDIATE; ROLLBACK;"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return true }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    /// Entries in new/ that cannot be read as files: a dangling symbolic link and a directory.
    /// Both are quarantined with their reason; the good message beside them is recorded.
    @Test func unreadableMaildirEntriesAreQuarantinedWithTheirReason() throws {
        let community = try CommunityFixture()
        try community.deliver(TestMessages.synthetic(0), as: CommunityFixture.uniqueName(0))
        let dangling = CommunityFixture.uniqueName(1)
        #expect(symlink(community.url.path + "/nowhere", community.newPath + "/" + dangling) == 0)
        let directory = CommunityFixture.uniqueName(2)
        try FileManager.default.createDirectory(atPath: community.newPath + "/" + directory, withIntermediateDirectories: false)

        guard let (status, _, err) = try PraxisChild.run(["ingest", "--once", "--verbose", "--config", community.configPath], in: community.url) else { return }
        #expect(status == 0, "\(err)")
        #expect(try community.count("SELECT COUNT(*) FROM posts") == 1)
        #expect(community.files(in: community.newPath).isEmpty, "left in new/: \(community.files(in: community.newPath))")
        let quarantined = community.files(in: community.quarantineNewPath) + community.files(in: community.maildirPath + "/.Quarantine/cur")
        #expect(quarantined.contains { $0.hasPrefix(dangling) }, "\(quarantined)")
        #expect(quarantined.contains { $0.hasPrefix(directory) }, "\(quarantined)")
        let reasons = try community.strings("SELECT file_name || ': ' || reason FROM quarantine ORDER BY file_name")
        #expect(reasons.count == 2, "\(reasons)")
        #expect(reasons.allSatisfy { $0.contains("cannot be read") || $0.contains("not a") }, "\(reasons)")
        #expect(err.contains("quarantined"), "\(err)")
    }

    /// The file system holding the state directory fills up while mail waits: nothing is lost
    /// (each file stays in new/ or is quarantined), and once space returns everything is recorded.
    @Test func stateFileSystemFullThenFreed() throws {
        let community = try CommunityFixture()
        let mountPoint = community.url.path + "/state"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: false)
        // Room for a fresh store with its write-ahead log (about 4 MB before the first checkpoint) and
        // the backlog; the filler below takes whatever is left.
        guard Self.shell("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint]) == 0 else {
            print("skipping stateFileSystemFullThenFreed: mounting a tmpfs at \(mountPoint) is not permitted here (needs root)")
            return
        }
        defer { _ = Self.shell("/usr/bin/umount", ["-l", mountPoint]) }
        try community.writeConfiguration("""
            community:
              name: Test CoP
              list_address: list@example.org
            paths:
              maildir: state/Maildir
              database: state/praxis.sqlite
            """)
        let maildir = mountPoint + "/Maildir"
        let first = try PraxisChild.run(["ingest", "--once", "--config", community.configPath], in: community.url)
        #expect(first?.0 == 0, "\(first?.2 ?? "")")
        let messages = TestMessages.backlog(40)
        for (index, message) in messages.enumerated() {
            try Self.deliver(message, into: maildir, as: CommunityFixture.uniqueName(index))
        }
        // Fill what is left of the file system.
        let filler = mountPoint + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        if let handle = FileHandle(forWritingAtPath: filler) {
            let block = Data(count: 64 * 1024)
            while (try? handle.write(contentsOf: block)) != nil {}
            try? handle.close()
        }

        let full = try PraxisChild.run(["ingest", "--once", "--config", community.configPath], in: community.url)
        let inNew = community.files(in: maildir + "/new").count
        let inCur = community.files(in: maildir + "/cur").count
        let quarantined = community.files(in: maildir + "/.Quarantine/new").count + community.files(in: maildir + "/.Quarantine/cur").count
        #expect(inNew + inCur + quarantined == messages.count,
                "new \(inNew) + cur \(inCur) + quarantine \(quarantined) != \(messages.count); \(full?.2.suffix(2000) ?? "")")
        #expect(inNew > 0, "with the disk full nothing should have been recordable; stderr: \(full?.2.suffix(2000) ?? "")")
        #expect(full?.0 != 0 || inNew == 0, "a full disk must not look like success while messages wait")

        try FileManager.default.removeItem(atPath: filler)
        let freed = try PraxisChild.run(["ingest", "--once", "--config", community.configPath], in: community.url)
        #expect(freed?.0 == 0, "\(freed?.2.suffix(2000) ?? "")")
        #expect(community.files(in: maildir + "/new").isEmpty)
        let database = try PraxisDatabase(path: mountPoint + "/praxis.sqlite")
        let posts = try database.read("counting") { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM posts") ?? 0 }
        let duplicates = try database.read("counting") { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM duplicates") ?? 0 }
        let quarantinedAfter = community.files(in: maildir + "/.Quarantine/new").count + community.files(in: maildir + "/.Quarantine/cur").count
        #expect(posts + duplicates + quarantinedAfter == messages.count, "posts \(posts) duplicates \(duplicates) quarantined \(quarantinedAfter)")
        #expect(quarantinedAfter == 0, "a full disk is no reason to quarantine a message")
    }

    static func shell(_ command: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
}
