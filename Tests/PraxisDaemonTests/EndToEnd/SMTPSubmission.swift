import Foundation
import Glibc

/// A member's mail client in a few lines: one SMTP transaction to 127.0.0.1 over a plain socket,
/// independent of the libcurl transport under test. Throws on any reply that is not a success.
enum SMTPSubmission {
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends `message` (LF or CRLF line ends) from `sender` to `recipients`.
    static func send(_ message: String, from sender: String, to recipients: [String], port: Int) throws {
        let connection = try Connection(port: port)
        defer { connection.close() }
        try connection.expect("220")
        try connection.command("EHLO client.members.test", expect: "250")
        try connection.command("MAIL FROM:<\(sender)>", expect: "250")
        for recipient in recipients { try connection.command("RCPT TO:<\(recipient)>", expect: "250") }
        try connection.command("DATA", expect: "354")
        let lines = message.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        // Dot-stuffing (RFC 5321 §4.5.2), so a line of one "." in a body cannot end the message.
        var data = lines.map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
        if !data.hasSuffix("\r\n") { data += "\r\n" }
        try connection.command(data + ".", expect: "250")
        try? connection.command("QUIT", expect: "221")
    }

    final class Connection {
        let descriptor: Int32
        private var buffer: [UInt8] = []

        init(port: Int, timeoutSeconds: Int = 30) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                let code = errno
                Glibc.close(descriptor)
                throw POSIXError(.init(rawValue: code) ?? .ECONNREFUSED)
            }
        }

        func close() { Glibc.close(descriptor) }

        func command(_ line: String, expect code: String) throws {
            let bytes = Array((line + "\r\n").utf8)
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard count > 0 else { throw POSIXError(.init(rawValue: errno) ?? .EPIPE) }
                sent += count
            }
            try expect(code, after: line)
        }

        func expect(_ code: String, after line: String = "connect") throws {
            let reply = try reply() ?? "(connection closed)"
            guard reply.hasPrefix(code) else {
                throw Refusal(description: "SMTP server answered \"\(reply)\" to \"\(line.prefix(60))\"")
            }
        }

        /// One reply, its continuation lines (`250-…`) joined; nil at end of stream.
        func reply() throws -> String? {
            var lines: [String] = []
            while true {
                guard let line = try readLine() else { return lines.isEmpty ? nil : lines.joined(separator: "\n") }
                lines.append(line)
                let characters = Array(line)
                if characters.count < 4 || characters[3] != "-" { return lines.joined(separator: "\n") }
            }
        }

        private func readLine() throws -> String? {
            while true {
                if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = buffer[..<end].filter { $0 != UInt8(ascii: "\r") }
                    buffer.removeSubrange(...end)
                    return String(decoding: line, as: UTF8.self)
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count == 0 { return nil }
                guard count > 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
                buffer += chunk.prefix(count)
            }
        }
    }
}
