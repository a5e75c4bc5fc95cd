import Foundation

/// When to try a transiently failed message again, and when to give up: exponential backoff
/// with jitter, up to an age, as an MTA does (Postfix: `maximal_queue_lifetime` of 5 days).
public struct RetryPolicy: Sendable, Hashable {
    /// The wait after the first failed attempt. Default 60 s.
    public var firstDelay: TimeInterval
    /// The longest wait between attempts. Default one hour.
    public var maximumDelay: TimeInterval
    /// A message still undelivered this long after it was queued fails for good. Default 5 days.
    public var maximumAge: TimeInterval
    /// Each wait is stretched or shrunk by up to this fraction at random, so that messages
    /// deferred together (a server down) do not all come back in the same second. Default 0.2.
    public var jitter: Double

    public init(firstDelay: TimeInterval = 60, maximumDelay: TimeInterval = 3600,
                maximumAge: TimeInterval = 5 * 86_400, jitter: Double = 0.2) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.maximumAge = maximumAge
        self.jitter = jitter
    }

    /// The policy with `days` as the maximum age (`smtp.retry_days`).
    public static func days(_ days: Int) -> RetryPolicy {
        RetryPolicy(maximumAge: TimeInterval(days) * 86_400)
    }

    /// The wait after `attempts` failed attempts (1 for the first), with `random` in 0..<1
    /// choosing the jitter.
    public func delay(afterAttempt attempts: Int, random: Double) -> TimeInterval {
        let doublings = Double(max(0, min(attempts - 1, 40)))
        let base = min(maximumDelay, firstDelay * pow(2, doublings))
        return max(0.001, base * (1 - jitter + 2 * jitter * random))
    }

    /// Whether a message queued at `created` is too old to try again at `now`.
    public func hasExpired(createdAt created: Date, now: Date) -> Bool {
        now.timeIntervalSince(created) >= maximumAge
    }
}
