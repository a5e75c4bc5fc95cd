// Measures digests end to end: `praxis digest send --now` (the release binary) building and
// rendering one personalised digest per member over a week of posts and queueing them, then every
// queued digest sent over SMTP to Postfix's `smtp-sink` on loopback.
//
//   swift run -c release --scratch-path ../../.build-g-bench digest-throughput \
//       [--members N] [--posts N] [--cap N] [--connections N] [--praxis PATH] [--keep]
//
// Setting up (configuration, members, posts) is not measured. The SMTP client here is a plain
// pipelining one (MAIL, RCPT and DATA in one write), four sessions in parallel by default: it
// stands in for the delivery worker so the figure covers what a member's inbox receives.
import BenchmarkSupport
import CSQLiteBench
import Foundation
import Glibc
import Synchronization

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("digest-throughput: \(message)\n".utf8))
    exit(status)
}

let usage = "usage: digest-throughput [--members N] [--posts N] [--cap N] [--connections N] [--praxis PATH] [--keep] [--setup-only]"
guard let options = BenchmarkOptions(
    CommandLine.arguments.dropFirst(), valued: ["--members", "--posts", "--cap", "--connections", "--praxis"],
    flags: ["--keep", "--setup-only"]),
    options.positional.isEmpty,
    let memberCount = options.positiveInteger("--members", default: 10_000),
    let postCount = options.positiveInteger("--posts", default: 2_000),
    let cap = options.positiveInteger("--cap", default: 25),
    let connections = options.positiveInteger("--connections", default: 4)
else { fail(usage) }
let keep = options.flags.contains("--keep")
let setupOnly = options.flags.contains("--setup-only")

let praxis: String
do { praxis = try praxisBinary(explicit: options.values["--praxis"]) } catch { fail(error.description) }
let smtpSink = "/usr/sbin/smtp-sink"
guard FileManager.default.isExecutableFile(atPath: smtpSink) else {
    print("SKIPPED: \(smtpSink) is absent (Debian package postfix)")
    exit(0)
}

// MARK: Child processes

