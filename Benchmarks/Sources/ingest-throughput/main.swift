// Measures `praxis ingest --once` on a maildir of real mail: messages/s, MB/s and peak RSS.
//
//   swift run -c release ingest-throughput [--messages N] [--praxis PATH] [--keep] [--sub-issues] [--members]
//
// --sub-issues configures five sub-issues with keywords, so that every post also goes through the
// explicit and model stages of classification (without it, no model applies and posts are general).
// --members first imports every From address of the messages as a member reading digests (not
// measured), so that posts are accepted at once instead of held for moderation: each goes through
// every stage of classification as it arrives, has its text stored, and re-evaluates its author's
// circle. Without it the authors are strangers and their posts wait for a moderator.
//
// Builds a maildir of N messages (default 50,000) in a temporary folder from the shared corpora,
// writes a configuration for it, then runs the real release binary once and measures it from
// outside (wall clock, and peak RSS from wait4's rusage). Setting up is not measured.
import BenchmarkSupport
import Foundation
import Glibc
import ParseWorkload
import PraxisCommunity
import PraxisMail

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("ingest-throughput: \(message)\n".utf8))
    exit(status)
}

let usage = "usage: ingest-throughput [--messages N] [--praxis PATH] [--keep] [--sub-issues] [--members]"
guard let options = BenchmarkOptions(
    CommandLine.arguments.dropFirst(), valued: ["--messages", "--praxis"], flags: ["--keep", "--sub-issues", "--members"]),
    options.positional.isEmpty,
    let messageCount = options.positiveInteger("--messages", default: 50_000)
else { fail(usage) }
let keep = options.flags.contains("--keep")
let withSubIssues = options.flags.contains("--sub-issues")
let withMembers = options.flags.contains("--members")

// MARK: The binary under test

let praxis: String
do { praxis = try praxisBinary(explicit: options.values["--praxis"]) } catch { fail(error.description) }

// MARK: The corpus

/// Every message of the shared corpora this benchmark draws from, in a fixed order: the
/// linux-mips mbox, the 20 Newsgroups training files, the notmuch test maildirs.
func loadSourceMessages() -> (messages: [[UInt8]], origin: String)? {
    let files = FileManager.default
    guard let corpora = MailCorpus.corporaCandidates().first(where: {
        files.fileExists(atPath: ($0 as NSString).appendingPathComponent(MailCorpus.standardMbox))
    }) else { return nil }
    var messages: [[UInt8]] = []
    var counts: [String] = []
    let mbox = (corpora as NSString).appendingPathComponent(MailCorpus.standardMbox)
    if let data = files.contents(atPath: mbox) {
        let split = Array(Mbox([UInt8](data)))
        messages += split
        counts.append("\(split.count) from \(MailCorpus.standardMbox)")
    }
    for (folder, label) in [("20news-bydate-train", "20news-bydate-train"), ("notmuch-maildirs", "notmuch-maildirs")] {
        let root = (corpora as NSString).appendingPathComponent(folder)
        guard let walker = files.enumerator(atPath: root) else { continue }
        var paths: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            // Licence and provenance files sit beside the messages.
            if name.hasPrefix("COPYING") || ["SOURCE.txt", "README", "COMMIT"].contains(name) || name.hasPrefix(".") {
                continue
            }
            paths.append(relative)
        }
        var added = 0
        for relative in paths.sorted() {
            var isDirectory: ObjCBool = false
            let path = (root as NSString).appendingPathComponent(relative)
            guard files.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = files.contents(atPath: path), !data.isEmpty else { continue }
            messages.append([UInt8](data))
            added += 1
        }
        counts.append("\(added) from \(label)")
    }
    return messages.isEmpty ? nil : (messages, "\(corpora): " + counts.joined(separator: ", "))
}

