import Foundation
import PraxisCommunity
import PraxisStore

extension StandingEvaluator {
    /// The evaluator for `configuration`'s circles policy, sub-issues and community.
    public init(configuration: Configuration) {
        self.init(decider: StandingDecider(
            policy: configuration.circles, subIssues: configuration.allSubIssues, community: configuration.community,
            delivery: configuration.delivery))
    }
}

extension CommunityInstance {
    /// The circles evaluator for this instance's configuration.
    public var standingEvaluator: StandingEvaluator { StandingEvaluator(configuration: configuration) }

    /// Replays every member's standing up to `end` into the store (`praxis import` runs this when it ends).
    public func replayStandings(through end: Date = Date()) throws(StoreError) {
        let evaluator = standingEvaluator
        try database.write("replaying the circles up to \(end)") { db in
            try evaluator.replayAndStore(through: end, in: db)
        }
    }
}
