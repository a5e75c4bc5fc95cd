import Foundation

/// Everything the core group's weekly report tells, for one ISO week in the community's time
/// zone (issue 8). The store computes it (`PraxisDatabase.weeklyReportFigures`); the renderers turn
/// it into text, HTML, CSV and JSON.
///
/// Protected sub-issues appear only as counts: no subject, text, Message-ID or member of them is
/// ever put into a list here, so no rendering can leak one.
public struct WeeklyReportFigures: Sendable, Hashable {
    public var communityName: String
    public var week: ISOWeek
    /// The IANA zone the week was cut in.
    public var timeZone: TimeZone
    /// Monday 00:00 local, inclusive.
    public var start: Date
    /// The next Monday 00:00 local, exclusive; "now" for every age in the report.
    public var end: Date
    public var headline: Headline
    /// Every configured sub-issue (and any other the posts name), `general` first.
    public var subIssues: [SubIssueActivity]
    public var circles: CircleChanges
    public var attention: Attention
    public var classification: ClassificationReview
    public var operations: Operations
    public var review: Review
    /// Per member who posted this week, for the CSV attachment; by posts, then address.
    public var members: [MemberActivity]
    /// The archive under `web.base_url`: threads and posts the report lists (never protected
    /// ones) link to their pages. Nil: no links.
    public var archive: ArchiveLinks?
    /// When the figures were taken: dates carry their year unless the week lies in that year.
    /// Nil: always with the year.
    public var preparedAt: Date?

