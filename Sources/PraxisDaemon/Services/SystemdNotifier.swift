import Glibc
import PraxisSystem

/// Talks to systemd's notification socket (sd_notify(3)), without libsystemd.
///
/// When `NOTIFY_SOCKET` is not set (not started by systemd with `Type=notify`), every call does
/// nothing, so the daemon runs the same under systemd, in a terminal, and in tests.
public struct SystemdNotifier: Sendable {
    private let socketPath: String?
    /// How often systemd wants a WATCHDOG=1, from `WATCHDOG_USEC`; nil when no watchdog is set.
    public let watchdogInterval: Duration?

    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        if let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0,
           environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == getpid() }) ?? true {
            watchdogInterval = .microseconds(Int64(usec))
        } else {
            watchdogInterval = nil
        }
    }

    public var isEnabled: Bool { socketPath != nil }

    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }
    public func status(_ text: String) { send("STATUS=\(text)") }
    public func stopping() { send("STOPPING=1") }
    public func reloading() { send("RELOADING=1") }
    public func watchdog() { send("WATCHDOG=1") }

    /// Sends one datagram, never waiting: a supervisor that does not read its socket (its queue
    /// holds only a few datagrams) must not stall the daemon, so a full queue drops the message.
    /// Failures are ignored on purpose: a daemon must not stop working because its supervisor's
    /// socket went away.
    public func send(_ message: String) {
        guard let socketPath else { return }
        guard let descriptor = try? systemCall("socket", socketPath, {
            socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }) else { return }
        defer { closeDescriptor(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        // A leading '@' names a socket in the abstract namespace: its first byte is NUL.
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count)
        let payload = Array(message.utf8)
        _ = try? systemCall("sendto", socketPath) {
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    payload.withUnsafeBytes { bytes in
                        sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), socketAddress, length)
                    }
                }
            }
        }
    }
}
