import PraxisCommunity
import PraxisStore

extension CommunityInstance {
    /// The follow-ups for the configuration the instance was opened with.
    public var recordingFollowUps: [any RecordingFollowUp] { recordingFollowUps(for: configuration) }

    /// Everything that reacts to incoming messages inside their recording transaction, in the order
    /// it runs: each later follow-up sees what the earlier ones wrote. Built again on a reload.
    ///
    /// A closed community distributes nothing and holds nothing for moderators: it records what
    /// arrives, answers people once a day, lets members leave, and still counts bounces.
    public func recordingFollowUps(for configuration: Configuration) -> [any RecordingFollowUp] {
        if configuration.community.isClosed {
            return [
                ClosedCommunityResponder(
                    decider: configuration.closedCommunity,
                    commands: EmailCommandProcessor(configuration: configuration, moderation: nil)),
                configuration.bounceRecorder,
            ]
        }
        let moderation = moderationQueue(for: configuration)
        return [
            moderation,
            RetiredTagNotices(rule: RetiredSubIssues(subIssues: configuration.allSubIssues), community: configuration.community),
            EmailCommandProcessor(configuration: configuration, moderation: moderation),
            StandingFollowUp(evaluator: StandingEvaluator(configuration: configuration)),
            postDistribution(for: configuration),
            configuration.bounceRecorder,
        ]
    }
}