    /// Whether dates need their year: the week is not wholly in the year the report is made.
    var showsYear: Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let preparedAt else { return true }
        let year = calendar.component(.year, from: preparedAt)
        return calendar.component(.year, from: start) != year || calendar.component(.year, from: end.addingTimeInterval(-1)) != year
    }

    public init(
        communityName: String, week: ISOWeek, timeZone: TimeZone, start: Date, end: Date, headline: Headline,
        subIssues: [SubIssueActivity], circles: CircleChanges, attention: Attention,
        classification: ClassificationReview, operations: Operations, review: Review, members: [MemberActivity]
    ) {
        self.communityName = communityName
        self.week = week
        self.timeZone = timeZone
        self.start = start
        self.end = end
        self.headline = headline
        self.subIssues = subIssues
        self.circles = circles
        self.attention = attention
        self.classification = classification
        self.operations = operations
        self.review = review
        self.members = members
    }

    /// The week at a glance.
    public struct Headline: Sendable, Hashable {
        /// Posts (kind `post`) dated in the week.
        public var posts: Int
        /// The mean of the four weeks before, for comparison.
        public var previousFourWeekMean: Double
        /// Threads with at least one post in the week.
        public var threads: Int
        /// Threads whose first post is in the week.
        public var newThreads: Int
        /// Distinct authors of the week's posts.
        public var activeContributors: Int
        /// Authors whose first post ever is in the week.
        public var newContributors: Int
        /// Members who joined in the week.
        public var newMembers: Int
        /// Members who left (unsubscribed or removed) in the week.
        public var membersLeft: Int
        /// Active members at the end of the week.
        public var members: Int
        /// The core group at the end of the week: `circles.core` and the members who held the core
        /// standing then (replayed from the stored transitions).
        public var coreGroup: Int

        public init(posts: Int, previousFourWeekMean: Double, threads: Int, newThreads: Int, activeContributors: Int,
                    newContributors: Int, newMembers: Int, membersLeft: Int, members: Int, coreGroup: Int = 0) {
            self.coreGroup = coreGroup
            self.posts = posts
            self.previousFourWeekMean = previousFourWeekMean
            self.threads = threads
            self.newThreads = newThreads
            self.activeContributors = activeContributors
            self.newContributors = newContributors
            self.newMembers = newMembers
            self.membersLeft = membersLeft
            self.members = members
        }
    }

    /// One sub-issue's week and its recent trend.
    public struct SubIssueActivity: Sendable, Hashable {
        public var id: String
        public var name: String
        public var isProtected: Bool
        public var posts: Int
        /// Threads with a post in this sub-issue in the week.
        public var threads: Int
        public var contributors: Int
        /// Members whose standing in it is `inner` at the end of the week.
        public var innerCircle: Int
        /// Posts per week for the 12 weeks ending with this one, oldest first.
        public var trend: [WeekCount]
        /// The last post in it before the end of the week, if any.
        public var lastPostAt: Date?
        /// Its own moderators (`sub_issues[].moderators`); a protected one's are counted, not named.
        public var moderators: [String]
        /// Retired (`sub_issues[].retired`): shown as such, its history kept.
        public var isRetired: Bool

        public init(id: String, name: String, isProtected: Bool, posts: Int, threads: Int, contributors: Int,
                    innerCircle: Int, trend: [WeekCount], lastPostAt: Date?, moderators: [String] = [], isRetired: Bool = false) {
            self.isRetired = isRetired
            self.id = id
            self.name = name
            self.isProtected = isProtected
            self.posts = posts
            self.threads = threads
            self.contributors = contributors
            self.innerCircle = innerCircle
            self.trend = trend
            self.lastPostAt = lastPostAt
            self.moderators = moderators
        }
    }

    public struct WeekCount: Sendable, Hashable {
        public var week: ISOWeek
        public var posts: Int

        public init(week: ISOWeek, posts: Int) {
            self.week = week
            self.posts = posts
        }
    }

    /// Movement between the circles.
    public struct CircleChanges: Sendable, Hashable {
        /// Promotions and demotions of the week in non-protected sub-issues, oldest first.
        public var transitions: [Transition]
        /// How many happened in protected sub-issues (not listed).
        public var protectedTransitions: Int
        /// Members close to (or at, awaiting confirmation) the inner bar, non-protected sub-issues.
        public var candidates: [Candidate]
        public var protectedCandidates: Int
        /// Inner-circle members silent for a while, before the policy would demote them.
        public var quietInner: [QuietMember]
        public var protectedQuietInner: Int

        public init(transitions: [Transition] = [], protectedTransitions: Int = 0, candidates: [Candidate] = [],
                    protectedCandidates: Int = 0, quietInner: [QuietMember] = [], protectedQuietInner: Int = 0) {
            self.transitions = transitions
            self.protectedTransitions = protectedTransitions
            self.candidates = candidates
            self.protectedCandidates = protectedCandidates
            self.quietInner = quietInner
            self.protectedQuietInner = protectedQuietInner
        }

        public var isEmpty: Bool {
            transitions.isEmpty && protectedTransitions == 0 && candidates.isEmpty && protectedCandidates == 0
                && quietInner.isEmpty && protectedQuietInner == 0
        }
    }

    public typealias Transition = MemberTransition

    public struct Candidate: Sendable, Hashable {
        public var address: String
        public var subIssue: String
        /// Posts and distinct threads in the sub-issue within the bar's window.
        public var posts: Int
        public var threads: Int
        /// What the member still lacks, e.g. "1 more post"; "nothing (awaiting confirmation)" at the bar.
        public var missing: String
        /// Whether they meet the bar already (waiting for the circles' re-evaluation or the core group).
        public var meetsBar: Bool
        /// What they lack as counts, for the report in the reader's language (`missing` is its
        /// English, kept for `--format json`).
        public var shortfall: BarShortfall

        public init(address: String, subIssue: String, posts: Int, threads: Int, missing: String, meetsBar: Bool = false,
                    shortfall: BarShortfall = BarShortfall()) {
            self.meetsBar = meetsBar
            self.shortfall = shortfall
            self.address = address
            self.subIssue = subIssue
            self.posts = posts
            self.threads = threads
            self.missing = missing
        }
    }

    public struct QuietMember: Sendable, Hashable {
        public var address: String
        public var subIssue: String
        /// Nil when they never posted in it (e.g. pinned or placed there by the operator).
        public var lastPostAt: Date?
        /// Whole days of silence at the end of the week.
        public var silentDays: Int
        /// The policy's `demotion.silent_days`.
        public var demotionAfterDays: Int

        public init(address: String, subIssue: String, lastPostAt: Date?, silentDays: Int, demotionAfterDays: Int) {
            self.address = address
            self.subIssue = subIssue
            self.lastPostAt = lastPostAt
            self.silentDays = silentDays
            self.demotionAfterDays = demotionAfterDays
        }
    }

    /// What needs someone to act.
    public struct Attention: Sendable, Hashable {
        /// Threads in non-protected sub-issues whose first post became 48 hours old during the
        /// week and which nobody but its author had answered by the week's end; oldest first.
        public var unanswered: [UnansweredThread]
        public var protectedUnanswered: Int
        /// Median time from a thread's first post to the first reply by someone else, over the
        /// threads started in the week that got one by the week's end (all sub-issues: a figure).
        public var medianFirstReply: TimeInterval?
        /// How many threads that median is taken over.
        public var repliedThreads: Int
        /// Sub-issues without a post for two weeks or more at the week's end.
        public var quietSubIssues: [QuietSubIssue]
        /// Standstill warnings; empty when the community is alive.
        public var standstill: [StandstillWarning]
        /// Invitations (`praxis members invite`) without an answer `invitationAnswerDays` after
        /// they went out, by the week's end; the latest per address, newest first (issue 21 item 2).
        public var unansweredInvitations: [UnansweredInvitation]

        /// How long an invitee has to answer before the report lists them.
        public static let invitationAnswerDays = 14

        public init(unanswered: [UnansweredThread] = [], protectedUnanswered: Int = 0, medianFirstReply: TimeInterval? = nil,
                    repliedThreads: Int = 0, quietSubIssues: [QuietSubIssue] = [], standstill: [StandstillWarning] = [],
                    unansweredInvitations: [UnansweredInvitation] = []) {
            self.unanswered = unanswered
            self.protectedUnanswered = protectedUnanswered
            self.medianFirstReply = medianFirstReply
            self.repliedThreads = repliedThreads
            self.quietSubIssues = quietSubIssues
            self.standstill = standstill
            self.unansweredInvitations = unansweredInvitations
        }
    }

    /// Why the community may be coming to a standstill; each is one sentence of the report.
    public enum StandstillWarning: Sendable, Hashable {
        case nobodyPosted
        /// The week's posts fell below a quarter of the mean of the four weeks before.
        case activityFell(posts: Int, previousMean: Double)
        /// `circles.core` is empty and nobody holds the core standing.
        case noCoreGroup
        /// Nobody of the core group posted in the last two weeks.
        case coreGroupSilent

        /// The warning as a sentence of `language`.
        public func sentence(in language: Language) -> String {
            switch self {
            case .nobodyPosted: language.text(.reportStandstillNobody)
            case .activityFell(let posts, let mean):
                language.text(.reportStandstillFell, [
                    "posts": language.plural(.reportPostCount, count: posts), "mean": language.decimal(mean, fractionDigits: 1),
                ])
            case .noCoreGroup: language.text(.reportStandstillNoCore)
            case .coreGroupSilent: language.text(.reportStandstillCoreSilent)
            }
        }
    }

    /// An invitation nobody answered: the address was invited and has not joined since.
    public struct UnansweredInvitation: Sendable, Hashable {
        public var address: String
        public var invitedAt: Date

        public init(address: String, invitedAt: Date) {
            self.address = address
            self.invitedAt = invitedAt
        }
    }

    public struct UnansweredThread: Sendable, Hashable {
        public var messageID: String
        public var subject: String
        public var subIssue: String
        public var author: String
        public var startedAt: Date

        public init(messageID: String, subject: String, subIssue: String, author: String, startedAt: Date) {
            self.messageID = messageID
            self.subject = subject
            self.subIssue = subIssue
            self.author = author
            self.startedAt = startedAt
        }
    }

    public struct QuietSubIssue: Sendable, Hashable {
        public var id: String
        public var name: String
        /// Nil when it never had a post.
        public var lastPostAt: Date?

        public init(id: String, name: String, lastPostAt: Date?) {
            self.id = id
            self.name = name
            self.lastPostAt = lastPostAt
        }
    }

    /// Posts whose sub-issue a moderator may want to correct.
    public struct ClassificationReview: Sendable, Hashable {
        /// Posts of the week that fell to `general` because no stage decided.
        public var fellToGeneral: Int
        /// Posts of the week the model classified below `confidenceThreshold`.
        public var lowConfidence: Int
        public var confidenceThreshold: Double
        /// The first of those posts in non-protected sub-issues, oldest first (at most `listLimit`).
        public var listed: [ClassifiedPost]
        /// How many of those posts were in protected sub-issues (not listed).
        public var protectedCount: Int

        public init(fellToGeneral: Int = 0, lowConfidence: Int = 0, confidenceThreshold: Double,
                    listed: [ClassifiedPost] = [], protectedCount: Int = 0) {
            self.fellToGeneral = fellToGeneral
            self.lowConfidence = lowConfidence
            self.confidenceThreshold = confidenceThreshold
            self.listed = listed
            self.protectedCount = protectedCount
        }
    }

    public struct ClassifiedPost: Sendable, Hashable {
        public var messageID: String
        public var subject: String
        public var subIssue: String
        /// `general` or `model`.
        public var stage: String
        public var confidence: Double?

        public init(messageID: String, subject: String, subIssue: String, stage: String, confidence: Double?) {
            self.messageID = messageID
            self.subject = subject
            self.subIssue = subIssue
            self.stage = stage
            self.confidence = confidence
        }
    }

    /// The machinery's state.
    public struct Operations: Sendable, Hashable {
        /// Held posts no moderator has decided on, at the week's end.
        public var heldWaiting: Int
        public var oldestHeldAt: Date?
        /// Active members with a bounce score above zero.
        public var bouncingMembers: Int
        /// Members whose delivery was disabled by bounces during the week, and in all.
        public var disabledThisWeek: Int
        public var disabledTotal: Int
        /// Files moved to the quarantine during the week, and in all.
        public var quarantinedThisWeek: Int
        public var quarantinedTotal: Int
        /// Outgoing messages of the week that failed for good, and in all.
        public var deliveryFailedThisWeek: Int
        public var deliveryFailedTotal: Int

        public init(heldWaiting: Int = 0, oldestHeldAt: Date? = nil, bouncingMembers: Int = 0, disabledThisWeek: Int = 0,
                    disabledTotal: Int = 0, quarantinedThisWeek: Int = 0, quarantinedTotal: Int = 0,
                    deliveryFailedThisWeek: Int = 0, deliveryFailedTotal: Int = 0) {
            self.heldWaiting = heldWaiting
            self.oldestHeldAt = oldestHeldAt
            self.bouncingMembers = bouncingMembers
            self.disabledThisWeek = disabledThisWeek
            self.disabledTotal = disabledTotal
            self.quarantinedThisWeek = quarantinedThisWeek
            self.quarantinedTotal = quarantinedTotal
            self.deliveryFailedThisWeek = deliveryFailedThisWeek
            self.deliveryFailedTotal = deliveryFailedTotal
        }

        /// Whether nothing at all needs the operator.
        public var isClear: Bool {
            heldWaiting == 0 && bouncingMembers == 0 && disabledTotal == 0 && quarantinedThisWeek == 0
                && deliveryFailedThisWeek == 0
        }
    }

    /// The community's objectives against its recent activity, for the periodic decision to
    /// continue, refocus or disband.
    public struct Review: Sendable, Hashable {
        public var objectives: [ObjectiveActivity]
        /// Posts and distinct contributors over the 12 weeks ending with this one.
        public var quarterPosts: Int
        public var quarterContributors: Int
        /// The last week of an ISO quarter (weeks 13, 26, 39, 52): the report asks for the decision.
        public var decisionDue: Bool
        /// The core group's latest decision after a review, recorded before the week's end.
        public var lastDecision: ReviewDecision?

        public init(objectives: [ObjectiveActivity] = [], quarterPosts: Int = 0, quarterContributors: Int = 0, decisionDue: Bool = false) {
            self.objectives = objectives
            self.quarterPosts = quarterPosts
            self.quarterContributors = quarterContributors
            self.decisionDue = decisionDue
        }
    }

    public struct ObjectiveActivity: Sendable, Hashable {
        /// The objective's id; nil for a plain-string objective.
        public var id: String?
        public var text: String
        /// The sub-issues whose activity counts towards it (see `link`).
        public var subIssues: [String]
        /// Whether the configuration names them or words in a plain-string objective matched them.
        public var link: Objective.Link
        /// Their posts over the 12 weeks ending with this one.
        public var posts: Int
        /// Their posts in the report's week.
        public var postsThisWeek: Int
        /// Distinct authors of those 12 weeks' posts.
        public var contributors: Int

        public init(id: String? = nil, text: String, subIssues: [String], link: Objective.Link = .configured, posts: Int,
                    postsThisWeek: Int = 0, contributors: Int = 0) {
            self.id = id
            self.text = text
            self.subIssues = subIssues
            self.link = link
            self.posts = posts
            self.postsThisWeek = postsThisWeek
            self.contributors = contributors
        }
    }

    /// One member's week, a row of the CSV attachment.
    public struct MemberActivity: Sendable, Hashable {
        public var address: String
        public var name: String?
        public var posts: Int
        /// Threads they started in the week.
        public var threadsStarted: Int
        /// Posts of theirs that answer someone else's.
        public var replies: Int
        /// Posts per non-protected sub-issue.
        public var subIssuePosts: [String: Int]
        /// Posts in protected sub-issues, counted together.
        public var protectedPosts: Int
        /// Whether this week holds their first post ever.
        public var isNewContributor: Bool

        public init(address: String, name: String?, posts: Int, threadsStarted: Int, replies: Int,
                    subIssuePosts: [String: Int], protectedPosts: Int, isNewContributor: Bool) {
            self.address = address
            self.name = name
            self.posts = posts
            self.threadsStarted = threadsStarted
            self.replies = replies
            self.subIssuePosts = subIssuePosts
            self.protectedPosts = protectedPosts
            self.isNewContributor = isNewContributor
        }
    }
}
