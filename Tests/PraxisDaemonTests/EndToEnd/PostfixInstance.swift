import Foundation
import Glibc
import PraxisMail
import PraxisTestSupport
import Testing

/// A private Postfix for one test, on a free loopback port, with its own configuration directory,
/// queue and mailboxes under a temporary folder: nothing in /etc/postfix is read or changed and
/// nothing leaves the machine (`default_transport` and `relay_transport` are `error:`).
///
/// Mail to `list`, `list-request`, `list-owner` and `list-bounces` at `listDomain` (and their
/// `+detail` forms, through `recipient_delimiter = +`) is delivered by the `virtual` agent into
/// Praxis's maildir, and so is each of `otherLists` (a second community on the same host) into
/// its own; mail to each known member of `memberDomain` into that member's own maildir.
/// Mail to an unknown member address is accepted and then bounced by a DSN to the envelope sender
/// (`smtpd_reject_unlisted_recipient = no`): the bounce path Praxis's VERP addresses are made for.
///
/// Postfix runs in the foreground (`postfix start-fg`) as a child of the test, logging to a file
/// through `maillog_file = /dev/stdout`, and is stopped by its master's PID.
final class PostfixInstance {
    static let listDomain = "lists.test"
    static let memberDomain = "members.test"
    static let postfixCommand = "/usr/sbin/postfix"
    /// The virtual agent refuses to deliver as root; `nobody` owns the mailboxes.
    static let mailboxOwner: uid_t = 65534

    let root: URL
    let port: Int
    var configurationDirectory: String { root.path + "/conf" }
    var queueDirectory: String { root.path + "/queue" }
    var mailboxBase: String { root.path + "/mail" }
    /// Where Postfix delivers the list's addresses: `paths.maildir` of the Praxis under test.
    var praxisMaildir: String { mailboxBase + "/praxis/Maildir" }
    var logPath: String { root.path + "/postfix.log" }
    private(set) var members: [String]
    /// Local parts of further lists, each a community of its own with its own maildir.
    let otherLists: [String]
    private var extraSettings: [String: String] = [:]
    private var process: Process?

