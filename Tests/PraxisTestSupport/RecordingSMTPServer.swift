import Foundation
import Glibc
import Synchronization

/// A small SMTP server on 127.0.0.1 run inside the test process, one thread per connection: it
/// accepts everything and records each message's envelope and the instant its end of DATA was
/// accepted, on the test's own clock. Fast enough for fan-out timing (no interpreter between the
/// socket and the record), and it outlives a `praxis run` that a test kills. The fan-out benchmark
/// times against the same server.
public final class RecordingSMTPServer: Sendable {
    /// One message the server accepted (answered 250 to its end of DATA).
    public struct Accepted: Sendable {
        public var sender: String
        public var recipients: [String]
        public var messageID: String?
        public var at: ContinuousClock.Instant
        /// The lines of DATA as the client meant them (dot-stuffing undone, line ends removed);
        /// kept only when the server was started with `recordsData`.
        public var lines: [[UInt8]] = []
    }

    public let port: Int
    /// Waited before answering each end of DATA: a slow server, so a test can stop the client
    /// mid-fan-out.
    public let dataDelay: Duration
    /// Whether each message's lines are kept (tests that compare what arrived byte for byte).
    public let recordsData: Bool
    private let listener: Int32
    private let state = Mutex(State())
    private let threadsDone = DispatchGroup()

    private struct State {
        var accepted: [Accepted] = []
        var connections: Set<Int32> = []
        var sessions = 0
        var stopped = false
    }

    /// Listens on `port` (0: any free port).
    public init(port: Int = 0, dataDelay: Duration = .zero, recordsData: Bool = false) throws {
        self.dataDelay = dataDelay
        self.recordsData = recordsData
        (listener, self.port) = try LoopbackSocket.bound(to: port, listening: true)
        threadsDone.enter()
        Thread { [self] in
            acceptConnections()
            threadsDone.leave()
        }.start()
    }

    deinit { stop() }

    /// Everything accepted so far, in order of acceptance.
    public var accepted: [Accepted] { state.withLock { $0.accepted } }

    /// The accepted messages whose Message-ID contains `marker` (the copies of some posts, not
    /// the notices a daemon may send besides).
    public func accepted(messageIDContaining marker: String) -> [Accepted] {
        state.withLock { $0.accepted.filter { $0.messageID?.contains(marker) == true } }
    }

    /// Sessions (connections) opened so far.
    public var sessions: Int { state.withLock { $0.sessions } }

    /// Closes the listener and every connection, and waits for the threads to end.
    public func stop() {
        let open: Set<Int32>? = state.withLock { state in
            if state.stopped { return nil }
            state.stopped = true
            return state.connections
        }
        guard let open else { return }
        // shutdown, not close: it wakes the threads blocked in accept and read on these sockets.
        shutdown(listener, Int32(SHUT_RDWR))
        for descriptor in open { shutdown(descriptor, Int32(SHUT_RDWR)) }
        threadsDone.wait()
        close(listener)
    }

    private func acceptConnections() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            let admitted = state.withLock { state in
                guard !state.stopped else { return false }
                state.connections.insert(connection)
                state.sessions += 1
                return true
            }
            guard admitted else {
                close(connection)
                return
            }
            var yes: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            threadsDone.enter()
            Thread { [self] in
                converse(on: connection)
                state.withLock { _ = $0.connections.remove(connection) }
                close(connection)
                threadsDone.leave()
            }.start()
        }
    }

    /// One SMTP session: no pipelining offered, so each command is answered before the next is read.
    private func converse(on connection: Int32) {
        var reader = LineReader(descriptor: connection)
        func reply(_ text: String) -> Bool {
            let bytes = Array((text + "\r\n").utf8)
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if count <= 0 { return false }
                sent += count
            }
            return true
        }
        guard reply("220 recording ESMTP") else { return }
        var sender = ""
        var recipients: [String] = []
        while let line = reader.next() {
            let command = String(decoding: line.prefix(4), as: UTF8.self).uppercased()
            let argument = String(decoding: line, as: UTF8.self)
            var answer: String
            switch command {
            case "EHLO": answer = "250-recording\r\n250-8BITMIME\r\n250 SMTPUTF8"
            case "HELO", "NOOP": answer = "250 Ok"
            case "RSET":
                sender = ""
                recipients = []
                answer = "250 Ok"
            case "MAIL":
                sender = Self.address(in: argument)
                recipients = []
                answer = "250 2.1.0 Ok"
            case "RCPT":
                recipients.append(Self.address(in: argument))
                answer = "250 2.1.5 Ok"
            case "DATA":
                guard reply("354 End data with <CR><LF>.<CR><LF>") else { return }
                var messageID: String?
                var inHeader = true
                var ended = false
                var lines: [[UInt8]] = []
                while let data = reader.next() {
                    if data == [UInt8(ascii: ".")] {
                        ended = true
                        break
                    }
                    // RFC 5321 §4.5.2: a line starting with a dot had one more put before it.
                    if recordsData { lines.append(data.first == UInt8(ascii: ".") ? Array(data.dropFirst()) : data) }
                    if data.isEmpty { inHeader = false }
                    if inHeader, messageID == nil, data.count > 11,
                       String(decoding: data.prefix(11), as: UTF8.self).lowercased() == "message-id:" {
                        messageID = String(decoding: data.dropFirst(11), as: UTF8.self).trimmingCharacters(in: .whitespaces)
                    }
                }
                guard ended else { return }
                if dataDelay > .zero { Thread.sleep(forTimeInterval: dataDelay.seconds) }
                // Recorded before the reply goes out: once the client has its 250, the record exists.
                state.withLock {
                    $0.accepted.append(Accepted(sender: sender, recipients: recipients, messageID: messageID, at: .now, lines: lines))
                }
                recipients = []
                answer = "250 2.0.0 Ok: queued"
            case "QUIT":
                _ = reply("221 2.0.0 Bye")
                return
            default: answer = "502 5.5.2 Error: command not recognized"
            }
            guard reply(answer) else { return }
        }
    }

    /// The address between angle brackets of `MAIL FROM:<…>` or `RCPT TO:<…>`.
    private static func address(in argument: String) -> String {
        guard let open = argument.firstIndex(of: "<"), let close = argument[open...].firstIndex(of: ">") else { return "" }
        return String(argument[argument.index(after: open)..<close])
    }
}

/// Reads CRLF (or LF) terminated lines from a socket, without the line end.
private struct LineReader {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func next() -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                var end = newline
                if end > start, buffer[end - 1] == 13 { end -= 1 }
                let line = Array(buffer[start..<end])
                start = newline + 1
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }
}

extension Duration {
    /// The duration in seconds, for APIs that take a `TimeInterval`.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
