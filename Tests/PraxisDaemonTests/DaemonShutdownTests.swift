import Foundation
import Testing
@testable import PraxisDaemon

@Suite("The daemon's services and its shutdown limits")
struct DaemonShutdownTests {
    static let unitPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("systemd/praxis@.service").path

    /// The daemon must end itself (graceful shutdown, then cancellation) before systemd's
    /// `TimeoutStopSec` runs out and it is killed with work half done.
    @Test func shutdownEndsBeforeSystemdKills() throws {
        let unit = try String(contentsOfFile: Self.unitPath, encoding: .utf8)
        let line = try #require(unit.split(separator: "\n").first { $0.hasPrefix("TimeoutStopSec=") })
        let value = line.dropFirst("TimeoutStopSec=".count)
        let seconds = try #require(Int(value.hasSuffix("s") ? value.dropLast() : value), "TimeoutStopSec in seconds: \(line)")
        #expect(Daemon.gracefulShutdownLimit + Daemon.cancellationLimit < .seconds(seconds))
    }

    /// Each service has a name of its own in the group's log lines, not its value's description.
    @Test func everyServiceHasItsOwnName() throws {
        let community = try CommunityFixture()
        let instance = try CommunityInstance.open(configurationPath: community.configPath, logger: PraxisLogging.logger("test"))
        let names = try Daemon(instance: instance, configurationPath: community.configPath)
            .services(notifier: SystemdNotifier(environment: [:])).map(\.serviceName)
        #expect(names == [
            "configuration-reloader", "delivery", "maildir-watcher", "metrics-writer", "moderation-clerk",
            "standing-reviewer", "search-index-merger", "classifier-trainer", "digest-scheduler",
        ])
    }
}
