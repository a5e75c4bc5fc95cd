// Measures `praxis outbox flush` of N queued messages to Postfix's smtp-sink on loopback, side by
// side with Postfix's own `smtp-source -d -s S` against the same sink, for 1 and 2 sessions.
//
//   swift run -c release delivery-throughput [--messages N] [--praxis PATH] [--runs R]
//
// For each session count: start smtp-sink on a free port; queue N messages in a fresh store (with
// the sqlite3 shell, not measured); time the release `praxis outbox flush` from outside; time
// `smtp-source -d -s S -m N -l BODY` against the same sink, right after; report both and the ratio.
// Each pair is repeated R times (default 5): every run is printed with the CPU time of the client
// (user + system, from getrusage of the children) and of smtp-sink (from /proc), then the best and
// the median of each side. The verdict uses the best runs; on a loaded machine read the CPU per
// message too, which the load does not change much. Needs postfix (smtp-sink, smtp-source) and
// sqlite3: scripts/setup-debian.sh installs them.
import BenchmarkSupport
import Foundation
import Glibc
import PraxisTestSupport

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("delivery-throughput: \(message)\n".utf8))
    exit(status)
}

let usage = "usage: delivery-throughput [--messages N] [--praxis PATH] [--runs R]"
guard let options = BenchmarkOptions(CommandLine.arguments.dropFirst(), valued: ["--messages", "--praxis", "--runs"]),
      options.positional.isEmpty,
      let messageCount = options.positiveInteger("--messages", default: 10_000),
      let runs = options.positiveInteger("--runs", default: 5)
else { fail(usage) }

let smtpSink = "/usr/sbin/smtp-sink", smtpSource = "/usr/sbin/smtp-source", sqlite = "/usr/bin/sqlite3"
for tool in [smtpSink, smtpSource, sqlite] where !FileManager.default.isExecutableFile(atPath: tool) {
    FileHandle.standardError.write(Data("SKIPPED: \(tool) is not installed (scripts/setup-debian.sh installs it)\n".utf8))
    exit(0)
}

let praxis: String
do { praxis = try praxisBinary(explicit: options.values["--praxis"]) } catch { fail(error.description) }

/// The message body both sides send: about 1 KB, like a short post.
let bodyLength = 1_000

/// CPU seconds (user + system) of the children waited for so far.
func childrenCPU() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// CPU seconds (user + system) a running process has used, from /proc.
func processCPU(_ pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return 0 }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the command: state is field 3, utime 14 and stime 15 (proc(5)), so 11 and 12 here.
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// One measured run: wall seconds, the client's CPU seconds and smtp-sink's.
struct Measurement {
    var seconds: Double
    var clientCPU: Double
    var sinkCPU: Double
}

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

/// Runs `executable` and measures it, the sink's CPU included.
func measure(_ executable: String, _ arguments: [String], sink: Process, output: String? = nil) -> (Int32, Measurement) {
    let clientBefore = childrenCPU(), sinkBefore = processCPU(sink.processIdentifier)
    let (status, seconds) = run(executable, arguments, output: output)
    return (status, Measurement(seconds: seconds, clientCPU: childrenCPU() - clientBefore,
                                sinkCPU: processCPU(sink.processIdentifier) - sinkBefore))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

@MainActor func describe(_ measurement: Measurement) -> String {
    String(format: "%.2f s wall, client CPU %.0f µs/msg, smtp-sink CPU %.0f µs/msg", measurement.seconds,
           measurement.clientCPU / Double(messageCount) * 1e6, measurement.sinkCPU / Double(messageCount) * 1e6)
}

print("delivery of \(messageCount) messages (\(bodyLength)-byte bodies) to smtp-sink on 127.0.0.1, \(runs) runs each")
var failed = false
for connections in [1, 2] {
    let port: Int
    do { port = try freePort() } catch { fail("no free port: \(error)") }
    let sink = startSink(port: port)
    var praxisRuns = [Measurement](), sourceRuns = [Measurement]()
    for index in 0..<runs {
        let config = prepare(port: port, connections: connections)
        let output = folder + "/flush.out"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let (status, flush) = measure(praxis, ["outbox", "flush", "--config", config], sink: sink, output: output)
        let said = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0, said.hasPrefix("sent \(messageCount),") else { fail("praxis outbox flush: exit \(status): \(said)") }
        praxisRuns.append(flush)
        let (sourceStatus, source) = measure(smtpSource, [
            "-d", "-s", "\(connections)", "-m", "\(messageCount)", "-l", "\(bodyLength)",
            "-f", "list-bounces@lists.example.org", "-t", "member@example.org", "127.0.0.1:\(port)",
        ], sink: sink)
        guard sourceStatus == 0 else { fail("smtp-source exited \(sourceStatus)") }
        sourceRuns.append(source)
        print("  run \(index + 1), connections \(connections): praxis \(describe(flush)); smtp-source \(describe(source))")
    }
    kill(sink.processIdentifier, SIGKILL)
    sink.waitUntilExit()
    let bestPraxis = praxisRuns.map(\.seconds).min() ?? .infinity, bestSource = sourceRuns.map(\.seconds).min() ?? .infinity
    let medianPraxis = median(praxisRuns.map(\.seconds)), medianSource = median(sourceRuns.map(\.seconds))
    let ratio = bestSource / bestPraxis
    print(String(format: "connections %d: praxis outbox flush %.0f msg/s (%.2f s), smtp-source -d -s %d %.0f msg/s (%.2f s): %.0f%% (best of %d)",
                 connections, Double(messageCount) / bestPraxis, bestPraxis, connections, Double(messageCount) / bestSource,
                 bestSource, ratio * 100, runs))
    print(String(format: "connections %d: medians %.2f s and %.2f s: %.0f%%; median CPU per message: praxis %.0f µs, smtp-source %.0f µs",
                 connections, medianPraxis, medianSource, medianSource / medianPraxis * 100,
                 median(praxisRuns.map(\.clientCPU)) / Double(messageCount) * 1e6,
                 median(sourceRuns.map(\.clientCPU)) / Double(messageCount) * 1e6))
    if ratio < 0.9 { failed = true }
}
if failed { print("below 90% of smtp-source"); exit(1) }
