import Foundation
import Logging
import ServiceLifecycle
import PraxisCommunity
import PraxisStore

/// The re-evaluation of the circles by time (DESIGN.md §2.4: at least daily): time alone demotes,
/// so every inner member and every waiting candidate is looked at again at the start of every hour,
/// and once at start-up for the time the daemon was down. A demotion is dated when it fell due, not
/// when a review noticed it, so how often this runs changes nothing in the history it writes.
struct StandingReviewer: Service {
    /// The circles policy, read at each review so a reload applies.
    let configuration: ReloadableConfiguration
    let database: PraxisDatabase
    let logger: Logger
    /// An hour: a demotion shows in `praxis circles` at most this late.
    static let interval: TimeInterval = 3_600

    func run() async throws {
        await review(at: Date())
        while true {
            let next = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 / Self.interval).rounded(.down) + 1) * Self.interval)
            guard await pauseUnlessShuttingDown(for: .seconds(max(0, next.timeIntervalSinceNow))) else { return }
            await review(at: next)
        }
    }

    /// A failure is logged and the next review tries again: a missed review only delays a demotion.
    private func review(at instant: Date) async {
        let evaluator = StandingEvaluator(configuration: configuration.configuration)
        do {
            let demoted = try await database.write("reviewing the circles") { db in
                try evaluator.review(at: instant, in: db)
            }
            logger.info("circles reviewed", metadata: ["at": "\(instant)", "demoted": "\(demoted)"])
        } catch {
            logger.error("the daily review of the circles failed", metadata: ["error": "\(error)"])
        }
    }
}
