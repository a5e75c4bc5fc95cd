import Foundation
import PraxisMail

/// What an incoming message is (DESIGN.md §2.2), decided before anything else happens to it.
public enum MessageKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A post to the list from someone allowed to post: distributed.
    case post
    /// A post from a non-member, or from a member whose posts are moderated: held for a moderator.
    case held
    /// Mail to the request address: email commands.
    case command
    /// A bounce: mail to the VERP bounce address, or a delivery status notification.
    case bounce
    /// An auto-reply, or our own mail coming back: recorded, never distributed.
    case auto
}

/// Which of the community's addresses a message was delivered to.
public enum ListRecipient: Sendable, Hashable {
    /// The list address, with the tag of a `list+tag@` address if there was one.
    case list(tag: String?)
    case request
    case owner
    /// The bounce address, with the VERP-encoded member address if there was one.
    case bounce(member: String?)
}

/// The outcome of screening one message.
public struct Screening: Sendable, Hashable {
    public var kind: MessageKind
    /// Why, in words for the log and for `praxis status`.
    public var reason: String
    public var recipient: ListRecipient
    /// The author: the first From mailbox, normalised; nil when the message has none.
    public var author: String?
    /// The message carries a valid web-post proof (`X-Praxis-Web-Proof`, verified by the caller):
    /// a signed-in member wrote it on `/post`.
    public var isWebPost: Bool

    public init(kind: MessageKind, reason: String, recipient: ListRecipient, author: String?, isWebPost: Bool = false) {
        self.kind = kind
        self.reason = reason
        self.recipient = recipient
        self.author = author
        self.isWebPost = isWebPost
    }
}

/// How far the store knows the author.
public enum AuthorStanding: Sendable, Hashable {
    case member
    case moderatedMember
    case nonMember
}

/// Screens incoming messages for one community. Pure: the caller says who is a member.
public struct Screener: Sendable {
    public let community: Community
    /// Holds posts whose From domain failed DMARC at our MTA; nil checks nothing (a released post
    /// is screened again without it, since a moderator has looked at it).
    public let impersonation: ImpersonationCheck?
    /// The community's addresses split once, lower-cased: screening runs for every message.
    private let addresses: [(local: String, domain: String, role: Role)]
    /// The domains among them, each once.
    private let domains: [String]

    private enum Role {
        case list, request, owner, bounce
    }

    public init(community: Community, impersonation: ImpersonationCheck? = nil) {
        self.community = community
        self.impersonation = impersonation
        var addresses: [(local: String, domain: String, role: Role)] = []
        // Bounce first: with VERP, `list-bounces+x@` must not be read as the list with a tag.
        for (address, role) in [(community.bounceAddress, Role.bounce), (community.requestAddress, .request),
                                (community.ownerAddress, .owner), (community.listAddress, .list)] {
            if let (local, domain) = AddressSyntax.split(address.lowercased()) {
                addresses.append((String(local), String(domain), role))
            }
        }
        self.addresses = addresses
        var domains: [String] = []
        for address in addresses where !domains.contains(address.domain) { domains.append(address.domain) }
        self.domains = domains
    }

    public func screen(_ message: MailMessage, provenWebPost: Bool = false, standing: (String) -> AuthorStanding) -> Screening {
        screen(message, from: message.from, provenWebPost: provenWebPost, standing: standing)
    }

    /// `screen` for a caller that has parsed the From field already.
    ///
    /// `provenWebPost`: the caller verified the message's web-post proof (`WebPostSigner`). What
    /// that grants is exactly one thing: the proof stands in for the From authentication our MTA
    /// does for mail, so the DMARC check is not asked (a post written on the web never passed our
    /// MTA; any `Authentication-Results` in it is not our MTA's). Everything else applies as to
    /// mail: a moderated member's post is held, a loop is a loop, the recipient decides. A message
    /// whose proof did not verify is ordinary mail, screened as any other.
    public func screen(
        _ message: MailMessage, from: [MailAddress], provenWebPost: Bool = false, standing: (String) -> AuthorStanding
    ) -> Screening {
        var screening = screenAsMail(message, from: from, provenWebPost: provenWebPost, standing: standing)
        screening.isWebPost = provenWebPost
        return screening
    }

