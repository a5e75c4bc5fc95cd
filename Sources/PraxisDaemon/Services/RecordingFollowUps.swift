import PraxisStore

extension CommunityInstance {
    /// The follow-ups for the configuration the instance was opened with.
    public var recordingFollowUps: [any RecordingFollowUp] { recordingFollowUps(for: configuration) }

    /// Everything that reacts to incoming messages inside their recording transaction, in the order
    /// it runs: each later follow-up sees what the earlier ones wrote. Built again on a reload.
    public func recordingFollowUps(for configuration: Configuration) -> [any RecordingFollowUp] {
        let moderation = moderationQueue(for: configuration)
        return [
            moderation,
            EmailCommandProcessor(configuration: configuration, moderation: moderation),
            StandingFollowUp(evaluator: StandingEvaluator(configuration: configuration)),
            postDistribution(for: configuration),
            configuration.bounceRecorder,
        ]
    }
}
