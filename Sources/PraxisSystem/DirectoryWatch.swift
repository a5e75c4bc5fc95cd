import Glibc
import Synchronization

/// Wakes a consumer when files arrive in a directory, using inotify.
///
/// Events are only hints (public-inbox-watch's rule): they may be coalesced, and the inotify queue
/// can overflow, so the consumer always rescans the directory when woken, and also rescans on a
/// timer. The blocking `poll` runs on a thread of its own, never on the cooperative pool.
public final class DirectoryWatch: Sendable {
    private let inotify: Int32
    /// A pipe whose write end wakes the watching thread to stop it.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let thread = Mutex<pthread_t?>(nil)

    /// Watches `directory` for files moved, linked or written into it.
    public init(directory: String) throws(SystemError) {
        let watchDescriptor = try systemCall("inotify_init1", directory) { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
        inotify = watchDescriptor
        do {
            // IN_CREATE because Postfix's virtual and local agents (and Dovecot) deliver by link()
            // from tmp/ into new/, which raises neither IN_MOVED_TO nor IN_CLOSE_WRITE: without it
            // real deliveries waited for the periodic rescan.
            let mask = UInt32(IN_MOVED_TO | IN_CREATE | IN_CLOSE_WRITE | IN_Q_OVERFLOW)
            try systemCall("inotify_add_watch", directory) { inotify_add_watch(watchDescriptor, directory, mask) }
            var ends: [Int32] = [0, 0]
            try systemCall("pipe", directory) { pipe(&ends) }
            for end in ends {
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
                _ = fcntl(end, F_SETFL, O_NONBLOCK)
            }
            (wakeRead, wakeWrite) = (ends[0], ends[1])
        } catch {
            closeDescriptor(watchDescriptor)
            throw error
        }
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        startThread()
    }

    deinit {
        stop()
        closeDescriptor(inotify)
        closeDescriptor(wakeRead)
        closeDescriptor(wakeWrite)
    }

    /// One element each time something may have arrived; ends after `stop()`.
    public var hints: AsyncStream<Void> { stream }

    /// Stops watching; `hints` finishes.
    public func stop() {
        // A full pipe already wakes the thread, so a failed write needs no handling.
        try? writeAll([1], to: wakeWrite, "the directory watch's wake pipe")
        thread.withLock { handle in
            if let running = handle {
                pthread_join(running, nil)
                handle = nil
            }
        }
        continuation.finish()
    }

    private func startThread() {
        let context = Unmanaged.passRetained(WatchContext(inotify: inotify, wake: wakeRead, continuation: continuation))
        var handle = pthread_t()
        let created = pthread_create(&handle, nil, { argument in
            let context = Unmanaged<WatchContext>.fromOpaque(argument!).takeRetainedValue()
            context.run()
            return nil
        }, context.toOpaque())
        if created == 0 {
            thread.withLock { $0 = handle }
        } else {
            context.release()
            // Without a thread there are no hints; the periodic rescan still finds every message.
            continuation.finish()
        }
    }
}

private final class WatchContext: @unchecked Sendable {
    let inotify: Int32
    let wake: Int32
    let continuation: AsyncStream<Void>.Continuation

    init(inotify: Int32, wake: Int32, continuation: AsyncStream<Void>.Continuation) {
        self.inotify = inotify
        self.wake = wake
        self.continuation = continuation
    }

    func run() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var descriptors = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while true {
            // A failed poll (not an interruption, which is retried) ends the hints; the periodic
            // rescan still finds every message.
            guard (try? systemCall("poll", "a watched directory") { poll(&descriptors, 2, -1) }) != nil else { return }
            if descriptors[1].revents != 0 { return }
            if descriptors[0].revents != 0 {
                // Drain everything queued; the events themselves do not matter, only that there were some.
                // The descriptor is non-blocking: EAGAIN ends the loop once the queue is empty.
                while let count = try? systemCall("read", "inotify events", { buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) } }),
                      count > 0 {}
                continuation.yield(())
            }
        }
    }
}
