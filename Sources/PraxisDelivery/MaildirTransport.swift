import Foundation
import PraxisSystem
import Synchronization

/// The `maildir:PATH` transport (DESIGN.md §6): each message is written into `PATH/tmp/`, synced,
/// then renamed into `PATH/new/` (maildir(5)), so Praxis runs with no MTA and an operator sees
/// exactly what would be sent. The envelope goes in front as `Return-Path:` and one
/// `X-Original-To:` per recipient, as Postfix's local delivery writes them.
public final class MaildirTransport: MailTransport {
    /// The maildir's root (holding `tmp/`, `new/`, `cur/`).
    public let path: String
    private let maildir: Maildir
    // File writes and fsync block: they run on this queue, never on the cooperative pool.
    private let queue = DispatchQueue(label: "praxis-maildir-transport")
    private let sequence = Atomic<Int>(0)

    /// Creates `tmp/`, `new/` and `cur/` under `path` where missing.
    public init(path: String) throws(DeliveryError) {
        self.path = path
        maildir = Maildir(path: path)
        // FileManager rather than `Maildir.create`: the operator names the path, and its parents
        // are created too, readable by the operator's group like the files.
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
                try? self.maildir.syncNew()
                continuation.resume(returning: results)
            }
        }
    }

    public func shutdown() async {}

    private func write(_ envelope: OutgoingEnvelope) -> DeliveryResult {
        var bytes = Array("Return-Path: <\(envelope.sender)>\n".utf8)
        for recipient in envelope.recipients {
            bytes += Array("X-Original-To: \(recipient)\n".utf8)
        }
        bytes += envelope.message
        let name = Maildir.uniqueName(sequence: sequence.wrappingAdd(1, ordering: .relaxed).newValue)
        do {
            // 0640: an operator's group may read what would have been sent.
            try maildir.deliver(bytes, uniqueName: name, mode: 0o640)
            return .uniform(envelope.recipients, status: .accepted, reply: nil, stage: .data, detail: "")
        } catch {
            return .uniform(envelope.recipients, status: .transient, reply: nil, stage: .data, detail: error.description)
        }
    }
}
