import Foundation
import PraxisMail

/// Standing (DESIGN.md §2.4), decided: who may be in the circles of a sub-issue, and what the
/// circles policy does with one member's posts at one instant. The store reads the member's
/// stored standing and posts (`StandingEvaluator`), and applies the actions.
public struct StandingDecider: Sendable {
    public let policy: CirclesPolicy
    public let subIssues: [SubIssue]
    public let community: Community
    public let delivery: DeliveryDefaults
    /// The configured core group; in the circles of a sub-issue, the core standing there joins it.
    public let coreGroup: CoreGroup

    public init(
        policy: CirclesPolicy, subIssues: [SubIssue], community: Community, delivery: DeliveryDefaults = DeliveryDefaults()
    ) {
        self.policy = policy
        self.subIssues = subIssues
        self.community = community
        self.delivery = delivery
        coreGroup = CoreGroup(configured: policy.core, subIssues: subIssues)
    }

    public func subIssue(_ id: String) -> SubIssue? { subIssues.first { $0.id == id } }

    /// Whether `address` may be in the circles of `subIssue`: anyone for an open sub-issue; only the
    /// core group and the admitted `members` for a protected one.
    public func admits(_ address: String, to subIssue: SubIssue, storedStanding: CircleStanding?) -> Bool {
        guard subIssue.isProtected else { return true }
        return isCore(address, storedStanding: storedStanding, in: subIssue.id)
            || subIssue.members.contains { MailAddress(address: $0).normalized == address }
    }

    /// Whether `address` is core in the circles of `subIssue`, where its stored standing is
    /// `storedStanding`: circles are kept per sub-issue, so the core standing of another does not
    /// count, nor does moderating another.
    public func isCore(_ address: String, storedStanding: CircleStanding?, in subIssue: String) -> Bool {
        coreGroup.contains(address, hasCoreStanding: storedStanding == .core, in: subIssue)
    }

    /// One member's standing in one sub-issue, as stored.
    public struct Member: Sendable, Hashable {
        public var id: Int64
        public var address: String
        public var standing: CircleStanding
        public var isPinned: Bool
        /// When the standing began (for inner: the promotion).
        public var since: Date?
        /// For an inner member: the latest instant the policy was applied at since the promotion.
        public var evaluatedThrough: Date?
        /// The member's own language, for their promotion note; nil: the community's.
        public var language: Language?

        public init(
            id: Int64, address: String, standing: CircleStanding, isPinned: Bool, since: Date?, evaluatedThrough: Date?,
            language: Language? = nil
        ) {
            self.id = id
            self.address = address
            self.standing = standing
            self.isPinned = isPinned
            self.since = since
            self.evaluatedThrough = evaluatedThrough
            self.language = language
        }

        /// The promotion an inner member's tenure counts from.
        public var promotedAt: Date? { standing == .inner ? since : nil }

        /// From when an inner member is checked for demotions: the last instant the policy was
        /// applied (a demotion due before it was recorded then, and more posts never make one due),
        /// else the promotion.
        public var checkedFrom: Date? { [promotedAt, evaluatedThrough].compactMap { $0 }.max() }
    }

    /// What the store read of a member's posts for a decision.
    public enum Posts: Sendable {
        /// The counts in the window and the last post, looked up without the log: no demotion can
        /// have fallen due since `Member.checkedFrom`.
        case counted(Contributions, lastPost: Date?)
        /// The member's log from `logStart(for:at:)` through the instant.
        case log(ContributionLog)
    }

    /// How far back the log of `member` must reach for a decision at `instant`: the window, and the
    /// silence since the last post, before the instant demotions are checked from.
    public func logStart(for member: Member, at instant: Date) -> Date {
        let lookBack = Double(max(policy.inner.windowDays, member.promotedAt == nil ? 0 : policy.demotion.silentDays) + 1)
            * StandingReplay.day
        return min(member.checkedFrom ?? instant, instant).addingTimeInterval(-lookBack)
    }

