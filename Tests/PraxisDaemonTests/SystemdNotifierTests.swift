import Foundation
import Glibc
import Testing
@testable import PraxisDaemon

@Suite("sd_notify without a reader")
struct SystemdNotifierTests {
    /// A Unix datagram socket queues only a handful of datagrams (net.unix.max_dgram_qlen); a
    /// supervisor that stops reading must not stall the daemon at the next STATUS= line.
    @Test func aSocketNobodyReadsNeverBlocks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let socket = try NotifySocket(name: directory.path + "/notify.sock")
        _ = socket
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": directory.path + "/notify.sock"])
        #expect(notifier.isEnabled)
        let started = ContinuousClock.now
        for index in 0..<1_000 { notifier.status("status line \(index)") }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func withoutNotifySocketNothingIsSent() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        #expect(notifier.watchdogInterval == nil)
        notifier.ready(status: "nothing happens")
    }

    @Test func watchdogIntervalComesFromTheEnvironment() {
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "2000000"])
        #expect(notifier.watchdogInterval == .seconds(2))
        let otherProcess = SystemdNotifier(environment: ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "1"])
        #expect(otherProcess.watchdogInterval == nil)
    }
}