/// Starts `path`; its standard output goes to /dev/null when `quiet` (smtp-sink must not keep
/// our stdout open, and `praxis status` has nothing to say here).
func spawn(_ path: String, _ args: [String], quiet: Bool = false) -> pid_t {
    var pid: pid_t = 0
    let argv = ([path] + args).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if quiet { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { fail("cannot start \(path)") }
    return pid
}

@discardableResult
func runToEnd(_ path: String, _ args: [String], quiet: Bool = false) -> (status: Int32, seconds: Double, cpu: Double) {
    let start = Date()
    let pid = spawn(path, args, quiet: quiet)
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    return ((status >> 8) & 0xFF, Date().timeIntervalSince(start), cpuSeconds(usage))
}

func cpuSeconds(_ usage: rusage) -> Double {
    Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

func ownCPU() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return cpuSeconds(usage)
}

// MARK: The community

let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("digest-throughput-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let configPath = folder.appendingPathComponent("praxis.yaml").path
let subIssues = ["general", "cycling", "parking", "public-transport", "walking", "freight", "data", "procurement"]
try """
    community:
      name: Sustainable Mobility CoP
      list_address: mobility@lists.example.org
      objectives: ["Exchange practice on cycling infrastructure and safe streets", "Mainstream what works"]
      timezone: Europe/Berlin
    paths: {maildir: Maildir, database: praxis.sqlite}
    smtp: {url: "maildir:outgoing"}
    sub_issues:
    \(subIssues.dropFirst().map { id in
        "  - {id: \(id), name: \(id.capitalized)\(id == "procurement" ? ", protected: true, members: [m1@city.example.org]" : "")}"
    }.joined(separator: "\n"))
    circles: {core: [mod@example.org]}
    digests:
      - {name: weekly, schedule: "weekly mon 07:00", audience: outer, cap: \(cap), format: html}
    log_level: warning
    """.write(toFile: configPath, atomically: true, encoding: .utf8)
guard runToEnd(praxis, ["status", "--config", configPath], quiet: true).status == 0 else { fail("praxis status failed on the new store") }

var db: OpaquePointer?
guard sqlite3_open(folder.appendingPathComponent("praxis.sqlite").path, &db) == SQLITE_OK else { fail("cannot open the store") }
@MainActor func exec(_ sql: String) {
    guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { fail("SQL failed: \(String(cString: sqlite3_errmsg(db))) in \(sql.prefix(80))") }
}
let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
@MainActor func insert(_ sql: String, _ rows: Int, _ bind: (OpaquePointer?, Int) -> Void) {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { fail("prepare failed: \(String(cString: sqlite3_errmsg(db)))") }
    for row in 0..<rows {
        sqlite3_reset(statement)
        bind(statement, row)
        guard sqlite3_step(statement) == SQLITE_DONE else { fail("insert failed: \(String(cString: sqlite3_errmsg(db)))") }
    }
    sqlite3_finalize(statement)
}
@MainActor func text(_ statement: OpaquePointer?, _ index: Int32, _ value: String) { sqlite3_bind_text(statement, index, value, -1, transient) }

// A deterministic generator, so runs compare.
var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
@MainActor func random(_ bound: Int) -> Int {
    seed = seed &* 6364136223846793005 &+ 1442695040888963407
    return Int((seed >> 33) % UInt64(bound))
}
let words = """
    bike lane junction kerb parking permit tram timetable pilot district budget tender survey residents \
    loading zone crossing signal priority bus corridor cargo bike data counter evaluation council street \
    school route speed limit footway lighting maintenance winter gritting contraflow one-way barrier bollard
    """.split(separator: " ").map(String.init)
@MainActor func sentence() -> String {
    let count = 8 + random(14)
    var parts = (0..<count).map { _ in words[random(words.count)] }
    parts[0] = parts[0].capitalized
    return parts.joined(separator: " ") + "."
}

let now = Date().timeIntervalSince1970
exec("BEGIN")
insert("INSERT INTO members (address, name, joined_at) VALUES (?, ?, ?)", memberCount) { statement, row in
    text(statement, 1, "m\(row)@city.example.org")
    text(statement, 2, "Member \(row)")
    sqlite3_bind_double(statement, 3, now - 86_400 * 90)
}
// Every 10th member is in the inner circle of one sub-issue, every 7th mutes one.
insert("INSERT OR IGNORE INTO member_sub_issue (member_id, sub_issue, standing, since, follow) VALUES (?, ?, ?, ?, ?)", memberCount) { statement, row in
    sqlite3_bind_int64(statement, 1, Int64(row + 1))
    text(statement, 2, subIssues[1 + row % 6])
    text(statement, 3, row % 10 == 0 ? "inner" : "outer")
    sqlite3_bind_double(statement, 4, now - 86_400 * 30)
    text(statement, 5, row % 7 == 0 ? "mutes" : "default")
}
let threadCount = max(1, postCount / 5)
insert("""
    INSERT INTO threads (id, subject, normalised_subject, sub_issue, started_at, last_post_at, post_count, is_protected)
    VALUES (?, ?, ?, ?, ?, ?, 0, ?)
    """, threadCount) { statement, row in
    let subIssue = subIssues[row % subIssues.count]
    sqlite3_bind_int64(statement, 1, Int64(row + 1))
    let subject = "\(words[random(words.count)].capitalized) \(words[random(words.count)]) in district \(row % 23)"
    text(statement, 2, subject)
    text(statement, 3, subject.lowercased())
    text(statement, 4, subIssue)
    sqlite3_bind_double(statement, 5, now - 6.5 * 86_400)
    sqlite3_bind_double(statement, 6, now - 3600)
    sqlite3_bind_int(statement, 7, subIssue == "procurement" ? 1 : 0)
}
var postThread: [Int] = []
insert("""
    INSERT INTO posts (id, message_id, content_hash, author_address, author_name, date, received_at, subject,
        normalised_subject, sub_issue, classification_stage, thread_id, size, kind, is_protected)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'explicit', ?, 2000, 'post', ?)
    """, postCount) { statement, row in
    // Skewed: a few busy threads, many short ones.
    let thread = random(4) == 0 ? random(max(1, threadCount / 10)) : random(threadCount)
    postThread.append(thread)
    let subIssue = subIssues[thread % subIssues.count]
    let received = now - 6.5 * 86_400 + Double(row) * (6.4 * 86_400 / Double(postCount))
    sqlite3_bind_int64(statement, 1, Int64(row + 1))
    text(statement, 2, "bench-\(row)@city.example.org")
    text(statement, 3, "hash-\(row)")
    let author = random(300)
    text(statement, 4, "m\(author)@city.example.org")
    text(statement, 5, "Member \(author)")
    sqlite3_bind_double(statement, 6, received)
    sqlite3_bind_double(statement, 7, received)
    text(statement, 8, "Re: thread \(thread)")
    text(statement, 9, "thread \(thread)")
    text(statement, 10, subIssue)
    sqlite3_bind_int64(statement, 11, Int64(thread + 1))
    sqlite3_bind_int(statement, 12, subIssue == "procurement" ? 1 : 0)
}
insert("INSERT INTO post_texts (post_id, text) VALUES (?, ?)", postCount) { statement, row in
    sqlite3_bind_int64(statement, 1, Int64(row + 1))
    let paragraphs = (0..<(1 + random(3))).map { _ in (0..<(2 + random(3))).map { _ in sentence() }.joined(separator: " ") }
    text(statement, 2, paragraphs.joined(separator: "\n\n"))
}
exec("UPDATE threads SET root_post_id = (SELECT min(id) FROM posts WHERE thread_id = threads.id), post_count = (SELECT count(*) FROM posts WHERE thread_id = threads.id)")
exec("COMMIT")
sqlite3_close(db)
if setupOnly {
    print("set up \(configPath); run: \(praxis) digest send --config \(configPath) --schedule weekly --now")
    exit(0)
}
print("community: \(memberCount) members, \(postCount) posts in \(Set(postThread).count) threads over 6.5 days, \(subIssues.count) sub-issues (1 protected); digest cap \(cap) posts")

// MARK: Build, render and queue

let queued = runToEnd(praxis, ["digest", "send", "--config", configPath, "--schedule", "weekly", "--now", "--json"])
guard queued.status == 0 else { fail("praxis digest send failed (status \(queued.status))") }

// MARK: Send

var sinkPort: UInt16 = 0
do {
    // A free port: bind to 0, read it back, close; smtp-sink binds it right after.
    let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
    sinkPort = UInt16(bigEndian: address.sin_port)
    close(probe)
}
let sink = spawn(smtpSink, (getuid() == 0 ? ["-u", "nobody"] : []) + ["127.0.0.1:\(sinkPort)", "256"], quiet: true)
usleep(300_000)

final class Session: @unchecked Sendable {
    let fd: Int32
    var buffer: [UInt8] = []

    init?(port: UInt16) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
    }

    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// One reply (the last line of a multi-line one); its code.
    func reply() -> Int {
        while true {
            while let end = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<end])
                buffer.removeFirst(end + 1)
                if line.count >= 4, line[3] == 0x20 || line[3] == 0x0D {
                    return Int(String(decoding: line.prefix(3), as: UTF8.self)) ?? 0
                }
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 { return 0 }
            buffer += chunk[..<count]
        }
    }
}

