import Foundation
import PraxisMail

/// Immediate distribution (DESIGN.md §2.5), decided: who gets a post at once and the copy they
/// get. The store reads the candidates and the posts a copy's header names, and applies the action.
///
/// Who: active members whose delivery for the post's sub-issue is `immediate` (see
/// `DeliveryChoice.mode`; core counts as inner), not the author unless `list.deliver_to_author`,
/// and for a protected post only the core group (with the sub-issue's moderators) and the sub-issue's admitted members.
/// What: the original with the list's headers, subject prefix and footer (`MessageRewrite`), the
/// same bytes for every member; each copy's envelope sender is that member's VERP address, so a
/// bounce names the member.
public struct DistributionDecider: Sendable {
    public var community: Community
    public var list: ListSettings
    public var delivery: DeliveryDefaults
    /// `circles.core`: the core group of every sub-issue.
    public var core: [String]
    /// Every sub-issue (names, aliases, protected members).
    public var subIssues: [SubIssue]

    public init(
        community: Community, list: ListSettings = ListSettings(), delivery: DeliveryDefaults = DeliveryDefaults(),
        core: [String] = [], subIssues: [SubIssue] = []
    ) {
        self.community = community
        self.list = list
        self.delivery = delivery
        self.core = core
        self.subIssues = subIssues
    }

    /// Fields of the original a list copy must not carry: the list's own are written anew, the
    /// trace and envelope fields belong to our delivery not theirs, signatures over a header we
    /// change would only fail, and approval passwords or moderator directives are not for members.
    /// A web post's proof (`x-praxis-web-proof`) is for our ingest alone, valid or not.
    public static let removedFields: Set<String> = [
        "list-id", "list-post", "list-help", "list-unsubscribe", "list-unsubscribe-post", "list-subscribe",
        "list-owner", "list-archive", "archived-at", "precedence", "return-path", "delivered-to", "x-original-to",
        "dkim-signature", "domainkey-signature", "bcc", "errors-to", "approved", "approve", "x-approved",
        "x-praxis-sub-issue", "x-praxis-web-proof", "disposition-notification-to", "return-receipt-to", "x-confirm-reading-to",
    ]

    /// A member who may get the posts of a sub-issue at once, with what `DeliveryChoice.mode`
    /// decides on, as the store found them.
    public struct Candidate: Sendable, Hashable {
        /// Normalised.
        public var address: String
        /// Their own general preference; nil when they kept the default.
        public var preference: DeliveryMode?
        /// Their stored standing in the sub-issue, if any.
        public var standing: CircleStanding?
        public var override: DeliveryMode?
        public var follow: DeliveryChoice.Follow

        public init(
            address: String, preference: DeliveryMode?, standing: CircleStanding?, override: DeliveryMode?,
            follow: DeliveryChoice.Follow
        ) {
            self.address = address
            self.preference = preference
            self.standing = standing
            self.override = override
            self.follow = follow
        }
    }

    /// The configured core group; in the circles of a sub-issue, the core standing there joins it.
    public var coreGroup: CoreGroup { CoreGroup(configured: core, subIssues: subIssues) }

    /// Every candidate who gets a post of `subIssueID` at once, author or not, in the candidates' order.
    public func audience(subIssue subIssueID: String, isProtected: Bool, candidates: [Candidate]) -> [String] {
        let subIssue = subIssues.first { $0.id == subIssueID }
        let admitted = Set((subIssue?.members ?? []).map { MailAddress(address: $0).normalized })
        let closed = isProtected || (subIssue?.isProtected ?? false)
        let coreGroup = self.coreGroup
        return candidates.compactMap { candidate in
            let isCore = coreGroup.contains(candidate.address, hasCoreStanding: candidate.standing == .core, in: subIssueID)
            if closed && !isCore && !admitted.contains(candidate.address) { return nil }
            let circle: DeliveryChoice.Circle = isCore ? .core : (candidate.standing == .inner ? .inner : .outer)
            let mode = DeliveryChoice.mode(
                circle: circle, memberPreference: candidate.preference, override: candidate.override,
                follow: candidate.follow, defaults: delivery)
            return mode == .immediate ? candidate.address : nil
        }
    }

    /// `audience` without the author, unless the list sends authors their own posts and the author
    /// has not asked to be left out of them (`set own-posts off`, `authorDeclines`).
    public func recipients(of audience: [String], author: String?, authorDeclines: Bool = false) -> [String] {
        guard let author, !list.deliverToAuthor || authorDeclines else { return audience }
        return audience.filter { $0 != author }
    }

    /// Whether the store needs to ask if `author` declines their own posts: only when the list
    /// would otherwise send them one.
    public func asksWhetherAuthorDeclines(audience: [String], author: String?) -> Bool {
        guard let author, list.deliverToAuthor else { return false }
        return audience.contains(author)
    }

    /// The ids among those a copy's header names (`referenced`: the posts the store found for
    /// them, by Message-ID) that name protected posts its audience may not know of: every
    /// protected post for a public post's copy, those of other sub-issues for a protected one's.
    /// Recording makes a reply to a protected post protected, so this finds something only when
    /// the order of arrival or a reclassification got ahead of it; it is the last guard, on the
    /// very bytes that leave.
    public func hiddenMessageIDs(
        subIssue subIssueID: String, isProtected: Bool, referenced: [String: (subIssue: String, isProtected: Bool)]
    ) -> Set<String> {
        let protectedSubIssues = Set(subIssues.filter(\.isProtected).map(\.id))
        let closed = isProtected || protectedSubIssues.contains(subIssueID)
        var hidden = Set<String>()
        for (id, post) in referenced where post.isProtected || protectedSubIssues.contains(post.subIssue) {
            if !(closed && post.subIssue == subIssueID) { hidden.insert(id) }
        }
        return hidden
    }

