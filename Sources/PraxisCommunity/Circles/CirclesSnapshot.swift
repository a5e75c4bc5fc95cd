import Foundation

/// The circles of every sub-issue at one instant, as `praxis circles` shows them (DESIGN.md §4).
public struct CirclesSnapshot: Sendable, Hashable {
    public struct Candidate: Sendable, Hashable {
        public var address: String
        /// What the member still lacks: "1 more post, 1 more thread", or "confirmation by the core group".
        public var missing: String

        public init(address: String, missing: String) {
            self.address = address
            self.missing = missing
        }
    }

    public struct Circles: Sendable, Hashable {
        public var id: String
        /// Everyone core here: `circles.core`, the core standing, and `moderators`.
        public var core: [String]
        /// The sub-issue's own moderators (`sub_issues[].moderators`), sorted.
        public var moderators: [String]
        public var inner: [String]
        public var outerCount: Int
        public var candidates: [Candidate]
        /// The sub-issue was retired (`sub_issues[].retired`): its circles are history.
        public var isRetired: Bool

        public init(
            id: String, core: [String], moderators: [String] = [], inner: [String], outerCount: Int, candidates: [Candidate],
            isRetired: Bool = false
        ) {
            self.id = id
            self.core = core
            self.moderators = moderators
            self.inner = inner
            self.outerCount = outerCount
            self.candidates = candidates
            self.isRetired = isRetired
        }
    }

    public typealias Transition = MemberTransition

    public var asOf: Date
    public var subIssues: [Circles]
    /// The transitions of the 30 days up to `asOf`, oldest first.
    public var transitions: [Transition]

    /// How far back `transitions` reaches.
    public static let recentDays = 30

    public init(asOf: Date, subIssues: [Circles], transitions: [Transition]) {
        self.asOf = asOf
        self.subIssues = subIssues
        self.transitions = transitions.sorted { ($0.at, $0.address, $0.subIssue) < ($1.at, $1.address, $1.subIssue) }
    }
}

extension StandingDecider {
    /// What a core member confirming a candidate still has to do.
    static let awaitingConfirmation = "confirmation by the core group"

    /// The candidates among `outer` members (in address order) with at least one post in the
    /// window, or waiting for the core group's confirmation: what each lacks, closest first.
    public func candidates(
        outer: [String], logs: [String: ContributionLog], waiting: Set<String>, at instant: Date
    ) -> [CirclesSnapshot.Candidate] {
        var result: [(lack: Int, candidate: CirclesSnapshot.Candidate)] = []
        for address in outer {
            if waiting.contains(address) {
                result.append((0, .init(address: address, missing: Self.awaitingConfirmation)))
                continue
            }
            guard let log = logs[address] else { continue }
            let counts = log.contributions(after: policy.windowStart(endingAt: instant), through: instant)
            let missing = policy.missing(counts)
            guard counts.posts > 0, !missing.isEmpty else { continue }
            let lack = max(0, policy.inner.posts - counts.posts) + max(0, policy.inner.threads - counts.distinctThreads)
            result.append((lack, .init(address: address, missing: missing.joined(separator: ", "))))
        }
        // Closest first: that is who the core group may want to encourage.
        return result.sorted { ($0.lack, $0.candidate.address) < ($1.lack, $1.candidate.address) }.map(\.candidate)
    }

    /// The circles of `subIssue` as stored: `members` (active, in address order) with their stored
    /// standings; the configured core group always, whether members or not.
    public func storedCircles(
        of subIssue: SubIssue, members: [String], standings: [String: CircleStanding], logs: [String: ContributionLog],
        waiting: Set<String>, at instant: Date
    ) -> CirclesSnapshot.Circles {
        var core = coreGroup.configured(in: subIssue.id)
        var inner: [String] = []
        var outer: [String] = []
        for address in members {
            let standing = standings[address]
            if isCore(address, storedStanding: standing, in: subIssue.id) { core.insert(address); continue }
            guard admits(address, to: subIssue, storedStanding: standing) else { continue }
            if standing == .inner { inner.append(address) } else { outer.append(address) }
        }
        return .init(
            id: subIssue.id, core: core.sorted(), moderators: (coreGroup.moderators[subIssue.id] ?? []).sorted(),
            inner: inner, outerCount: outer.count,
            candidates: candidates(outer: outer, logs: logs, waiting: waiting, at: instant), isRetired: subIssue.isRetired)
    }
}
