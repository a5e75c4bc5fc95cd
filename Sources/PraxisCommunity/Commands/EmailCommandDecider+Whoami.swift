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
        /// The member's own language; nil: the community's.
        public var language: Language?

        public init(
            address: String, name: String?, joinedAt: Date, delivery: String?, digest: String, digestFormat: String? = nil,
            ownPosts: Bool = true, subIssues: [String: SubIssueSettings], language: Language? = nil
        ) {
            self.digestFormat = digestFormat
            self.ownPosts = ownPosts
            self.language = language
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
        let shown = member.address + (member.name.map { " (\(EmailCommandParser.echo(Substring($0))))" } ?? "")
        var lines = [say(.whoamiIntro, ["member": shown, "date": language.day(member.joinedAt, in: community.timeZone)])]
        if let own = member.delivery {
            // The modes as the `set delivery` command writes them, in every language.
            lines.append(say(.whoamiDeliveryOwn, ["mode": own]))
        } else {
            lines.append(say(.whoamiDeliveryCircle, ["inner": delivery.inner.rawValue, "outer": delivery.outer.rawValue]))
        }
        let cadence = EmailCommand.DigestCadence(rawValue: member.digest)
        lines.append(say(.whoamiDigest, ["cadence": cadence.map { say($0 == .daily ? .cadenceDaily : .cadenceWeekly) } ?? member.digest]))
        lines += DigestChoiceTexts.whoamiLines(format: member.digestFormat, ownPosts: member.ownPosts, in: language)
        lines.append(say(.whoamiLanguage, ["language": language.name(of: member.language ?? community.language)]))
        lines.append(say(.whoamiSubIssues))
        // Only sub-issues this member may see: a protected one they are not admitted to is not
        // mentioned at all, not even as "not admitted".
        for subIssue in visibleSubIssues(for: member.address) {
            let row = member.subIssues[subIssue.id]
            var parts = [say(coreGroup.contains(member.address) || row?.standing == "core" ? .standingCore
                        : row?.standing == "inner" ? .standingInner : .standingOuter)]
            if let override = row?.deliveryOverride {
                parts.append(say(.standingDeliveryOverride, ["mode": override]))
            }
            if let follows = row?.follows { parts.append(say(follows ? .standingFollowed : .standingMuted)) }
            lines.append("  \(subIssue.id)\(subIssue.isProtected ? " (" + say(.closedGroup) + ")" : ""): " + parts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// The sub-issues `address` may see and choose for: every open one, and the protected ones it
    /// is admitted to; a protected one it is not admitted to is never named to it.
    public func visibleSubIssues(for address: String) -> [SubIssue] {
        subIssues.filter { !$0.isProtected || isAdmitted(address, to: $0) }
    }
}
