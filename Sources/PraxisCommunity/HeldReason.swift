/// Why a post was held, as stored (`held_messages.reason`, `praxis moderation list`): English
/// sentences that are a contract of the command line's JSON, and in the moderator's language
/// where a moderator reads them (the request, the summary, `/moderation`).
public enum HeldReason {
    public static let ownerAddress = "sent to the owner address"
    public static let noFrom = "the message has no usable From address"
    public static let moderated = "the author's posts are moderated"
    public static let notMember = "the author is not a member"

    /// The stored reason for mail that failed DMARC at our own MTA (`ImpersonationCheck`).
    public static func dmarcFailed(domain: String, authservID: String, author: String) -> String {
        "DMARC failed for the From domain \(domain) at \(authservID): the sender may be impersonating \(author)"
    }

    /// `stored` in `language`: each reason Praxis writes is worded by the catalog; anything else
    /// (a reason from an older version, or none Praxis knows) is shown as stored.
    public static func words(_ stored: String, in language: Language) -> String {
        switch stored {
        case ownerAddress: return language.text(.heldReasonOwner)
        case noFrom: return language.text(.heldReasonNoFrom)
        case moderated: return language.text(.heldReasonModerated)
        case notMember: return language.text(.heldReasonNotMember)
        default: break
        }
        if stored.hasPrefix(RetiredSubIssues.reasonPrefix) {
            let subIssue = stored.dropFirst(RetiredSubIssues.reasonPrefix.count).trimmingCharacters(in: ["“", "”"])
            return language.text(.heldReasonRetired, ["subIssue": subIssue])
        }
        if let dmarc = dmarcParts(of: stored) {
            return language.text(.heldReasonDMARC, ["domain": dmarc.domain, "authserv": dmarc.authservID, "author": dmarc.author])
        }
        return stored
    }

    /// The parts of a stored `dmarcFailed` reason, or nil when `stored` is not one.
    private static func dmarcParts(of stored: String) -> (domain: String, authservID: String, author: String)? {
        let head = "DMARC failed for the From domain "
        let middle = ": the sender may be impersonating "
        guard stored.hasPrefix(head), let split = stored.range(of: middle) else { return nil }
        let place = stored[stored.index(stored.startIndex, offsetBy: head.count)..<split.lowerBound]
        guard let at = place.range(of: " at ") else { return nil }
        return (String(place[..<at.lowerBound]), String(place[at.upperBound...]), String(stored[split.upperBound...]))
    }
}
