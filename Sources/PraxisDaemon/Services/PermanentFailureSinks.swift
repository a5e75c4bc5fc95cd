import GRDB
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

    func record(_ failures: [PermanentFailure], in db: Database) throws {
        for failure in failures where failure.reason == .refused && (failure.stage == .recipient || failure.stage == .data) {
            let diagnostic = failure.reply.map { "\($0.code) \($0.text)" } ?? "refused"
            _ = try BounceRecorder.recordPermanentFailure(
                address: failure.recipient, diagnostic: diagnostic, using: recorder, at: failure.at, in: db)
        }
    }
}
