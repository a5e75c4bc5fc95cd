import Foundation
import Logging
import PraxisStore
import ServiceLifecycle

/// Expires held posts nobody decided on within `moderation.expire_days`, telling each sender.
/// Runs at start-up (catching up after downtime) and then every `interval`: expiry is measured in
/// days, so checking hourly is late by at most an hour.
struct HeldPostExpiry: Service {
    let state: DaemonState
    var interval: Duration = .seconds(3600)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            expireDue(at: Date())
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }

    /// One pass; a failure is logged and retried at the next pass, never fatal to the daemon.
    func expireDue(at time: Date) {
        // The queue is built from the configuration of this moment, so a reload's expire_days applies.
        var queue = state.instance.moderationQueue
        let configuration = state.configuration
        queue.community = configuration.community
        queue.configuredCore = configuration.circles.core
        queue.policy = configuration.moderation
        let expiring = queue
        do {
            let count = try state.instance.database.write("expiring held posts") { db in
                try expiring.expire(at: time, in: db)
            }
            if count > 0 {
                state.logger.notice("held posts expired; their senders are told", metadata: ["count": "\(count)"])
            }
        } catch {
            state.logger.error("cannot expire held posts; trying again later", metadata: ["error": "\(error)"])
        }
    }
}
