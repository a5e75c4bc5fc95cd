import Glibc

/// A stub resolver for TXT records: asks one recursive nameserver over UDP (RFC 1035 §4.2.1) and
/// waits at most `timeout` in all, however many names are asked at once. A truncated answer (TC)
/// is asked again over TCP within the same timeout (RFC 7766 §5; `DNSTXTResolver+TCP.swift`): a
/// domain with many TXT records at `_dmarc` can overflow a datagram. It blocks the calling thread,
/// so callers in async code run it on a thread of its own.
///
/// Nothing beyond what a DMARC lookup needs: no DNSSEC, no search domains.
public struct DNSTXTResolver: Sendable {
    /// `address` or `address:port` (IPv6 as `[address]:port`), numeric; port 53 when absent.
    public let server: String
    /// The longest the caller waits for all of its names, in seconds.
    public let timeout: Double

    public init(server: String, timeout: Double) {
        self.server = server
        self.timeout = timeout
    }

    /// The first `nameserver` of a resolv.conf file, as glibc would use it; nil when none or unreadable.
    public static func firstNameserver(inResolvConf text: String) -> String? {
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count >= 2, words[0] == "nameserver" {
                // A link-local IPv6 address may carry its interface (`fe80::1%eth0`); numeric
                // host parsing takes that form too.
                return words[1].contains(":") ? "[\(words[1])]" : String(words[1])
            }
        }
        return nil
    }

    /// The host and port of `server`; nil when it is not of the documented form.
    public static func hostAndPort(_ server: String) -> (host: String, port: String)? {
        if server.hasPrefix("[") {
            guard let close = server.firstIndex(of: "]") else { return nil }
            let host = String(server[server.index(after: server.startIndex)..<close])
            let rest = server[server.index(after: close)...]
            if rest.isEmpty { return host.isEmpty ? nil : (host, "53") }
            guard rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()), port > 0 else { return nil }
            return host.isEmpty ? nil : (host, String(port))
        }
        let parts = server.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return server.isEmpty ? nil : (server, "53")
        case 2:
            guard !parts[0].isEmpty, let port = UInt16(parts[1]), port > 0 else { return nil }
            return (String(parts[0]), String(port))
        default:
            // A bare IPv6 address: its colons are not a port.
            return (server, "53")
        }
    }

    /// Whether `server` is a numeric address, with or without a port, as `server` must be.
    public static func isValidServer(_ server: String) -> Bool {
        guard let found = numericAddress(server) else { return false }
        freeaddrinfo(found)
        return true
    }

    /// The address `server` names, for a UDP socket; nil when it is not of the documented form.
    /// The caller frees it (`freeaddrinfo`).
    private static func numericAddress(_ server: String) -> UnsafeMutablePointer<addrinfo>? {
        guard let (host, port) = hostAndPort(server) else { return nil }
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, port, &hints, &found) == 0 else { return nil }
        return found
    }

    /// The TXT answer for each of `names` that was answered within the timeout; a name missing
    /// from the result got no answer in time. A socket that cannot be set up fails every name.
    public func txtRecords(of names: Set<String>) -> [String: DNSMessage.TXTAnswer] {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(timeout * 1000))
        var pending: [UInt16: (name: String, query: [UInt8])] = [:]
        var answers: [String: DNSMessage.TXTAnswer] = [:]
        for name in names {
            guard let (id, query) = Self.query(for: name, avoiding: pending.keys) else {
                answers[name] = .failed("not a domain name")
                continue
            }
            pending[id] = (name, query)
        }
        guard !pending.isEmpty else { return answers }
        let socket: Int32
        do {
            socket = try connectedSocket()
        } catch {
            for (_, query) in pending { answers[query.name] = .failed("\(error)") }
            return answers
        }
        defer { closeDescriptor(socket) }
        var resent = false
        send(pending.values.map(\.query), on: socket)
        var buffer = [UInt8](repeating: 0, count: 65_535)
        while !pending.isEmpty {
            let left = clock.now.duration(to: deadline)
            guard left > .zero else { break }
            // One retransmission halfway, for a datagram lost on the way (RFC 1536 §1).
            let resendAt = deadline - .milliseconds(Int(timeout * 500))
            let untilResend = resent ? left : min(left, clock.now.duration(to: resendAt))
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = (try? systemCall("poll", server) { poll(&descriptor, 1, Self.milliseconds(untilResend)) }) ?? 0
            if ready == 0 {
                if !resent && clock.now < deadline {
                    resent = true
                    send(pending.values.map(\.query), on: socket)
                }
                continue
            }
            let received = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            // ECONNREFUSED: nothing listens there (an ICMP error on a connected socket).
            if received < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                let reason = String(cString: strerror(errno))
                for (_, query) in pending { answers[query.name] = .failed("\(server): \(reason)") }
                return answers
            }
            let packet = Array(buffer[0..<received])
            for (id, query) in pending {
                guard let answer = DNSMessage.txtAnswer(packet, id: id, name: query.name) else { continue }
                pending[id] = nil
                // The stream is asked at once, so its wait comes out of the same deadline; datagrams
                // answering other names meanwhile wait in the socket's buffer.
                answers[query.name] = answer == .truncated ? tcpAnswer(query.query, id: id, name: query.name, by: deadline) : answer
                break
            }
        }
        return answers
    }

    /// A query for `name` with an ID none of `taken` has: random, so that an off-path sender
    /// must guess it.
    private static func query(for name: String, avoiding taken: Dictionary<UInt16, (name: String, query: [UInt8])>.Keys)
        -> (UInt16, [UInt8])?
    {
        var id = UInt16.random(in: .min ... .max)
        while taken.contains(id) { id = UInt16.random(in: .min ... .max) }
        return DNSMessage.txtQuery(for: name, id: id).map { (id, $0) }
    }

    /// A socket connected to the server: UDP, so that only datagrams from it are received, or a
    /// TCP stream whose connection may still be under way (non-blocking: the caller waits for it
    /// with the deadline in hand).
    func connectedSocket(type: __socket_type = SOCK_DGRAM) throws(SystemError) -> Int32 {
        guard let address = Self.numericAddress(server) else {
            throw SystemError(call: "getaddrinfo", context: "\(server) is not a numeric address or address:port", errno: EINVAL)
        }
        defer { freeaddrinfo(address) }
        let socket = try systemCall("socket", server) {
            let flags = Int32(SOCK_CLOEXEC.rawValue) | (type == SOCK_STREAM ? Int32(SOCK_NONBLOCK.rawValue) : 0)
            return Glibc.socket(address.pointee.ai_family, Int32(type.rawValue) | flags, 0)
        }
        do {
            try systemCall("connect", server) { Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) }
        } catch where error.errno == EINPROGRESS {
            return socket
        } catch {
            closeDescriptor(socket)
            throw error
        }
        return socket
    }

    /// Sends each query; one that cannot be sent is simply not answered, and times out.
    private func send(_ queries: [[UInt8]], on socket: Int32) {
        for query in queries {
            _ = query.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
    }

    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1))
    }
}
