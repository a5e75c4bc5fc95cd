import Foundation
import Testing

/// `scripts/write-man-pages.py`, which the Debian package's man pages come from: one page per
/// command of the real binary's parser (so a new command needs no edit), and help text that can
/// never turn into roff requests.
@Suite("scripts/write-man-pages.py")
struct ManPageGeneratorTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = repository.appendingPathComponent("scripts/write-man-pages.py").path

    /// Runs the generator on `binary`, writing into a fresh folder: (status, stdout, stderr, folder).
    static func generate(binary: String, in directory: URL) throws -> (Int32, String, String, URL) {
        let pages = directory.appendingPathComponent("man1")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, binary, pages.path, "--date", "2026-12-06"]
        let output = directory.appendingPathComponent("generator.out")
        let error = directory.appendingPathComponent("generator.err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: error.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: error)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: output, encoding: .utf8),
                try String(contentsOf: error, encoding: .utf8), pages)
    }

    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("man-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A stand-in for the binary: prints `dump` for --experimental-dump-help and 9.9.9 for --version.
    static func fakeBinary(dump: String, in directory: URL) throws -> String {
        let dumpFile = directory.appendingPathComponent("dump.json")
        try dump.write(to: dumpFile, atomically: true, encoding: .utf8)
        let binary = directory.appendingPathComponent("praxis")
        try """
            #!/bin/sh
            case "$1" in
                --version) echo 9.9.9 ;;
                --experimental-dump-help) cat '\(dumpFile.path)' ;;
                *) exit 64 ;;
            esac
            """.write(to: binary, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        return binary.path
    }

    /// Help text is outside input to roff: a line starting with "." or "'" would be a request
    /// (`.so` includes a file), a backslash an escape. Each must come out as text.
    @Test(arguments: [
        ".so /etc/passwd", "'br", "\\fBbold\\fR", ".TH HIJACK 8", "--option-looking-words", "nested\n.sp 100",
    ])
    func helpTextNeverBecomesARoffRequest(text: String) throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let quoted = String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
        let dump = """
            {"serializationVersion": 0, "command": {"commandName": "praxis", "abstract": "Root.",
             "discussion": \(quoted), "arguments": [{"kind": "flag", "shouldDisplay": true, "isOptional": true,
             "isRepeating": false, "parsingStrategy": "default", "names": [{"kind": "long", "name": "json"}],
             "preferredName": {"kind": "long", "name": "json"}, "abstract": \(quoted)}]}}
            """
        let (status, output, error, pages) = try Self.generate(binary: try Self.fakeBinary(dump: dump, in: directory), in: directory)
        #expect(status == 0, "\(error)")
        #expect(output == "praxis.1\n")
        let page = try String(contentsOf: pages.appendingPathComponent("praxis.1"), encoding: .utf8)
        let requests = page.split(separator: "\n").filter { $0.hasPrefix(".") || $0.hasPrefix("'") }
        let allowed: Set<String> = [".\\\"", ".BR", ".TH", ".SH", ".PP", ".TP", ".B", ".IP", ".nf", ".fi", ".RS", ".RE"]
        for line in requests {
            let request = String(line.split(separator: " ", maxSplits: 1).first ?? "")
            #expect(allowed.contains(request), "the help text became a roff request: \(line)")
        }
        #expect(!page.contains("\\fB"), "a backslash escape went through: \(page)")
    }

    /// A command without a one-line summary cannot have a NAME line; say so rather than write an
    /// empty one.
    @Test func aCommandWithoutAnAbstractIsRefused() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dump = """
            {"serializationVersion": 0, "command": {"commandName": "praxis", "abstract": "Root.",
             "subcommands": [{"commandName": "quiet", "shouldDisplay": true}]}}
            """
        let (status, _, error, _) = try Self.generate(binary: try Self.fakeBinary(dump: dump, in: directory), in: directory)
        #expect(status == 2)
        #expect(error == "write-man-pages: `praxis quiet` has no abstract in the parser: a man page needs its one-line summary\n")
    }

    /// Every command the real parser has, and no other, gets a page naming its synopsis; the
    /// parser's own `help` command is left out (`praxis help X` is `praxis X --help`).
    @Test func theRealBinaryGetsAPagePerCommand() throws {
        guard let binary = PraxisBinary.url else {
            Issue.record("the praxis executable was not found beside the test bundle (\(Bundle.main.bundleURL.path))")
            return
        }
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, output, error, pages) = try Self.generate(binary: binary.path, in: directory)
        #expect(status == 0, "\(error)")

        let dump = try PraxisBinary.run(["--experimental-dump-help"])
        let tool = try JSONSerialization.jsonObject(with: Data((dump?.standardOutput ?? "").utf8)) as? [String: Any]
        var expected: [String] = []
        func walk(_ path: [String], _ command: [String: Any]) {
            expected.append(path.joined(separator: "-") + ".1")
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                guard let name = sub["commandName"] as? String, name != "help", sub["shouldDisplay"] as? Bool ?? true else { continue }
                walk(path + [name], sub)
            }
        }
        walk(["praxis"], tool?["command"] as? [String: Any] ?? [:])
        #expect(expected.count > 20, "\(expected)")
        #expect(output.split(separator: "\n").map(String.init).sorted() == expected.sorted())
        let files = try FileManager.default.contentsOfDirectory(atPath: pages.path)
        #expect(files.sorted() == expected.sorted())

        let run = try String(contentsOf: pages.appendingPathComponent("praxis-run.1"), encoding: .utf8)
        #expect(run.contains(".TH \"PRAXIS\\-RUN\" \"1\" \"2026-12-06\""), "\(run)")
        #expect(run.contains(".SH SYNOPSIS\n.B praxis run\n"), "\(run)")
        #expect(run.contains("\\-\\-config <path>"), "\(run)")
    }
}
