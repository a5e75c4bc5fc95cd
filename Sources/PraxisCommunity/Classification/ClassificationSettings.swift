/// How the learned stage of classification behaves: the `classification:` section of `praxis.yaml`.
public struct ClassificationSettings: Sendable, Hashable {
    /// The model's sub-issue is taken only when its calibrated confidence is at least this; below
    /// it the post goes to `general`. Between 0 (exclusive) and 1. Default 0.6.
    public var threshold: Double
    /// The model is retrained in the background once this many newly labelled posts (explicit
    /// tags, moderator corrections) have arrived since the last training, and daily. Default 50.
    public var retrainAfter: Int

    public init(threshold: Double = 0.6, retrainAfter: Int = 50) {
        self.threshold = threshold
        self.retrainAfter = retrainAfter
    }
}
