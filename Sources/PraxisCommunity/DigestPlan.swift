/// One digest the community sends on a schedule: an entry of `digests:`.
public struct DigestPlan: Sendable, Hashable {
    /// Who a digest goes to.
    public enum Audience: String, Sendable, Hashable, CaseIterable {
        /// Outer-circle members of each sub-issue whose delivery is `digest` (the usual case).
        case outer
        /// Every member, in any circle, whose delivery is `digest`.
        case subscribers
    }

    /// What the digest mail looks like.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// Plain text only.
        case text
        /// multipart/alternative with plain text and HTML.
        case html
        /// A MIME digest (multipart/digest) carrying the original posts.
        case mime
        /// An RFC 1153 plain-text digest: the posts one after another between separator lines.
        case rfc1153
    }

    /// Names the digest in `praxis digest send --schedule NAME`; same syntax as sub-issue ids.
    public var name: String
    public var schedule: Schedule
    /// Default `outer`.
    public var audience: Audience
    /// At most this many posts per digest, newest threads first; nil (the default) means all.
    public var cap: Int?
    /// Default `html`.
    public var format: Format

    public init(name: String, schedule: Schedule, audience: Audience = .outer, cap: Int? = nil, format: Format = .html) {
        self.name = name
        self.schedule = schedule
        self.audience = audience
        self.cap = cap
        self.format = format
    }
}

/// The optional digest for the wider organisation: `organisation:` (DESIGN.md §1).
/// It never carries protected sub-issues.
public struct OrganisationDigest: Sendable, Hashable {
    /// The address the digest is sent to, typically an organisation-wide list.
    public var address: String
    public var schedule: Schedule
    /// Default `html`.
    public var format: DigestPlan.Format

    public init(address: String, schedule: Schedule, format: DigestPlan.Format = .html) {
        self.address = address
        self.schedule = schedule
        self.format = format
    }
}

/// The reports Praxis writes: `reports:`.
public struct ReportPlans: Sendable, Hashable {
    /// The health report for the core group. Default: `weekly mon 08:00`.
    public var moderators: ReportPlan

    public init(moderators: ReportPlan = ReportPlan()) {
        self.moderators = moderators
    }
}

/// When one report goes out.
public struct ReportPlan: Sendable, Hashable {
    /// The standard report schedule, Monday morning before the week's work starts.
    public static let standardSchedule = Schedule.weekly(.monday, TimeOfDay.eightOClock)

    public var schedule: Schedule

    public init(schedule: Schedule = ReportPlan.standardSchedule) {
        self.schedule = schedule
    }
}

extension TimeOfDay {
    // The failable initialiser cannot fail for constants in range; this avoids a force unwrap.
    static let eightOClock: TimeOfDay = {
        guard let time = TimeOfDay(hour: 8, minute: 0) else { preconditionFailure("08:00 is a valid time") }
        return time
    }()
}
