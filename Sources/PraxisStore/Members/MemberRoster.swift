import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// What `praxis members add|set` changes; nil leaves a value as it is.
public struct MemberChange: Sendable, Hashable {
    /// An empty name clears it.
    public var name: String?
    /// Rewrites the member's standing in every sub-issue given to the operation.
    public var role: MemberListEntry.Role?
    public var delivery: DeliveryPreference?
    public var digestFrequency: DigestFrequency?
    /// Pins (or unpins) the member's standings so the circles policy never demotes them.
    public var isPinned: Bool?
    /// Whether the member's posts are held for a moderator.
    public var isModerated: Bool?
    public var digestFormat: DigestPlan.Format?
    /// Whether the member's own posts come back to them.
    public var ownPosts: Bool?
    /// The language of what the member receives.
    public var language: Language?

    public init(name: String? = nil, role: MemberListEntry.Role? = nil, delivery: DeliveryPreference? = nil,
                digestFrequency: DigestFrequency? = nil, isPinned: Bool? = nil, isModerated: Bool? = nil,
                digestFormat: DigestPlan.Format? = nil, ownPosts: Bool? = nil, language: Language? = nil) {
        self.digestFormat = digestFormat
        self.ownPosts = ownPosts
        self.language = language
        self.name = name
        self.role = role
        self.delivery = delivery
        self.digestFrequency = digestFrequency
        self.isPinned = isPinned
        self.isModerated = isModerated
    }

    /// Whether anything would change.
    public var isEmpty: Bool {
        name == nil && role == nil && delivery == nil && digestFrequency == nil && isPinned == nil && isModerated == nil
            && digestFormat == nil && ownPosts == nil && language == nil
    }
}

/// A member with their standings per sub-issue (only the sub-issues where a row exists: elsewhere
/// the member is outer).
public struct MemberDetails: Sendable, Hashable {
    public var member: MemberRecord
    public var standings: [MemberSubIssueRecord]
    /// Posts recorded from the member's address, of any kind.
    public var posts: Int

    /// The highest standing in any sub-issue: core, else inner, else outer.
    public var highestStanding: Standing {
        if standings.contains(where: { $0.standing == .core }) { return .core }
        if standings.contains(where: { $0.standing == .inner }) { return .inner }
        return .outer
    }

    public var isPinned: Bool { standings.contains { $0.isPinned } }
}

/// What `addMember(_:change:subIssues:at:)` did.
public enum MemberAddition: Sendable, Hashable {
    case added(MemberRecord)
    /// The address had unsubscribed (or been disabled) and is active again, its history kept.
    case reactivated(MemberRecord)
    /// Already an active member: nothing changed.
    case alreadyActive(MemberRecord)
}

/// What `importMembers` did.
public struct MemberImportTally: Sendable, Hashable {
    public var added = 0
    /// Known addresses whose entry was applied (and reactivated, if they had left).
    public var updated = 0
    /// Known active members a Mailman list said nothing new about.
    public var unchanged = 0
}

extension PraxisDatabase {
    /// The operator's reason in `standing_transitions` for standings set by hand.
    public static let operatorReason = "set by the operator"

    /// Adds `address` (normalised; the caller has checked its syntax) as an active member and
    /// applies `change`; role standings are written for each of `subIssues`.
    public func addMember(_ address: String, change: MemberChange, subIssues: [SubIssue], at time: Date) throws(StoreError) -> MemberAddition {
        let normalised = MailAddress(address: address).normalized
        return try write("adding member \(normalised)") { db in
            if let existing = try MemberRecord.withAddress(normalised).fetchOne(db) {
                if existing.status == .active { return .alreadyActive(existing) }
                try db.execute(sql: "UPDATE members SET status = 'active', left_at = NULL WHERE id = ?", arguments: [existing.id])
                var member = existing
                member.status = .active
                member.leftAt = nil
                return .reactivated(try Self.apply(change, to: member, subIssues: subIssues, at: time, in: db))
            }
            var member = MemberRecord(address: normalised, name: nil, joinedAt: time)
            try member.insert(db)
            member.id = db.lastInsertedRowID
            return .added(try Self.apply(change, to: member, subIssues: subIssues, at: time, in: db))
        }
    }