/// `message` with its Message-ID made unique: `.copyN` appended inside the angle brackets, or a
/// Message-ID header added when there is none (the 20 Newsgroups files have none); and its body
/// made unique by a last line naming the copy. Otherwise the copies would be recorded as
/// duplicates, by Message-ID or by content hash (which covers the body, not the Message-ID).
func uniqueCopy(of message: [UInt8], copy: Int) -> [UInt8] {
    withIDOf(message, copy: copy) + Array("\n(benchmark copy \(copy))\n".utf8)
}

func withIDOf(_ message: [UInt8], copy: Int) -> [UInt8] {
    let marker = Array(".copy\(copy)".utf8)
    let newline = UInt8(ascii: "\n")
    var lineStart = 0
    var index = 0
    let count = message.count
    while lineStart < count {
        index = lineStart
        while index < count && message[index] != newline { index += 1 }
        let lineEnd = index
        // An empty line (LF or CRLF) ends the header section.
        if lineEnd == lineStart || (lineEnd == lineStart + 1 && message[lineStart] == UInt8(ascii: "\r")) { break }
        if isMessageIDHeader(message, at: lineStart, lineEnd: lineEnd) {
            // The header may be folded: its value ends before the next line not starting with space or tab.
            var valueEnd = lineEnd
            while valueEnd + 1 < count, message[valueEnd + 1] == UInt8(ascii: " ") || message[valueEnd + 1] == UInt8(ascii: "\t") {
                valueEnd += 1
                while valueEnd < count && message[valueEnd] != newline { valueEnd += 1 }
            }
            if let close = message[lineStart..<valueEnd].lastIndex(of: UInt8(ascii: ">")) {
                var result = message
                result.insert(contentsOf: marker, at: close)
                return result
            }
            break
        }
        lineStart = lineEnd + 1
    }
    return Array("Message-ID: <ingest-throughput\(String(decoding: marker, as: UTF8.self))@benchmark.invalid>\n".utf8) + message
}

func isMessageIDHeader(_ message: [UInt8], at start: Int, lineEnd: Int) -> Bool {
    let name = Array("message-id:".utf8)
    guard lineEnd - start >= name.count else { return false }
    for offset in 0..<name.count where message[start + offset] | 0x20 != name[offset] | 0x20 {
        return false
    }
    return true
}

// MARK: Running it

/// Runs `praxis` with `arguments`, stdout and stderr into files; returns the exit status, the
/// wall time and the child's peak RSS in bytes.
func run(_ executable: String, _ arguments: [String], stdout: String, stderr: String) -> (status: Int32, seconds: Double, peakRSS: Int) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let clock = ContinuousClock()
    let start = clock.now
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { fail("cannot start \(executable): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) == -1 {
        guard errno == EINTR else { fail("wait4: \(String(cString: strerror(errno)))") }
    }
    let elapsed = start.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    // ru_maxrss is in kilobytes on Linux.
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exitStatus, seconds, Int(usage.ru_maxrss) * 1024)
}

func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += written
    }
    return true
}

func fileCount(_ directory: String) -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }.count) ?? 0
}

guard let source = loadSourceMessages() else {
    FileHandle.standardError.write(Data(("SKIPPED: ingest benchmark corpus not found (looked in "
        + MailCorpus.corporaCandidates().joined(separator: ", ")
        + "); set PRAXIS_CORPORA to the shared corpora folder to measure.\n").utf8))
    exit(0)
}

let work = (NSTemporaryDirectory() as NSString).appendingPathComponent("praxis-ingest-\(getpid())")
let maildir = work + "/Maildir"
for folder in ["tmp", "new", "cur"] {
    do {
        try FileManager.default.createDirectory(atPath: maildir + "/" + folder, withIntermediateDirectories: true)
    } catch {
        fail("cannot create \(maildir)/\(folder): \(error)")
    }
}

