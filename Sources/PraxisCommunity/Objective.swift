/// What the community exists for (DESIGN.md §9): one entry of `community.objectives`.
///
/// The full form names the sub-issues that serve it, so reviews count the activity behind it from
/// that mapping. A plain string is still valid: an objective with no id and no sub-issues linked.
public struct Objective: Sendable, Hashable {
    /// Short and stable, with the syntax of a sub-issue id; nil for a plain-string objective.
    public var id: String?
    /// The objective as the community agreed it, quoted in digests, reports and the archive.
    public var text: String
    /// The ids of the sub-issues that serve it, in the order the configuration gives them.
    public var subIssues: [String]

    public init(text: String, id: String? = nil, subIssues: [String] = []) {
        self.id = id
        self.text = text
        self.subIssues = subIssues
    }

    /// How an objective came to be linked to its sub-issues in a review.
    public enum Link: String, Sendable, Hashable {
        /// The configuration names them (`community.objectives[].sub_issues`).
        case configured
        /// A plain-string objective: sub-issues whose id, name, keyword or alias its text
        /// mentions. Kept so configurations written before objectives had ids still get a review,
        /// and labelled wherever it is shown, since words are a guess and the mapping is not.
        case textMatch = "text_match"
    }

    /// The sub-issues whose activity counts towards this objective, and how they were found:
    /// the configured ones for an objective with an id; for a plain string, the sub-issues among
    /// `subIssues` whose id, name, keyword or alias its text mentions (case-insensitive).
    public func linkedSubIssues(among subIssues: [SubIssue]) -> (ids: [String], link: Link) {
        if id != nil { return (self.subIssues, .configured) }
        let text = self.text.lowercased()
        let mentioned = subIssues.filter { subIssue in
            ([subIssue.id, subIssue.name] + subIssue.keywords + subIssue.aliases)
                .map { $0.lowercased() }.contains { !$0.isEmpty && text.contains($0) }
        }
        return (mentioned.map(\.id), .textMatch)
    }
}

/// `objectives: ["Safer streets"]` in code reads as the plain-string form does in `praxis.yaml`.
extension Objective: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        self.init(text: text)
    }
}
