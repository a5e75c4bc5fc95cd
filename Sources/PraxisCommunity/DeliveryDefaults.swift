/// How a member receives posts; members may override the default for their circle.
public enum DeliveryMode: String, Sendable, Hashable, CaseIterable {
    /// Each post as it arrives.
    case immediate
    /// Posts gathered into the digests whose audience includes the member.
    case digest
    /// Nothing by mail (web archive or reports only).
    case none
}

/// The delivery mode each circle gets unless a member chose otherwise: `delivery:`.
public struct DeliveryDefaults: Sendable, Hashable {
    /// Default `immediate`. The core group is always delivered to as the inner circle.
    public var inner: DeliveryMode
    /// Default `digest`.
    public var outer: DeliveryMode

    public init(inner: DeliveryMode = .immediate, outer: DeliveryMode = .digest) {
        self.inner = inner
        self.outer = outer
    }
}
