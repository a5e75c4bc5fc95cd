import Foundation
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

/// Bounces (DESIGN.md §2.2, §2.5), decided: keeps a score per member the way Mailman does
/// (`BounceSettings`): at most one bounce counts per member and day, a score quiet for
/// `reset_days` starts over, and at the threshold the member's delivery is disabled with a notice
/// to them and to the core group. The store reads the member and applies the actions.
public struct BounceDecider: Sendable {
    public var community: Community
    public var settings: BounceSettings
    /// `circles.core`: who is told when a member's delivery is disabled.
    public var core: [String]

    public init(community: Community, settings: BounceSettings = BounceSettings(), core: [String] = []) {
        self.community = community
        self.settings = settings
        self.core = core
    }

    /// The member a failure is counted against, as the store holds them.
    public struct Member: Sendable, Hashable {
        public var id: Int64
        /// Normalised.
        public var address: String
        /// Whether delivery to them is on (`active`) rather than already disabled.
        public var isActive: Bool
        public var score: Double
        public var lastBounceAt: Date?

        public init(id: Int64, address: String, isActive: Bool, score: Double, lastBounceAt: Date?) {
            self.id = id
            self.address = address
            self.isActive = isActive
            self.score = score
            self.lastBounceAt = lastBounceAt
        }
    }

    /// What counting `failure` against `member` (nil: none of its addresses is a member) at `time`
    /// does. `languages` holds the own language of the member and of the core group's members who
    /// chose one (normalised address → language), for the notices of a disabled delivery.
    public func decide(
        _ failure: BounceFailure, member: Member?, at time: Date, languages: [String: Language] = [:]
    ) -> (outcome: BounceOutcome, actions: [FollowUpAction]) {
        guard let member else { return (.notAMember, []) }
        guard member.isActive else { return (.ignored, []) }
        var score = member.score
        let now = time.timeIntervalSince1970
        if let last = member.lastBounceAt?.timeIntervalSince1970 {
            if now - last > Double(settings.resetDays) * 86_400 {
                score = 0
            } else if floor(now / 86_400) == floor(last / 86_400) {
                // One undeliverable day counts once, however many posts bounced on it.
                return (.ignored, [])
            }
        }
        score += failure.isPermanent ? settings.hardScore : settings.softScore
        guard score >= settings.threshold else {
            return (.scored(score), [.scoreBounce(memberID: member.id, score: score, at: time)])
        }
        let actions = [FollowUpAction.disableDelivery(memberID: member.id, score: score, at: time)]
            + notices(disabling: member.address, score: score, failure: failure, languages: languages).map { .queueNotice($0, at: time) }
        return (.disabled(score), actions)
    }

    /// The notices of a member's delivery being disabled: to the member, then to the core group,
    /// each in the reader's own language (`languages`, normalised address → language; else the
    /// community's).
    private func notices(
        disabling address: String, score: Double, failure: BounceFailure, languages: [String: Language]
    ) -> [ListNotice] {
        func lastReport(in language: Language) -> String {
            failure.diagnostic.map { language.text(.bounceLastReport, ["diagnostic": $0]) } ?? ""
        }
        var notices: [ListNotice] = []
        if settings.notifyMember {
            let language = languages[address] ?? community.language
            notices.append(ListNotice(
                to: address, subject: language.text(.bouncePausedSubject, ["community": community.name]),
                text: language.text(.bouncePausedText, [
                    "community": community.name, "address": address, "lastReport": lastReport(in: language),
                    "ownerAddress": community.ownerAddress,
                ]),
                from: .owner, language: language))
        }
        if settings.notifyCore {
            for moderator in Set(core.map { MailAddress(address: $0).normalized }).sorted() where moderator != address {
                let language = languages[moderator] ?? community.language
                notices.append(ListNotice(
                    to: moderator,
                    subject: language.text(.bounceCoreSubject, ["community": community.name, "address": address]),
                    text: language.text(.bounceCoreText, [
                        "address": address, "score": Self.written(score, in: language),
                        "threshold": Self.written(settings.threshold, in: language), "lastReport": lastReport(in: language),
                    ]),
                    from: .owner, language: language))
            }
        }
        return notices
    }

    /// A score as the language writes it; English keeps Swift's "5.0", as the notice always said.
    private static func written(_ score: Double, in language: Language) -> String {
        language == .en ? "\(score)" : language.decimal(score, fractionDigits: score == score.rounded() ? 0 : 1)
    }

    // MARK: Reading bounces

    /// The failures a bounce reports.
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
