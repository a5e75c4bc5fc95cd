import PraxisMail

/// The defence against impersonation (`moderation.authserv_ids`, `moderation.hold_on_dmarc_fail`):
/// a post whose From domain failed DMARC at our own MTA is held for a moderator, whoever it claims
/// to come from, since a member's address is exactly what an impersonator writes in From.
///
/// Which `Authentication-Results` fields are believed: only those with one of our authserv-ids,
/// and of those only the topmost that carries a DMARC result. Anyone can write such a field,
/// our authserv-id included, into the message they send (RFC 8601 §5 asks the border MTA to
/// remove those, but not every set-up does). An MTA adds its field above every field the message
/// came with, so our MTA's verdict is always above any forged one, and reading only the topmost
/// means a forged field below it is never read, whether it claims `pass` (to slip through) or
/// `fail` (to get someone's post held). Should our MTA add no DMARC verdict at all, the topmost
/// forged one is read; a forged `pass` then leaves the post where it would be without this check,
/// and a forged `fail` holds only the forger's own message.
///
/// Only `dmarc=fail` holds. `permerror` says the domain published a broken DMARC record and
/// `temperror` that its DNS did not answer: neither is evidence that From is forged, and holding on
/// them would hold every post from a domain whose administrator made a typo. `fail` holds
/// whatever the domain's policy (`p=none` too): the list asks whether From is the author's, not
/// what the domain wants done about it.
public struct ImpersonationCheck: Sendable, Hashable {
    /// Lower-cased.
    public let authservIDs: Set<String>

    /// The check `policy` asks for; nil when it asks for none (no authserv-id, or
    /// `hold_on_dmarc_fail: false`).
    public init?(policy: ModerationPolicy) {
        guard policy.holdsOnDMARCFail, !policy.authservIDs.isEmpty else { return nil }
        authservIDs = Set(policy.authservIDs.map { $0.lowercased() })
    }

    /// Why `message`, from `author` (normalised), is to be held, or nil when our MTA did not find
    /// its From domain failing DMARC.
    public func heldReason(for message: MailMessage, author: String) -> String? {
        guard let domain = AddressSyntax.split(author)?.domain.lowercased() else { return nil }
        for field in message.authenticationResults where authservIDs.contains(field.authservID) {
            let dmarc = field.results.filter { $0.method == "dmarc" }
            if dmarc.isEmpty { continue }
            // This is our MTA's verdict: nothing below it is read.
            let failed = dmarc.contains { $0.result == "fail" && Self.fromDomain(of: $0) == domain }
            guard failed else { return nil }
            return HeldReason.dmarcFailed(domain: domain, authservID: field.authservID, author: author)
        }
        return nil
    }

    /// The domain a DMARC result is about (`header.from`; OpenDMARC before 1.3 wrote `header.d`),
    /// lower-cased; some software writes a whole address there.
    static func fromDomain(of result: AuthenticationResults.MethodResult) -> String? {
        guard let value = result.properties["header.from"] ?? result.properties["header.d"] else { return nil }
        let domain = value.split(separator: "@").last.map(String.init) ?? value
        return domain.lowercased()
    }
}
