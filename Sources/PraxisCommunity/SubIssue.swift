/// A topic the community works on; every post belongs to exactly one (DESIGN.md §1).
public struct SubIssue: Sendable, Hashable, Identifiable {
    /// The id of the built-in sub-issue for posts that fit no other. It always exists.
    public static let generalID = "general"

    /// The built-in `general` sub-issue, used when the configuration does not declare it.
    public static let general = SubIssue(id: generalID, name: "General")

    /// Short, stable, lower-case: it appears in subjects as `[id]` and in `list+id@` addresses.
    public var id: String
    /// The human name shown in digests and reports. Default: the id.
    public var name: String
    /// One or two sentences on what belongs here, shown in digests. Optional.
    public var description: String?
    /// Words and phrases that seed the classifier for this sub-issue. Default: none.
    public var keywords: [String]
    /// Other tags that mean this sub-issue, e.g. `bikes` for `cycling`; same syntax as ids.
    public var aliases: [String]
    /// A closed space: posts reach only the core group and `members` (DESIGN.md §1).
    /// Key `protected`, default false. `general` cannot be protected.
    public var isProtected: Bool
    /// The addresses admitted to a protected sub-issue, beside the core group. Default: none.
    public var members: [String]
    /// The core group of this sub-issue on top of the community-wide one (`circles.core`): core
    /// in its circles, told of its held posts, shown in `praxis circles` and the report. Default: none.
    public var moderators: [String]
    /// Retired by the community (`retired`, DESIGN.md §9): the classifier never chooses it for a
    /// new post, a post tagged to it is held with a notice naming the open sub-issues, its archive
    /// stays readable. Default: false.
    public var isRetired: Bool

    public init(
        id: String, name: String? = nil, description: String? = nil, keywords: [String] = [],
        aliases: [String] = [], isProtected: Bool = false, members: [String] = [], moderators: [String] = [],
        isRetired: Bool = false
    ) {
        self.id = id
        self.name = name ?? id
        self.description = description
        self.keywords = keywords
        self.aliases = aliases
        self.isProtected = isProtected
        self.members = members
        self.moderators = moderators
        self.isRetired = isRetired
    }

    /// Why `id` cannot name a sub-issue (or an alias, or a digest), or nil when it can.
    ///
    /// The rule is `[a-z0-9][a-z0-9-]*`, at most 64 bytes: ids travel in subjects and in the local
    /// part of addresses, where case is unreliable and most punctuation is not allowed.
    public static func identifierProblem(_ id: String) -> String? {
        let bytes = Array(id.utf8)
        guard let first = bytes.first else { return "an id cannot be empty" }
        if bytes.count > 64 { return "an id is at most 64 characters" }
        let isLowerOrDigit: (UInt8) -> Bool = { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
        guard isLowerOrDigit(first), bytes.allSatisfy({ isLowerOrDigit($0) || $0 == UInt8(ascii: "-") }) else {
            return "\"\(id)\" is not a valid id: use lower-case letters, digits and \"-\", starting with a letter or digit"
        }
        return nil
    }
}
