import Foundation
import PraxisMail

/// Invitations, not conscription (issue 21 item 2), decided: the core group invites a key
/// participant with `praxis members invite`; the invitation is a subscription confirmation like
/// the one `subscribe` mails (one token, one reply joins), so nobody is subscribed by anyone else
/// and there is one way of joining.
public struct InvitationDecider: Sendable, Hashable {
    public var community: Community
    public var objectives: [Objective] { community.objectives }
    /// How long the invitation's token works, in days (`EmailCommandDecider.confirmationDays`).
    public var confirmationDays: Int
    /// An address invited within this many days is not invited again.
    public static let reinviteDays = 14

    public init(community: Community, confirmationDays: Int = 7) {
        self.community = community
        self.confirmationDays = max(1, confirmationDays)
    }

    /// What becomes of one address.
    public enum Outcome: Sendable, Hashable {
        /// Store `confirmation` and the invitation, mail `notice`.
        case invite(EmailCommandDecider.Confirmation, ListNotice)
        case alreadyMember
        /// Invited on that date, less than `reinviteDays` ago.
        case invitedRecently(Date)
        /// Not an address an invitation can go to; the sentence says why.
        case invalidAddress(String)
    }

    /// The outcome for `address` (normalised), given whether it is an active member and when it
    /// was last invited; `message` is the inviter's own words, `token` a fresh secret.
    public func decide(
        address: String, isMember: Bool, lastInvitedAt: Date?, message: String?, token: String, at now: Date
    ) -> Outcome {
        if let problem = AddressSyntax.problem(in: address) { return .invalidAddress(problem) }
        if community.isOwnAddress(address) { return .invalidAddress("it is one of the list's own addresses") }
        if isMember { return .alreadyMember }
        if let lastInvitedAt, now.timeIntervalSince(lastInvitedAt) < Double(Self.reinviteDays) * 86_400 {
            return .invitedRecently(lastInvitedAt)
        }
        let confirmation = EmailCommandDecider.Confirmation(
            token: token, purpose: .subscribe, address: address, payload: EmailCommand.subscribe(name: nil).canonicalText,
            createdAt: now, expiresAt: now.addingTimeInterval(Double(confirmationDays) * 86_400))
        return .invite(confirmation, invitation(to: address, token: token, message: message))
    }

    /// The invitation: what the community is for, the inviter's words, and how to accept.
    /// In the community's language: the invitee has no member row, so no language of their own.
    public func invitation(to address: String, token: String, message: String?) -> ListNotice {
        let language = community.language
        var parts = [language.text(.inviteIntro, ["community": community.name])]
        if !objectives.isEmpty {
            parts.append(language.text(.inviteObjectives) + "\n" + objectives.map { "- \($0.text)" }.joined(separator: "\n"))
        }
        if let message, !message.allSatisfy(\.isWhitespace) {
            parts.append(language.text(.inviteWord) + "\n\n" + message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        parts.append(language.text(.inviteAccept, ["token": token, "requestAddress": community.requestAddress]))
        parts.append(language.text(.inviteDecline, ["days": language.plural(.days, count: confirmationDays)]))
        return ListNotice(to: address, subject: "confirm \(token)", text: parts.joined(separator: "\n\n") + "\n", from: .request,
                          language: language)
    }
}
