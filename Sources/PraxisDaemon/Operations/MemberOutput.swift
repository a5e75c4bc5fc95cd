import Foundation
import PraxisCommunity
import PraxisStore

/// What `praxis members import` did.
public struct MemberImportResult: Sendable {
    let format: MemberList.Format
    let entries: Int
    let tally: MemberImportTally
    /// Rows of members who had left (an export's `status`), not imported.
    let leftOut: Int

    public var json: String {
        var writer = JSONWriter()
        writer.object { object in
            object.field("format", format.rawValue)
            object.field("added", tally.added)
            object.field("updated", tally.updated)
            object.field("unchanged", tally.unchanged)
            object.field("left_out", leftOut)
        }
        return writer.text
    }

    public var text: String {
        "imported \(entries) members from \(format == .csv ? "CSV" : "a Mailman list"): "
            + "added \(tally.added), updated \(tally.updated), unchanged \(tally.unchanged)"
            + (leftOut == 0 ? "" : "; \(leftOut) who had left (status unsubscribed or disabled) not imported")
    }
}

/// The fields every member prints with, as text and as JSON.
enum MemberFields {
    /// A configured core address shows as core, whatever its stored standings.
    static func role(_ details: MemberDetails, core: Set<String>) -> String {
        core.contains(details.member.address) ? "core" : details.highestStanding.rawValue
    }

    static func write(_ details: MemberDetails, core: Set<String>, into object: inout JSONWriter.ObjectWriter) {
        let member = details.member
        object.field("address", member.address)
        object.field("name", member.name)
        object.field("status", member.status.rawValue)
        object.field("role", role(details, core: core))
        object.field("pinned", details.isPinned)
        object.field("moderated", member.isModerated)
        object.field("delivery", member.delivery.rawValue)
        object.field("digest", member.digestFrequency.rawValue)
        // Null: the digest's configured format.
        object.field("digest_format", member.digestFormatName)
        object.field("own_posts", member.receivesOwnPosts)
        // Null when the member has none of their own: they receive the community's.
        object.field("language", member.ownLanguage?.rawValue)
        object.field("joined_at", JSONWriter.utc(member.joinedAt))
        object.field("left_at", member.leftAt.map(JSONWriter.utc))
        object.field("posts", details.posts)
    }
}

/// `praxis members list`: one line (or one JSON object) per member.
public struct MemberListing: Sendable {
    let members: [MemberDetails]
    let core: Set<String>

    public var json: String {
        let listing = self
        var writer = JSONWriter()
        writer.object { object in
            object.field("count", listing.members.count)
            object.array("members", listing.members) { item, details in
                item.object { MemberFields.write(details, core: listing.core, into: &$0) }
            }
        }
        return writer.text
    }

    /// Each member's line, then the count; every line ends in a newline.
    public var text: String {
        var text = ""
        for details in members {
            let member = details.member
            var line = member.address.padding(toLength: max(32, member.address.count + 1), withPad: " ", startingAt: 0)
            line += MemberFields.role(details, core: core).padding(toLength: 6, withPad: " ", startingAt: 0)
            line += member.delivery.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            var notes: [String] = []
            if member.status != .active { notes.append(member.status.rawValue) }
            if details.isPinned { notes.append("pinned") }
            if member.isModerated { notes.append("moderated") }
            if let name = member.name { notes.insert(MemberInput.clean(name), at: 0) }
            text += line + notes.joined(separator: ", ") + "\n"
        }
        return text + "\(members.count) members\n"
    }
}

/// `praxis members show`: one member, their preferences and their standing per sub-issue.
public struct MemberProfile: Sendable {
    let details: MemberDetails
    let core: Set<String>
    /// Every configured sub-issue, then any with a row that the configuration no longer has.
    let subIssueIDs: [String]
    let rows: [String: MemberSubIssueRecord]
    /// What the member receives mail in when they chose no language of their own.
    let communityLanguage: Language

    /// `hidden`: protected sub-issues the member is not admitted to, left out even when a row exists.
    init(details: MemberDetails, core: Set<String>, configuredSubIssues ids: [String], hidden: Set<String> = [],
         communityLanguage: Language = .standard) {
        self.details = details
        self.communityLanguage = communityLanguage
        self.core = core
        subIssueIDs = ids + details.standings.map(\.subIssue).filter { !ids.contains($0) && !hidden.contains($0) }
        rows = Dictionary(details.standings.map { ($0.subIssue, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private var isConfiguredCore: Bool { core.contains(details.member.address) }

    private func standing(_ id: String) -> String {
        isConfiguredCore ? "core" : (rows[id]?.standing.rawValue ?? "outer")
    }

    public var json: String {
        let profile = self
        var writer = JSONWriter()
        writer.object { object in
            MemberFields.write(profile.details, core: profile.core, into: &object)
            object.array("sub_issues", profile.subIssueIDs) { item, id in
                item.object { fields in
                    let row = profile.rows[id]
                    fields.field("id", id)
                    fields.field("standing", profile.standing(id))
                    fields.field("pinned", row?.isPinned ?? false)
                    fields.field("since", row.map { JSONWriter.utc($0.since) })
                    fields.field("delivery", row?.deliveryOverride?.rawValue)
                    fields.field("follow", row?.follow.rawValue ?? "default")
                }
            }
        }
        return writer.text
    }

    /// The lines of the text form, without a final newline.
    public var text: String {
        let member = details.member
        var lines = ["""
            \(member.address)\(member.name.map { " (\(MemberInput.clean($0)))" } ?? "")
              status     \(member.status.rawValue)\(member.leftAt.map { " since \(JSONWriter.utc($0))" } ?? "")
              joined     \(JSONWriter.utc(member.joinedAt))
              role       \(MemberFields.role(details, core: core))\(isConfiguredCore ? " (circles.core in the configuration)" : "")
              delivery   \(member.delivery.rawValue), digest \(member.digestFrequency.rawValue)
              format     \(member.digestFormatName ?? "as the digest is configured")
              own posts  \(member.receivesOwnPosts ? "sent to them" : "left out of their copies and digests")
              language   \(member.ownLanguage?.rawValue ?? "\(communityLanguage.rawValue) (the community's)")
              moderated  \(member.isModerated ? "yes: posts are held for a moderator" : "no")
              posts      \(details.posts)
            """]
        for id in subIssueIDs {
            var notes: [String] = []
            if rows[id]?.isPinned == true { notes.append("pinned") }
            if let override = rows[id]?.deliveryOverride { notes.append("delivery \(override.rawValue)") }
            if let follow = rows[id]?.follow, follow != .default { notes.append(follow.rawValue) }
            lines.append("  \(id.padding(toLength: max(20, id.count + 1), withPad: " ", startingAt: 0))\(standing(id))"
                         + (notes.isEmpty ? "" : "  (" + notes.joined(separator: ", ") + ")"))
        }
        return lines.joined(separator: "\n")
    }
}
