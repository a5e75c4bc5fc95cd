import Foundation
import Logging
import PraxisStore
import PraxisSystem
import ServiceLifecycle

/// The service that records mail as it arrives: a full scan at start-up (new/ and cur/), then
/// `new/` whenever inotify hints that something arrived, and a full rescan of `new/` every
/// `rescanInterval` in case a hint was lost. It reports readiness and progress to systemd.
struct MaildirWatcher: Service {
    /// Whose ingestor records (a reload replaces it).
    let configuration: ReloadableConfiguration
    let maildir: Maildir
    let database: PraxisDatabase
    let notifier: SystemdNotifier
    let logger: Logger
    /// Reads the stored model (or trains the seeded one) before the first post is classified.
    let loadModel: @Sendable () async throws -> Void
    let rescanInterval: Duration
    /// The wait before ingest tries again after a transient store error (busy, disk full).
    static let transientRetryDelay: Duration = .seconds(2)

    init(
        configuration: ReloadableConfiguration, maildir: Maildir, database: PraxisDatabase, notifier: SystemdNotifier,
        logger: Logger, loadModel: @escaping @Sendable () async throws -> Void, rescanInterval: Duration = .seconds(60)
    ) {
        self.configuration = configuration
        self.maildir = maildir
        self.database = database
        self.notifier = notifier
        self.logger = logger
        self.loadModel = loadModel
        self.rescanInterval = rescanInterval
    }

    enum Wakeup: Sendable {
        case arrived
        case rescan
    }

    public func run() async throws {
        // The watchdog is pinged from a task of its own, so that a long start-up scan or a large
        // batch never looks like a hang to systemd; a process that is really stuck stops the
        // whole runtime, and with it the pings.
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let interval = notifier.watchdogInterval.map({ $0 / 2 }) {
                group.addTask {
                    while !Task.isCancelled {
                        notifier.watchdog()
                        try await Task.sleep(for: interval)
                    }
                }
            }
            try await watch()
            group.cancelAll()
        }
    }

    private func watch() async throws {
        // Watched before the start-up scan: a message renamed into new/ between the scan and the
        // watch would otherwise wait for the next rescan (a minute), though READY was already said.
        let directory = try DirectoryWatch(directory: maildir.newPath)
        notifier.status("scanning the maildir")
        // The stored model is read before the first post is classified (a new community trains
        // its seeded model here, in moments); retraining later happens in the background.
        try await loadModel()
        var startup = try await configuration.ingestor.recordUnknownCurrent()
        startup += try await configuration.ingestor.drainNew()
        try database.recordScan(at: Date())
        logger.notice("ready", metadata: [
            "maildir": "\(maildir.path)", "recorded": "\(startup.recorded)",
            "duplicates": "\(startup.duplicates)", "quarantined": "\(startup.quarantined)",
        ])
        notifier.ready(status: "watching \(maildir.newPath); \(startup.recorded) recorded at start-up")

        let (wakeups, wakeupContinuation) = AsyncStream.makeStream(of: Wakeup.self, bufferingPolicy: .bufferingNewest(8))
        let rescanInterval = self.rescanInterval
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in directory.hints { wakeupContinuation.yield(.arrived) }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: rescanInterval)
                        wakeupContinuation.yield(.rescan)
                    }
                }
                var total = startup
                for await wakeup in wakeups {
                    let tally: Ingestor.Tally
                    do {
                        tally = try await configuration.ingestor.drainNew()
                        if wakeup == .rescan { try database.recordScan(at: Date()) }
                    } catch let error as StoreError where error.isTransient {
                        // Another process holding the write lock past the busy timeout, or a
                        // full disk: the files stay in new/, so trying again soon loses nothing,
                        // while ending the service would stop the whole daemon.
                        logger.warning("ingest deferred; the messages stay in new/ and are tried again shortly", metadata: [
                            "error": "\(error)", "retry_in": "\(Self.transientRetryDelay)",
                        ])
                        group.addTask {
                            try await Task.sleep(for: Self.transientRetryDelay)
                            wakeupContinuation.yield(.arrived)
                        }
                        continue
                    }
                    total += tally
                    if tally.recorded + tally.duplicates + tally.quarantined > 0 {
                        logger.info("ingested", metadata: [
                            "recorded": "\(tally.recorded)", "duplicates": "\(tally.duplicates)",
                            "quarantined": "\(tally.quarantined)",
                        ])
                        notifier.status("watching; \(total.recorded) recorded since start")
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            // Finishing the stream lets the loop end after the batch in flight is committed and
            // claimed: nothing half-done is left behind.
            notifier.stopping()
            directory.stop()
            wakeupContinuation.finish()
        }
    }
}