    private func screenAsMail(
        _ message: MailMessage, from: [MailAddress], provenWebPost: Bool, standing: (String) -> AuthorStanding
    ) -> Screening {
        let recipient = recipient(of: message)
        let author = from.first?.normalized
        if let loop = loopReason(message) {
            return Screening(kind: .auto, reason: loop, recipient: recipient, author: author)
        }
        if case .bounce = recipient {
            return Screening(kind: .bounce, reason: "sent to the bounce address", recipient: recipient, author: author)
        }
        if Self.isDeliveryReport(message, author: author) {
            return Screening(kind: .bounce, reason: "a delivery status notification", recipient: recipient, author: author)
        }
        if let auto = autoReplyReason(message) {
            return Screening(kind: .auto, reason: auto, recipient: recipient, author: author)
        }
        switch recipient {
        case .request:
            return Screening(kind: .command, reason: "sent to the request address", recipient: recipient, author: author)
        case .owner:
            // Mail for the owners is kept for them, never distributed.
            return Screening(kind: .held, reason: HeldReason.ownerAddress, recipient: recipient, author: author)
        case .bounce, .list:
            break
        }
        guard let author else {
            return Screening(kind: .held, reason: HeldReason.noFrom, recipient: recipient, author: nil)
        }
        // Before membership: a member's address is what an impersonator puts in From. Commands
        // are not held (nothing is distributed; changes wait for a token mailed to that address).
        if !provenWebPost, let impersonation, let reason = impersonation.heldReason(for: message, author: author) {
            return Screening(kind: .held, reason: reason, recipient: recipient, author: author)
        }
        switch standing(author) {
        case .member:
            let reason = provenWebPost ? "a post a signed-in member wrote on the web" : "a post from a member"
            return Screening(kind: .post, reason: reason, recipient: recipient, author: author)
        case .moderatedMember:
            return Screening(kind: .held, reason: HeldReason.moderated, recipient: recipient, author: author)
        case .nonMember:
            return Screening(kind: .held, reason: HeldReason.notMember, recipient: recipient, author: author)
        }
    }

    // MARK: Recipient

    /// The community address the message was delivered to. MTAs record the envelope recipient in
    /// Delivered-To (Postfix, Exim, qmail) or X-Original-To (Postfix); those are trusted before the
    /// To and Cc a sender wrote. A message addressed to none of ours (Bcc) counts as a list post.
    public func recipient(of message: MailMessage) -> ListRecipient {
        for field in ["delivered-to", "x-original-to"] {
            for value in message.headers(field) {
                if let recipient = match(Self.trimmingSpaceAndBrackets(value)) { return recipient }
            }
        }
        // Cc is parsed only when no To address is ours: a list copy names the list in To. And a
        // field whose raw text names none of our domains is not parsed at all: parsing an
        // address list was a tenth of ingest's work on list mail, whose Cc often runs to dozens
        // of addresses, none of them ours. (A domain is searched as written, so only the
        // obsolete syntax with white space between its labels could hide one.)
        if message.rawHeader("to", containsAnyOf: domains) {
            for address in message.to {
                if let recipient = match(address.address) { return recipient }
            }
        }
        if message.rawHeader("cc", containsAnyOf: domains) {
            for address in message.cc {
                if let recipient = match(address.address) { return recipient }
            }
        }
        return .list(tag: nil)
    }

    private func match(_ address: String) -> ListRecipient? {
        guard let at = address.utf8.lastIndex(of: UInt8(ascii: "@")) else { return nil }
        let domainPart = address.utf8[address.utf8.index(after: at)...]
        // Most addresses in To and Cc are not ours: compare domains before anything else.
        guard addresses.contains(where: { $0.domain.utf8.count == domainPart.count }) else { return nil }
        let domain = String(Substring(domainPart)).lowercased()
        let local = String(Substring(address.utf8[..<at])).lowercased()
        // The detail after "+" (recipient_delimiter) carries a sub-issue tag or a VERP address.
        let base: Substring
        let detail: String?
        if let plus = local.firstIndex(of: "+") {
            base = local[..<plus]
            detail = String(local[local.index(after: plus)...])
        } else {
            base = local[...]
            detail = nil
        }
        for ours in addresses where ours.domain == domain && ours.local == base {
            switch ours.role {
            case .bounce: return .bounce(member: detail.flatMap(Self.verpMember))
            case .request: return .request
            case .owner: return .owner
            case .list: return .list(tag: detail.flatMap { $0.isEmpty ? nil : $0 })
            }
        }
        return nil
    }

    /// `alice=example.org` → `alice@example.org` (the VERP encoding Praxis writes: the last "="
    /// stands for the "@", since local parts may contain "=" but domains may not).
    public static func verpMember(_ detail: String) -> String? {
        guard let equals = detail.lastIndex(of: "=") else { return nil }
        let local = detail[..<equals]
        let domain = detail[detail.index(after: equals)...]
        guard !local.isEmpty, !domain.isEmpty, domain.contains(".") else { return nil }
        return "\(local)@\(domain)"
    }

