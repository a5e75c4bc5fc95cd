import Foundation
import PraxisMail

extension EmailCommandDecider {
    /// What `whoami` tells a member about themselves, as the store read it.
    public struct MemberSettings: Sendable, Hashable {
        public var address: String
        public var name: String?
        public var joinedAt: Date
        /// The member's own delivery (`immediate`, `digest`, `none`); nil: as their circle has it.
        public var delivery: String?
        public var digest: String
        /// The member's own digest format (`text`, `html`, `mime`, `rfc1153`); nil: the digest's configured one.
        public var digestFormat: String?
        /// Whether the member's own posts come back to them (`set own-posts`).
        public var ownPosts: Bool
        /// Per sub-issue id, where the member has a row.
        public var subIssues: [String: SubIssueSettings]

        public init(
            address: String, name: String?, joinedAt: Date, delivery: String?, digest: String, digestFormat: String? = nil,
            ownPosts: Bool = true, subIssues: [String: SubIssueSettings]
        ) {
            self.digestFormat = digestFormat
            self.ownPosts = ownPosts
            self.address = address
            self.name = name
            self.joinedAt = joinedAt
            self.delivery = delivery
            self.digest = digest
            self.subIssues = subIssues
        }
    }

    public struct SubIssueSettings: Sendable, Hashable {
        /// `core`, `inner` or `outer`.
        public var standing: String
        public var deliveryOverride: String?
        /// true: followed, false: muted, nil: neither.
        public var follows: Bool?

        public init(standing: String, deliveryOverride: String?, follows: Bool?) {
            self.standing = standing
            self.deliveryOverride = deliveryOverride
            self.follows = follows
        }
    }

    /// The answer to `whoami` from a member.
    public func whoami(_ member: MemberSettings) -> String {
        var lines = ["You are \(member.address)" + (member.name.map { " (\(EmailCommandParser.echo(Substring($0))))" } ?? "")
            + ", a member of \(community.name) since \(Self.day(member.joinedAt))."]
        if let own = member.delivery {
            lines.append("Delivery: \(own), unless you chose otherwise for a sub-issue.")
        } else {
            lines.append("Delivery: as your circle has it (inner circle \(delivery.inner.rawValue), outer circle \(delivery.outer.rawValue)).")
        }
        lines.append("Digests: \(member.digest).")
        lines += DigestChoiceTexts.whoamiLines(format: member.digestFormat, ownPosts: member.ownPosts)
        lines.append("Your sub-issues:")
        // Only sub-issues this member may see: a protected one they are not admitted to is not
        // mentioned at all, not even as "not admitted".
        for subIssue in visibleSubIssues(for: member.address) {
            let row = member.subIssues[subIssue.id]
            var parts = [coreGroup.contains(member.address) ? "core group" : "\(row?.standing ?? "outer") circle"]
            if let override = row?.deliveryOverride { parts.append("delivery \(override)") }
            if let follows = row?.follows { parts.append(follows ? "followed" : "muted") }
            lines.append("  \(subIssue.id)\(subIssue.isProtected ? " (closed group)" : ""): " + parts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// The sub-issues `address` may see and choose for: every open one, and the protected ones it
    /// is admitted to; a protected one it is not admitted to is never named to it.
    public func visibleSubIssues(for address: String) -> [SubIssue] {
        subIssues.filter { !$0.isProtected || isAdmitted(address, to: $0) }
    }

    private static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
