import Foundation
import Logging
import PraxisStore
import ServiceLifecycle

/// The moderation work that time alone makes due: expiring held posts nobody decided on within
/// `moderation.expire_days` (telling each sender), then summarising to each moderator the held
/// posts beyond their `moderation.notices_per_hour`. Runs at start-up (catching up after
/// downtime) and then every `interval`: a few minutes, so that a summary follows soon after a
/// moderator's hour has room again; each pass is a few indexed queries when nothing is due.
struct ModerationClerk: Service {
    /// The moderation settings, read at each pass so a reload applies.
    let configuration: ReloadableConfiguration
    /// The queue of the configuration the daemon started with; each pass sets the reloadable
    /// settings on a copy.
    let queue: ModerationQueue
    let database: PraxisDatabase
    let logger: Logger
    var interval: Duration = .seconds(300)

    func run() async throws {
        guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
        repeat {
            pass(at: Date())
        } while await pauseUnlessShuttingDown(for: interval)
    }

    /// One pass; a failure is logged and retried at the next pass, never fatal to the daemon.
    func pass(at time: Date) {
        // The queue is built from the configuration of this moment, so a reload's settings apply.
        var queue = self.queue
        let configuration = self.configuration.configuration
        queue.community = configuration.community
        queue.configuredCore = configuration.circles.core
        queue.policy = configuration.moderation
        let clerk = queue
        do {
            // Expiry first, in the same transaction: an expired post is never summarised.
            let (expired, summaries) = try database.write("expiring and summarising held posts") { db in
                (try clerk.expire(at: time, in: db), try clerk.queueDueSummaries(at: time, in: db))
            }
            if expired > 0 {
                logger.notice("held posts expired; their senders are told", metadata: ["count": "\(expired)"])
            }
            if summaries > 0 {
                logger.notice("summaries of held posts queued to moderators", metadata: ["count": "\(summaries)"])
            }
        } catch {
            logger.error("cannot expire or summarise held posts; trying again later", metadata: ["error": "\(error)"])
        }
    }
}
