import Glibc

/// A failed system call: which call, on what, and the errno it left.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    /// The call that failed, e.g. `rename`.
    public let call: String
    /// What it was doing, e.g. the path.
    public let context: String
    public let errno: Int32

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

/// Runs a system call that returns -1 and sets errno on failure, retrying on EINTR.
@discardableResult
@inline(__always)
func systemCall<Result: BinaryInteger>(
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
