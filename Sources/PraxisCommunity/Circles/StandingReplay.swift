import Foundation

/// One member's standing in one sub-issue, replayed from their history with the same rules the
/// live daemon applies (their posts, confirmations by the core group, demotions dated when they
/// fell due), so the path-dependent rules (tenure, hysteresis) give exactly what the daemon gave.
public struct StandingReplay: Sendable {
    /// A change of standing the replay made.
    public struct Transition: Sendable, Hashable {
        public var from: CircleStanding
        public var to: CircleStanding
        public var at: Date
        public var reason: String

        public init(from: CircleStanding, to: CircleStanding, at: Date, reason: String) {
            self.from = from
            self.to = to
            self.at = at
            self.reason = reason
        }
    }

    /// A confirmation by the core group of a candidate (`promotion: moderated`).
    public struct Confirmation: Sendable, Hashable {
        public var at: Date
        public var reason: String

        public init(at: Date, reason: String) {
            self.at = at
            self.reason = reason
        }
    }

    /// Where the replay ended.
    public struct Outcome: Sendable, Hashable {
        public var standing: CircleStanding
        /// When the member last entered the inner circle, if they are in it.
        public var promotedAt: Date?
        /// Since when the member has been waiting for confirmation, with the reason they qualify
        /// (`promotion: moderated` only).
        public var candidateSince: Date?
        public var candidateReason: String?
        public var transitions: [Transition]
        /// The counts over the window ending at the replay's end.
        public var contributions: Contributions
        /// What the member still lacks at the end, when outer.
        public var missing: [String]

        public init(
            standing: CircleStanding, promotedAt: Date? = nil, candidateSince: Date? = nil, candidateReason: String? = nil,
            transitions: [Transition] = [], contributions: Contributions = .none, missing: [String] = []
        ) {
            self.standing = standing
            self.promotedAt = promotedAt
            self.candidateSince = candidateSince
            self.candidateReason = candidateReason
            self.transitions = transitions
            self.contributions = contributions
            self.missing = missing
        }
    }

    /// The seconds of a day.
    public static let day: TimeInterval = 86_400

    /// Replays `log` under `policy` from an outer start up to and including `end`.
    ///
    /// Events are the member's posts (and replies received, when the bar counts them) and the
    /// confirmations; between two events only time passes, and a demotion is dated at the instant
    /// it became due (`CirclesPolicy.firstDemotion`), which is what the live daemon records too.
    public static func replay(
        _ log: ContributionLog, policy: CirclesPolicy, isPinned: Bool = false,
        confirmations: [Confirmation] = [], through end: Date
    ) -> Outcome {
        enum Event { case activity, confirmation(Confirmation) }
        var events: [(Date, Event)] = []
        for post in log.posts where post.date <= end { events.append((post.date, .activity)) }
        if policy.inner.repliesReceived != nil {
            for reply in log.repliesReceived where reply <= end { events.append((reply, .activity)) }
        }
        for confirmation in confirmations where confirmation.at <= end {
            events.append((confirmation.at, .confirmation(confirmation)))
        }
        events.sort { $0.0 < $1.0 }

        var standing = CircleStanding.outer
        var promotedAt: Date?
        var candidateSince: Date?
        var candidateReason: String?
        var transitions: [Transition] = []

        func promote(at instant: Date, reason: String) {
            transitions.append(Transition(from: .outer, to: .inner, at: instant, reason: reason))
            standing = .inner
            promotedAt = instant
            candidateSince = nil
            candidateReason = nil
        }

        func demoteIfDue(from start: Date, before limit: Date, includingEnd: Bool) {
            guard standing == .inner, let due = policy.firstDemotion(
                promotedAt: promotedAt, isPinned: isPinned, log: log, from: start, before: limit,
                includingEnd: includingEnd) else { return }
            transitions.append(Transition(from: .inner, to: .outer, at: due.at, reason: due.reason))
            standing = .outer
            promotedAt = nil
        }

        func evaluate(at instant: Date) {
            let counts = log.contributions(after: policy.windowStart(endingAt: instant), through: instant)
            let decision = policy.decide(
                standing: standing, promotedAt: promotedAt, isPinned: isPinned, contributions: counts,
                lastPost: log.lastPost(through: instant), at: instant)
            switch decision.action {
            case .promote:
                promote(at: instant, reason: decision.reason)
            case .propose:
                if candidateSince == nil { candidateSince = instant }
                candidateReason = decision.reason
            case .demote:
                transitions.append(Transition(from: .inner, to: .outer, at: instant, reason: decision.reason))
                standing = .outer
                promotedAt = nil
            case .stay:
                // A candidate who no longer meets the bar is no longer waiting for anyone.
                if standing == .outer { candidateSince = nil; candidateReason = nil }
            }
        }

        var last: Date?
        for (instant, event) in events {
            if let last { demoteIfDue(from: last, before: instant, includingEnd: false) }
            switch event {
            case .activity:
                evaluate(at: instant)
            case .confirmation(let confirmation):
                if standing == .outer { promote(at: instant, reason: confirmation.reason) }
            }
            last = instant
        }
        if let last {
            demoteIfDue(from: last, before: end, includingEnd: true)
            if standing == .outer && last < end { evaluate(at: end) }
        }
        let counts = log.contributions(after: policy.windowStart(endingAt: end), through: end)
        return Outcome(
            standing: standing, promotedAt: promotedAt, candidateSince: candidateSince,
            candidateReason: candidateReason, transitions: transitions, contributions: counts,
            missing: standing == .outer ? policy.missing(counts) : [])
    }
}
