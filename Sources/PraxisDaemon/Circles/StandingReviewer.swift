import Foundation
import ServiceLifecycle
import PraxisCommunity
import PraxisStore

/// The daily re-evaluation of the circles (DESIGN.md §2.4): time alone demotes, so every inner
/// member and every waiting candidate is looked at again at 00:00 UTC each day — the same instants
/// `praxis circles --as-of` replays — and once at start-up, for the days the daemon was down.
struct StandingReviewer: Service {
    let state: DaemonState

    func run() async throws {
        review(at: Date())
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let next = StandingReplay.nextReview(after: Date())
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .seconds(max(0, next.timeIntervalSinceNow)))
                }
            } catch is CancellationError {
                return
            }
            review(at: next)
        }
    }

    /// A failure is logged and the next day tries again: a missed review only delays a demotion.
    private func review(at instant: Date) {
        let evaluator = StandingEvaluator(configuration: state.configuration)
        do {
            let demoted = try state.instance.database.write("reviewing the circles") { db in
                try evaluator.review(at: instant, in: db)
            }
            state.logger.info("circles reviewed", metadata: ["at": "\(instant)", "demoted": "\(demoted)"])
        } catch {
            state.logger.error("the daily review of the circles failed", metadata: ["error": "\(error)"])
        }
    }
}
