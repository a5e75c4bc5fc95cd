import Foundation
import Logging
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisSystem
import Synchronization

/// The DMARC policies of authors' domains (`list.from_rewrite: dmarc`): the `_dmarc` TXT record
/// of the From domain, else the `sp=` (or `p=`) of the nearest parent domain that publishes one
/// (`DMARCRecord.parentDomains`, DMARCbis's DNS tree walk; all are asked at once). Looked up by
/// ingest before a batch's list copies are made, once per domain (the process's
/// `DMARCPolicyCache` remembers), never per recipient.
///
/// A domain that does not answer within `timeout` (all of a batch's lookups share it), or whose
/// answer is an error, has no known policy: its authors' From is kept, as under `never`. So a
/// dead nameserver costs each new domain one wait of at most `timeout`, not the delivery.
public struct DMARCPolicyLookup: Sendable {
    /// How long a batch waits for its lookups, in all.
    public static let standardTimeout = 2.0

    /// Which domain a message's copy depends on (`DistributionDecider.authorPolicyDomain`).
    let distribution: DistributionDecider
    let resolver: DNSTXTResolver
    let cache: DMARCPolicyCache
    let logger: Logger

    /// A lookup through `server` (nil: the first nameserver of `/etc/resolv.conf`, or
    /// 127.0.0.1 as glibc would use when it names none).
    public init(
        distribution: DistributionDecider, server: String?, timeout: Double = Self.standardTimeout,
        cache: DMARCPolicyCache = .process, logger: Logger
    ) {
        self.distribution = distribution
        let system = (try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)).flatMap(DNSTXTResolver.firstNameserver)
        resolver = DNSTXTResolver(server: server ?? system ?? "127.0.0.1", timeout: timeout)
        self.cache = cache
        self.logger = logger
    }

    /// The domain whose policy `incoming`'s list copy depends on: only a post is copied, and only
    /// when somebody gets some sub-issue's posts at once (`context`), so a community that reads
    /// digests asks nothing. Any sub-issue, not only the post's: the store may still file a reply
    /// under its thread's.
    func domain(of incoming: IncomingMessage, context: FollowUpContext) -> String? {
        guard incoming.screening?.kind == .post, context.immediateSubIssues?.isEmpty != true else { return nil }
        return distribution.authorPolicyDomain(of: incoming.message)
    }

    /// The policy of `domain` when the cache knows it: `.some(nil)` is "known to have none".
    func cached(_ domain: String) -> DMARCPolicy?? { cache.policy(of: domain) }

    /// The policy of each of `domains` (absent: none known), from the cache or from DNS, on a
    /// thread of its own: the resolver blocks for up to `timeout`, which must not hold a thread
    /// of the cooperative pool.
    func policies(of domains: Set<String>) async -> [String: DMARCPolicy] {
        var found: [String: DMARCPolicy] = [:]
        var missing = Set<String>()
        for domain in domains {
            switch cache.policy(of: domain) {
            case .some(let policy): found[domain] = policy
            case nil: missing.insert(domain)
            }
        }
        guard !missing.isEmpty else { return found }
        let asked = missing
        let looked = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.lookUp(asked)) }
        }
        return found.merging(remembered(looked)) { cached, _ in cached }
    }

    /// The policy `message`'s copies depend on, asked now and waited for (at most `timeout`), for
    /// a post a moderator releases (`ModerationQueue.authorPolicy`): it was held, so ingest did
    /// not look it up. It blocks its thread; approvals are people's decisions, one at a time, and
    /// the cache answers a domain asked before at once.
    public func policyNow(for message: MailMessage) -> DMARCPolicy? {
        guard let domain = distribution.authorPolicyDomain(of: message) else { return nil }
        if case .some(let policy) = cache.policy(of: domain) { return policy }
        return remembered(lookUp([domain]))[domain]
    }

    /// The policies among `looked`, each outcome remembered in the cache and a domain's first
    /// failure logged.
    private func remembered(_ looked: [String: Outcome]) -> [String: DMARCPolicy] {
        var found: [String: DMARCPolicy] = [:]
        for (domain, outcome) in looked {
            switch outcome {
            case .policy(let policy):
                cache.remember(policy, for: domain)
                if let policy { found[domain] = policy }
            case .unknown(let reason):
                cache.remember(nil, for: domain, failed: true)
                if cache.firstFailure(of: domain) {
                    logger.warning("no DMARC policy known: the author's From is kept", metadata: [
                        "domain": "\(domain)", "reason": "\(reason)", "resolver": "\(resolver.server)"])
                }
            }
        }
        return found
    }

    /// What DNS said about a domain's policy.
    enum Outcome {
        /// The policy found; nil when neither the domain nor any of its parents publishes one.
        case policy(DMARCPolicy?)
        /// No answer in time, or an error: nothing is known.
        case unknown(String)
    }

    /// Looks every domain up, together with its parent domains, all in one round within one
    /// `timeout`: asking a parent only after the domain's own answer would leave it no time when
    /// another domain of the batch never answers.
    func lookUp(_ domains: Set<String>) -> [String: Outcome] {
        let parents = Dictionary(uniqueKeysWithValues: domains.map { ($0, DMARCRecord.parentDomains(of: $0)) })
        let answers = resolver.txtRecords(of: Set(domains.union(parents.values.joined()).map { "_dmarc." + $0 }))
        var outcomes: [String: Outcome] = [:]
        for domain in domains {
            var outcome = Self.outcome(answers["_dmarc." + domain], atParentDomain: false)
            // Only when the domain itself publishes no record, the nearest parent that does; a
            // parent without an answer leaves the policy unknown, since its record might apply.
            for parent in parents[domain] ?? [] {
                guard case .policy(nil) = outcome else { break }
                outcome = Self.outcome(answers["_dmarc." + parent], atParentDomain: true)
            }
            outcomes[domain] = outcome
        }
        return outcomes
    }

    /// The policy an answer gives: the one DMARC record's, none for no record or several
    /// (RFC 7489 §6.6.3), unknown for no answer or an error.
    static func outcome(_ answer: DNSMessage.TXTAnswer?, atParentDomain: Bool) -> Outcome {
        switch answer {
        case nil: return .unknown("no answer within the timeout")
        case .failed(let reason): return .unknown(reason)
        case .noRecords: return .policy(nil)
        case .records(let texts):
            let record = DMARCRecord.single(among: texts.map { String(decoding: $0, as: UTF8.self) })
            return .policy(record?.policy(atParentDomain: atParentDomain))
        }
    }
}

