/// How members move between the outer and the inner circle of each sub-issue: `circles:`.
public struct CirclesPolicy: Sendable, Hashable, Codable {
    /// Whether a member who meets the inner bar moves in by themselves or waits for the core group.
    public enum Promotion: String, Sendable, Hashable, Codable, CaseIterable {
        /// Moved into the inner circle as soon as they meet the bar.
        case automatic
        /// Listed as a candidate for the core group to confirm.
        case moderated
    }

    /// What it takes to belong to the inner circle of a sub-issue, counted over a sliding window.
    public struct InnerBar: Sendable, Hashable, Codable {
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

        enum CodingKeys: String, CodingKey, CaseIterable {
            case posts, threads
            case windowDays = "window_days"
            case repliesReceived = "replies_received"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let standard = InnerBar()
            self.init(
                posts: try c.decodeIfPresent(Int.self, forKey: .posts) ?? standard.posts,
                threads: try c.decodeIfPresent(Int.self, forKey: .threads) ?? standard.threads,
                windowDays: try c.decodeIfPresent(Int.self, forKey: .windowDays) ?? standard.windowDays,
                repliesReceived: try c.decodeIfPresent(Int.self, forKey: .repliesReceived)
            )
        }
    }

    /// When an inner-circle member drifts back out. Both conditions keep anyone from flapping.
    public struct Demotion: Sendable, Hashable, Codable {
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

        enum CodingKeys: String, CodingKey, CaseIterable {
            case hysteresis
            case silentDays = "silent_days"
            case minimumTenureDays = "minimum_tenure_days"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let standard = Demotion()
            self.init(
                silentDays: try c.decodeIfPresent(Int.self, forKey: .silentDays) ?? standard.silentDays,
                hysteresis: try c.decodeIfPresent(Double.self, forKey: .hysteresis) ?? standard.hysteresis,
                minimumTenureDays: try c.decodeIfPresent(Int.self, forKey: .minimumTenureDays)
                    ?? standard.minimumTenureDays
            )
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case promotion, inner, demotion, core
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            promotion: try c.decodeIfPresent(Promotion.self, forKey: .promotion) ?? .automatic,
            inner: try c.decodeIfPresent(InnerBar.self, forKey: .inner) ?? InnerBar(),
            demotion: try c.decodeIfPresent(Demotion.self, forKey: .demotion) ?? Demotion(),
            core: try c.decodeIfPresent([String].self, forKey: .core) ?? []
        )
    }
}
