/// A member as the digest planning sees them: their choices and their standing per sub-issue.
public struct DigestReader: Sendable, Hashable {
    /// A member's circle in one sub-issue.
    public enum Standing: String, Sendable, Hashable {
        case core, inner, outer
    }

    /// What the member chose for one sub-issue, and where they stand in it.
    public struct SubIssueChoice: Sendable, Hashable {
        public var standing: Standing
        /// nil: the member-wide choice applies.
        public var delivery: DeliveryMode?
        public var mutes: Bool

        public init(standing: Standing = .outer, delivery: DeliveryMode? = nil, mutes: Bool = false) {
            self.standing = standing
            self.delivery = delivery
            self.mutes = mutes
        }
    }

    /// Normalised.
    public var address: String
    public var name: String?
    /// The member-wide delivery; nil (`default`) means the circle's default.
    public var delivery: DeliveryMode?
    /// `daily` or `weekly`: which digest the member asked for with `set digest`.
    public var frequency: String
    /// The member's own digest format; nil means the digest's configured format.
    public var format: DigestPlan.Format?
    /// Sub-issues without an entry: outer, no override, not muted.
    public var choices: [String: SubIssueChoice]
    /// False when the member asked not to get their own posts (`set own-posts off`).
    public var receivesOwnPosts: Bool
    /// The member's own language; nil: the community's.
    public var language: Language?

    public init(
        address: String, name: String? = nil, delivery: DeliveryMode? = nil, frequency: String = "weekly",
        format: DigestPlan.Format? = nil, choices: [String: SubIssueChoice] = [:], receivesOwnPosts: Bool = true,
        language: Language? = nil
    ) {
        self.receivesOwnPosts = receivesOwnPosts
        self.language = language
        self.address = address
        self.name = name
        self.delivery = delivery
        self.frequency = frequency
        self.format = format
        self.choices = choices
    }
}

/// What one reader's digest may hold.
public struct DigestCoverage: Sendable, Hashable {
    /// The sub-issues the digest covers; empty when the reader gets no such digest.
    public var subIssues: Set<String>
    /// The protected sub-issues the reader is admitted to (the core group: all of them).
    public var admitted: Set<String>
    /// In the core group (`circles.core`): may read every protected post.
    public var isCore: Bool
    /// The reader's own address when they asked not to get their own posts: posts from it are left out.
    public var leftOutAuthor: String?

    public init(subIssues: Set<String>, admitted: Set<String> = [], isCore: Bool = false, leftOutAuthor: String? = nil) {
        self.leftOutAuthor = leftOutAuthor
        self.subIssues = subIssues
        self.admitted = admitted
        self.isCore = isCore
    }

    /// The organisation digest: every sub-issue that is not protected, nothing protected.
    public static func organisation(_ subIssues: [SubIssue]) -> DigestCoverage {
        DigestCoverage(subIssues: Set(subIssues.filter { !$0.isProtected }.map(\.id)))
    }
}

/// Who receives which digest, and about which sub-issues (DESIGN.md §1, §6).
public enum DigestAudience {
    /// What `reader`'s copy of `plan` covers; no sub-issues when they get no such digest.
    ///
    /// A sub-issue is covered when the member has not muted it, may see it (a protected one only
    /// for the core group and its admitted members), and their delivery there — the sub-issue's
    /// override, else their own choice, else their circle's default — is `digest`. For audience
    /// `outer` only the sub-issues where they stand in the outer circle count.
    ///
    /// With several digests configured, a member gets the one named like their `set digest`
    /// frequency (`daily` or `weekly`) when such a digest exists, so nobody receives two digests
    /// of the same posts.
    public static func coverage(
        for reader: DigestReader, plan: DigestPlan, allPlans: [DigestPlan], subIssues: [SubIssue],
        core: Set<String>, defaults: DeliveryDefaults
    ) -> DigestCoverage {
        let isCore = core.contains(reader.address)
        let named = allPlans.filter { $0.name == reader.frequency }
        if allPlans.count > 1, !named.isEmpty, plan.name != reader.frequency {
            return DigestCoverage(subIssues: [], isCore: isCore)
        }
        var covered = Set<String>()
        var admittedTo = Set<String>()
        for subIssue in subIssues {
            let choice = reader.choices[subIssue.id] ?? DigestReader.SubIssueChoice()
            if choice.mutes { continue }
            let standing: DigestReader.Standing = isCore ? .core : choice.standing
            if subIssue.isProtected {
                let admitted = standing == .core
                    || subIssue.members.contains { $0.lowercased() == reader.address }
                guard admitted else { continue }
                admittedTo.insert(subIssue.id)
            }
            let delivery = choice.delivery ?? reader.delivery ?? (standing == .outer ? defaults.outer : defaults.inner)
            guard delivery == .digest else { continue }
            if plan.audience == .outer && standing != .outer { continue }
            covered.insert(subIssue.id)
        }
        return DigestCoverage(
            subIssues: covered, admitted: admittedTo, isCore: isCore, leftOutAuthor: reader.receivesOwnPosts ? nil : reader.address)
    }
}
