import CCurl
import Foundation
import Synchronization

/// Sends mail over SMTP through libcurl: a pool of sessions, each a libcurl easy handle on its
/// own thread (curl_easy_perform blocks, so it never runs on Swift's cooperative pool), each
/// keeping its connection from one message to the next.
///
/// The password is read from its file once, here, and kept only in the sessions' libcurl
/// handles: it appears in no description, log line or error.
public final class SMTPTransport: MailTransport {
    /// How to reach the server (from the `smtp:` section of the configuration).
    public struct Settings: Sendable, Hashable {
        /// STARTTLS on `smtp://` URLs.
        public enum STARTTLS: String, Sendable, Hashable {
            /// Refuse to send unless the server offers STARTTLS.
            case required
            /// Use it when offered, else send in clear.
            case ifOffered
            /// Never.
            case off
        }

        /// `smtp://HOST[:PORT]` or `smtps://HOST[:PORT]` (TLS from the first byte).
        public var url: String
        public var starttls: STARTTLS
        /// SMTP AUTH user; nil sends without authenticating.
        public var username: String?
        /// The file holding the password (trailing line breaks are ignored).
        public var passwordFile: String?
        /// PEM file of CA certificates instead of the system's.
        public var caFile: String?
        /// Verify the server's certificate and name.
        public var verify: Bool
        /// Seconds to wait for a connection and TLS handshake.
        public var connectTimeout: Int
        /// Seconds one message may take in all.
        public var timeout: Int
        /// Parallel sessions, each with its own thread and connection.
        public var connections: Int
        /// The name said in EHLO; nil lets libcurl choose.
        public var heloDomain: String?
        /// Seconds a session keeps an unused connection open before it says QUIT.
        public var idleTimeout: Int

        public init(
            url: String, starttls: STARTTLS = .ifOffered, username: String? = nil, passwordFile: String? = nil,
            caFile: String? = nil, verify: Bool = true, connectTimeout: Int = 10, timeout: Int = 60,
            connections: Int = 4, heloDomain: String? = nil, idleTimeout: Int = 10
        ) {
            self.url = url
            self.starttls = starttls
            self.username = username
            self.passwordFile = passwordFile
            self.caFile = caFile
            self.verify = verify
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.connections = connections
            self.heloDomain = heloDomain
            self.idleTimeout = idleTimeout
        }

        /// The URL libcurl gets: its path is the EHLO name.
        var curlURL: String {
            var base = url
            while base.hasSuffix("/") { base.removeLast() }
            return base + "/" + (heloDomain ?? "")
        }
    }

    private let queue: SessionQueue
    private let threadsDone: DispatchGroup

    /// Reads the password (when a username is set) and starts `settings.connections` session
    /// threads. Connections open on the first message, not here.
    public init(settings: Settings) throws(DeliveryError) {
        let lower = settings.url.lowercased()
        guard lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://") else {
            throw DeliveryError(code: .invalidSettings, operation: "setting up SMTP delivery",
                                message: "\(settings.url) is not an smtp:// or smtps:// URL")
        }
        guard (1...64).contains(settings.connections) else {
            throw DeliveryError(code: .invalidSettings, operation: "setting up SMTP delivery",
                                message: "connections must be 1 to 64, not \(settings.connections)")
        }
        let password: String?
        if settings.username != nil {
            password = try Self.readPassword(settings.passwordFile)
        } else {
            password = nil
        }
        Self.globalInit()
        queue = SessionQueue()
        threadsDone = DispatchGroup()
        for index in 0..<settings.connections {
            threadsDone.enter()
            let queue = self.queue
            let done = threadsDone
            let thread = Thread {
                let session = SMTPSession(settings: settings, password: password)
                while let job = queue.next(idle: session.isOpen ? settings.idleTimeout : nil) {
                    switch job {
                    case .idle:
                        session.close()
                    case .send(let envelope, let index, let batch):
                        batch.complete(index, with: session.send(envelope))
                    }
                }
                session.close()
                done.leave()
            }
            thread.name = "praxis-smtp-\(index + 1)"
            thread.start()
        }
    }

    deinit {
        queue.close()
    }

    public func deliver(_ envelopes: [OutgoingEnvelope]) async -> [DeliveryResult] {
        guard !envelopes.isEmpty else { return [] }
        return await withCheckedContinuation { continuation in
            let batch = DeliveryBatch(count: envelopes.count, continuation: continuation)
            if !queue.submit(envelopes, to: batch) {
                for index in envelopes.indices {
                    batch.complete(index, with: .uniform(
                        envelopes[index].recipients, status: .transient, reply: nil, stage: .connection,
                        detail: "the SMTP transport is shut down"))
                }
            }
        }
    }

    public func shutdown() async {
        queue.close()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            threadsDone.notify(queue: .global()) { continuation.resume() }
        }
    }

    /// curl_global_init is not thread-safe: run it once, before any session thread exists.
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    private static func globalInit() { _ = initialised }

    /// The password: the file's content without trailing line breaks. Its text is never quoted
    /// in an error.
    static func readPassword(_ path: String?) throws(DeliveryError) -> String {
        guard let path else {
            throw DeliveryError(code: .unreadablePassword, operation: "reading the SMTP password",
                                message: "a username is set but no password file (smtp.password_file or $CREDENTIALS_DIRECTORY/smtp-password)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DeliveryError(code: .unreadablePassword, operation: "reading the SMTP password from \(path)",
                                message: "the file is missing or unreadable")
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else {
            throw DeliveryError(code: .unreadablePassword, operation: "reading the SMTP password from \(path)",
                                message: "the file is empty")
        }
        return text
    }
}