/// The policies found, per process, so a domain is asked once an hour, not once a post:
/// answers are kept an hour (`positiveLifetime`), a domain without a policy or without an
/// answer ten minutes (`negativeLifetime`), at most `capacity` domains.
public final class DMARCPolicyCache: Sendable {
    public static let process = DMARCPolicyCache()
    static let positiveLifetime = Duration.seconds(3_600)
    static let negativeLifetime = Duration.seconds(600)
    static let capacity = 10_000

    private struct Entry {
        var policy: DMARCPolicy?
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Domains whose failed lookup was logged: once per domain, however often it fails.
        var loggedFailures: Set<String> = []
    }

    private let state = Mutex(State())

    public init() {}

    /// `.some(policy)` while a remembered answer lasts; nil when it must be looked up.
    func policy(of domain: String) -> DMARCPolicy?? {
        state.withLock { state in
            guard let entry = state.entries[domain], entry.expires > .now else { return nil }
            return .some(entry.policy)
        }
    }

    func remember(_ policy: DMARCPolicy?, for domain: String, failed: Bool = false) {
        let lifetime = policy == nil || failed ? Self.negativeLifetime : Self.positiveLifetime
        state.withLock { state in
            if state.entries.count >= Self.capacity {
                let now = ContinuousClock.now
                state.entries = state.entries.filter { $0.value.expires > now }
                // Still full of live answers: forget them all rather than grow; they are asked again.
                if state.entries.count >= Self.capacity { state.entries.removeAll() }
            }
            state.entries[domain] = Entry(policy: policy, expires: .now + lifetime)
        }
    }

    /// True the first time a lookup of `domain` failed in this process, so it is logged once.
    func firstFailure(of domain: String) -> Bool {
        state.withLock { state in
            guard state.loggedFailures.count < Self.capacity else { return false }
            return state.loggedFailures.insert(domain).inserted
        }
    }
}

extension Configuration {
    /// The DMARC lookup ingest does before list copies are made; nil unless `list.from_rewrite: dmarc`.
    public func dmarcPolicyLookup(logger: Logger) -> DMARCPolicyLookup? {
        guard list.fromRewrite == .dmarc else { return nil }
        return DMARCPolicyLookup(distribution: postDistribution.decider, server: list.dmarcResolver, logger: logger)
    }
}
