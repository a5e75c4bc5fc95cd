import PraxisDelivery
import PraxisStore

extension CommunityInstance {
    /// Who hears of outgoing mail refused for good (5xx, or retried past `smtp.retry_days`), inside
    /// the transaction that marks it failed: bounce scoring.
    public var permanentFailureSink: (any PermanentFailureSink)? {
        BounceScoring(recorder: configuration.bounceRecorder)
    }
}

/// A recipient our MTA refused for good counts as a hard bounce of that member, exactly like a DSN
/// that comes back later; so does a refusal at DATA, as Mailman counts it. A refusal of MAIL FROM
/// or of the session is about us, not the member, and counts for no one.
struct BounceScoring: PermanentFailureSink {
    let recorder: BounceRecorder

    func hardBounces(for failures: [PermanentFailure]) -> HardBounces? {
        let counted = failures.filter { $0.reason == .refused && ($0.stage == .recipient || $0.stage == .data) }
        guard !counted.isEmpty else { return nil }
        return HardBounces(recorder: recorder, bounces: counted.map { failure in
            HardBounces.Bounce(
                address: failure.recipient, diagnostic: failure.reply.map { "\($0.code) \($0.text)" } ?? "refused",
                at: failure.at)
        })
    }
}
