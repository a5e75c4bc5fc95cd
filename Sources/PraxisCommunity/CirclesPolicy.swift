/// How members move between the outer and the inner circle of each sub-issue: `circles:`.
public struct CirclesPolicy: Sendable, Hashable {
    /// Whether a member who meets the inner bar moves in by themselves or waits for the core group.
    public enum Promotion: String, Sendable, Hashable, CaseIterable {
        /// Moved into the inner circle as soon as they meet the bar.
        case automatic
        /// Listed as a candidate for the core group to confirm.
        case moderated
    }

    /// What it takes to belong to the inner circle of a sub-issue, counted over a sliding window.
    public struct InnerBar: Sendable, Hashable {
        /// Posts in the sub-issue within the window. Default 3.
        public var posts: Int
        /// Distinct threads those posts are in, so one long exchange is not enough. Default 2.
        public var threads: Int
        /// The window, in days. Default 60.
        public var windowDays: Int
        /// Replies others wrote to the member's posts within the window; nil (the default) ignores it.
        public var repliesReceived: Int?

        public init(posts: Int = 3, threads: Int = 2, windowDays: Int = 60, repliesReceived: Int? = nil) {
            self.posts = posts
            self.threads = threads
            self.windowDays = windowDays
            self.repliesReceived = repliesReceived
        }
    }

    /// When an inner-circle member drifts back out. Both conditions keep anyone from flapping.
    public struct Demotion: Sendable, Hashable {
        /// Days without a post in the sub-issue before a member leaves its inner circle. Default 120.
        public var silentDays: Int
        /// A member stays inner while their counts stay at or above this fraction of the inner bar,
        /// so someone just at the bar is not in and out with each post. 0 < h ≤ 1, default 0.9.
        public var hysteresis: Double
        /// Days a member stays inner after being promoted, whatever their activity. Default 30.
        public var minimumTenureDays: Int

        public init(silentDays: Int = 120, hysteresis: Double = 0.9, minimumTenureDays: Int = 30) {
            self.silentDays = silentDays
            self.hysteresis = hysteresis
            self.minimumTenureDays = minimumTenureDays
        }
    }

    /// Default `automatic`.
    public var promotion: Promotion
    public var inner: InnerBar
    public var demotion: Demotion
    /// The core group of every sub-issue: organisers and moderators, set by the operator. Default none.
    public var core: [String]

    public init(
        promotion: Promotion = .automatic, inner: InnerBar = InnerBar(), demotion: Demotion = Demotion(),
        core: [String] = []
    ) {
        self.promotion = promotion
        self.inner = inner
        self.demotion = demotion
        self.core = core
    }
}
