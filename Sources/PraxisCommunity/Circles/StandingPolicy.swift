import Foundation

/// Where a member stands in one sub-issue (DESIGN.md §1).
public enum CircleStanding: String, Sendable, Hashable, CaseIterable {
    case core, inner, outer
}

/// What the circles policy says about one member in one sub-issue at one instant.
public struct StandingDecision: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Nothing changes.
        case stay
        /// Into the inner circle now (`promotion: automatic`).
        case promote
        /// Meets the bar; waits for the core group to confirm (`promotion: moderated`).
        case propose
        /// Back to the outer circle.
        case demote
    }

    public var action: Action
    /// Why, in words a member would understand: "3 posts in 2 threads within 60 days".
    public var reason: String
    /// What an outer member still lacks to meet the bar ("1 more post", "1 more thread"); empty when
    /// they meet it or are not outer.
    public var missing: [String]

    public init(action: Action, reason: String, missing: [String] = []) {
        self.action = action
        self.reason = reason
        self.missing = missing
    }
}

extension CirclesPolicy {
    /// The policy as a pure function of the member's state, their contributions and an instant.
    ///
    /// - Parameters:
    ///   - standing: where the member stands now. Core members are never moved by the policy.
    ///   - promotedAt: when the member last entered the inner circle (tenure counts from it).
    ///   - isPinned: pinned members are never demoted automatically.
    ///   - contributions: the member's counts over the window `(instant - window_days, instant]`.
    ///   - lastPost: the member's last post in the sub-issue at or before `instant`, whatever the window.
    ///   - instant: when the decision is made.
    public func decide(
        standing: CircleStanding, promotedAt: Date?, isPinned: Bool, contributions: Contributions,
        lastPost: Date?, at instant: Date
    ) -> StandingDecision {
        switch standing {
        case .core:
            return StandingDecision(action: .stay, reason: "core group")
        case .outer:
            let missing = self.missing(contributions)
            guard missing.isEmpty else {
                return StandingDecision(action: .stay, reason: "still needs " + missing.joined(separator: " and "),
                                        missing: missing)
            }
            return StandingDecision(action: promotion == .automatic ? .promote : .propose,
                                    reason: achievement(contributions))
        case .inner:
            if isPinned { return StandingDecision(action: .stay, reason: "pinned") }
            let day: TimeInterval = 86_400
            if let promotedAt, instant.timeIntervalSince(promotedAt) < Double(demotion.minimumTenureDays) * day {
                return StandingDecision(action: .stay, reason: "within \(demotion.minimumTenureDays) days of promotion")
            }
            // Silence counts from the last post, or from the promotion when that came later (a
            // confirmation, or a standing set by hand): nobody is demoted on the day they arrive.
            let activeSince = [lastPost, promotedAt].compactMap { $0 }.max()
            let silence = activeSince.map { instant.timeIntervalSince($0) } ?? .infinity
            if silence < Double(demotion.silentDays) * day {
                return StandingDecision(action: .stay, reason: "posted within \(demotion.silentDays) days")
            }
            if isNearBar(contributions) {
                return StandingDecision(action: .stay, reason: "still at \(Self.percent(demotion.hysteresis)) of the bar")
            }
            return StandingDecision(action: .demote, reason: StandingReason.silent(days: demotion.silentDays))
        }
    }

    /// What `contributions` still lack to meet the inner bar, one phrase per count: "1 more post",
    /// "2 more threads", "1 more reply from others". Empty when the bar is met.
    public func missing(_ contributions: Contributions) -> [String] {
        let lack = shortfall(contributions)
        var missing: [String] = []
        if lack.posts > 0 { missing.append("\(lack.posts) more \(lack.posts == 1 ? "post" : "posts")") }
        if lack.threads > 0 { missing.append("\(lack.threads) more \(lack.threads == 1 ? "thread" : "threads")") }
        if lack.replies > 0 { missing.append("\(lack.replies) more \(lack.replies == 1 ? "reply" : "replies") from others") }
        return missing
    }

    /// What `contributions` still lack to meet the inner bar, as counts (all zero when it is met),
    /// for texts written in a member's language.
    public func shortfall(_ contributions: Contributions) -> BarShortfall {
        BarShortfall(
            posts: max(0, inner.posts - contributions.posts),
            threads: max(0, inner.threads - contributions.distinctThreads),
            replies: inner.repliesReceived.map { max(0, $0 - contributions.repliesReceived) } ?? 0)
    }

