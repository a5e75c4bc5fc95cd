import Foundation
import PraxisMail

/// Signed-in members (issue 20): the viewer a session makes, and what of the protected spaces
/// that viewer reads.
extension ArchiveAccess {
    /// The viewer of a good session of the active member `address`. `hasCoreStanding`: the store
    /// gives the member the core standing in some sub-issue, read as `CoreGroup` says for the
    /// community. Admitted to the protected sub-issues whose `members` name the address, compared
    /// as `CoreGroup` compares addresses.
    public static func signedInViewer(
        address: String, hasCoreStanding: Bool, coreGroup: CoreGroup, subIssues: [SubIssue]
    ) -> ArchiveViewer {
        let normalized = MailAddress(address: address).normalized
        let isCore = coreGroup.contains(normalized, hasCoreStanding: hasCoreStanding)
        let admitted = subIssues.filter { subIssue in
            subIssue.isProtected && subIssue.members.contains { MailAddress(address: $0).normalized == normalized }
        }
        return .member(address: normalized, isCore: isCore, admittedTo: Set(admitted.map(\.id)))
    }

    /// The protected sub-issues whose posts `viewer` reads beside the open ones: those they are
    /// admitted to (the core group reads every one: `readsEveryProtectedPost`). Empty for anyone
    /// the audience does not let read at all.
    public func admittedSubIssues(_ viewer: ArchiveViewer) -> Set<String> {
        guard readsArchive(viewer), case .member(_, _, let admittedTo) = viewer else { return [] }
        return admittedTo
    }

    /// The client a request comes from, for the per-client sign-in limit: the peer, or, when the
    /// peer is a trusted proxy, the last address that proxy appended to `X-Forwarded-For` (the
    /// ones before it are the client's own claims). Nil when nothing usable is known, which
    /// then counts as one client of its own.
    public func clientAddress(peerAddress: String?, forwardedFor: [String]) -> String? {
        guard let peerAddress else { return nil }
        let peer = Self.normalisedIP(peerAddress)
        guard signOn.trustedProxies.contains(where: { Self.normalisedIP($0) == peer }) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let last = hops.last, !last.isEmpty, last.utf8.count <= 64,
              last.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || $0 == "." || $0 == ":" || $0 == "[" || $0 == "]" })
        else { return peer }
        return Self.normalisedIP(last)
    }
}
