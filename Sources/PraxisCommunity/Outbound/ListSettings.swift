import Foundation

/// How the list's copies of a post look: the `list:` section of `praxis.yaml`.
public struct ListSettings: Sendable, Hashable {
    /// Who a reply reaches by default.
    public enum ReplyTo: String, Sendable, Hashable, CaseIterable {
        /// `Reply-To:` the list address, so a reply goes to everyone.
        case list
        /// The author's own Reply-To (or From) stands, so a reply goes to the author.
        case author
    }

    /// Whether the list writes its own address in `From:` (DMARC).
    public enum FromRewrite: String, Sendable, Hashable, CaseIterable {
        /// The author's From is kept: their domain's DMARC policy may make receivers reject the copy.
        case never
        /// `From: "Alice via Mobility CoP" <list address>`, with Alice in Reply-To, so copies pass
        /// DMARC whatever the author's domain publishes.
        case always
        /// As `always` when the author's domain publishes a DMARC policy of `quarantine` or
        /// `reject` (looked up before the copy is made), as `never` otherwise, as Mailman does.
        case dmarc
    }

    /// Put before the subject, e.g. `[Mobility]`. Default: nil, meaning `[local part of the list
    /// address]`; an empty string puts none.
    public var subjectPrefix: String?
    /// Whether the subject also carries the post's sub-issue, e.g. `[cycling]`; never for
    /// `general`, which every untagged post is in. Default true.
    public var tagInSubject: Bool
    /// Default `list`.
    public var replyTo: ReplyTo
    /// Default `dmarc`.
    public var fromRewrite: FromRewrite
    /// The nameserver `dmarc` asks (`address` or `address:port`); nil (the default) asks the
    /// first `nameserver` of `/etc/resolv.conf`. Read by the daemon, which does the lookup.
    public var dmarcResolver: String?
    /// Whether each copy ends with a short note on how to change one's delivery. Default true.
    public var footer: Bool
    /// The web archive, for `List-Archive`; nil (the default) writes none.
    public var archiveURL: String?
    /// Whether the author gets a copy of their own post. Default false.
    public var deliverToAuthor: Bool
    /// The archive's pages under `web.base_url` (not a `list:` key): when set, each copy carries
    /// `Archived-At` naming its post's page, and `List-Archive` names the archive's start page
    /// instead of `archiveURL`.
    public var archive: ArchiveLinks?

    /// What `List-Archive` and the footer name: the archive under `web.base_url`, else `archiveURL`.
    public var archiveHome: String? { archive?.homeURL ?? archiveURL }

    /// Whether each member's copy names their own one-click unsubscribe link (`web.base_url` is
    /// set): the shared copy then carries no `List-Unsubscribe`, each member's own bytes do.
    public var hasOneClickLinks: Bool { archive?.homeURL != nil }

    public init(
        subjectPrefix: String? = nil, tagInSubject: Bool = true, replyTo: ReplyTo = .list,
        fromRewrite: FromRewrite = .dmarc, footer: Bool = true, archiveURL: String? = nil,
        deliverToAuthor: Bool = false
    ) {
        self.subjectPrefix = subjectPrefix
        self.tagInSubject = tagInSubject
        self.replyTo = replyTo
        self.fromRewrite = fromRewrite
        self.footer = footer
        self.archiveURL = archiveURL
        self.deliverToAuthor = deliverToAuthor
    }

    /// The prefix actually written for `community`: the configured one, else `[local part]`.
    public func prefix(for community: Community) -> String {
        if let subjectPrefix { return subjectPrefix.trimmingCharacters(in: .whitespaces) }
        let local = AddressSyntax.split(community.listAddress).map { String($0.local) } ?? community.name
        return "[\(local)]"
    }
}

/// When mail to a member bounces often enough to stop sending it: the `bounces:` section.
///
/// The defaults are Mailman's: a hard bounce scores 1, a soft one 0.5, at most one bounce a day
/// counts, delivery stops at a score of 5, and a score with no bounce for 7 days starts over.
public struct BounceSettings: Sendable, Hashable {
    /// Delivery is disabled when the score reaches this. Default 5.0.
    public var threshold: Double
    /// Days without a bounce after which the score starts over. Default 7.
    public var resetDays: Int
    /// What a permanent failure (5.x.x, an SMTP 5xx) adds. Default 1.0.
    public var hardScore: Double
    /// What a temporary failure (4.x.x) adds. Default 0.5.
    public var softScore: Double
    /// Whether the member is told, at their address, that delivery stopped. Default true.
    public var notifyMember: Bool
    /// Whether the core group is told. Default true.
    public var notifyCore: Bool

    public init(
        threshold: Double = 5.0, resetDays: Int = 7, hardScore: Double = 1.0, softScore: Double = 0.5,
        notifyMember: Bool = true, notifyCore: Bool = true
    ) {
        self.threshold = threshold
        self.resetDays = resetDays
        self.hardScore = hardScore
        self.softScore = softScore
        self.notifyMember = notifyMember
        self.notifyCore = notifyCore
    }
}
