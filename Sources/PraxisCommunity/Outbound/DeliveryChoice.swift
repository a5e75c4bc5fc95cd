/// How one member receives the posts of one sub-issue, from their circle and their choices.
public enum DeliveryChoice {
    /// A member's circle in one sub-issue, as far as delivery cares.
    public enum Circle: String, Sendable, Hashable, CaseIterable {
        case core, inner, outer
    }

    /// A member's per-sub-issue `follow` setting.
    public enum Follow: String, Sendable, Hashable, CaseIterable {
        case `default`
        /// Every post of the sub-issue at once, whatever the circle.
        case follows
        /// Nothing of the sub-issue by mail.
        case mutes
    }

    /// The mode that applies, most specific choice first: muting the sub-issue, then the member's
    /// override for it, then following it, then their own general preference (nil when they kept
    /// the default), then the community's default for their circle, core counting as inner.
    public static func mode(
        circle: Circle, memberPreference: DeliveryMode?, override: DeliveryMode?, follow: Follow,
        defaults: DeliveryDefaults
    ) -> DeliveryMode {
        if follow == .mutes { return .none }
        if let override { return override }
        if follow == .follows { return .immediate }
        if let memberPreference { return memberPreference }
        return circle == .outer ? defaults.outer : defaults.inner
    }
}