/// The message with dot-stuffing and the final ".".
@Sendable func dataSection(_ message: UnsafeRawBufferPointer) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(message.count + 64)
    guard let base = message.baseAddress else { return Array(".\r\n".utf8) }
    // Copy whole runs between line starts that begin with ".", found with memchr.
    var position = 0
    if message.count > 0 && message[0] == 0x2E { out.append(0x2E) }
    while position < message.count {
        guard let found = memchr(base + position, 0x0A, message.count - position) else {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: message[position...]))
            break
        }
        let newline = base.distance(to: UnsafeRawPointer(found))
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: message[position...newline]))
        position = newline + 1
        if position < message.count && message[position] == 0x2E { out.append(0x2E) }
    }
    if out.last != 0x0A { out += [0x0D, 0x0A] }
    out += Array(".\r\n".utf8)
    return out
}

/// Sends every queued digest over `connections` parallel SMTP sessions; (sent, bytes, failed).
func sendAll(dbPath: String, port: UInt16, connections: Int) -> (sent: Int, bytes: Int, failed: Int) {
    let totals = Mutex((sent: 0, bytes: 0, failed: 0))
    DispatchQueue.concurrentPerform(iterations: connections) { part in
        var connection: OpaquePointer?
        guard sqlite3_open_v2(dbPath, &connection, SQLITE_OPEN_READONLY, nil) == SQLITE_OK,
              let session = Session(port: port) else {
            totals.withLock { $0.failed += 1 }
            return
        }
        defer { sqlite3_close(connection); close(session.fd) }
        _ = session.reply()
        _ = session.send(Array("EHLO bench.example.org\r\n".utf8))
        _ = session.reply()
        var statement: OpaquePointer?
        sqlite3_prepare_v2(connection, "SELECT recipients, envelope_sender, message FROM outbox WHERE kind = 'digest' AND id % ? = ?", -1, &statement, nil)
        sqlite3_bind_int(statement, 1, Int32(connections))
        sqlite3_bind_int(statement, 2, Int32(part))
        var tally = (sent: 0, bytes: 0, failed: 0)
        while sqlite3_step(statement) == SQLITE_ROW {
            let recipient = String(cString: sqlite3_column_text(statement, 0))
            let sender = String(cString: sqlite3_column_text(statement, 1))
            let size = Int(sqlite3_column_bytes(statement, 2))
            let data = dataSection(UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, 2), count: size))
            // Pipelined: the envelope and DATA in one write, then their three replies.
            _ = session.send(Array("MAIL FROM:<\(sender)>\r\nRCPT TO:<\(recipient)>\r\nDATA\r\n".utf8))
            let codes = [session.reply(), session.reply(), session.reply()]
            guard codes == [250, 250, 354] else { tally.failed += 1; continue }
            _ = session.send(data)
            if session.reply() == 250 { tally.sent += 1; tally.bytes += size } else { tally.failed += 1 }
        }
        sqlite3_finalize(statement)
        _ = session.send(Array("QUIT\r\n".utf8))
        totals.withLock { $0.sent += tally.sent; $0.bytes += tally.bytes; $0.failed += tally.failed }
    }
    return totals.withLock { $0 }
}

