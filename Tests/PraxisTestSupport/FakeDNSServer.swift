import Foundation
import Glibc

/// `Tests/fake-dns-server.py` running as a child: a DNS server on 127.0.0.1 (a UDP port it chose,
/// and TCP on the same port number) answering TXT queries from a table, logging each query's name
/// (those asked over TCP as `tcp NAME`). Killed by its own PID when the
/// value goes away.
public final class FakeDNSServer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let directory: URL

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `table` maps a query name to its answer, as the script's documentation says: a list of
    /// TXT records (each a string, or a list of strings for one record split in several), or one
    /// of "nxdomain", "servfail", "silent", "truncated", "malformed", "stray-first", or a
    /// `["udp": …, "tcp": …]` pair. With `tcp` false nothing listens on TCP (a connection is refused).
    public init(table: [String: Any], tcp: Bool = true) throws {
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("praxis-dns-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tablePath = directory.appendingPathComponent("table.json")
        try JSONSerialization.data(withJSONObject: table).write(to: tablePath)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fake-dns-server.py").path
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile) else {
            throw Failure(description: "python3 is needed to run \(script) (scripts/setup-debian.sh installs it)")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, tablePath.path, directory.appendingPathComponent("queries.log").path] + (tcp ? [] : ["--no-tcp"])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The first line is the port; the script prints nothing else.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw Failure(description: "\(script) did not print its port")
        }
        self.port = port
    }

    /// `127.0.0.1:PORT`, as `list.dmarc_resolver` takes it.
    public var address: String { "127.0.0.1:\(port)" }

    /// The names asked so far, in order (lower case).
    public var queries: [String] {
        let log = (try? String(contentsOf: directory.appendingPathComponent("queries.log"), encoding: .utf8)) ?? ""
        return log.split(separator: "\n").map(String.init)
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
