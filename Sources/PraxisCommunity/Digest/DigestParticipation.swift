/// A reader's own part in the community, for the line of their digest that invites them in.
public struct DigestParticipation: Sendable, Hashable {
    /// The reader's activity in one sub-issue over the inner circle's window.
    public struct Activity: Sendable, Hashable {
        public var subIssue: SubIssue
        public var posts: Int
        public var threads: Int
        public var standing: DigestReader.Standing

        public init(subIssue: SubIssue, posts: Int, threads: Int, standing: DigestReader.Standing) {
            self.subIssue = subIssue
            self.posts = posts
            self.threads = threads
            self.standing = standing
        }
    }

    /// Posts the reader wrote in the digest's period.
    public var postsThisPeriod: Int
    /// Sub-issues where the reader posted within `circles.inner.window_days`, most active first.
    public var activity: [Activity]

    public init(postsThisPeriod: Int, activity: [Activity]) {
        self.postsThisPeriod = postsThisPeriod
        self.activity = activity.sorted { ($0.posts, $0.threads) > ($1.posts, $1.threads) }
    }

    /// One or two sentences for the digest: what the reader did, and how close they are to the inner
    /// circle of the sub-issue where they are most active (a simple count against `circles.inner`).
    public func sentences(bar: CirclesPolicy.InnerBar, period: String) -> [String] {
        var lines: [String] = []
        switch postsThisPeriod {
        case 0: lines.append("You did not post \(period).")
        case 1: lines.append("You wrote 1 post \(period) — thank you.")
        default: lines.append("You wrote \(postsThisPeriod) posts \(period) — thank you.")
        }
        // The sub-issue where the reader is closest to the bar while still outside it.
        let outside = activity.filter { $0.standing == .outer }
        if let nearest = outside.min(by: { missing($0, bar) < missing($1, bar) }) {
            let needPosts = max(0, bar.posts - nearest.posts)
            let needThreads = max(0, bar.threads - nearest.threads)
            var need: [String] = []
            if needPosts > 0 { need.append(needPosts == 1 ? "1 more post" : "\(needPosts) more posts") }
            if needThreads > 0 { need.append(needThreads == 1 ? "1 more thread" : "\(needThreads) more threads") }
            let name = nearest.subIssue.name
            let done = "In \(name) you wrote \(nearest.posts) of the \(bar.posts) posts in \(bar.windowDays) days"
            if need.isEmpty {
                lines.append("\(done): you meet the bar of its inner circle, which gets every post at once.")
            } else {
                lines.append("\(done) that make its inner circle; \(need.joined(separator: " in ")) and you are in.")
            }
        } else if let inner = activity.first(where: { $0.standing != .outer }) {
            lines.append("You are in the inner circle of \(inner.subIssue.name).")
        } else {
            lines.append("Every thread below is open to you: reply to it and your experience joins the discussion.")
        }
        return lines
    }

    private func missing(_ activity: Activity, _ bar: CirclesPolicy.InnerBar) -> Int {
        max(0, bar.posts - activity.posts) + max(0, bar.threads - activity.threads)
    }
}
