import Foundation
import Glibc
import PraxisSystem
import Testing
@testable import PraxisDaemon

extension BlockingSuites {
    /// Entries in `new/` and `cur/` that are no message files: FIFOs, symlinks, devices, sockets,
    /// directories and names that are not UTF-8, through the real `praxis` binary (issue 16,
    /// findings 4–6). Each is quarantined with its reason, never followed or waited on, and the
    /// messages beside it are recorded. Children are killed after a deadline, so a regression
    /// that blocks fails the test instead of hanging the suite.
    @Suite("Maildir entries that are no message files")
    struct MaildirEntryTests {
        /// Long enough for a loaded machine to ingest a handful of files, short enough that a
        /// blocked child fails the test quickly.
        static let deadline: Duration = .seconds(30)

        static func ingest(_ community: CommunityFixture) throws -> (Int32, String, String)? {
            try PraxisChild.run(["ingest", "--once", "--verbose", "--config", community.configPath], in: community.url, timeout: deadline)
        }

        static func reasons(_ community: CommunityFixture) throws -> [String: String] {
            try community.database().quarantineRecords().reduce(into: [String: String]()) { $0[$1.fileName] = $1.reason }
        }

        /// The file type of `path` itself (a symlink is not followed), or nil when there is none.
        static func fileType(_ path: String) -> mode_t? {
            var status = stat()
            guard lstat(path, &status) == 0 else { return nil }
            return status.st_mode & S_IFMT
        }

        /// A message that must never be recorded: it stands for a file outside the maildir
        /// (`/etc/passwd`) and is shaped like mail, so a reader that follows a link records it.
        static let secret = Array("""
            From: root@example.org\r
            To: list@example.org\r
            Subject: the password file\r
            Message-ID: <secret@example.org>\r
            \r
            root:x:0:0:root:/root:/bin/bash\r

            """.utf8)

        // MARK: FIFOs (finding 4)

        /// A FIFO in `new/` (and one in `cur/`, which the start-up rescan reads) used to block
        /// `ingest --once` for ever in open(2). Now both are quarantined and the run finishes.
        @Test func fifoIsQuarantinedAndIngestFinishes() throws {
            let community = try CommunityFixture()
            let names = (0..<4).map(CommunityFixture.uniqueName)
            try community.deliver(TestMessages.synthetic(0), as: names[0])
            #expect(mkfifo(community.newPath + "/" + names[1], 0o600) == 0)
            try community.deliver(TestMessages.synthetic(2), as: names[2])
            #expect(mkfifo(community.curPath + "/" + names[3] + ":2,S", 0o600) == 0)

            let started = ContinuousClock.now
            guard let outcome = try Self.ingest(community) else { return }
            #expect(ContinuousClock.now - started < Self.deadline)
            #expect(outcome.0 == 0, "\(outcome.2)")
            #expect(outcome.1.hasPrefix("recorded 2, duplicates 0, quarantined 2 in "), "\(outcome.1)")

            let reasons = try Self.reasons(community)
            #expect(reasons[names[1]] == "not a regular file: it is a FIFO (named pipe)")
            // The store names a file by its unique part, without the flags.
            #expect(reasons[names[3]] == "not a regular file: it is a FIFO (named pipe)")
            #expect(community.files(in: community.quarantineNewPath) == [names[1], names[3] + ":2,S"])
            #expect(Self.fileType(community.quarantineNewPath + "/" + names[1]) == S_IFIFO)
            #expect(outcome.2.contains("quarantined a message") && outcome.2.contains(names[1]) && outcome.2.contains("FIFO"))
            #expect(community.files(in: community.newPath).isEmpty)
            #expect(community.files(in: community.curPath) == [names[0] + ":2,S", names[2] + ":2,S"])
            #expect(try community.count("SELECT COUNT(*) FROM posts") == 2)
        }

