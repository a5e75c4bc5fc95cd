// Measures how long an idle release `praxis run` takes to get one post to 100 inner-circle
// members: from the rename into Maildir/new to the last copy's accepted end of DATA at a local
// SMTP server (issue 6: p99 under 100 ms).
//
//   swift run -c release fanout-latency [--posts N] [--members M] [--praxis PATH] [--base-url URL]
//
// `--base-url` sets `web.base_url` (no web service is started): every copy then carries its
// member's own one-click unsubscribe link (issue 20), one lookup and one HMAC per recipient.
//
// The server runs in this process (the tests' RecordingSMTPServer, from PraxisTestSupport), so the clock that starts at the
// rename is the one that stops at the 250. Members are added with the sqlite3 shell, not timed.
// The first post opens the SMTP connections and is not counted. Needs sqlite3
// (scripts/setup-debian.sh installs it).
import BenchmarkSupport
import Foundation
import Glibc
import PraxisTestSupport

/// The running `praxis run`, stopped by its own PID on every way out.
var daemonPID: pid_t = 0

@MainActor func stopDaemon() {
    guard daemonPID > 0 else { return }
    kill(daemonPID, SIGTERM)
    var status: Int32 = 0
    waitpid(daemonPID, &status, 0)
    daemonPID = 0
}

@MainActor func fail(_ message: String) -> Never {
    stopDaemon()
    FileHandle.standardError.write(Data("fanout-latency: \(message)\n".utf8))
    exit(2)
}

let usage = "usage: fanout-latency [--posts N] [--members M] [--praxis PATH] [--base-url URL]"
guard let options = BenchmarkOptions(CommandLine.arguments.dropFirst(), valued: ["--posts", "--members", "--praxis", "--base-url"]),
      options.positional.isEmpty,
      let posts = options.positiveInteger("--posts", default: 100),
      let memberCount = options.positiveInteger("--members", default: 100)
else { fail(usage) }

let sqlite = "/usr/bin/sqlite3"
guard FileManager.default.isExecutableFile(atPath: sqlite) else {
    print("SKIPPED: \(sqlite) is not installed (scripts/setup-debian.sh installs it)")
    exit(0)
}

let praxis: String
do { praxis = try praxisBinary(explicit: options.values["--praxis"]) } catch { fail(error.description) }

@MainActor func run(_ executable: String, _ arguments: [String], input: String? = nil) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    let pipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : pipe
    do { try process.run() } catch { fail("cannot run \(executable): \(error)") }
    if let input {
        pipe.fileHandleForWriting.write(Data(input.utf8))
        try? pipe.fileHandleForWriting.close()
    }
    process.waitUntilExit()
    return process.terminationStatus
}

let server: RecordingSMTPServer
do { server = try RecordingSMTPServer() } catch { fail("cannot start the SMTP server: \(error)") }
let folder = "/tmp/praxis-fanout-bench-\(getpid())"
for sub in ["", "/Maildir", "/Maildir/tmp", "/Maildir/new", "/Maildir/cur"] {
    try? FileManager.default.createDirectory(atPath: folder + sub, withIntermediateDirectories: true)
}
let config = folder + "/praxis.yaml"
let webSection = options.values["--base-url"].map { "\nweb:\n  base_url: \($0)" } ?? ""
try? Data(("""
    community:
      name: Bench CoP
      list_address: list@lists.example.org
    paths:
      maildir: Maildir
      database: praxis.sqlite
    smtp:
      url: smtp://127.0.0.1:\(server.port)
      tls: off
    log_level: warning
    """ + webSection).utf8).write(to: URL(fileURLWithPath: config))
// `praxis status` creates and migrates the store.
_ = run(praxis, ["status", "--config", config])
let sql = """
    INSERT INTO members (address, joined_at) VALUES ('alice@example.org', 0);
    INSERT INTO members (address, joined_at)
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(memberCount))
    SELECT 'member' || i || '@example.org', 0 FROM n;
    INSERT INTO member_sub_issue (member_id, sub_issue, standing, is_pinned, since)
    SELECT id, 'general', 'inner', 1, 0 FROM members WHERE address LIKE 'member%';
    """
guard run(sqlite, [folder + "/praxis.sqlite"], input: sql) == 0 else { fail("sqlite3 could not add the members") }

let daemon = Process()
daemon.executableURL = URL(fileURLWithPath: praxis)
daemon.arguments = ["run", "--config", config]
daemon.standardOutput = FileHandle.nullDevice
do { try daemon.run() } catch { fail("cannot start praxis run: \(error)") }
daemonPID = daemon.processIdentifier

func post(_ index: Int) -> String {
    "From: Alice <alice@example.org>\nTo: list@lists.example.org\nSubject: Fan-out \(index)\n"
        + "Date: Mon, 3 May 2004 10:00:00 +0000\nMessage-ID: <fanout-\(index)@example.org>\n"
        + "Content-Type: text/plain; charset=utf-8\n\n" + String(repeating: "A line of a short post.\n", count: 40)
}

var latencies: [Double] = []
for index in 0...posts {
    let name = "1700000000.M\(String(format: "%06d", index))P1.bench.example.org"
    let temporary = folder + "/Maildir/tmp/" + name
    try? Data(post(index).utf8).write(to: URL(fileURLWithPath: temporary))
    let wanted = (index + 1) * memberCount
    // Before the first post the daemon may still be starting: its rename waits for the watcher.
    if index == 0 { usleep(500_000) }
    let start = ContinuousClock.now
    guard rename(temporary, folder + "/Maildir/new/" + name) == 0 else { fail("rename into new/ failed") }
    while server.accepted.count < wanted {
        if ContinuousClock.now - start > .seconds(20) { fail("post \(index): only \(server.accepted.count) copies in all after 20 s") }
        usleep(100)
    }
    if index > 0, let last = server.accepted.last?.at {
        let (seconds, attoseconds) = (last - start).components
        latencies.append(Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
    usleep(20_000)
}
latencies.sort()
let p50 = latencies[latencies.count / 2]
let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
print(String(format: "fan-out of %d posts to %d members each (rename to last accepted DATA): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
             latencies.count, memberCount, p50, p99, latencies.last ?? 0))
stopDaemon()
try? FileManager.default.removeItem(atPath: folder)
if p99 >= 100 { print("p99 is not under 100 ms"); exit(1) }
