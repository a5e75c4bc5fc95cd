import Glibc

/// The TCP retry of a truncated answer (RFC 7766 §5, RFC 1035 §4.2.2): the same query again over
/// a stream to the same server, each message prefixed by its length in two bytes. It runs within
/// the caller's deadline, the one all names of a `txtRecords` call share, so a server that accepts
/// and then says nothing costs no more than the timeout.
extension DNSTXTResolver {
    /// The answer to `query` (whose ID is `id`, asking for `name`) over TCP by `deadline`. The
    /// answer is read with the same rules as a datagram (`DNSMessage.txtAnswer`); a connection
    /// refused, an answer cut short, one that answers something else or is truncated again is a
    /// failure with its reason, never a crash and never a policy.
    func tcpAnswer(_ query: [UInt8], id: UInt16, name: String, by deadline: ContinuousClock.Instant) -> DNSMessage.TXTAnswer {
        let socket: Int32
        do {
            socket = try connectedSocket(type: SOCK_STREAM)
        } catch {
            return .failed("over TCP: \(error)")
        }
        defer { closeDescriptor(socket) }
        guard Self.wait(for: POLLOUT, on: socket, by: deadline) else {
            return .failed("over TCP: \(server) did not accept the connection in time")
        }
        var failure: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        // A connection that did not complete at once says how it ended here.
        if getsockopt(socket, SOL_SOCKET, SO_ERROR, &failure, &size) != 0 || failure != 0 {
            return .failed("over TCP: \(SystemError(call: "connect", context: server, errno: failure == 0 ? errno : failure))")
        }
        let framed = DNSMessage.streamFramed(query)
        var sent = 0
        while sent < framed.count {
            guard Self.wait(for: POLLOUT, on: socket, by: deadline) else { return .failed("over TCP: the query could not be sent in time") }
            let start = sent
            let count = framed.withUnsafeBytes { Glibc.send(socket, $0.baseAddress.map { $0 + start }, $0.count - start, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failed("over TCP: \(server): \(String(cString: strerror(errno)))")
            }
            sent += count
        }
        guard let prefix = Self.receive(2, from: socket, by: deadline) else {
            return .failed("over TCP: no answer in time, or the connection closed without one")
        }
        let length = Int(prefix[0]) << 8 | Int(prefix[1])
        guard let packet = Self.receive(length, from: socket, by: deadline) else {
            return .failed("over TCP: the answer ended before the \(length) bytes its length gives")
        }
        guard let answer = DNSMessage.txtAnswer(packet, id: id, name: name) else {
            return .failed("over TCP: the answer is not the answer to the query")
        }
        return answer == .truncated ? .failed("the answer was truncated over TCP too") : answer
    }

    /// Exactly `count` bytes from the stream by `deadline`; nil when it ends, fails or the time is up first.
    private static func receive(_ count: Int, from socket: Int32, by deadline: ContinuousClock.Instant) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            guard wait(for: POLLIN, on: socket, by: deadline) else { return nil }
            let start = filled
            let received = bytes.withUnsafeMutableBytes { recv(socket, $0.baseAddress.map { $0 + start }, count - start, 0) }
            if received < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return nil
            }
            if received == 0 { return nil }
            filled += received
        }
        return bytes
    }

    /// Whether `socket` is ready for `events` before `deadline`; an error or hang-up counts as
    /// ready, for the next call to report.
    private static func wait(for events: Int32, on socket: Int32, by deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            var descriptor = pollfd(fd: socket, events: Int16(events), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds(left))
            if ready < 0 && errno == EINTR { continue }
            return ready > 0
        }
    }
}