    /// Applies `change` to the member with that address; nil when there is none.
    public func updateMember(_ address: String, change: MemberChange, subIssues: [SubIssue], at time: Date) throws(StoreError) -> MemberRecord? {
        let normalised = MailAddress(address: address).normalized
        return try write("changing member \(normalised)") { db in
            guard let member = try MemberRecord.withAddress(normalised).fetchOne(db) else { return nil }
            return try Self.apply(change, to: member, subIssues: subIssues, at: time, in: db)
        }
    }

    /// Marks the member unsubscribed (their posts, standings and transitions stay, for history);
    /// nil when there is no such member. A member who already left is returned unchanged.
    public func removeMember(_ address: String, at time: Date) throws(StoreError) -> MemberRecord? {
        let normalised = MailAddress(address: address).normalized
        return try write("removing member \(normalised)") { db in
            guard var member = try MemberRecord.withAddress(normalised).fetchOne(db) else { return nil }
            guard member.status == .active else { return member }
            try db.execute(sql: "UPDATE members SET status = 'unsubscribed', left_at = ? WHERE id = ?",
                           arguments: [time.timeIntervalSince1970, member.id])
            member.status = .unsubscribed
            member.leftAt = time
            return member
        }
    }

    /// Adds or updates every entry in one transaction: all of them or, on error, none. With
    /// `overwrite` false (a Mailman list, which says nothing of roles or delivery), known active
    /// members are left as they are.
    public func importMembers(_ entries: [MemberListEntry], subIssues: [SubIssue], overwrite: Bool, at time: Date) throws(StoreError) -> MemberImportTally {
        try write("importing \(entries.count) members") { db in
            var tally = MemberImportTally()
            for entry in entries {
                let address = MailAddress(address: entry.address).normalized
                var member: MemberRecord
                // A known member's standings change now; a new one's first standing is dated when
                // they joined, if the list says (an export), and never later than now.
                var since = time
                if let existing = try MemberRecord.withAddress(address).fetchOne(db) {
                    if !overwrite && existing.status == .active {
                        tally.unchanged += 1
                        continue
                    }
                    member = existing
                    if existing.status != .active {
                        member.status = .active
                        try db.execute(sql: "UPDATE members SET status = 'active', left_at = NULL WHERE id = ?", arguments: [existing.id])
                    }
                    tally.updated += 1
                } else {
                    since = min(entry.joinedAt ?? time, time)
                    member = MemberRecord(address: address, joinedAt: since)
                    try member.insert(db)
                    member.id = db.lastInsertedRowID
                    tally.added += 1
                }
                _ = try Self.apply(Self.listed(entry, to: &member), to: member, subIssues: subIssues, at: since, in: db)
            }
            return tally
        }
    }

    /// Sets `member`'s preferences as `entry` says (`ListedSetting`: a column the list lacks keeps
    /// the stored value, an empty cell is the default) and returns the change of standings left to
    /// make: none when the list says nothing of the role or pinning.
    private static func listed(_ entry: MemberListEntry, to member: inout MemberRecord) -> MemberChange {
        // A name that was only control characters is no name.
        member.name = entry.name.map { $0.isEmpty ? nil : $0 }.applied(to: member.name, standard: nil)
        member.delivery = entry.delivery.map { DeliveryPreference(rawValue: $0.rawValue) ?? .default }
            .applied(to: member.delivery, standard: .default)
        member.digestFrequency = entry.digestFrequency.map { DigestFrequency(rawValue: $0.rawValue) ?? .weekly }
            .applied(to: member.digestFrequency, standard: .weekly)
        member.digestFormatName = entry.digestFormat.map { Optional.some($0.rawValue) }.applied(to: member.digestFormatName, standard: nil)
        member.receivesOwnPosts = entry.ownPosts.applied(to: member.receivesOwnPosts, standard: true)
        member.language = entry.language.map { Optional.some($0.rawValue) }.applied(to: member.language, standard: nil)
        let role = entry.role.map(Optional.some).applied(to: nil, standard: .outer)
        let pinned = entry.isPinned.map(Optional.some).applied(to: nil, standard: false)
        // Pinning keeps an inner member inner; a list that makes someone core or outer unpins them.
        return MemberChange(role: role, isPinned: role == nil || role == .inner ? pinned : nil)
    }