    /// Whether every count is at or above the hysteresis fraction of the bar: such a member stays.
    public func isNearBar(_ contributions: Contributions) -> Bool {
        let h = demotion.hysteresis
        guard Double(contributions.posts) >= h * Double(inner.posts),
              Double(contributions.distinctThreads) >= h * Double(inner.threads) else { return false }
        if let replies = inner.repliesReceived, Double(contributions.repliesReceived) < h * Double(replies) {
            return false
        }
        // A member with no post in the window is never "near" it, even under a bar of zero.
        return contributions.posts > 0
    }

    /// "3 posts in 2 threads within 60 days", from the counts that met the bar.
    public func achievement(_ contributions: Contributions) -> String {
        StandingReason.achieved(
            posts: contributions.posts, threads: contributions.distinctThreads,
            replies: inner.repliesReceived == nil ? nil : contributions.repliesReceived, windowDays: inner.windowDays)
    }

    /// The window the bar is counted over, ending at `instant`.
    public func windowStart(endingAt instant: Date) -> Date {
        instant.addingTimeInterval(-Double(inner.windowDays) * 86_400)
    }

    static func percent(_ fraction: Double) -> String {
        "\(Int((fraction * 100).rounded()))%"
    }
}

extension CirclesPolicy {
    /// The first instant in `[start, end)` (or `[start, end]`) at which an inner member is demoted when nothing happens
    /// in between, with the reason; nil when they stay throughout.
    ///
    /// Demotion depends on time only through the silence since the last post, the tenure since the
    /// promotion and the posts (and replies) leaving the window, so those instants are the only
    /// candidates: the demotion is dated exactly when it became due, whenever the daemon notices
    /// it (a daily review, the member's next post). That keeps the live daemon and a replay of
    /// history (`praxis circles --as-of`) in exact agreement, whatever the review times.
    public func firstDemotion(
        promotedAt: Date?, isPinned: Bool, log: ContributionLog, from start: Date, before end: Date,
        includingEnd: Bool = false
    ) -> (at: Date, reason: String)? {
        guard !isPinned, start < end || (includingEnd && start == end) else { return nil }
        let day: TimeInterval = 86_400
        let silence = Double(demotion.silentDays) * day
        let window = Double(inner.windowDays) * day
        var instants = [start]
        if let promotedAt {
            instants.append(promotedAt.addingTimeInterval(silence))
            instants.append(promotedAt.addingTimeInterval(Double(demotion.minimumTenureDays) * day))
        }
        for post in log.posts {
            instants.append(post.date.addingTimeInterval(silence))
            instants.append(post.date.addingTimeInterval(window))
        }
        if inner.repliesReceived != nil {
            for reply in log.repliesReceived { instants.append(reply.addingTimeInterval(window)) }
        }
        for instant in Set(instants.filter { $0 >= start && ($0 < end || (includingEnd && $0 == end)) }).sorted() {
            let decision = decide(
                standing: .inner, promotedAt: promotedAt, isPinned: isPinned,
                contributions: log.contributions(after: windowStart(endingAt: instant), through: instant),
                lastPost: log.lastPost(through: instant), at: instant)
            if decision.action == .demote { return (instant, decision.reason) }
        }
        return nil
    }
}

extension CirclesPolicy {
    /// Whether silence alone keeps an inner member in from `start` through `end`: no stretch
    /// without a post (or since `activeAt`, the last post or promotion at `start`) reaches
    /// `silent_days` in between. Demotion needs that much silence, so then none can fall due,
    /// whatever the counts, and a live evaluation need not look for one (`firstDemotion`).
    ///
    /// - Parameter posts: the member's post dates after `start`, oldest first.
    public func silenceKeepsInner(activeAt: Date?, posts: [Date], from start: Date, through end: Date) -> Bool {
        guard var previous = activeAt else { return false }
        let silence = Double(demotion.silentDays) * 86_400
        for date in posts where date > start && date < end {
            if date.timeIntervalSince(previous) >= silence { return false }
            previous = max(previous, date)
        }
        return end.timeIntervalSince(previous) < silence
    }
}

/// How many posts, distinct threads and replies from others a member lacks to meet the inner bar.
public struct BarShortfall: Sendable, Hashable {
    public var posts: Int
    public var threads: Int
    public var replies: Int

    public init(posts: Int = 0, threads: Int = 0, replies: Int = 0) {
        self.posts = posts
        self.threads = threads
        self.replies = replies
    }

    /// Whether nothing is lacking: the bar is met.
    public var isMet: Bool { posts == 0 && threads == 0 && replies == 0 }
}
