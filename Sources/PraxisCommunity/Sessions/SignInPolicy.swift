import Foundation

/// Signing in to the archive by a mailed link (issue 20, DESIGN.md §8): whether a link may be
/// mailed now, whether a followed link is still good, whether a session still is. Pure: the store
/// counts and reads, the web layer acts on the answers.
///
/// Lifetimes, after OWASP's session management cheat sheet for a low-risk reading site where
/// signing in again costs a mail: a link is good for 15 minutes and once; a session ends after
/// 7 days without a request (idle) and 30 days after it began (absolute), whatever its use.
public struct SignInPolicy: Sendable, Hashable {
    /// `web.sign_in.links_per_hour`: links mailed to one address in any hour.
    public var linksPerHour: Int
    /// `web.sign_in.links_per_client_per_hour`: links one client address may have mailed in any
    /// hour, to any addresses, so nobody can mail-bomb the membership through the form.
    public var linksPerClientPerHour: Int

    /// The hour both limits count over.
    public static let window: TimeInterval = 3600
    public static let linkLifetime: TimeInterval = 15 * 60
    public static let sessionIdleLifetime: TimeInterval = 7 * 86_400
    public static let sessionAbsoluteLifetime: TimeInterval = 30 * 86_400
    /// How old a session's last request may be before it is written again: a write per request
    /// would cost every page view a transaction, and the idle lifetime does not need the second.
    public static let touchInterval: TimeInterval = 5 * 60

    public init(linksPerHour: Int, linksPerClientPerHour: Int) {
        self.linksPerHour = max(0, linksPerHour)
        self.linksPerClientPerHour = max(0, linksPerClientPerHour)
    }

    /// What the store knows when someone asks for a link.
    public struct LinkRequest: Sendable, Hashable {
        /// Whether the address is an active member (not left, not disabled).
        public var isActiveMember: Bool
        /// Links mailed to the address in the hour before.
        public var linksToAddress: Int
        /// Links mailed on requests from the same client address in the hour before.
        public var linksFromClient: Int

        public init(isActiveMember: Bool, linksToAddress: Int, linksFromClient: Int) {
            self.isActiveMember = isActiveMember
            self.linksToAddress = linksToAddress
            self.linksFromClient = linksFromClient
        }
    }

    /// Why no link is mailed. Only the log learns it: the page answers the same in every case.
    public enum Refusal: String, Sendable, Hashable, CaseIterable {
        case notAMember = "not an active member"
        case addressLimit = "the address had its links for the hour"
        case clientLimit = "the client address had its links for the hour"
    }

    public enum LinkDecision: Sendable, Hashable {
        case mail
        case refuse(Refusal)
    }

    public func decide(_ request: LinkRequest) -> LinkDecision {
        guard request.isActiveMember else { return .refuse(.notAMember) }
        guard request.linksFromClient < linksPerClientPerHour else { return .refuse(.clientLimit) }
        guard request.linksToAddress < linksPerHour else { return .refuse(.addressLimit) }
        return .mail
    }

    /// A mailed link as the store holds it, with its member's state now.
    public struct IssuedLink: Sendable, Hashable {
        public var createdAt: Date
        public var usedAt: Date?
        public var isMemberActive: Bool

        public init(createdAt: Date, usedAt: Date?, isMemberActive: Bool) {
            self.createdAt = createdAt
            self.usedAt = usedAt
            self.isMemberActive = isMemberActive
        }
    }

    /// Whether a followed link still signs in. Every state but `good` is answered with the same
    /// page: the link does not say which of them it was.
    public enum LinkState: Sendable, Hashable {
        case good
        case unknown
        case used
        case expired
        case memberGone
    }

    public static func state(of link: IssuedLink?, at now: Date) -> LinkState {
        guard let link else { return .unknown }
        if link.usedAt != nil { return .used }
        // A link from the future (a clock set back) is as untrustworthy as an old one.
        guard now >= link.createdAt, now.timeIntervalSince(link.createdAt) < linkLifetime else { return .expired }
        return link.isMemberActive ? .good : .memberGone
    }

    /// A session as the store holds it, with its member's state now.
    public struct OpenSession: Sendable, Hashable {
        public var createdAt: Date
        public var lastSeenAt: Date
        public var isMemberActive: Bool

        public init(createdAt: Date, lastSeenAt: Date, isMemberActive: Bool) {
            self.createdAt = createdAt
            self.lastSeenAt = lastSeenAt
            self.isMemberActive = isMemberActive
        }
    }

    public enum SessionEnd: String, Sendable, Hashable {
        case memberGone = "the member left or was disabled"
        case idle = "no request for the idle lifetime"
        case tooOld = "the absolute lifetime passed"
    }

    public enum SessionState: Sendable, Hashable {
        /// Signed in; `touch`: write the time of this request, the last one written being old.
        case good(touch: Bool)
        case ended(SessionEnd)
    }

    public static func state(of session: OpenSession, at now: Date) -> SessionState {
        guard session.isMemberActive else { return .ended(.memberGone) }
        guard now >= session.createdAt, now.timeIntervalSince(session.createdAt) < sessionAbsoluteLifetime else {
            return .ended(.tooOld)
        }
        guard now.timeIntervalSince(session.lastSeenAt) < sessionIdleLifetime else { return .ended(.idle) }
        return .good(touch: now.timeIntervalSince(session.lastSeenAt) >= touchInterval)
    }

    /// The mail that carries a link, from the request address like every notice. It says how long
    /// the link lasts and what to do when the reader did not ask for it, in `language` (the
    /// member's).
    public static func linkNotice(to address: String, link: String, community: Community, language: Language = .standard) -> ListNotice {
        let name: KeyValuePairs<String, String> = ["community": community.name]
        let text = [
            language.text(.webLinkAsked, name), language.plural(.webLinkOpen, count: Int(linkLifetime / 60)), link,
            language.text(.webLinkOnce),
        ].joined(separator: "\n\n")
        return ListNotice(to: address, subject: language.text(.webSignInTo, name), text: text, language: language)
    }
}
