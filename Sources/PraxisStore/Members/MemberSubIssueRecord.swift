import Foundation
import GRDB

/// A member's standing and preferences in one sub-issue.
public struct MemberSubIssueRecord: StoreRecord, Hashable {
    public static let databaseTableName = "member_sub_issue"
    public var memberID: Int64
    public var subIssue: String
    public var standing: Standing
    public var isPinned: Bool
    public var since: Date
    public var deliveryOverride: DeliveryPreference?
    public var follow: FollowPreference

    public init(
        memberID: Int64, subIssue: String, standing: Standing = .outer, isPinned: Bool = false,
        since: Date, deliveryOverride: DeliveryPreference? = nil, follow: FollowPreference = .default
    ) {
        self.memberID = memberID
        self.subIssue = subIssue
        self.standing = standing
        self.isPinned = isPinned
        self.since = since
        self.deliveryOverride = deliveryOverride
        self.follow = follow
    }

    enum CodingKeys: String, CodingKey {
        case standing, since, follow
        case memberID = "member_id", subIssue = "sub_issue", isPinned = "is_pinned"
        case deliveryOverride = "delivery_override"
    }

    /// The columns the store's queries name.
    public enum Columns {
        public static let memberID = Column(CodingKeys.memberID)
        public static let subIssue = Column(CodingKeys.subIssue)
    }

    /// One member's rows, by sub-issue.
    static func of(memberID: Int64) -> QueryInterfaceRequest<MemberSubIssueRecord> {
        filter(Columns.memberID == memberID).order(Columns.subIssue)
    }
}

/// One change of standing, with the reason the policy gave. `none` stands for "not yet a member of
/// that circle" in `from` and "removed" in `to`.
public struct StandingTransitionRecord: StoreRecord, Hashable {
    public static let databaseTableName = "standing_transitions"
    public var id: Int64?
    public var memberID: Int64
    public var subIssue: String
    public var fromStanding: String
    public var toStanding: String
    public var at: Date
    public var reason: String

    public init(id: Int64? = nil, memberID: Int64, subIssue: String, fromStanding: String,
                toStanding: String, at: Date, reason: String) {
        self.id = id
        self.memberID = memberID
        self.subIssue = subIssue
        self.fromStanding = fromStanding
        self.toStanding = toStanding
        self.at = at
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case id, at, reason
        case memberID = "member_id", subIssue = "sub_issue", fromStanding = "from_standing"
        case toStanding = "to_standing"
    }
}
