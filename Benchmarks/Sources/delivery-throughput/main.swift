// Measures `praxis outbox flush` of N queued messages to Postfix's smtp-sink on loopback, side by
// side with Postfix's own `smtp-source -d -s S` against the same sink, for 1 and 2 sessions.
//
//   swift run -c release delivery-throughput [--messages N] [--praxis PATH] [--runs R]
//
// For each session count: start smtp-sink on a free port; queue N messages in a fresh store (with
// the sqlite3 shell, not measured); time the release `praxis outbox flush` from outside; time
// `smtp-source -d -s S -m N -l BODY` against the same sink; report both and the ratio. Each run is
// repeated R times (default 3) and the best of each kept. Needs postfix (smtp-sink, smtp-source)
// and sqlite3: scripts/setup-debian.sh installs them.
import Foundation
import Glibc

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("delivery-throughput: \(message)\n".utf8))
    exit(status)
}

let usage = "usage: delivery-throughput [--messages N] [--praxis PATH] [--runs R]"
var messageCount = 10_000
var praxisPath: String?
var runs = 3
var arguments = Array(CommandLine.arguments.dropFirst()).makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--messages":
        guard let value = arguments.next().flatMap(Int.init), value > 0 else { fail(usage) }
        messageCount = value
    case "--praxis":
        guard let value = arguments.next() else { fail(usage) }
        praxisPath = value
    case "--runs":
        guard let value = arguments.next().flatMap(Int.init), value > 0 else { fail(usage) }
        runs = value
    default:
        fail(usage)
    }
}

let smtpSink = "/usr/sbin/smtp-sink", smtpSource = "/usr/sbin/smtp-source", sqlite = "/usr/bin/sqlite3"
for tool in [smtpSink, smtpSource, sqlite] where !FileManager.default.isExecutableFile(atPath: tool) {
    FileHandle.standardError.write(Data("SKIPPED: \(tool) is not installed (scripts/setup-debian.sh installs it)\n".utf8))
    exit(0)
}

/// `--praxis`, else the release build of the repository this package sits in.
@MainActor func findPraxis() -> String {
    if let praxisPath {
        guard FileManager.default.isExecutableFile(atPath: praxisPath) else { fail("\(praxisPath) is not an executable") }
        return praxisPath
    }
    let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let candidate = repository.appendingPathComponent(".build/release/praxis").path
    guard FileManager.default.isExecutableFile(atPath: candidate) else {
        fail("no release praxis at \(candidate): build it (swift build -c release) or pass --praxis PATH")
    }
    return candidate
}
let praxis = findPraxis()

/// The message body both sides send: about 1 KB, like a short post.
let bodyLength = 1_000

@discardableResult
func run(_ executable: String, _ arguments: [String], input: String? = nil, output: String? = nil) -> (Int32, Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = output.flatMap { FileHandle(forWritingAtPath: $0) } ?? FileHandle.nullDevice
    process.standardError = FileHandle.standardError
    let pipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : pipe
    let start = ContinuousClock.now
    do { try process.run() } catch { fail("cannot run \(executable): \(error)") }
    if let input {
        pipe.fileHandleForWriting.write(Data(input.utf8))
        try? pipe.fileHandleForWriting.close()
    }
    process.waitUntilExit()
    let elapsed = ContinuousClock.now - start
    let (seconds, attoseconds) = elapsed.components
    return (process.terminationStatus, Double(seconds) + Double(attoseconds) / 1e18)
}

func freePort() -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

let folder = "/tmp/praxis-delivery-bench-\(getpid())"
try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }

/// A fresh store with `messageCount` queued messages, and its configuration.
@MainActor func prepare(port: Int, connections: Int) -> String {
    let directory = folder + "/\(port)-\(connections)"
    try? FileManager.default.removeItem(atPath: directory)
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let config = directory + "/praxis.yaml"
    try? Data("""
        community:
          name: Bench CoP
          list_address: list@lists.example.org
        paths:
          maildir: Maildir
          database: praxis.sqlite
        smtp:
          url: smtp://127.0.0.1:\(port)
          tls: off
          connections: \(connections)
        log_level: warning
        """.utf8).write(to: URL(fileURLWithPath: config))
    // `praxis status` creates and migrates the store.
    run(praxis, ["status", "--config", config])
    // The body as SQL: lines of 78 characters and CRLF, about `bodyLength` bytes in all.
    let line = "'" + String(repeating: "x", count: 78) + "' || char(13, 10)"
    let body = Array(repeating: line, count: max(1, bodyLength / 80)).joined(separator: " || ")
    let sql = """
        INSERT INTO outbox (kind, recipients, envelope_sender, message, state, attempts, next_attempt_at, created_at)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(messageCount))
        SELECT 'post', 'member' || i || '@example.org', 'list-bounces+member' || i || '=example.org@lists.example.org',
            CAST('From: Alice <alice@example.org>' || char(13, 10) || 'To: member' || i || '@example.org' || char(13, 10)
                 || 'Subject: [Bench] message ' || i || char(13, 10) || 'Message-ID: <bench-' || i || '@example.org>'
                 || char(13, 10) || char(13, 10)
                 || \(body) AS BLOB),
            'queued', 0, unixepoch(), unixepoch()
        FROM n;
        """
    let (status, _) = run(sqlite, [directory + "/praxis.sqlite"], input: sql)
    if status != 0 { fail("sqlite3 could not queue the messages") }
    return config
}

func startSink(port: Int) -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: smtpSink)
    process.arguments = (getuid() == 0 ? ["-u", "nobody"] : []) + ["127.0.0.1:\(port)", "256"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.standardError
    do { try process.run() } catch { fail("cannot start smtp-sink: \(error)") }
    usleep(200_000)
    return process
}

print("delivery of \(messageCount) messages (\(bodyLength)-byte bodies) to smtp-sink on 127.0.0.1, best of \(runs)")
var failed = false
for connections in [1, 2] {
    let port = freePort()
    let sink = startSink(port: port)
    var bestPraxis = Double.infinity, bestSource = Double.infinity
    for _ in 0..<runs {
        let config = prepare(port: port, connections: connections)
        let output = folder + "/flush.out"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let (status, seconds) = run(praxis, ["outbox", "flush", "--config", config], output: output)
        let said = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0, said.hasPrefix("sent \(messageCount),") else { fail("praxis outbox flush: exit \(status): \(said)") }
        bestPraxis = min(bestPraxis, seconds)
        let (sourceStatus, sourceSeconds) = run(smtpSource, [
            "-d", "-s", "\(connections)", "-m", "\(messageCount)", "-l", "\(bodyLength)",
            "-f", "list-bounces@lists.example.org", "-t", "member@example.org", "127.0.0.1:\(port)",
        ])
        guard sourceStatus == 0 else { fail("smtp-source exited \(sourceStatus)") }
        bestSource = min(bestSource, sourceSeconds)
    }
    kill(sink.processIdentifier, SIGKILL)
    sink.waitUntilExit()
    let praxisRate = Double(messageCount) / bestPraxis, sourceRate = Double(messageCount) / bestSource
    let ratio = praxisRate / sourceRate
    print(String(format: "connections %d: praxis outbox flush %.0f msg/s (%.2f s), smtp-source -d -s %d %.0f msg/s (%.2f s): %.0f%%",
                 connections, praxisRate, bestPraxis, connections, sourceRate, bestSource, ratio * 100))
    if ratio < 0.9 { failed = true }
}
if failed { print("below 90% of smtp-source"); exit(1) }