        /// `praxis run` with a FIFO waiting in `new/` used to send no READY=1 and ignore SIGTERM
        /// (its start-up scan sat in open(2)). Now it gets ready, quarantines the FIFO, handles one
        /// made while it runs, and stops on SIGTERM.
        @Test func daemonWithFIFOGetsReadyAndStops() throws {
            let community = try CommunityFixture()
            let names = (0..<4).map(CommunityFixture.uniqueName)
            #expect(mkfifo(community.newPath + "/" + names[0], 0o600) == 0)
            try community.deliver(TestMessages.synthetic(1), as: names[1])
            let socket = try NotifySocket(name: community.url.path + "/notify.sock")
            guard let daemon = try PraxisChild(
                ["run", "--config", community.configPath], in: community.url,
                environment: ["NOTIFY_SOCKET": socket.name], label: "run")
            else { return }
            defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }

            var seen: [String] = []
            let ready = socket.receive(until: DaemonNotifyTests.isReady, timeout: Self.deadline, seen: &seen)
            #expect(ready != nil, "no READY=1; got \(seen); stderr: \(daemon.standardError)")
            #expect(try community.count("SELECT COUNT(*) FROM posts") == 1)
            #expect(community.files(in: community.quarantineNewPath) == [names[0]])

            // One made while the daemon watches, then a message that wakes it.
            #expect(mkfifo(community.newPath + "/" + names[2], 0o600) == 0)
            try community.deliver(TestMessages.synthetic(3), as: names[3])
            #expect(try eventually { try community.count("SELECT COUNT(*) FROM posts") == 2 })
            #expect(eventually { community.files(in: community.quarantineNewPath) == [names[0], names[2]] })
            #expect(try Self.reasons(community)[names[2]] == "not a regular file: it is a FIFO (named pipe)")

            daemon.signal(SIGTERM)
            #expect(daemon.wait(timeout: Self.deadline))
            #expect(!daemon.wasKilledBySignal)
            #expect(daemon.exitStatus == 0, "\(daemon.standardError)")
            #expect(community.files(in: community.newPath).isEmpty)
        }

        // MARK: Symlinks (finding 5)

        /// A symlink to a real file outside the maildir used to be followed: the file became a
        /// held post, whose approval would have distributed it. Links are quarantined as links,
        /// dangling or not, in `new/` and in `cur/`; the target is never read.
        @Test func symlinksAreQuarantinedAndNeverFollowed() throws {
            let community = try CommunityFixture()
            let target = community.url.path + "/passwd"
            #expect(FileManager.default.createFile(atPath: target, contents: Data(Self.secret)))
            let names = (0..<5).map(CommunityFixture.uniqueName)
            #expect(symlink(target, community.newPath + "/" + names[0]) == 0)
            #expect(symlink(community.url.path + "/nowhere", community.newPath + "/" + names[1]) == 0)
            // A relative link, resolved against new/ itself.
            #expect(symlink("../../passwd", community.newPath + "/" + names[2]) == 0)
            #expect(symlink(target, community.curPath + "/" + names[3] + ":2,S") == 0)
            try community.deliver(TestMessages.synthetic(4), as: names[4])

            guard let outcome = try Self.ingest(community) else { return }
            #expect(outcome.0 == 0, "\(outcome.2)")
            #expect(outcome.1.hasPrefix("recorded 1, duplicates 0, quarantined 4 in "), "\(outcome.1)")
            let reasons = try Self.reasons(community)
            for name in names.prefix(4) {
                #expect(reasons[name] == "not a regular file: it is a symbolic link", "\(name)")
            }
            for name in [names[0], names[1], names[2], names[3] + ":2,S"] {
                #expect(Self.fileType(community.quarantineNewPath + "/" + name) == S_IFLNK, "\(name)")
            }
            #expect(try community.strings("SELECT message_id FROM posts") == ["synthetic-4@example.org"])
            #expect(try community.count("SELECT COUNT(*) FROM posts WHERE subject = 'the password file'") == 0)
            #expect(try community.count("SELECT COUNT(*) FROM duplicates") == 0)
            #expect(!outcome.2.contains("root:x:0:0"))
            // The target is where it was, untouched.
            #expect(FileManager.default.contents(atPath: target) == Data(Self.secret))
            #expect(community.files(in: community.newPath).isEmpty)
        }