    /// The VERP bounce address for one member: `bounces+alice=example.org@lists.example.org`.
    public func verpAddress(for member: String) -> String {
        guard let (local, domain) = AddressSyntax.split(community.bounceAddress),
              let (memberLocal, memberDomain) = AddressSyntax.split(member)
        else { return community.bounceAddress }
        return "\(local)+\(memberLocal)=\(memberDomain)@\(domain)"
    }

    // MARK: Loops and automatic mail

    /// Our own mail coming back: it carries our X-Loop or our List-Id.
    private func loopReason(_ message: MailMessage) -> String? {
        let list = community.listAddress.lowercased()
        if message.headers("x-loop").contains(where: { Self.trimmingSpaceAndBrackets($0).lowercased() == list }) {
            return "it carries this list's X-Loop header: a mail loop"
        }
        if let listID = message.listID?.lowercased(), listID == Self.listID(forListAddress: list) {
            return "it carries this list's List-Id: our own distribution came back"
        }
        return nil
    }

    /// Auto-replies and bulk mail by their self-declaration (RFC 3834 and common practice).
    private func autoReplyReason(_ message: MailMessage) -> String? {
        if let auto = message.header("auto-submitted").map(Self.trimmingWhitespace)?.lowercased(),
           !auto.isEmpty, !auto.hasPrefix("no") {
            return "Auto-Submitted: \(auto)"
        }
        if let precedence = message.header("precedence").map(Self.trimmingWhitespace)?.lowercased(),
           precedence == "bulk" || precedence == "junk" || precedence == "auto_reply" {
            return "Precedence: \(precedence)"
        }
        for field in ["x-autoreply", "x-autorespond", "x-auto-response-suppress-"] where message.header(field) != nil {
            return "it carries \(field)"
        }
        return nil
    }

    /// A delivery status notification (RFC 3464) or a classic bounce from a mailer daemon.
    public static func isDeliveryReport(_ message: MailMessage) -> Bool {
        isDeliveryReport(message, author: message.from.first?.normalized)
    }

    static func isDeliveryReport(_ message: MailMessage, author: String?) -> Bool {
        if message.hasMediaType("multipart", "report"),
           message.contentTypeParameter("report-type")?.lowercased() == "delivery-status" {
            return true
        }
        guard let author, isMailerDaemon(author) else { return false }
        let returnPath = message.header("return-path").map(Self.trimmingWhitespace)
        return returnPath == nil || returnPath == "<>" || returnPath == ""
    }

    /// Whether the first part of `author` split at "@" is `mailer-daemon` or `postmaster`.
    private static func isMailerDaemon(_ author: String) -> Bool {
        // Every author is an ASCII address in practice: its bytes say the same as its Characters.
        guard author.utf8.allSatisfy({ $0 < 0x80 }) else {
            guard let local = author.split(separator: "@").first else { return false }
            return local == "mailer-daemon" || local == "postmaster"
        }
        let local = author.utf8.drop { $0 == UInt8(ascii: "@") }.prefix { $0 != UInt8(ascii: "@") }
        return local.elementsEqual("mailer-daemon".utf8) || local.elementsEqual("postmaster".utf8)
    }

    private static let spaceAndBrackets = CharacterSet(charactersIn: " \t<>")

    /// `text.trimmingCharacters(in: .whitespaces)`.
    static func trimmingWhitespace(_ text: String) -> String {
        trimming(text, .whitespaces) { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// `text.trimmingCharacters(in: spaceAndBrackets)`.
    static func trimmingSpaceAndBrackets(_ text: String) -> String {
        trimming(text, spaceAndBrackets) {
            $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
        }
    }

    /// `text.trimmingCharacters(in: set)`, where `isASCIIMember` says which ASCII bytes are in
    /// `set`. Screening trims several fields of every message, and Foundation's trimming cost more
    /// than all the rest of screening; header values end in ASCII, where bytes decide alone. When
    /// either end reaches a non-ASCII byte, Foundation decides.
    private static func trimming(_ text: String, _ set: CharacterSet, isASCIIMember: (UInt8) -> Bool) -> String {
        let utf8 = text.utf8
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, utf8[start] < 0x80, isASCIIMember(utf8[start]) { start = utf8.index(after: start) }
        while start < end {
            let last = utf8[utf8.index(before: end)]
            guard last < 0x80, isASCIIMember(last) else { break }
            end = utf8.index(before: end)
        }
        if start < end && (utf8[start] >= 0x80 || utf8[utf8.index(before: end)] >= 0x80) {
            return text.trimmingCharacters(in: set)
        }
        return String(Substring(utf8[start..<end]))
    }

    /// The List-Id (RFC 2919) derived from the list address: `mobility@lists.example.org` →
    /// `mobility.lists.example.org`.
    public static func listID(forListAddress address: String) -> String {
        address.lowercased().replacingOccurrences(of: "@", with: ".")
    }
}
