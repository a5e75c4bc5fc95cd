import PraxisDelivery

extension CommunityInstance {
    /// Who hears of outgoing mail refused for good (5xx, or retried past `smtp.retry_days`), inside
    /// the transaction that marks it failed: bounce scoring plugs in here. Nil: only the log and
    /// `praxis status` tell.
    public var permanentFailureSink: (any PermanentFailureSink)? {
        nil
    }
}
