import ServiceLifecycle

/// The one way the daemon's periodic services wait for their next round: sleeps `duration`,
/// unless the daemon begins to shut down meanwhile, which ends the sleep at once (systemd's stop
/// must not wait out an hour's interval). Returns whether to go on: false once shutdown has
/// begun or the task was cancelled. A round already running is never interrupted by it.
func pauseUnlessShuttingDown(for duration: Duration) async -> Bool {
    do {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    } catch {
        return false
    }
    return !Task.isShuttingDownGracefully && !Task.isCancelled
}
