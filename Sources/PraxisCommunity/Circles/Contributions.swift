import Foundation

/// What one member contributed to one sub-issue over a window of time (DESIGN.md §2.4).
public struct Contributions: Sendable, Hashable {
    /// Posts the member wrote.
    public var posts: Int
    /// Of those, posts that started a thread.
    public var threadsStarted: Int
    /// Of those, posts that answer another post (every post that did not start its thread).
    public var repliesGiven: Int
    /// Posts by others that answer one of the member's posts, written within the window.
    public var repliesReceived: Int
    /// Distinct threads the member's posts are in.
    public var distinctThreads: Int
    /// The member's first and last post within the window.
    public var firstPost: Date?
    public var lastPost: Date?

    public init(
        posts: Int = 0, threadsStarted: Int = 0, repliesGiven: Int = 0, repliesReceived: Int = 0,
        distinctThreads: Int = 0, firstPost: Date? = nil, lastPost: Date? = nil
    ) {
        self.posts = posts
        self.threadsStarted = threadsStarted
        self.repliesGiven = repliesGiven
        self.repliesReceived = repliesReceived
        self.distinctThreads = distinctThreads
        self.firstPost = firstPost
        self.lastPost = lastPost
    }

    public static let none = Contributions()
}

/// A member's raw activity in one sub-issue, in time order: what the policy's counts are made of.
///
/// Replaying history (`praxis circles --as-of`) needs the counts at many instants; fetching the posts
/// once and counting here keeps that one query per sub-issue instead of one per instant.
public struct ContributionLog: Sendable, Hashable {
    /// One post by the member.
    public struct Post: Sendable, Hashable {
        public var date: Date
        public var threadID: Int64
        /// Whether this post is the root of its thread.
        public var startedThread: Bool

        public init(date: Date, threadID: Int64, startedThread: Bool) {
            self.date = date
            self.threadID = threadID
            self.startedThread = startedThread
        }
    }

    /// The member's posts, sorted by date.
    public private(set) var posts: [Post]
    /// When others answered the member's posts, sorted.
    public private(set) var repliesReceived: [Date]

    public init(posts: [Post], repliesReceived: [Date] = []) {
        self.posts = posts.sorted { $0.date < $1.date }
        self.repliesReceived = repliesReceived.sorted()
    }

    /// The counts over `(start, end]`: a post exactly `window` days old has left the window.
    public func contributions(after start: Date, through end: Date) -> Contributions {
        let lower = Self.firstIndex(in: posts.lazy.map(\.date), after: start)
        let upper = Self.firstIndex(in: posts.lazy.map(\.date), after: end)
        guard lower < upper else {
            return Contributions(repliesReceived: Self.count(repliesReceived, after: start, through: end))
        }
        let inWindow = posts[lower..<upper]
        let started = inWindow.reduce(0) { $0 + ($1.startedThread ? 1 : 0) }
        return Contributions(
            posts: inWindow.count, threadsStarted: started, repliesGiven: inWindow.count - started,
            repliesReceived: Self.count(repliesReceived, after: start, through: end),
            distinctThreads: Set(inWindow.map(\.threadID)).count,
            firstPost: inWindow.first?.date, lastPost: inWindow.last?.date)
    }

    /// The member's last post at or before `instant`, whatever the window.
    public func lastPost(through instant: Date) -> Date? {
        let upper = Self.firstIndex(in: posts.lazy.map(\.date), after: instant)
        return upper > 0 ? posts[upper - 1].date : nil
    }

    private static func count(_ dates: [Date], after start: Date, through end: Date) -> Int {
        firstIndex(in: dates, after: end) - firstIndex(in: dates, after: start)
    }

    /// The index of the first element later than `instant` (binary search over sorted dates).
    private static func firstIndex<C: RandomAccessCollection>(in dates: C, after instant: Date) -> Int
    where C.Element == Date, C.Index == Int {
        var low = dates.startIndex
        var high = dates.endIndex
        while low < high {
            let middle = (low + high) / 2
            if dates[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