        /// Moderation and distribution read a recorded post's file again by name: a file swapped
        /// for a symlink after it was recorded is not followed there either (one way of opening).
        @Test func recordedFileReplacedByASymlinkIsNotReadAgain() throws {
            let community = try CommunityFixture()
            let target = community.url.path + "/passwd"
            #expect(FileManager.default.createFile(atPath: target, contents: Data(Self.secret)))
            let name = CommunityFixture.uniqueName(0)
            try community.placeInCur(TestMessages.synthetic(0), as: name)
            let maildir = Maildir(path: community.maildirPath)
            #expect(maildir.message(uniqueName: name) == TestMessages.synthetic(0))

            #expect(unlink(community.curPath + "/" + name + ":2,S") == 0)
            #expect(symlink(target, community.curPath + "/" + name + ":2,S") == 0)
            #expect(maildir.message(uniqueName: name) == nil)
        }

        // MARK: Names that are not UTF-8 (finding 6)

        /// The name with the bytes 0xFF 0xFE in the middle, which no UTF-8 string can hold.
        static let rawName: [UInt8] = Array("1700000000.M000001P4242.bad".utf8) + [0xFF, 0xFE] + Array(".example.org".utf8)
        static let rawNameReadable = "1700000000.M000001P4242.bad%FF%FE.example.org"

