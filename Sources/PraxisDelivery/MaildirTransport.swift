import Foundation
import Glibc
import Synchronization

/// The `maildir:PATH` transport (DESIGN.md §6): each message is written into `PATH/tmp/`, synced,
/// then renamed into `PATH/new/` (maildir(5)), so Praxis runs with no MTA and an operator sees
/// exactly what would be sent. The envelope goes in front as `Return-Path:` and one
/// `X-Original-To:` per recipient, as Postfix's local delivery writes them.
public final class MaildirTransport: MailTransport {
    /// The maildir's root (holding `tmp/`, `new/`, `cur/`).
    public let path: String
    // File writes and fsync block: they run on this queue, never on the cooperative pool.
    private let queue = DispatchQueue(label: "praxis-maildir-transport")
    private let sequence = Atomic<Int>(0)

    /// Creates `tmp/`, `new/` and `cur/` under `path` where missing.
    public init(path: String) throws(DeliveryError) {
        self.path = path
        for folder in ["tmp", "new", "cur"] {
            do {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).appendingPathComponent(folder), withIntermediateDirectories: true)
            } catch {
                throw DeliveryError(code: .maildir, operation: "creating the outgoing maildir \(path)",
                                    message: String(describing: error))
            }
        }
    }

    public func deliver(_ envelopes: [OutgoingEnvelope]) async -> [DeliveryResult] {
        await withCheckedContinuation { continuation in
            queue.async {
                let results = envelopes.map(self.write)
                // One directory sync for the whole batch makes every rename durable.
                let directory = open((self.path as NSString).appendingPathComponent("new"), O_RDONLY | O_DIRECTORY)
                if directory >= 0 {
                    fsync(directory)
                    close(directory)
                }
                continuation.resume(returning: results)
            }
        }
    }

    public func shutdown() async {}

    /// The unique name of the next file: time, a per-process sequence, the PID and host (maildir(5)).
    private func uniqueName() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let count = sequence.wrappingAdd(1, ordering: .relaxed).newValue
        return "\(now.tv_sec).M\(now.tv_nsec / 1000)P\(getpid())Q\(count).\(Self.hostName)"
    }

    /// The host name with "/" and ":" escaped, as maildir(5) asks.
    private static let hostName: String = {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let bytes = host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "/", with: "\\057")
            .replacingOccurrences(of: ":", with: "\\072")
    }()

    private func write(_ envelope: OutgoingEnvelope) -> DeliveryResult {
        var bytes = Array("Return-Path: <\(envelope.sender)>\n".utf8)
        for recipient in envelope.recipients {
            bytes += Array("X-Original-To: \(recipient)\n".utf8)
        }
        bytes += envelope.message
        let name = uniqueName()
        let temporary = (path as NSString).appendingPathComponent("tmp/" + name)
        let final = (path as NSString).appendingPathComponent("new/" + name)
        if let failure = Self.writeSynced(bytes, to: temporary) {
            unlink(temporary)
            return .uniform(envelope.recipients, status: .transient, reply: nil, stage: .data, detail: failure)
        }
        guard rename(temporary, final) == 0 else {
            let failure = "rename \(temporary) to \(final): \(String(cString: strerror(errno)))"
            unlink(temporary)
            return .uniform(envelope.recipients, status: .transient, reply: nil, stage: .data, detail: failure)
        }
        return .uniform(envelope.recipients, status: .accepted, reply: nil, stage: .data, detail: "")
    }

    /// Writes the whole file and fsyncs it; the failure (as a sentence) or nil.
    private static func writeSynced(_ bytes: [UInt8], to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { return "open \(path): \(String(cString: strerror(errno)))" }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return "write \(path): \(String(cString: strerror(errno)))"
            }
            written += count
        }
        guard fsync(descriptor) == 0 else { return "fsync \(path): \(String(cString: strerror(errno)))" }
        return nil
    }
}
