import Glibc

/// A failed system call: which call, on what, and the errno it left.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    /// The call that failed, e.g. `rename`.
    public let call: String
    /// What it was doing, e.g. the path.
    public let context: String
    public let errno: Int32

    public init(call: String, context: String, errno: Int32) {
        self.call = call
        self.context = context
        self.errno = errno
    }

    public var description: String {
        "\(call) \(context): \(String(cString: strerror(errno)))"
    }

    /// Whether trying again later may succeed (a full disk may be cleaned up; a missing file will
    /// not come back).
    public var isTransient: Bool {
        switch errno {
        case ENOSPC, EDQUOT, EAGAIN, EINTR, EMFILE, ENFILE, ENOMEM, EIO, EBUSY, ETIMEDOUT: return true
        default: return false
        }
    }
}

/// Runs a system call that returns -1 and sets errno on failure, retrying on EINTR. Every raw
/// file and socket call of Daemon and Delivery goes through it, so none forgets EINTR or errno.
@discardableResult
@inlinable
public func systemCall<Result: BinaryInteger>(
    _ name: String, _ context: @autoclosure () -> String, _ body: () -> Result
) throws(SystemError) -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SystemError(call: name, context: context(), errno: code)
    }
}

/// Writes all of `bytes` to `descriptor`, however many `write` calls that takes.
public func writeAll(_ bytes: [UInt8], to descriptor: Int32, _ context: @autoclosure () -> String) throws(SystemError) {
    var offset = 0
    while offset < bytes.count {
        let start = offset
        offset += try systemCall("write", context()) {
            bytes.withUnsafeBytes { raw in Glibc.write(descriptor, raw.baseAddress.map { $0 + start }, raw.count - start) }
        }
    }
}

/// Closes `descriptor`, once: on Linux the descriptor is released even when `close` is
/// interrupted, so retrying on EINTR (as `systemCall` would) could close another thread's new
/// file. Errors are not reported: there is nothing a caller could do with the descriptor.
public func closeDescriptor(_ descriptor: Int32) {
    _ = Glibc.close(descriptor)
}

/// Removes `path`, when a half-written file must not stay; a file already gone is no failure.
public func removeFile(_ path: String) {
    _ = try? systemCall("unlink", path) { Glibc.unlink(path) }
}
