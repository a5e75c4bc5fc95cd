import Foundation
import Glibc
import Testing

/// The real `praxis` binary running as a child process, its stdout and stderr going to files (a
/// pipe nobody reads would stall a long-running daemon). Signalled and reaped by its own PID only.
final class PraxisChild {
    let process = Process()
    let outputPath: String
    let errorPath: String

    /// Starts `praxis ARGUMENTS` in `directory`; nil (with a recorded issue) when the binary is missing.
    init?(_ arguments: [String], in directory: URL, environment: [String: String] = [:], label: String = "praxis") throws {
        guard let url = PraxisBinary.url else {
            Issue.record("the praxis executable was not found beside the test bundle (\(Bundle.main.bundleURL.path))")
            return nil
        }
        let stamp = UUID().uuidString.prefix(8)
        outputPath = directory.appendingPathComponent("\(label)-\(stamp).out").path
        errorPath = directory.appendingPathComponent("\(label)-\(stamp).err").path
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.executableURL = url
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for key in ["PRAXIS_CONFIG", "CREDENTIALS_DIRECTORY", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] {
            merged.removeValue(forKey: key)
        }
        merged.merge(environment) { $1 }
        process.environment = merged
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    func signal(_ number: Int32) { _ = kill(pid, number) }

    /// Waits for the exit, at most `timeout`; on timeout kills the child so no test leaves one behind.
    @discardableResult
    func wait(timeout: Duration = .seconds(60)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                Issue.record("praxis (pid \(pid)) did not exit within \(timeout); killed")
                signal(SIGKILL)
                process.waitUntilExit()
                return false
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        return true
    }

    var standardOutput: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }
    var exitStatus: Int32 { process.terminationStatus }
    var wasKilledBySignal: Bool { process.terminationReason == .uncaughtSignal }

    /// Runs to completion and returns (status, stdout, stderr).
    static func run(_ arguments: [String], in directory: URL, timeout: Duration = .seconds(120)) throws -> (Int32, String, String)? {
        guard let child = try PraxisChild(arguments, in: directory) else { return nil }
        child.wait(timeout: timeout)
        return (child.exitStatus, child.standardOutput, child.standardError)
    }
}

/// A Unix datagram socket playing systemd's notification socket: bound at a path in the test's
/// directory, or in the abstract namespace when the name starts with "@" (as `NOTIFY_SOCKET` says).
final class NotifySocket {
    let descriptor: Int32
    let name: String

    init(name: String) throws {
        self.name = name
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        precondition(bytes.count < MemoryLayout.size(ofValue: address.sun_path), "socket name too long for the test")
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        // The abstract name is exactly these bytes; a path gets its terminating NUL from the zeroed struct.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw POSIXError(.init(rawValue: code) ?? .EIO)
        }
    }

    deinit { close(descriptor) }

    /// The next datagram, or nil after `timeout`.
    func receive(timeout: Duration) -> String? {
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&descriptors, 1, milliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }

    /// Reads every datagram already queued, without waiting. The kernel queues only
    /// `net.unix.max_dgram_qlen` datagrams (10 by default) and the daemon drops what does not fit
    /// rather than block, so a test that let STATUS lines pile up drains before it waits for a
    /// fresh one (systemd itself reads as they come).
    @discardableResult
    func drain() -> [String] {
        var drained: [String] = []
        while let message = receive(timeout: .zero) { drained.append(message) }
        return drained
    }

    /// Receives until a datagram satisfies `wanted` (returned) or `timeout` passes (nil); every
    /// datagram seen on the way is appended to `seen`.
    func receive(until wanted: (String) -> Bool, timeout: Duration, seen: inout [String]) -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let message = receive(timeout: deadline - ContinuousClock.now) else { return nil }
            seen.append(message)
            if wanted(message) { return message }
        }
        return nil
    }
}

/// Polls `condition` every 2 ms until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        usleep(2_000)
    }
    return try condition()
}

extension PraxisChild {
    /// `praxis run --config PATH` in `folder` under a stand-in for systemd's notify socket,
    /// returned once it said READY=1; nil, with the issue recorded and the child killed, when it
    /// did not within 30 s.
    static func startDaemon(config: String, in folder: URL) throws -> (PraxisChild, NotifySocket)? {
        let socket = try NotifySocket(name: folder.path + "/notify.sock")
        guard let daemon = try PraxisChild(["run", "--config", config], in: folder,
                                           environment: ["NOTIFY_SOCKET": socket.name], label: "run")
        else { return nil }
        var seen: [String] = []
        guard socket.receive(until: { $0.split(separator: "\n").contains("READY=1") }, timeout: .seconds(30), seen: &seen) != nil else {
            Issue.record("praxis run (\(config)) sent no READY=1; got \(seen); stderr: \(daemon.standardError)")
            daemon.signal(SIGKILL)
            daemon.wait()
            return nil
        }
        return (daemon, socket)
    }
}
