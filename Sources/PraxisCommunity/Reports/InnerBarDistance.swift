/// Which members the weekly report names as close to the inner circle of a sub-issue: those
/// within a couple of posts and threads of the bar. What each still lacks is the circles policy's
/// own `CirclesPolicy.missing`, so the report and `praxis circles` never disagree.
public enum InnerBarDistance {
    /// A member lacking at most this many posts and threads together counts as close.
    public static let closeWithin = 2

    /// Whether a member with these counts is worth naming: at least one post, and the bar met or
    /// within `closeWithin` posts and threads of it.
    public static func isClose(posts: Int, threads: Int, bar: CirclesPolicy.InnerBar) -> Bool {
        guard posts > 0 else { return false }
        return max(0, bar.posts - posts) + max(0, bar.threads - threads) <= closeWithin
    }
}
