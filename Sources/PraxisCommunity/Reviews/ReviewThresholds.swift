/// Where the review's marks change colour: `reviews.thresholds.*`. The defaults are for a small
/// community of practice (tens of members, a few sub-issues); each says why it is what it is.
public struct ReviewThresholds: Sendable, Hashable {
    /// Distinct contributors in the quarter below which the community is too few to be one (red).
    /// 5: below it the exchange is a conversation between colleagues, which needs no list.
    public var individuals: Int = 5
    /// Distinct contributors a sub-issue needs in the quarter, else it is amber: 2, because a
    /// sub-issue where one person writes alone is a notice board, not practice shared.
    public var subIssueIndividuals: Int = 2
    /// Posts in the quarter behind an objective for it to count as active: 3, about one a month.
    public var objectivePosts: Int = 3
    /// The inner circle each open sub-issue needs (issue 21): at least 2 at the quarter's end.
    public var innerCircle: Int = 2
    /// Posts or contributors at or above this fraction of the quarter before keep momentum green:
    /// 0.8, since a fifth less from one quarter to the next is within ordinary seasonal swings.
    public var momentumAmber: Double = 0.8
    /// Below this fraction momentum is red: 0.5, activity halved.
    public var momentumRed: Double = 0.5
    /// Promotions outer → inner in the quarter for inward movement to be green: 1. None is amber;
    /// a community nobody moves into ages with its founders.
    public var promotions: Int = 1
    /// Share of conversation openers left without a reply by someone else: above 0.25 amber,
    /// above 0.5 red (most questions go unanswered).
    public var unansweredAmber: Double = 0.25
    public var unansweredRed: Double = 0.5
    /// Median hours to the first reply above which responsiveness is amber: 48, the same two days
    /// after which the weekly report lists a thread as unanswered.
    public var firstReplyHours: Double = 48
    /// Red items from which the recommendation is to disband: 3, when the basics (people,
    /// momentum, roles) have all gone.
    public var disbandReds: Int = 3

    public init() {}
}

/// `reviews:`: when the checklist goes to the core group (and the management summary to the
/// sponsor), and where its marks change colour.
public struct ReviewPlan: Sendable, Hashable {
    /// The first day of each quarter, 09:00: the quarter just ended is complete, and the review
    /// arrives on a working morning more often than not.
    public static let standardSchedule: Schedule = {
        guard let time = TimeOfDay(hour: 9, minute: 0) else { preconditionFailure("09:00 is a valid time") }
        return .quarterly(day: 1, time)
    }()

    public var schedule: Schedule
    public var thresholds: ReviewThresholds

    public init(schedule: Schedule = ReviewPlan.standardSchedule, thresholds: ReviewThresholds = ReviewThresholds()) {
        self.schedule = schedule
        self.thresholds = thresholds
    }
}
