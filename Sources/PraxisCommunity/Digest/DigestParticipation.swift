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
    /// `period` names the digest's period in `language` ("this week": `periodWord(_:in:)`).
    public func sentences(bar: CirclesPolicy.InnerBar, period: String, language: Language = .standard) -> [String] {
        var lines = [postsThisPeriod == 0 ? language.text(.participationNone, ["period": period])
            : language.plural(.participationPosts, count: postsThisPeriod, ["period": period])]
        // The sub-issue where the reader is closest to the bar while still outside it.
        let outside = activity.filter { $0.standing == .outer }
        if let nearest = outside.min(by: { missing($0, bar) < missing($1, bar) }) {
            let needPosts = max(0, bar.posts - nearest.posts)
            let needThreads = max(0, bar.threads - nearest.threads)
            var need: [String] = []
            if needPosts > 0 { need.append(language.plural(.participationMorePosts, count: needPosts)) }
            if needThreads > 0 { need.append(language.plural(.participationMoreThreads, count: needThreads)) }
            let done = language.plural(.participationProgress, count: bar.windowDays, [
                "subIssue": nearest.subIssue.name, "posts": language.number(nearest.posts), "bar": language.number(bar.posts),
            ])
            if need.isEmpty {
                lines.append(language.text(.participationAtBar, ["progress": done]))
            } else {
                // "2 more posts in 1 more thread": the joining word is the language's "in".
                let joined = need.joined(separator: " " + language.text(.participationIn) + " ")
                lines.append(language.text(.participationNeeds, ["progress": done, "needed": joined]))
            }
        } else if let inner = activity.first(where: { $0.standing != .outer }) {
            lines.append(language.text(.participationInner, ["subIssue": inner.subIssue.name]))
        } else {
            lines.append(language.text(.participationInvitation))
        }
        return lines
    }

    /// How the participation line names a digest's period in `language`: "this week", "cette semaine".
    public static func periodWord(_ schedule: Schedule, in language: Language) -> String {
        switch schedule {
        case .daily: language.text(.periodDaily)
        case .weekly: language.text(.periodWeekly)
        case .monthly: language.text(.periodMonthly)
        case .quarterly: language.text(.periodQuarterly)
        }
    }

    private func missing(_ activity: Activity, _ bar: CirclesPolicy.InnerBar) -> Int {
        max(0, bar.posts - activity.posts) + max(0, bar.threads - activity.threads)
    }
}
