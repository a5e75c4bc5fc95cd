/// Why a member's standing changed, as stored (`standing_transitions.reason`, `praxis members
/// show --json`): English phrases that are history and a contract of the command line, and in the
/// reader's language where a member or moderator reads them (the weekly report's circle lines).
public enum StandingReason {
    /// The start of the reason of a promotion the core group confirmed (`circles confirm`).
    public static let confirmedByCore = "confirmed by the core group"

    /// "3 posts in 2 threads within 60 days", or with ", 1 reply from others" when the bar counts replies.
    public static func achieved(posts: Int, threads: Int, replies: Int?, windowDays: Int) -> String {
        let counted = "\(count(posts, "post")) in \(count(threads, "thread"))"
            + (replies.map { ", \(count($0, "reply", "replies")) from others" } ?? "")
        return counted + " within \(windowDays) days"
    }

    /// "no post in 120 days".
    public static func silent(days: Int) -> String { "no post in \(count(days, "day"))" }

    /// "confirmed by the core group (ana@example.org)", or without the parenthesis when nobody is named.
    public static func confirmed(by confirmer: String?) -> String {
        confirmedByCore + (confirmer.map { " (\($0))" } ?? "")
    }

    /// `stored` in `language`: each reason Praxis writes is worded by the catalog; anything else
    /// (a reason from an older version, or one Praxis does not know) is shown as stored.
    public static func words(_ stored: String, in language: Language) -> String {
        if let days = silentDays(in: stored) {
            return language.plural(.standingReasonSilent, count: days)
        }
        if stored == confirmedByCore { return language.text(.standingReasonConfirmed) }
        if stored.hasPrefix(confirmedByCore + " ("), stored.hasSuffix(")") {
            let confirmer = stored.dropFirst(confirmedByCore.count + 2).dropLast()
            return language.text(.standingReasonConfirmedBy, ["by": String(confirmer)])
        }
        if let counts = achievedCounts(in: stored) {
            let posts = language.plural(.reportPostCount, count: counts.posts)
            let threads = language.plural(.reportThreadCount, count: counts.threads)
            let window = language.plural(.standingReasonWindow, count: counts.windowDays)
            guard let replies = counts.replies else {
                return language.text(.standingReasonAchieved, ["posts": posts, "threads": threads, "window": window])
            }
            return language.text(.standingReasonAchievedWithReplies, [
                "posts": posts, "threads": threads, "replies": language.plural(.standingReasonReplies, count: replies), "window": window])
        }
        return stored
    }

    private static func count(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(value) \(value == 1 ? singular : (plural ?? singular + "s"))"
    }

    // The patterns are made once: a regex literal in a function is parsed and compiled again at
    // every call, which took 200 µs of each promotion's note (two calls) while ingest recorded
    // member posts, 4% of its CPU. `Regex` is not marked Sendable, but a literal's value is
    // immutable and compiles its program lazily behind an atomic publication, so sharing one
    // between threads is safe.
    nonisolated(unsafe) private static let silentPattern = /no post in (\d{1,6}) days?/
    nonisolated(unsafe) private static let achievedPattern =
        /(\d{1,9}) posts? in (\d{1,9}) threads?(?:, (\d{1,9}) (?:reply|replies) from others)? within (\d{1,6}) days/

    /// The days of a stored `silent(days:)` reason, or nil when `stored` is not one.
    private static func silentDays(in stored: String) -> Int? {
        guard let match = stored.wholeMatch(of: silentPattern), let days = Int(match.1) else { return nil }
        return stored == silent(days: days) ? days : nil
    }

    /// The counts of a stored `achieved(…)` reason, or nil when `stored` is not one. The parsed
    /// counts must write the same sentence again, so "1 posts" or "02 threads" are shown as stored.
    private static func achievedCounts(in stored: String) -> (posts: Int, threads: Int, replies: Int?, windowDays: Int)? {
        guard let match = stored.wholeMatch(of: achievedPattern), let posts = Int(match.1), let threads = Int(match.2),
              let windowDays = Int(match.4) else { return nil }
        let replies = match.3.flatMap { Int($0) }
        guard stored == achieved(posts: posts, threads: threads, replies: replies, windowDays: windowDays) else { return nil }
        return (posts, threads, replies, windowDays)
    }
}