let sendStart = Date()
let sendCPUStart = ownCPU()
let (sent, bytes, failed) = sendAll(
    dbPath: folder.appendingPathComponent("praxis.sqlite").path, port: sinkPort, connections: connections)
let sendSeconds = Date().timeIntervalSince(sendStart)

let sendCPU = ownCPU() - sendCPUStart
kill(sink, SIGTERM)
var sinkStatus: Int32 = 0
var sinkUsage = rusage()
_ = wait4(sink, &sinkStatus, 0, &sinkUsage)
let total = queued.seconds + sendSeconds
print(String(format: "build+render+queue: %.2f s wall, %.2f s CPU (praxis digest send, release)", queued.seconds, queued.cpu))
print(String(format: "send: %d digests, %.1f MB (mean %.1f KB), %d failed, %.2f s over %d SMTP sessions to smtp-sink",
             sent, Double(bytes) / 1e6, sent > 0 ? Double(bytes) / Double(sent) / 1e3 : 0, failed, sendSeconds, connections))
print(String(format: "  CPU: client %.2f s, smtp-sink %.2f s", sendCPU, cpuSeconds(sinkUsage)))
var load = [Double](repeating: 0, count: 3)
_ = getloadavg(&load, 3)
print(String(format: "total: %.2f s wall for %d digests (target ≤ 10 s); load average %.1f while measuring", total, sent, load[0]))
if !keep { try? FileManager.default.removeItem(at: folder) } else { print("kept \(folder.path)") }
exit(failed == 0 && sent > 0 ? 0 : 1)