print("building \(messageCount) messages in \(maildir)")
print("(\(source.origin); cycled, Message-IDs made unique)")
var totalBytes = 0
var authors = Set<String>()
for copy in 0..<messageCount {
    let bytes = uniqueCopy(of: source.messages[copy % source.messages.count], copy: copy)
    if withMembers, copy < source.messages.count,
       let author = MailMessage(bytes).from.first?.address.lowercased(), AddressSyntax.problem(in: author) == nil {
        authors.insert(author)
    }
    totalBytes += bytes.count
    // Maildir names sort by delivery time; the zero-padded counter keeps the corpus order.
    let name = String(format: "1700000000.Q%07d.ingest-throughput", copy)
    // Plain open and write: FileManager's atomic writes made setting up take minutes.
    guard writeFile(maildir + "/new/" + name, bytes) else { fail("cannot write \(maildir)/new/\(name)") }
}
let megabytes = Double(totalBytes) / 1e6
print(String(format: "%d messages, %.1f MB, mean %.1f KB", messageCount, megabytes, Double(totalBytes) / Double(messageCount) / 1e3))

let configuration = """
    community:
      name: Ingest benchmark
      list_address: bench@lists.example.org
    paths:
      maildir: \(maildir)
      database: \(work)/praxis.sqlite
    smtp:
      url: maildir:\(work)/outgoing
    log_level: warning

    """ + (withSubIssues ? """
    sub_issues:
      - {id: kernel, name: Kernel, keywords: [kernel, patch, driver, interrupt, cache]}
      - {id: toolchain, name: Toolchain, keywords: [gcc, binutils, compiler, assembler, linker]}
      - {id: boards, name: Boards, keywords: [board, firmware, serial console, pci, ethernet]}
      - {id: userland, name: Userland, keywords: [glibc, debian, package, installer, shell]}
      - {id: closed, name: Closed, keywords: [confidential], protected: true, members: [core@lists.example.org]}

    """ : "")
let configurationPath = work + "/praxis.yaml"
guard FileManager.default.createFile(atPath: configurationPath, contents: Data(configuration.utf8)) else {
    fail("cannot write \(configurationPath)")
}

if withMembers {
    let csv = "address,name,role,delivery,pinned\n" + authors.sorted().map { "\($0),,outer,digest,no\n" }.joined()
    guard FileManager.default.createFile(atPath: work + "/members.csv", contents: Data(csv.utf8)) else {
        fail("cannot write \(work)/members.csv")
    }
    let imported = run(praxis, ["members", "import", work + "/members.csv", "--config", configurationPath],
                       stdout: work + "/import.out", stderr: work + "/import.err")
    guard imported.status == 0 else {
        fail("praxis members import failed: " + ((try? String(contentsOfFile: work + "/import.err", encoding: .utf8)) ?? ""))
    }
    print("imported \(authors.count) authors as members reading digests")
}

print("running \(praxis) ingest --once")
let result = run(praxis, ["ingest", "--once", "--config", configurationPath],
                 stdout: work + "/ingest.out", stderr: work + "/ingest.err")
let report = (try? String(contentsOfFile: work + "/ingest.out", encoding: .utf8))?
    .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
let logLines = ((try? String(contentsOfFile: work + "/ingest.err", encoding: .utf8)) ?? "")
    .split(separator: "\n").count
let leftInNew = fileCount(maildir + "/new")
let inCur = fileCount(maildir + "/cur")
let quarantined = fileCount(maildir + "/.Quarantine/new")

print("praxis: \(report.isEmpty ? "(no output)" : report)")
print("exit status \(result.status); \(logLines) log lines on stderr; left in new/ \(leftInNew), in cur/ \(inCur), in quarantine \(quarantined)")
print(String(format: "%.2f s wall, %.0f messages/s, %.1f MB/s, peak RSS %.1f MB",
             result.seconds, Double(messageCount) / result.seconds, megabytes / result.seconds,
             Double(result.peakRSS) / 1_048_576))

if keep {
    print("kept \(work)")
} else {
    try? FileManager.default.removeItem(atPath: work)
}
// A run that did not empty new/ measured something other than a full ingest.
exit(result.status == 0 && leftInNew == 0 ? 0 : 1)
