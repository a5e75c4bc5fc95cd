/// One digest the community sends on a schedule: an entry of `digests:`.
public struct DigestPlan: Sendable, Hashable, Codable {
    /// Who a digest goes to.
    public enum Audience: String, Sendable, Hashable, Codable, CaseIterable {
        /// Outer-circle members of each sub-issue whose delivery is `digest` (the usual case).
        case outer
        /// Every member, in any circle, whose delivery is `digest`.
        case subscribers
    }

    /// What the digest mail looks like.
    public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, schedule, audience, cap, format
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            schedule: try c.decode(Schedule.self, forKey: .schedule),
            audience: try c.decodeIfPresent(Audience.self, forKey: .audience) ?? .outer,
            cap: try c.decodeIfPresent(Int.self, forKey: .cap),
            format: try c.decodeIfPresent(Format.self, forKey: .format) ?? .html
        )
    }
}

/// The optional digest for the wider organisation: `organisation:` (DESIGN.md §1).
/// It never carries protected sub-issues.
public struct OrganisationDigest: Sendable, Hashable, Codable {
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case address, schedule, format
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            address: try c.decode(String.self, forKey: .address),
            schedule: try c.decode(Schedule.self, forKey: .schedule),
            format: try c.decodeIfPresent(DigestPlan.Format.self, forKey: .format) ?? .html
        )
    }
}

/// The reports Praxis writes: `reports:`.
public struct ReportPlans: Sendable, Hashable, Codable {
    /// The health report for the core group. Default: `weekly mon 08:00`.
    public var moderators: ReportPlan

    public init(moderators: ReportPlan = ReportPlan()) {
        self.moderators = moderators
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case moderators
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(moderators: try c.decodeIfPresent(ReportPlan.self, forKey: .moderators) ?? ReportPlan())
    }
}

/// When one report goes out.
public struct ReportPlan: Sendable, Hashable, Codable {
    /// The standard report schedule, Monday morning before the week's work starts.
    public static let standardSchedule = Schedule.weekly(.monday, TimeOfDay.eightOClock)

    public var schedule: Schedule

    public init(schedule: Schedule = ReportPlan.standardSchedule) {
        self.schedule = schedule
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case schedule
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(schedule: try c.decodeIfPresent(Schedule.self, forKey: .schedule) ?? Self.standardSchedule)
    }
}

extension TimeOfDay {
    // The failable initialiser cannot fail for constants in range; this avoids a force unwrap.
    static let eightOClock: TimeOfDay = {
        guard let time = TimeOfDay(hour: 8, minute: 0) else { preconditionFailure("08:00 is a valid time") }
        return time
    }()
}
