import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// Bounces (DESIGN.md §2.2, §2.5): traces each to a member by VERP or by its RFC 3464 report
/// (`BounceDecider.failures`), reads the member's score and applies what `BounceDecider` decides
/// (`members.status = 'disabled'` at the threshold, with notices), all in the transaction that
/// records the bounce.
public struct BounceRecorder: RecordingFollowUp {
    public var decider: BounceDecider

    public init(community: Community, settings: BounceSettings = BounceSettings(), core: [String] = []) {
        decider = BounceDecider(community: community, settings: settings, core: core)
    }

    public func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
        for message in recorded {
            guard let screening = message.screening, screening.kind == .bounce else { continue }
            for failure in BounceDecider.failures(in: message.message, screening: screening) {
                _ = try record(failure, at: message.post.receivedAt, in: db)
            }
        }
    }

    /// Only delivery reports are read (for the recipients and status they report).
    public func readsMessageBody(of incoming: IncomingMessage, context: FollowUpContext) -> Bool {
        incoming.screening?.kind == .bounce
    }

    /// An SMTP 5xx reply from the outbox worker: a hard bounce for `address`.
    @discardableResult
    public static func recordPermanentFailure(
        address: String, diagnostic: String, using recorder: BounceRecorder, at time: Date = Date(), in db: Database
    ) throws -> BounceOutcome {
        try recorder.record(BounceFailure(addresses: [address], isPermanent: true, diagnostic: diagnostic), at: time, in: db)
    }

    /// Counts `failure` against the first of its addresses that is a member, as `BounceDecider` decides.
    @discardableResult
    public func record(_ failure: BounceFailure, at time: Date, in db: Database) throws -> BounceOutcome {
        let member = try Self.member(of: failure, in: db)
        let readers = (member.map { [$0.address] } ?? []) + decider.core.map { MailAddress(address: $0).normalized }
        let languages = member == nil ? [:] : try MemberRecord.ownLanguages(of: readers, in: db)
        let (outcome, actions) = decider.decide(failure, member: member, at: time, languages: languages)
        try PraxisDatabase.apply(actions, community: decider.community, in: db)
        return outcome
    }

    /// The first of `failure`'s addresses that is a member whose delivery is on or disabled.
    private static func member(of failure: BounceFailure, in db: Database) throws -> BounceDecider.Member? {
        for candidate in failure.addresses {
            let normalised = MailAddress(address: candidate).normalized
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, address, status, bounce_score, last_bounce_at FROM members
                WHERE address = ? AND status IN ('active', 'disabled')
                """, arguments: [normalised]) else { continue }
            return BounceDecider.Member(
                id: row["id"], address: row["address"], isActive: row["status"] == "active",
                score: row["bounce_score"],
                lastBounceAt: (row["last_bounce_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
        return nil
    }
}

/// Bounce figures for `praxis status`.
public struct BounceStatus: Sendable, Hashable {
    public struct DisabledMember: Sendable, Hashable {
        public var address: String
        public var disabledAt: Date
        public var score: Double
    }

    /// Active members with a bounce counted within the reset window.
    public var bouncing: Int
    /// Members whose delivery bounces disabled, most recent first.
    public var disabled: [DisabledMember]
}

extension PraxisDatabase {
    /// Who is bouncing and whose delivery is off, as of `time`.
    public func bounceStatus(resetDays: Int, at time: Date = Date()) throws(StoreError) -> BounceStatus {
        try read("reading the bounce status") { db in
            let since = time.timeIntervalSince1970 - Double(resetDays) * 86_400
            let bouncing = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM members WHERE status = 'active' AND bounce_score > 0 AND last_bounce_at >= ?
                """, arguments: [since]) ?? 0
            let disabled = try Row.fetchAll(db, sql: """
                SELECT address, bounce_disabled_at, bounce_score FROM members
                WHERE status = 'disabled' AND bounce_disabled_at IS NOT NULL ORDER BY bounce_disabled_at DESC
                """).map { row in
                BounceStatus.DisabledMember(
                    address: row["address"], disabledAt: Date(timeIntervalSince1970: row["bounce_disabled_at"]),
                    score: row["bounce_score"])
            }
            return BounceStatus(bouncing: bouncing, disabled: disabled)
        }
    }
}
