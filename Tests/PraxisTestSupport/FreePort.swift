import Foundation
import Glibc

/// A port on 127.0.0.1 that was free a moment ago: for servers that cannot report the port they
/// bound (Postfix, smtp-sink), and for a server that must come back on the same port. Shared by
/// the test targets and the benchmarks that start servers.
public func freePort() throws -> Int {
    let (descriptor, port) = try LoopbackSocket.bound(to: 0, listening: false)
    close(descriptor)
    return port
}

/// TCP sockets on 127.0.0.1, for the servers tests and benchmarks start.
public enum LoopbackSocket {
    /// A TCP socket bound to 127.0.0.1:`port` (0: any free port), listening when asked, and the
    /// port it got. The caller closes it.
    public static func bound(to port: Int, listening: Bool) throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        if listening {
            // A server that comes back on its port must not wait for the old connections' TIME_WAIT.
            var yes: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && (!listening || listen(descriptor, 128) == 0)
                    && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            close(descriptor)
            throw POSIXError(.init(rawValue: code) ?? .EADDRINUSE)
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }
}
