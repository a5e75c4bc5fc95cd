import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// One failed delivery, traced to the addresses it may belong to.
public struct BounceFailure: Sendable, Hashable {
    /// Candidates, most certain first: the VERP address, else the DSN's original then final recipient.
    public var addresses: [String]
    /// A permanent failure (5.x.x) rather than a temporary one (4.x.x).
    public var isPermanent: Bool
    /// What the failing server said, for the notices.
    public var diagnostic: String?

    public init(addresses: [String], isPermanent: Bool, diagnostic: String? = nil) {
        self.addresses = addresses
        self.isPermanent = isPermanent
        self.diagnostic = diagnostic
    }
}

/// What one bounce did to a member's standing with the outbox.
public enum BounceOutcome: Sendable, Hashable {
    /// No active member has that address.
    case notAMember
    /// Not counted: the member's delivery is already off, or a bounce was counted today already.
    case ignored
    /// Counted; the member's score is now this.
    case scored(Double)
    /// Counted, and the score reached the threshold: delivery is now disabled.
    case disabled(Double)
}

/// Bounces (DESIGN.md §2.2, §2.5): traces each to a member by VERP or by its RFC 3464 report and
/// keeps a score per member, the way Mailman does (`BounceSettings`): at most one bounce counts
/// per member and day, a score quiet for `reset_days` starts over, and at the threshold the
/// member's delivery is disabled (`members.status = 'disabled'`) with a notice to them and to the
/// core group, all in the transaction that records the bounce.
public struct BounceRecorder: RecordingFollowUp {
    public var community: Community
    public var settings: BounceSettings
    /// `circles.core`: who is told when a member's delivery is disabled.
    public var core: [String]

    public init(community: Community, settings: BounceSettings = BounceSettings(), core: [String] = []) {
        self.community = community
        self.settings = settings
        self.core = core
    }