        /// Creates `directory/NAME` with raw bytes for the name, through open(2).
        static func create(rawName: [UInt8], in directory: String, contents: [UInt8]) throws {
            let path = Array(directory.utf8) + [UInt8(ascii: "/")] + rawName + [0]
            let descriptor = path.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o600) }
            }
            guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            defer { close(descriptor) }
            #expect(contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == contents.count)
        }

        /// The names in `directory` byte for byte (FileManager would change the ones that are not UTF-8).
        static func rawEntries(in directory: String) -> [[UInt8]] {
            guard let stream = opendir(directory) else { return [] }
            defer { closedir(stream) }
            var names: [[UInt8]] = []
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
                if name != [0x2E] && name != [0x2E, 0x2E] { names.append(name) }
            }
            return names
        }

        /// A name that is not UTF-8 used to stay in `new/` for ever without a word: listed as a
        /// String with U+FFFD in place of the bad bytes, it named no file. It cannot be recorded
        /// (the store, the claim into `cur/` and every later look-up go by a text name), so it is
        /// quarantined under a readable name, each bad byte written %XX: moving it back into `new/`
        /// then records it. In `cur/` the same.
        @Test func nameThatIsNotUTF8IsQuarantinedUnderAReadableName() throws {
            let community = try CommunityFixture()
            try Self.create(rawName: Self.rawName, in: community.newPath, contents: TestMessages.synthetic(1))
            let curName = Array("1700000000.M000002P4242.".utf8) + [0xC3, 0x28] + Array(":2,S".utf8)
            try Self.create(rawName: curName, in: community.curPath, contents: TestMessages.synthetic(2))
            try community.deliver(TestMessages.synthetic(0), as: CommunityFixture.uniqueName(0))

            guard let outcome = try Self.ingest(community) else { return }
            #expect(outcome.0 == 0, "\(outcome.2)")
            #expect(outcome.1.hasPrefix("recorded 1, duplicates 0, quarantined 2 in "), "\(outcome.1)")
            #expect(Self.rawEntries(in: community.newPath).isEmpty)
            #expect(Self.rawEntries(in: community.curPath) == [Array((CommunityFixture.uniqueName(0) + ":2,S").utf8)])
            let curReadable = "1700000000.M000002P4242.%C3(:2,S"
            #expect(community.files(in: community.quarantineNewPath) == [Self.rawNameReadable, curReadable])
            let reasons = try Self.reasons(community)
            #expect(reasons[Self.rawNameReadable] == "the file name is not UTF-8; quarantined as \(Self.rawNameReadable)")
            #expect(reasons["1700000000.M000002P4242.%C3("] == "the file name is not UTF-8; quarantined as \(curReadable)")
            #expect(outcome.2.contains("quarantined a message") && outcome.2.contains(Self.rawNameReadable))

            // Moved back into new/ under its readable name, it is an ordinary message.
            #expect(rename(community.quarantineNewPath + "/" + Self.rawNameReadable, community.newPath + "/" + Self.rawNameReadable) == 0)
            guard let again = try Self.ingest(community) else { return }
            #expect(again.1.hasPrefix("recorded 1, duplicates 0, quarantined 0 in "), "\(again.1)")
            #expect(community.files(in: community.curPath).contains(Self.rawNameReadable + ":2,S"))
        }

        // MARK: Devices, sockets, directories

        /// A character device (made with mknod, as root) is never opened; a Unix socket and a
        /// directory are no messages either. Each is quarantined with what it is.
        @Test func devicesSocketsAndDirectoriesAreQuarantinedWithWhatTheyAre() throws {
            let community = try CommunityFixture()
            let names = (0..<4).map(CommunityFixture.uniqueName)
            // The device numbers of /dev/null (major 1, minor 3: 0x103 in Linux's dev_t), which
            // does nothing when opened, should a regression open it.
            let device = mknod(community.newPath + "/" + names[0], S_IFCHR | 0o600, dev_t(0x103)) == 0
            if !device { print("note: mknod failed (\(String(cString: strerror(errno)))); no device node in this run") }
            let socketName = "s.sock"
            let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(listener) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let socketPath = Array((community.newPath + "/" + socketName).utf8)
            #expect(socketPath.count < MemoryLayout.size(ofValue: address.sun_path))
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: socketPath) }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            #expect(bound == 0)
            #expect(mkdir(community.newPath + "/" + names[1], 0o700) == 0)
            try community.deliver(TestMessages.synthetic(2), as: names[2])

            guard let outcome = try Self.ingest(community) else { return }
            #expect(outcome.0 == 0, "\(outcome.2)")
            let quarantined = device ? 3 : 2
            #expect(outcome.1.hasPrefix("recorded 1, duplicates 0, quarantined \(quarantined) in "), "\(outcome.1)")
            let reasons = try Self.reasons(community)
            if device {
                #expect(reasons[names[0]] == "not a regular file: it is a character device")
                #expect(Self.fileType(community.quarantineNewPath + "/" + names[0]) == S_IFCHR)
            }
            #expect(reasons[socketName] == "not a regular file: it is a socket")
            #expect(reasons[names[1]] == "not a regular file: it is a directory")
            #expect(community.files(in: community.newPath).isEmpty)
            #expect(try community.count("SELECT COUNT(*) FROM posts") == 1)
        }
    }
}

/// The readable name a file whose name is not UTF-8 gets in the quarantine.
@Suite("Readable names for names that are not UTF-8")
struct ReadableNameTests {
    @Test(arguments: [
        ([0x61, 0xFF, 0x62], "a%FFb"),
        // A lone lead byte, then a valid character: only the lead byte is escaped.
        ([0xC3, 0x28], "%C3("),
        // A sequence cut short at the end.
        ([0x78, 0xE2, 0x82], "x%E2%82"),
        // Valid UTF-8 beside a bad byte stays as it is; "%" is escaped so the bytes can be told back.
        ([0xC3, 0xA9, 0x25, 0xFE], "é%25%FE"),
        // An encoded surrogate is no UTF-8 either.
        ([0xED, 0xA0, 0x80], "%ED%A0%80"),
    ] as [([UInt8], String)])
    func badBytesAreWrittenPercentHex(raw: [UInt8], readable: String) {
        #expect(Maildir.readableName(raw) == readable)
        #expect(String(validating: raw, as: UTF8.self) == nil)
    }
}