    /// What the policy does with `member` in `subIssue` at `instant`. A promotion brings the
    /// member's note unless `isHistory`; a review (`isReview`) also counts a demotion due at the
    /// very instant, and stops at it.
    public func evaluate(
        _ member: Member, in subIssue: SubIssue, posts: Posts, at instant: Date, isHistory: Bool, isReview: Bool = false
    ) -> (decision: StandingDecision, actions: [FollowUpAction]) {
        var standing = member.standing
        var actions: [FollowUpAction] = []
        let counts: Contributions
        let lastPost: Date?
        switch posts {
        case .counted(let counted, let last):
            (counts, lastPost) = (counted, last)
        case .log(let log):
            // A demotion that fell due before this instant (between reviews) is recorded when it was due.
            if standing == .inner, let due = policy.firstDemotion(
                promotedAt: member.promotedAt, isPinned: member.isPinned, log: log,
                from: member.checkedFrom ?? .distantPast, before: instant, includingEnd: isReview) {
                actions.append(.changeStanding(
                    memberID: member.id, subIssue: subIssue.id, from: .inner, to: .outer, at: due.at, reason: due.reason))
                standing = .outer
                if isReview { return (StandingDecision(action: .demote, reason: due.reason), actions) }
            }
            counts = log.contributions(after: policy.windowStart(endingAt: instant), through: instant)
            lastPost = log.lastPost(through: instant)
        }
        let decision = policy.decide(
            standing: standing, promotedAt: standing == .inner ? member.promotedAt : nil, isPinned: member.isPinned,
            contributions: counts, lastPost: lastPost, at: instant)
        switch decision.action {
        case .promote:
            actions.append(.changeStanding(
                memberID: member.id, subIssue: subIssue.id, from: .outer, to: .inner, at: instant, reason: decision.reason))
            if !isHistory {
                actions.append(.queueNotice(promotionNote(
                    to: member.address, in: subIssue, reason: decision.reason, language: member.language), at: instant))
            }
        case .propose:
            actions.append(.proposeCandidate(memberID: member.id, subIssue: subIssue.id, since: instant, reason: decision.reason))
        case .demote:
            actions.append(.changeStanding(
                memberID: member.id, subIssue: subIssue.id, from: .inner, to: .outer, at: instant, reason: decision.reason))
        case .stay:
            if standing == .outer { actions.append(.withdrawCandidate(memberID: member.id, subIssue: subIssue.id)) }
        }
        if standing == .inner && decision.action == .stay {
            actions.append(.markEvaluated(memberID: member.id, subIssue: subIssue.id, at: instant))
        }
        return (decision, actions)
    }

    /// The one short note a promoted member gets, in their language (nil: the community's): what
    /// changes and how to change it back. The stored English `reason` is worded by `StandingReason`.
    public func promotionNote(to address: String, in subIssue: SubIssue, reason: String?, language: Language? = nil) -> ListNotice {
        let language = language ?? community.language
        let name: KeyValuePairs<String, String> = ["subIssue": subIssue.name]
        let thanks = reason.map {
            language.text(.promotionThanks, ["reason": StandingReason.words($0, in: language), "subIssue": subIssue.name]) + " "
        } ?? ""
        let change = language.text(delivery.inner == .immediate ? .promotionImmediate : .promotionCounted, name)
        let text = """
            \(language.text(.promotionHello))

            \(thanks)\(language.text(.promotionNow, name))
            \(change)

            \(language.text(.promotionDigestBack, ["requestAddress": community.requestAddress]))

                set delivery digest \(subIssue.id)

            \(community.name)

            """
        return ListNotice(to: address, subject: language.text(.promotionSubject, name), text: text, from: .owner,
                          language: language)
    }

    /// The instant a post counts at: its date, as a replay of history does, unless the date is
    /// more than a day ahead of its arrival: then the arrival, so a wrong clock cannot promote
    /// anyone ahead of time.
    public static func instant(dated date: Date?, receivedAt received: Date) -> Date {
        let dated = date ?? received
        return dated > received.addingTimeInterval(StandingReplay.day) ? received : dated
    }
}
