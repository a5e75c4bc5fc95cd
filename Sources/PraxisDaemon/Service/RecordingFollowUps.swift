import PraxisStore

extension CommunityInstance {
    /// Everything that reacts to incoming messages inside their recording transaction, in the order
    /// it runs: each later follow-up sees what the earlier ones wrote.
    public var recordingFollowUps: [any RecordingFollowUp] {
        [
            StandingFollowUp(evaluator: standingEvaluator),
        ]
    }
}