    /// Whether Postfix is installed; when not, prints why the calling test skips.
    static func isInstalled(for test: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: postfixCommand),
              FileManager.default.isExecutableFile(atPath: "/usr/lib/postfix/sbin/master")
        else {
            print("skipping \(test): Postfix is not installed (\(postfixCommand)); scripts/setup-debian.sh installs it")
            return false
        }
        return true
    }

    /// Where Postfix delivers the addresses of the list `local` of `otherLists`.
    func maildir(ofList local: String) -> String { mailboxBase + "/\(local)/Maildir" }

    /// Lays out the instance for the member local parts `members` (each gets a mailbox) and the
    /// lists `list` and `otherLists`; not started.
    init(members: [String], otherLists: [String] = [], in root: URL) throws {
        self.root = root
        self.members = members
        self.otherLists = otherLists
        port = try freePort()  // Postfix cannot report the port it bound
        let maildirs = [praxisMaildir] + otherLists.map { mailboxBase + "/\($0)/Maildir" }
        for folder in [configurationDirectory, queueDirectory, root.path + "/data", mailboxBase + "/members"]
            + maildirs.flatMap({ [$0 + "/tmp", $0 + "/new", $0 + "/cur"] }) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try chown(root.path + "/data", user: "postfix")
        let listFolders = maildirs.flatMap { maildir in
            [URL(fileURLWithPath: maildir).deletingLastPathComponent().path, maildir, maildir + "/tmp", maildir + "/new", maildir + "/cur"]
        }
        for folder in [mailboxBase, mailboxBase + "/members"] + listFolders {
            guard Glibc.chown(folder, Self.mailboxOwner, gid_t(Self.mailboxOwner)) == 0 else {
                throw POSIXError(.init(rawValue: errno) ?? .EPERM)
            }
        }
        try writeConfiguration()
    }

    deinit { stop() }

    /// main.cf as the README's "Postfix" section shows it, plus `extraSettings`.
    var mainCF: String {
        var lines = [
            "compatibility_level = 3.6",
            "queue_directory = \(queueDirectory)",
            "data_directory = \(root.path)/data",
            "mail_owner = postfix",
            "setgid_group = postdrop",
            "myhostname = mx.\(Self.listDomain)",
            "mydomain = \(Self.listDomain)",
            "myorigin = \(Self.listDomain)",
            "inet_interfaces = 127.0.0.1",
            "inet_protocols = ipv4",
            "mydestination =",
            "mynetworks = 127.0.0.0/8",
            "relay_domains =",
            "default_transport = error:this test instance delivers nothing off the machine",
            "relay_transport = error:this test instance delivers nothing off the machine",
            "recipient_delimiter = +",
            "virtual_mailbox_domains = \(Self.listDomain) \(Self.memberDomain)",
            "virtual_mailbox_base = \(mailboxBase)",
            "virtual_mailbox_maps = texthash:\(configurationDirectory)/virtual",
            "virtual_uid_maps = static:\(Self.mailboxOwner)",
            "virtual_gid_maps = static:\(Self.mailboxOwner)",
            "smtpd_reject_unlisted_recipient = no",
            "maillog_file = /dev/stdout",
            "biff = no",
            "smtputf8_enable = no",
        ]
        lines += extraSettings.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The services this instance needs, none chrooted (the queue is not where a chroot expects it).
    var masterCF: String {
        """
        127.0.0.1:\(port) inet n - n - - smtpd
        cleanup unix n - n - 0 cleanup
        qmgr unix n - n 300 1 qmgr
        rewrite unix - - n - - trivial-rewrite
        bounce unix - - n - 0 bounce
        defer unix - - n - 0 bounce
        trace unix - - n - 0 bounce
        verify unix - - n - 1 verify
        proxymap unix - - n - - proxymap
        showq unix n - n - - showq
        error unix - - n - - error
        retry unix - - n - - error
        discard unix - - n - - discard
        virtual unix - n n - - virtual
        anvil unix - - n - 1 anvil
        scache unix - - n - 1 scache
        postlog unix-dgram n - n - 1 postlogd

        """
    }

    var virtualMap: String {
        var lines = ["list", "list-request", "list-owner", "list-bounces"].map { "\($0)@\(Self.listDomain) praxis/Maildir/" }
        for list in otherLists {
            lines += ["", "-request", "-owner", "-bounces"].map { "\(list)\($0)@\(Self.listDomain) \(list)/Maildir/" }
        }
        lines += members.map { "\($0)@\(Self.memberDomain) members/\($0)/" }
        return lines.joined(separator: "\n") + "\n"
    }

    private func writeConfiguration() throws {
        try Data(mainCF.utf8).write(to: URL(fileURLWithPath: configurationDirectory + "/main.cf"))
        try Data(masterCF.utf8).write(to: URL(fileURLWithPath: configurationDirectory + "/master.cf"))
        try Data(virtualMap.utf8).write(to: URL(fileURLWithPath: configurationDirectory + "/virtual"))
    }

    /// Starts Postfix and waits for its greeting on `port`.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.postfixCommand)
        process.arguments = ["-c", configurationDirectory, "start-fg"]
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = FileHandle(forWritingAtPath: logPath)
        log?.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            // Accepting connections is enough: a test may have made the greeting slow on purpose.
            if let connection = try? SMTPSubmission.Connection(port: port) {
                connection.close()
                return
            }
            if !process.isRunning { break }
            usleep(20_000)
        }
        throw PostfixFailure(description: "Postfix did not greet on 127.0.0.1:\(port); its log says: \(logTail)")
    }

    private var logTail: String { (try? String(contentsOfFile: logPath, encoding: .utf8)).map { String($0.suffix(2000)) } ?? "(no log)" }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Stops the master by its PID (its children follow), and waits for `postfix start-fg` to end.
    func stop() {
        guard let process else { return }
        self.process = nil
        if let text = try? String(contentsOfFile: queueDirectory + "/pid/master.pid", encoding: .utf8),
           let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 {
            kill(pid, SIGTERM)
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        // The next start must find no stale master.pid lock.
        try? FileManager.default.removeItem(atPath: queueDirectory + "/pid/master.pid")
    }

    /// Changes main.cf (nil removes a setting) and has the running master re-read it (`postfix reload`).
    func reconfigure(_ settings: [String: String?]) throws {
        for (key, value) in settings { extraSettings[key] = value }
        try writeConfiguration()
        if process != nil {
            let result = try run([Self.postfixCommand, "-c", configurationDirectory, "reload"])
            guard result == 0 else { throw PostfixFailure(description: "postfix reload exited \(result): \(logTail)") }
            // reload returns once the master was signalled; new smtpd processes read the new file.
            usleep(300_000)
        }
    }

    private func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The messages the member with local part `member` received, in delivery order.
    func mailbox(_ member: String) -> [MailMessage] {
        let folder = mailboxBase + "/members/\(member)/new"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return names.compactMap { name in
            FileManager.default.contents(atPath: folder + "/" + name).map { MailMessage([UInt8]($0)) }
        }
    }

    /// Whether Postfix's queue is empty (nothing deferred, nothing in flight).
    var queueIsEmpty: Bool {
        ["incoming", "active", "deferred"].allSatisfy { folder in
            let path = queueDirectory + "/" + folder
            guard let enumerator = FileManager.default.enumerator(atPath: path) else { return true }
            return !enumerator.contains { item in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path + "/" + "\(item)", isDirectory: &isDirectory) && !isDirectory.boolValue
            }
        }
    }

    private func chown(_ path: String, user: String) throws {
        guard let entry = getpwnam(user) else { throw PostfixFailure(description: "there is no user \(user) for Postfix") }
        guard Glibc.chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
            throw POSIXError(.init(rawValue: errno) ?? .EPERM)
        }
    }
}

struct PostfixFailure: Error, CustomStringConvertible {
    let description: String
}
