import Foundation
import PraxisCommunity
import PraxisMail
import PraxisStore

/// Operator text as it may be echoed back: one line, control characters out, at most 200 characters.
public enum MemberInput {
    public static func clean(_ text: String) -> String { ModerationNotices.plain(text, width: 200) }

    /// What is wrong with `address` (already trimmed and lower-cased) as a member address, or nil.
    public static func problem(inAddress address: String) -> String? { AddressSyntax.problem(in: address) }
}

/// The change `praxis members add|set` asks for, its option values checked.
public struct MemberEdit: Sendable {
    let change: MemberChange

    /// Each value as typed (nil: not given); the first that is not one of its choices is refused.
    public init(name: String?, role: String?, delivery: String?, digest: String?, pinned: String?, moderated: String?)
        throws(DaemonError) {
        var change = MemberChange()
        change.name = name.map(MemberInput.clean)
        change.role = try Self.value(role, option: "--role", MemberListEntry.Role.allCases.map(\.rawValue)).flatMap(MemberListEntry.Role.init)
        change.delivery = try Self.value(delivery, option: "--delivery", DeliveryPreference.allCases.map(\.rawValue)).flatMap(DeliveryPreference.init)
        change.digestFrequency = try Self.value(digest, option: "--digest", DigestFrequency.allCases.map(\.rawValue)).flatMap(DigestFrequency.init)
        change.isPinned = try Self.value(pinned, option: "--pinned", ["yes", "no"]).map { $0 == "yes" }
        change.isModerated = try Self.value(moderated, option: "--moderated", ["yes", "no"]).map { $0 == "yes" }
        self.change = change
    }

    /// Whether nothing would change.
    public var isEmpty: Bool { change.isEmpty }

    private static func value(_ text: String?, option: String, _ choices: [String]) throws(DaemonError) -> String? {
        guard let text else { return nil }
        let folded = text.lowercased()
        guard choices.contains(folded) else {
            throw DaemonError.invalidOption(option, value: MemberInput.clean(text), choices: choices)
        }
        return folded
    }
}

/// What `praxis members add` did.
public enum MemberAddOutcome: Sendable, Equatable {
    case added
    /// The address had left and is active again, its history kept.
    case reactivated
    case alreadyActive
}

/// What `praxis members remove` did.
public enum MemberRemoval: Sendable, Equatable {
    case removed
    case notMember
    /// The member had already left; their status (`unsubscribed`, `disabled`).
    case alreadyLeft(status: String)
}

/// A member list read for `praxis members import`, checked whole before anything is written.
public struct MemberImport: Sendable {
    let list: MemberList

    public init(parsing text: String) { list = MemberList(parsing: text) }

    /// One sentence per bad line; when there is any, nothing may be imported.
    public var problems: [String] { list.problems.map { "\($0)" } }
}

extension CommunityInstance {
    public func addMember(_ address: String, _ edit: MemberEdit) throws -> MemberAddOutcome {
        switch try database.addMember(address, change: edit.change, subIssues: configuration.allSubIssues, at: Date()) {
        case .added: .added
        case .reactivated: .reactivated
        case .alreadyActive: .alreadyActive
        }
    }

    /// Applies `edit` to a member; false when `address` is not a member.
    public func changeMember(_ address: String, _ edit: MemberEdit) throws -> Bool {
        try database.updateMember(address, change: edit.change, subIssues: configuration.allSubIssues, at: Date()) != nil
    }

    /// Unsubscribes an active member; their posts and history are kept.
    public func removeMember(_ address: String) throws -> MemberRemoval {
        guard let before = try database.memberDetails(address) else { return .notMember }
        guard before.member.status == .active else { return .alreadyLeft(status: before.member.status.rawValue) }
        _ = try database.removeMember(address, at: Date())
        return .removed
    }

    /// Imports a checked list: a CSV overwrites what it names, a Mailman list only adds.
    public func importMembers(_ members: MemberImport) throws -> MemberImportResult {
        let list = members.list
        let tally = try database.importMembers(list.entries, subIssues: configuration.allSubIssues, overwrite: list.format == .csv, at: Date())
        return MemberImportResult(format: list.format, entries: list.entries.count, tally: tally, leftOut: list.leftOut.count)
    }

    /// `praxis members list`: the members, with those who left when `includeLeft`.
    public func memberListing(includeLeft: Bool) throws -> MemberListing {
        MemberListing(members: try database.memberDetailsList(includeLeft: includeLeft), core: coreAddresses)
    }

    /// `praxis members show`: one member, or nil when `address` is not a member.
    public func memberProfile(_ address: String) throws -> MemberProfile? {
        guard let details = try database.memberDetails(address) else { return nil }
        // A protected sub-issue the member is not admitted to is not listed with an "outer"
        // standing: it is no circle of theirs, and the profile should not name it to them.
        let decider = standingEvaluator.decider
        var shown: [String] = []
        var hidden: Set<String> = []
        for subIssue in configuration.allSubIssues {
            let stored = details.standings.first { $0.subIssue == subIssue.id }.flatMap { CircleStanding(rawValue: $0.standing.rawValue) }
            if decider.admits(details.member.address, to: subIssue, storedStanding: stored) {
                shown.append(subIssue.id)
            } else {
                hidden.insert(subIssue.id)
            }
        }
        return MemberProfile(details: details, core: coreAddresses, configuredSubIssues: shown, hidden: hidden,
                             communityLanguage: configuration.community.language)
    }

    /// `circles.core` of the configuration, lower-cased: these members show as core whatever is stored.
    var coreAddresses: Set<String> { Set(configuration.circles.core.map { $0.lowercased() }) }
}