    /// Every member (only active ones unless `includeLeft`), by address, with their standings.
    public func memberDetailsList(includeLeft: Bool) throws(StoreError) -> [MemberDetails] {
        try read("listing members") { db in
            let members = try MemberRecord.listed(includingLeft: includeLeft).fetchAll(db)
            var standings: [Int64: [MemberSubIssueRecord]] = [:]
            for row in try MemberSubIssueRecord.order(MemberSubIssueRecord.Columns.subIssue).fetchAll(db) {
                standings[row.memberID, default: []].append(row)
            }
            var posts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT author_address, count(*) FROM posts GROUP BY author_address") {
                posts[row[0]] = row[1]
            }
            return members.map { member in
                MemberDetails(member: member, standings: member.id.flatMap { standings[$0] } ?? [],
                              posts: posts[member.address] ?? 0)
            }
        }
    }

    /// One member with their standings, or nil.
    public func memberDetails(_ address: String) throws(StoreError) -> MemberDetails? {
        let normalised = MailAddress(address: address).normalized
        return try read("looking up member \(normalised)") { db in
            guard let member = try MemberRecord.withAddress(normalised).fetchOne(db),
                  let id = member.id else { return nil }
            let standings = try MemberSubIssueRecord.of(memberID: id).fetchAll(db)
            let posts = try Int.fetchOne(db, sql: "SELECT count(*) FROM posts WHERE author_address = ?", arguments: [normalised]) ?? 0
            return MemberDetails(member: member, standings: standings, posts: posts)
        }
    }

    // MARK: Applying a change

    static func apply(_ change: MemberChange, to member: MemberRecord, subIssues: [SubIssue], at time: Date, in db: Database) throws -> MemberRecord {
        guard let id = member.id else { return member }
        var member = member
        if let name = change.name {
            member.name = name.isEmpty ? nil : name
        }
        if let delivery = change.delivery { member.delivery = delivery }
        if let frequency = change.digestFrequency { member.digestFrequency = frequency }
        if let moderated = change.isModerated { member.isModerated = moderated }
        if let format = change.digestFormat { member.digestFormatName = format.rawValue }
        if let ownPosts = change.ownPosts { member.receivesOwnPosts = ownPosts }
        if let language = change.language { member.language = language.rawValue }
        try db.execute(sql: """
            UPDATE members SET name = ?, delivery = ?, digest_frequency = ?, is_moderated = ?, digest_format = ?, own_posts = ?,
            language = ? WHERE id = ?
            """, arguments: [member.name, member.delivery.rawValue, member.digestFrequency.rawValue, member.isModerated,
                             member.digestFormatName, member.receivesOwnPosts, member.language, id])
        if let role = change.role {
            // Inner standing only where the member may be at all: a protected sub-issue's circles
            // hold only the core group and the members admitted to it.
            let standing = Standing(rawValue: role.rawValue) ?? .outer
            let open = subIssues.filter { subIssue in
                standing == .core || !subIssue.isProtected
                    || subIssue.members.contains { $0.lowercased() == member.address.lowercased() }
            }
            try setStanding(standing, pinned: change.isPinned, memberID: id, subIssues: open.map(\.id), at: time, in: db)
        } else if let pinned = change.isPinned {
            try db.execute(sql: "UPDATE member_sub_issue SET is_pinned = ? WHERE member_id = ?", arguments: [pinned, id])
        }
        return member
    }

    /// Writes `standing` in each sub-issue, recording a transition wherever it changes. Outer
    /// needs no row (it is every member's standing by default), so only existing rows move to it.
    private static func setStanding(_ standing: Standing, pinned: Bool?, memberID: Int64, subIssues: [String], at time: Date, in db: Database) throws {
        var existing: [String: MemberSubIssueRecord] = [:]
        for row in try MemberSubIssueRecord.of(memberID: memberID).fetchAll(db) {
            existing[row.subIssue] = row
        }
        let targets = standing == .outer ? Array(existing.keys) : subIssues
        for subIssue in targets {
            let before = existing[subIssue]
            var row = before ?? MemberSubIssueRecord(memberID: memberID, subIssue: subIssue, since: time)
            let from = before?.standing ?? .outer
            row.isPinned = standing == .outer ? false : (pinned ?? row.isPinned)
            if from != standing {
                row.standing = standing
                row.since = time
                try StandingTransitionRecord(
                    memberID: memberID, subIssue: subIssue, fromStanding: from.rawValue, toStanding: standing.rawValue,
                    at: time, reason: operatorReason
                ).insert(db)
            }
            try row.save(db)
        }
    }
}
