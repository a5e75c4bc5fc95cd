/// How far a member's recent contributions in a sub-issue are from the inner circle's bar, in
/// words for the core group ("1 more post and 1 more thread").
///
/// The weekly report's own measure of "close to promotion", over posts and distinct threads
/// within the bar's window (`replies_received` is not weighed here). The circles policy is the
/// authority on who is promoted; once it offers "what each still lacks", the report uses that.
public enum InnerBarDistance {
    /// A member lacking at most this many posts and threads together counts as close.
    public static let closeWithin = 2

    /// What is missing to meet `bar`, or nil when it is met.
    public static func missing(posts: Int, threads: Int, bar: CirclesPolicy.InnerBar) -> String? {
        let morePosts = max(0, bar.posts - posts)
        let moreThreads = max(0, bar.threads - threads)
        var parts: [String] = []
        if morePosts > 0 { parts.append("\(morePosts) more post" + (morePosts == 1 ? "" : "s")) }
        if moreThreads > 0 { parts.append("\(moreThreads) more thread" + (moreThreads == 1 ? "" : "s")) }
        return parts.isEmpty ? nil : parts.joined(separator: " and ")
    }

    /// Whether a member with these counts is worth naming: at least one post, and the bar met or
    /// within `closeWithin` posts and threads of it.
    public static func isClose(posts: Int, threads: Int, bar: CirclesPolicy.InnerBar) -> Bool {
        guard posts > 0 else { return false }
        return max(0, bar.posts - posts) + max(0, bar.threads - threads) <= closeWithin
    }
}