/// The results of one `deliver` call, filled in by the session threads in any order.
final class DeliveryBatch: Sendable {
    private struct State {
        var results: [DeliveryResult?]
        var remaining: Int
        var continuation: CheckedContinuation<[DeliveryResult], Never>?
    }
    private let state: Mutex<State>

    init(count: Int, continuation: CheckedContinuation<[DeliveryResult], Never>) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count, continuation: continuation))
    }

    func complete(_ index: Int, with result: DeliveryResult) {
        let finished: (CheckedContinuation<[DeliveryResult], Never>, [DeliveryResult])? = state.withLock { state in
            guard state.results[index] == nil else { return nil }
            state.results[index] = result
            state.remaining -= 1
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.results.compactMap { $0 })
        }
        if let (continuation, results) = finished { continuation.resume(returning: results) }
    }
}

/// Work for the session threads: a FIFO of messages, taken by whichever session is free.
final class SessionQueue: Sendable {
    enum Job {
        /// Nothing came for the idle timeout: close the connection.
        case idle
        case send(OutgoingEnvelope, index: Int, batch: DeliveryBatch)
    }

    private struct State {
        var jobs: [(OutgoingEnvelope, Int, DeliveryBatch)] = []
        var head = 0
        var isClosed = false
    }
    // NSCondition rather than a Mutex: the session threads must sleep until work comes.
    private let condition = NSCondition()
    nonisolated(unsafe) private var state = State()

    /// Queues every envelope; false when the queue is closed.
    func submit(_ envelopes: [OutgoingEnvelope], to batch: DeliveryBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !state.isClosed else { return false }
        for (index, envelope) in envelopes.enumerated() {
            state.jobs.append((envelope, index, batch))
        }
        condition.broadcast()
        return true
    }

    /// The next job, blocking until there is one; `.idle` after `idle` seconds without one (when
    /// given); nil once the queue is closed and empty.
    func next(idle: Int?) -> Job? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = idle.map { Date(timeIntervalSinceNow: TimeInterval($0)) }
        while state.head == state.jobs.count {
            if state.isClosed { return nil }
            if let deadline {
                if !condition.wait(until: deadline) && state.head == state.jobs.count && !state.isClosed {
                    return .idle
                }
            } else {
                condition.wait()
            }
        }
        let (envelope, index, batch) = state.jobs[state.head]
        state.head += 1
        if state.head == state.jobs.count {
            state.jobs.removeAll(keepingCapacity: true)
            state.head = 0
        }
        return .send(envelope, index: index, batch: batch)
    }

    /// Lets the threads finish what is queued, then end.
    func close() {
        condition.lock()
        state.isClosed = true
        condition.broadcast()
        condition.unlock()
    }
}