    /// The copy every member gets, rendered once per post; `hidden` Message-IDs are kept out of
    /// its header (`MailMessage.rewritten(_:hiding:)`). `authorPolicy` is the DMARC policy the
    /// daemon found for the author's domain (nil: none known), read under `list.from_rewrite: dmarc`.
    public func listCopy(
        of message: MailMessage, subIssue subIssueID: String, authorPolicy: DMARCPolicy? = nil, hiding hidden: Set<String> = []
    ) -> [UInt8] {
        message.rewritten(rewrite(for: message, subIssue: subIssueID, authorPolicy: authorPolicy), hiding: hidden)
    }

    /// The domain whose DMARC policy a copy of `message` depends on, for the daemon to look up
    /// before the copy is made: the author's under `list.from_rewrite: dmarc`; nil otherwise, or
    /// when the From has no domain a lookup could be made for.
    public func authorPolicyDomain(of message: MailMessage) -> String? {
        guard list.fromRewrite == .dmarc, let address = message.from.first?.address,
              let domain = AddressSyntax.split(address)?.domain, !domain.isEmpty,
              domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }) else { return nil }
        return domain.lowercased()
    }

    /// The header lines only `address`'s copy has: their one-click unsubscribe link, made from
    /// `token`; none without `web.base_url`.
    public func unsubscribeHeader(token: String) -> [UInt8] {
        guard list.hasOneClickLinks, let archive = list.archive else { return [] }
        return OneClickUnsubscribe.headerLines(link: archive.absolute(archive.unsubscribe(token)), community: community)
    }

    /// What the list changes in `message` (DESIGN.md §2.5; RFC 2369, RFC 2919).
    public func rewrite(for message: MailMessage, subIssue subIssueID: String, authorPolicy: DMARCPolicy? = nil) -> MessageRewrite {
        let subIssue = subIssues.first { $0.id == subIssueID }
        let tag = list.tagInSubject && subIssueID != SubIssue.generalID ? subIssueID : nil
        let subject = ListSubject.rewritten(
            message.subject ?? "", prefix: list.prefix(for: community), tag: tag, aliases: subIssue?.aliases ?? [])
        var rewrite = MessageRewrite(removedFields: Self.removedFields, subject: subject)
        rewriteSenders(of: message, authorPolicy: authorPolicy, in: &rewrite)
        let listID = Screener.listID(forListAddress: community.listAddress)
        rewrite.addedFields = [
            ("List-Id", "\(community.name) <\(listID)>"),
            ("List-Post", "<mailto:\(community.listAddress)>"),
            ("List-Help", "<mailto:\(community.requestAddress)?subject=help>"),
            ("List-Subscribe", "<mailto:\(community.requestAddress)?subject=subscribe>"),
            ("List-Owner", "<mailto:\(community.ownerAddress)>"),
        ]
        // With one-click links, each member's own bytes carry the field (`unsubscribeHeader`).
        if !list.hasOneClickLinks { rewrite.addedFields += OneClickUnsubscribe.fields(link: nil, community: community) }
        // RFC 2369 and RFC 5064; the sender's own Archived-At was removed: it may name any page.
        let archive = list.archiveHome
        if let archive { rewrite.addedFields.append(("List-Archive", "<\(archive)>")) }
        // A URL cannot be folded: a field longer than a header line may be (998) is left out.
        if let page = list.archive?.messageURL(message.messageID), page.utf8.count <= 998 - "Archived-At: <>".utf8.count {
            rewrite.addedFields.append(("Archived-At", "<\(page)>"))
        }
        rewrite.addedFields += [("Precedence", "list"), ("X-Loop", community.listAddress)]
        // What members filter on: the sub-issue's id (the sender's own X-Praxis-Sub-Issue was
        // removed above) and its name as a keyword, which mail clients show as a tag.
        rewrite.addedFields += [
            ("X-Praxis-Sub-Issue", subIssueID),
            ("Keywords", MessageComposer.keyword(subIssue?.name ?? subIssueID)),
        ]
        if list.footer {
            let place = subIssue.map { " - \($0.name)" } ?? ""
            rewrite.footer = """
                \(community.name)\(place) - \(community.listAddress)
                You get posts like this one as they arrive. To get a digest instead, no mail,
                or to leave, write to \(community.requestAddress) with the subject "help".
                """ + (archive.map { "\nArchive: \($0)" } ?? "")
        }
        return rewrite
    }

    /// From, Sender and Reply-To of a copy, as `list.from_rewrite` and `list.reply_to` say;
    /// under `dmarc`, as `always` when `authorPolicy` asks for it, else as `never`.
    private func rewriteSenders(of message: MailMessage, authorPolicy: DMARCPolicy?, in rewrite: inout MessageRewrite) {
        let listMailbox = MailAddress(name: nil, address: community.listAddress)
        let author = message.from.first
        let rewritesFrom = switch list.fromRewrite {
        case .never: false
        case .always: true
        case .dmarc: authorPolicy?.asksForRewrite ?? false
        }
        guard rewritesFrom else {
            if list.replyTo == .list { rewrite.replyTo = [listMailbox] }
            return
        }
        let authorName = author.map { $0.name.flatMap { $0.isEmpty ? nil : $0 } ?? $0.address } ?? "A member"
        rewrite.from = MailAddress(name: "\(authorName) via \(community.name)", address: community.listAddress)
        // Sender named the author's agent; beside a From that is now the list it would mislead.
        rewrite.removedFields.insert("sender")
        switch list.replyTo {
        case .list: rewrite.replyTo = [listMailbox]
        case .author:
            let original = message.replyTo
            rewrite.replyTo = original.isEmpty ? (author.map { [$0] } ?? []) : original
        }
    }
}
