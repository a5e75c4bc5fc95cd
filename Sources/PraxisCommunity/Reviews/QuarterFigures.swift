import Foundation

/// What the store knows about one quarter, the input of the review's checklist
/// (`ReviewChecklist.assess`). The store computes it (`PraxisDatabase.quarterFigures`).
///
/// Counts only: no subject, text or address is held here, so no rendering of a review can leak a
/// protected post or name a member of a protected sub-issue.
public struct QuarterFigures: Sendable, Hashable {
    public var quarter: Quarter
    /// The quarter's first instant (inclusive) and the next quarter's (exclusive), local time.
    public var start: Date
    public var end: Date
    /// When the figures were taken: before `end`, the quarter is still running.
    public var asOf: Date
    /// The community's first sign of life (its first post, or its first member joining); nil when
    /// it has neither.
    public var startedAt: Date?

    /// Posts (kind `post`) dated in the quarter, and their distinct authors.
    public var posts: Int
    public var contributors: Int
    /// The same for the quarter before.
    public var previousPosts: Int
    public var previousContributors: Int

    /// Every sub-issue, `general` first.
    public var subIssues: [SubIssueFigures]
    public var objectives: [ObjectiveFigures]

    /// The community-wide core group (`circles.core` and members with the core standing), and how
    /// many of them posted in the quarter.
    public var coreGroup: Int
    public var coreActive: Int

    /// Moves from the outer to the inner circle dated in the quarter (every sub-issue).
    public var promotions: Int

    /// Posts of the quarter that answer no earlier post (they open a conversation), those nobody
    /// else had replied to by the quarter's end, and the median time to the first reply by someone
    /// else over those that got one (seconds).
    public var openers: Int
    public var unanswered: Int
    public var medianFirstReply: TimeInterval?

    /// `organisation.sponsor` is set.
    public var sponsorNamed: Bool
    /// The organisation digest is configured, and how many issues of it went out in the quarter.
    public var organisationDigest: Bool
    public var organisationDigestsSent: Int

    public init(
        quarter: Quarter, start: Date, end: Date, asOf: Date, startedAt: Date?, posts: Int = 0, contributors: Int = 0,
        previousPosts: Int = 0, previousContributors: Int = 0, subIssues: [SubIssueFigures] = [],
        objectives: [ObjectiveFigures] = [], coreGroup: Int = 0, coreActive: Int = 0, promotions: Int = 0,
        openers: Int = 0, unanswered: Int = 0, medianFirstReply: TimeInterval? = nil, sponsorNamed: Bool = false,
        organisationDigest: Bool = false, organisationDigestsSent: Int = 0
    ) {
        self.quarter = quarter
        self.start = start
        self.end = end
        self.asOf = asOf
        self.startedAt = startedAt
        self.posts = posts
        self.contributors = contributors
        self.previousPosts = previousPosts
        self.previousContributors = previousContributors
        self.subIssues = subIssues
        self.objectives = objectives
        self.coreGroup = coreGroup
        self.coreActive = coreActive
        self.promotions = promotions
        self.openers = openers
        self.unanswered = unanswered
        self.medianFirstReply = medianFirstReply
        self.sponsorNamed = sponsorNamed
        self.organisationDigest = organisationDigest
        self.organisationDigestsSent = organisationDigestsSent
    }

    /// One sub-issue's quarter.
    public struct SubIssueFigures: Sendable, Hashable {
        public var id: String
        public var isProtected: Bool
        public var posts: Int
        public var contributors: Int
        /// Members whose standing in it was `inner` at the quarter's end, replayed from the stored
        /// transitions (not today's standings).
        public var innerCircle: Int
        /// Its own moderators (`sub_issues[].moderators`), and how many of them posted in it.
        public var moderators: Int
        public var moderatorsActive: Int

        public init(id: String, isProtected: Bool = false, posts: Int = 0, contributors: Int = 0, innerCircle: Int = 0,
                    moderators: Int = 0, moderatorsActive: Int = 0) {
            self.id = id
            self.isProtected = isProtected
            self.posts = posts
            self.contributors = contributors
            self.innerCircle = innerCircle
            self.moderators = moderators
            self.moderatorsActive = moderatorsActive
        }
    }

    /// One objective's activity, from the sub-issues the configuration links to it.
    public struct ObjectiveFigures: Sendable, Hashable {
        /// Nil for a plain-string objective.
        public var id: String?
        public var text: String
        public var subIssues: [String]
        public var link: Objective.Link
        public var posts: Int
        public var contributors: Int

        public init(id: String?, text: String, subIssues: [String], link: Objective.Link = .configured, posts: Int = 0,
                    contributors: Int = 0) {
            self.id = id
            self.text = text
            self.subIssues = subIssues
            self.link = link
            self.posts = posts
            self.contributors = contributors
        }
    }

    /// Whether the quarter had not ended when the figures were taken.
    public var isPartial: Bool { asOf < end }
    /// Whether the quarter had not begun.
    public var isFuture: Bool { asOf < start }
    /// Whether the community had not started by the quarter's end.
    public var predatesCommunity: Bool { startedAt.map { $0 >= end } ?? true }
    /// Whether the community started during the quarter (no full quarter before to compare with).
    public var startedWithin: Bool { startedAt.map { $0 >= start && $0 < end } ?? false }
    /// Protected sub-issues, and those with a post in the quarter.
    public var protectedSubIssues: Int { subIssues.filter(\.isProtected).count }
    public var protectedInUse: Int { subIssues.filter { $0.isProtected && $0.posts > 0 }.count }
}
