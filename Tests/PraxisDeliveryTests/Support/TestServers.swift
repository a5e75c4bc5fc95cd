import Foundation
import Glibc
import PraxisTestSupport
import Testing

/// A temporary directory for one test, removed at the end.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = "/tmp/praxis-delivery-\(UUID().uuidString.prefix(13))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Whether something accepts connections on 127.0.0.1:`port`.
func isListening(_ port: Int) -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

/// A server process started by a test, stopped by its own PID with SIGKILL (test servers keep
/// nothing worth a graceful stop: every saved message is already renamed into place).
final class ServerProcess {
    let process = Process()
    let port: Int
    let errorPath: String

    private init(executable: String, arguments: [String], port: Int, errorPath: String) {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        self.port = port
        self.errorPath = errorPath
    }

    deinit { stop() }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var standardError: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    static let smtpSinkPath = "/usr/sbin/smtp-sink"
    static let python = "/usr/bin/python3"
    static let serverScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("smtp_test_server.py").path

    static var hasSMTPSink: Bool { FileManager.default.isExecutableFile(atPath: smtpSinkPath) }

    static var hasAiosmtpd: Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import aiosmtpd"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    /// Postfix's smtp-sink on a free port, with extra options (`-r RCPT`, `-d template`…); nil,
    /// with a printed note, when it is not installed.
    static func smtpSink(_ options: [String] = [], in folder: TemporaryFolder) throws -> ServerProcess? {
        guard hasSMTPSink else {
            print("skipped: \(smtpSinkPath) is not installed (Debian package postfix; scripts/setup-debian.sh installs it)")
            return nil
        }
        let port = try freePort()
        // smtp-sink refuses to run as root without somebody else's privileges to drop to.
        let user = getuid() == 0 ? ["-u", "nobody"] : []
        let server = ServerProcess(
            executable: smtpSinkPath, arguments: user + options + ["127.0.0.1:\(port)", "256"], port: port,
            errorPath: folder.file("smtp-sink-\(port).err"))
        try server.launch()
        guard waitFor({ isListening(port) }) else {
            Issue.record("smtp-sink did not listen on port \(port): \(server.standardError)")
            return nil
        }
        return server
    }

    /// The aiosmtpd test server (`smtp_test_server.py`) with `options`; nil, with a printed
    /// note, when aiosmtpd is not installed.
    static func aiosmtpd(_ options: [String] = [], port: Int = 0, spool: String, in folder: TemporaryFolder) throws -> ServerProcess? {
        guard hasAiosmtpd else {
            print("skipped: aiosmtpd is not installed for \(python) (Debian package python3-aiosmtpd; scripts/setup-debian.sh installs it)")
            return nil
        }
        let portFile = folder.file("port-\(UUID().uuidString.prefix(6))")
        let server = ServerProcess(
            executable: python,
            arguments: [serverScript, "--port", "\(port)", "--port-file", portFile, "--spool", spool] + options,
            port: port, errorPath: portFile + ".err")
        try server.launch()
        guard waitFor({ FileManager.default.fileExists(atPath: portFile) }),
              let text = try? String(contentsOfFile: portFile, encoding: .utf8), let bound = Int(text) else {
            Issue.record("the aiosmtpd test server did not start: \(server.standardError)")
            return nil
        }
        return ServerProcess(adopting: server, port: bound)
    }

    private convenience init(adopting other: ServerProcess, port: Int) {
        self.init(executable: "", arguments: [], port: port, errorPath: other.errorPath)
        adopted = other
    }

    /// The process when this value only records the port another one reported.
    private var adopted: ServerProcess?

    var pid: Int32 { adopted?.pid ?? process.processIdentifier }

    private func launch() throws {
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }
}

/// Polls every 5 ms until `condition` holds or `timeout` passes, blocking the calling thread: for
/// sync code (starting a server). Async tests use `waitSuspending`.
func waitFor(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}

/// `waitFor` that sleeps by suspending, never by blocking its thread: a worker under test runs on
/// the same cooperative pool, which has only as many threads as cores, and other tests running in
/// parallel may be blocking the rest.
func waitSuspending(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

/// The messages the aiosmtpd test server saved, in arrival order.
struct SpooledMessage: Decodable {
    var from: String
    /// The parameters of MAIL FROM ("SIZE=1234", "SMTPUTF8").
    var mailOptions: [String]
    var to: [String]
    var tls: Bool
    var auth: String?
    var data: String

    enum CodingKeys: String, CodingKey {
        case from, to, tls, auth, data
        case mailOptions = "mail_options"
    }

    static func all(in spool: String) -> [SpooledMessage] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            FileManager.default.contents(atPath: spool + "/" + name)
                .flatMap { try? JSONDecoder().decode(SpooledMessage.self, from: $0) }
        }
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost, made with openssl for one test.
func makeCertificate(in folder: TemporaryFolder) throws -> (certificate: String, key: String)? {
    let openssl = "/usr/bin/openssl"
    guard FileManager.default.isExecutableFile(atPath: openssl) else {
        print("skipped: \(openssl) is not installed")
        return nil
    }
    let certificate = folder.file("cert.pem"), key = folder.file("key.pem")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: openssl)
    process.arguments = [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        Issue.record("openssl could not make a test certificate")
        return nil
    }
    return (certificate, key)
}