    public func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
        for message in recorded {
            guard let screening = message.screening, screening.kind == .bounce else { continue }
            for failure in Self.failures(in: message.message, screening: screening) {
                _ = try record(failure, at: message.post.receivedAt, in: db)
            }
        }
    }

    /// Only delivery reports are read (for the recipients and status they report).
    public func readsMessageBody(of incoming: IncomingMessage, context: (any Sendable)?) -> Bool {
        incoming.screening?.kind == .bounce
    }

    /// An SMTP 5xx reply from the outbox worker: a hard bounce for `address`.
    @discardableResult
    public static func recordPermanentFailure(
        address: String, diagnostic: String, using recorder: BounceRecorder, at time: Date = Date(), in db: Database
    ) throws -> BounceOutcome {
        try recorder.record(BounceFailure(addresses: [address], isPermanent: true, diagnostic: diagnostic), at: time, in: db)
    }

    /// Counts `failure` against the first of its addresses that is a member.
    @discardableResult
    public func record(_ failure: BounceFailure, at time: Date, in db: Database) throws -> BounceOutcome {
        var found: Row?
        for candidate in failure.addresses {
            let normalised = MailAddress(address: candidate).normalized
            found = try Row.fetchOne(db, sql: """
                SELECT id, address, status, bounce_score, last_bounce_at FROM members
                WHERE address = ? AND status IN ('active', 'disabled')
                """, arguments: [normalised])
            if found != nil { break }
        }
        guard let member = found else { return .notAMember }
        let status: String = member["status"]
        guard status == "active" else { return .ignored }
        let id: Int64 = member["id"]
        let address: String = member["address"]
        var score: Double = member["bounce_score"]
        let now = time.timeIntervalSince1970
        if let last = member["last_bounce_at"] as Double? {
            if now - last > Double(settings.resetDays) * 86_400 {
                score = 0
            } else if floor(now / 86_400) == floor(last / 86_400) {
                // One undeliverable day counts once, however many posts bounced on it.
                return .ignored
            }
        }
        score += failure.isPermanent ? settings.hardScore : settings.softScore
        guard score >= settings.threshold else {
            try db.execute(sql: "UPDATE members SET bounce_score = ?, last_bounce_at = ? WHERE id = ?",
                           arguments: [score, now, id])
            return .scored(score)
        }
        try db.execute(sql: """
            UPDATE members SET bounce_score = ?, last_bounce_at = ?, bounce_disabled_at = ?, status = 'disabled'
            WHERE id = ?
            """, arguments: [score, now, now, id])
        let reason = failure.diagnostic.map { " The last report said: \($0)" } ?? ""
        if settings.notifyMember {
            try PraxisDatabase.enqueueNotice(ListNotice(
                to: address, subject: "Your delivery from \(community.name) is paused",
                text: """
                    Mail from \(community.name) to \(address) has bounced repeatedly, so the list \
                    has stopped sending you posts.\(reason)

                    When your mailbox works again, write to \(community.ownerAddress) to have \
                    delivery turned back on.
                    """,
                from: .owner), community: community, at: time, in: db)
        }
        if settings.notifyCore {
            for moderator in Set(core.map { MailAddress(address: $0).normalized }).sorted() where moderator != address {
                try PraxisDatabase.enqueueNotice(ListNotice(
                    to: moderator, subject: "\(community.name): delivery to \(address) disabled after bounces",
                    text: """
                        Delivery to \(address) was disabled: its bounce score reached \(score) \
                        (threshold \(settings.threshold)).\(reason)
                        """,
                    from: .owner), community: community, at: time, in: db)
            }
        }
        return .disabled(score)
    }

    // MARK: Reading bounces

    /// The failures a bounce reports. Pure.
    ///
    /// Sent to a VERP address, the member is certain and the report (if any) only says how hard
    /// the failure is; an auto-reply that reached the VERP address is no failure. Otherwise the
    /// RFC 3464 report names the recipients. Reports of delivery, relaying or expansion are ignored.
    public static func failures(in message: MailMessage, screening: Screening) -> [BounceFailure] {
        let report = message.deliveryStatusReport
        let failed = (report?.recipients ?? []).compactMap { recipient -> (DeliveryStatusReport.Recipient, Bool)? in
            recipient.isPermanentFailure.map { (recipient, $0) }
        }
        if case .bounce(let member?) = screening.recipient {
            if let report, !report.recipients.isEmpty {
                guard !failed.isEmpty else { return [] }
                let permanent = failed.contains { $0.1 }
                let worst = failed.first { $0.1 == permanent }?.0
                return [BounceFailure(addresses: [member], isPermanent: permanent, diagnostic: worst.map(describe))]
            }
            guard looksLikeBounce(message) else { return [] }
            return [BounceFailure(addresses: [member], isPermanent: !looksTemporary(message),
                                  diagnostic: message.subject)]
        }
        return failed.map { recipient, permanent in
            BounceFailure(
                addresses: [recipient.originalRecipient, recipient.finalRecipient].compactMap { $0 },
                isPermanent: permanent, diagnostic: describe(recipient))
        }
    }

    private static func describe(_ recipient: DeliveryStatusReport.Recipient) -> String {
        [recipient.status, recipient.diagnostic].compactMap { $0 }.joined(separator: " ")
    }

    /// A bounce without a report (qmail, old Exim): from the mailer daemon, or titled as one.
    /// Vacation replies also reach the VERP address, and must not count.
    private static func looksLikeBounce(_ message: MailMessage) -> Bool {
        if Screener.isDeliveryReport(message) { return true }
        let subject = (message.subject ?? "").lowercased()
        return ["undeliver", "delivery status notification", "failure notice", "returned mail",
                "delivery failure", "mail delivery failed", "unzustellbar", "non remis"]
            .contains { subject.contains($0) }
    }

    private static func looksTemporary(_ message: MailMessage) -> Bool {
        let text = ((message.subject ?? "") + "\n" + message.text).lowercased()
        return ["delayed", "will retry", "will be retried", "temporar", "still trying"].contains { text.contains($0) }
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
