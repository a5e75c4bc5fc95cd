import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// Immediate distribution (DESIGN.md §2.5): an accepted post becomes one outbox row per member
/// who wants it at once, written in the transaction that records the post.
///
/// Who: active members whose delivery for the post's sub-issue is `immediate` (see
/// `DeliveryChoice.mode`; core counts as inner), not the author unless `list.deliver_to_author`,
/// and for a protected post only the core group and the sub-issue's admitted members.
/// What: the original with the list's headers, subject prefix and footer (`MessageRewrite`), the
/// same bytes for every member, stored once as a shared outbox body (`storeOutboxBody`); each
/// row's envelope sender is that member's VERP address, so a bounce names the member.
public struct PostDistribution: RecordingFollowUp {
    public var community: Community
    public var list: ListSettings
    public var delivery: DeliveryDefaults
    /// `circles.core`: the core group of every sub-issue.
    public var core: [String]
    /// Every sub-issue (names, aliases, protected members).
    public var subIssues: [SubIssue]
    /// The original bytes of a recorded message by its maildir file name (without flags), or nil
    /// when the file is gone: for a post whose body ingest let go (`readsMessageBody`) but that
    /// somebody gets at once after all.
    public var loadMessage: (@Sendable (String) -> [UInt8]?)?

    public init(
        community: Community, list: ListSettings = ListSettings(), delivery: DeliveryDefaults = DeliveryDefaults(),
        core: [String] = [], subIssues: [SubIssue] = [], loadMessage: (@Sendable (String) -> [UInt8]?)? = nil
    ) {
        self.community = community
        self.list = list
        self.delivery = delivery
        self.core = core
        self.subIssues = subIssues
        self.loadMessage = loadMessage
    }

    /// Fields of the original a list copy must not carry: the list's own are written anew, the
    /// trace and envelope fields belong to our delivery not theirs, signatures over a header we
    /// change would only fail, and approval passwords or moderator directives are not for members.
    public static let removedFields: Set<String> = [
        "list-id", "list-post", "list-help", "list-unsubscribe", "list-unsubscribe-post", "list-subscribe",
        "list-owner", "list-archive", "precedence", "return-path", "delivered-to", "x-original-to",
        "dkim-signature", "domainkey-signature", "bcc", "errors-to", "approved", "approve", "x-approved",
        "x-praxis-sub-issue", "disposition-notification-to", "return-receipt-to", "x-confirm-reading-to",
    ]

    public func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
        // Nothing this follow-up writes changes who gets what, and the others run before or after
        // it on the whole batch, so each sub-issue's audience is read once per batch, not per post.
        var audiences = Audiences()
        for message in recorded where message.screening?.kind == .post {
            try distribute(
                postID: message.postID, original: { originalOf(message) }, header: message.message,
                at: message.post.receivedAt, prepared: message.prepared as? PreparedCopy, audiences: &audiences, in: db)
        }
    }

    /// The message as delivered: as ingest kept it, or read from its file when ingest kept only
    /// its header section (`readsMessageBody`). Asked for only when a copy is to be rewritten.
    private func originalOf(_ recorded: RecordedMessage) -> MailMessage {
        guard recorded.message.bodyBytes.isEmpty, let fileName = recorded.post.fileName, let loadMessage,
              let bytes = loadMessage(MaildirName.unique(fileName)) else { return recorded.message }
        return MailMessage(bytes)
    }

    /// Who gets the posts of a sub-issue at once, author included, by sub-issue and protection.
    private struct Audiences {
        struct Key: Hashable {
            var subIssue: String
            var isProtected: Bool
        }
        var read: [Key: [String]] = [:]
    }

    /// A post's body is copied, when anyone gets its sub-issue at once; otherwise it is let go
    /// (a list whose members read digests keeps none of it in memory), and read from the file in
    /// the rare case someone gets it after all (`originalOf`).
    public func readsMessageBody(of incoming: IncomingMessage, context: (any Sendable)?) -> Bool {
        guard incoming.screening?.kind == .post else { return false }
        guard let audience = context as? ImmediateAudience else { return true }
        return audience.subIssues.contains(incoming.post.classification.subIssue)
    }

    /// A post's list copy rewritten before the transaction, for the sub-issue it was classified
    /// under then; the store may still give it its thread's sub-issue, and then it is rewritten again.
    struct PreparedCopy: Sendable {
        var subIssue: String
        var bytes: [UInt8]
    }

    /// The sub-issues in which somebody gets posts at once, read when a batch is prepared: a copy
    /// is rewritten ahead only for those, so a community that reads digests pays nothing for it.
    struct ImmediateAudience: Sendable {
        var subIssues: Set<String>
    }

    public func preparationContext(in db: Database) throws -> (any Sendable)? {
        var subIssues = Set<String>()
        for id in Set(self.subIssues.map(\.id) + [SubIssue.generalID])
        where try !audience(subIssue: id, isProtected: false, in: db).isEmpty {
            subIssues.insert(id)
        }
        return ImmediateAudience(subIssues: subIssues)
    }

    /// Rewrites the copy of a post on the ingest's parallel stage, off the database writer, when
    /// anyone gets posts of its sub-issue at once. If that changed since the batch's context was
    /// read, `followUp` rewrites it itself.
    public func prepare(_ incoming: IncomingMessage, context: (any Sendable)?) -> (any Sendable)? {
        guard incoming.screening?.kind == .post else { return nil }
        let subIssue = incoming.post.classification.subIssue
        if let audience = context as? ImmediateAudience, !audience.subIssues.contains(subIssue) { return nil }
        return PreparedCopy(subIssue: subIssue, bytes: listCopy(of: incoming.message, subIssue: subIssue))
    }

    /// Queues the copies of a recorded post, as if it had just been received: for a held post a
    /// moderator approved. The sub-issue, protection and author are read from the store, so a
    /// reclassification before approval counts. Returns how many copies were queued.
    @discardableResult
    public static func distribute(
        postID: Int64, message: MailMessage, using distribution: PostDistribution, at time: Date = Date(),
        in db: Database
    ) throws -> Int {
        try distribution.distribute(postID: postID, message: message, at: time, in: db)
    }

    /// `distribute(postID:message:using:at:in:)` with this configuration.
    @discardableResult
    public func distribute(postID: Int64, message: MailMessage, at time: Date, in db: Database) throws -> Int {
        var audiences = Audiences()
        return try distribute(
            postID: postID, original: { message }, header: message, at: time, prepared: nil, audiences: &audiences, in: db)
    }

    /// - Parameters:
    ///   - original: the message as delivered, asked for only when a copy is to be rewritten here
    ///     (none was prepared for the post's sub-issue, somebody gets it, or it names protected posts).
    ///   - header: the message, at least its header section.
    private func distribute(
        postID: Int64, original: () -> MailMessage, header: MailMessage, at time: Date, prepared: PreparedCopy?,
        audiences: inout Audiences, in db: Database
    ) throws -> Int {
        guard let post = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT sub_issue, is_protected, author_address FROM posts WHERE id = ?
            """), arguments: [postID]) else { return 0 }
        let subIssueID: String = post["sub_issue"]
        let isProtected: Bool = post["is_protected"]
        let author = MailAddress(address: post["author_address"] ?? "").normalized
        let key = Audiences.Key(subIssue: subIssueID, isProtected: isProtected)
        if audiences.read[key] == nil {
            audiences.read[key] = try audience(subIssue: subIssueID, isProtected: isProtected, in: db)
        }
        let recipients = excludingAuthor(author, from: audiences.read[key] ?? [])
        guard !recipients.isEmpty else { return 0 }
        let hidden = try hiddenMessageIDs(in: header, subIssue: subIssueID, isProtected: isProtected, in: db)
        let copy = hidden.isEmpty
            ? prepared.flatMap { $0.subIssue == subIssueID ? $0.bytes : nil } ?? listCopy(of: original(), subIssue: subIssueID)
            : listCopy(of: original(), subIssue: subIssueID, hiding: hidden)
        let screener = Screener(community: community)
        // Every member gets the same bytes: stored once, each row pointing at them.
        let body = try PraxisDatabase.storeOutboxBody(copy, in: db)
        for address in recipients {
            _ = try PraxisDatabase.enqueueOutbox(
                kind: .post, recipients: [address], envelopeSender: screener.verpAddress(for: address),
                message: [], sharedBody: body, postID: postID, at: time, in: db)
        }
        return recipients.count
    }

    /// The addresses that get a post of `subIssue` at once, in member order.
    public func immediateRecipients(
        subIssue subIssueID: String, isProtected: Bool, author: String?, in db: Database
    ) throws -> [String] {
        excludingAuthor(author, from: try audience(subIssue: subIssueID, isProtected: isProtected, in: db))
    }

    /// `audience` without the author, unless the list sends authors their own posts.
    private func excludingAuthor(_ author: String?, from audience: [String]) -> [String] {
        guard let author, !list.deliverToAuthor else { return audience }
        return audience.filter { $0 != author }
    }

    /// Every member who gets a post of `subIssue` at once, author or not, in member order.
    private func audience(subIssue subIssueID: String, isProtected: Bool, in db: Database) throws -> [String] {
        let subIssue = subIssues.first { $0.id == subIssueID }
        let admitted = Set((subIssue?.members ?? []).map { MailAddress(address: $0).normalized })
        let closed = isProtected || (subIssue?.isProtected ?? false)
        var recipients: [String] = []
        let coreGroup = Set(core.map { MailAddress(address: $0).normalized })
        let rows = try Row.fetchCursor(db.cachedStatement(sql: audienceQuery(coreGroup: coreGroup)),
                                       arguments: [subIssueID, delivery.outer == .immediate])
        while let row = try rows.next() {
            let address: String = row[1]
            let standing: String? = row[3]
            let isCore = coreGroup.contains(address) || standing == "core"
            if closed && !isCore && !admitted.contains(address) { continue }
            let circle: DeliveryChoice.Circle = isCore ? .core : (standing == "inner" ? .inner : .outer)
            let preference: String = row[2]
            let mode = DeliveryChoice.mode(
                circle: circle,
                memberPreference: DeliveryMode(rawValue: preference),
                override: (row[4] as String?).flatMap(DeliveryMode.init(rawValue:)),
                follow: (row[5] as String?).flatMap(DeliveryChoice.Follow.init(rawValue:)) ?? .default,
                defaults: delivery)
            if mode == .immediate { recipients.append(address) }
        }
        return recipients
    }

    /// The members who may get a post of sub-issue `?1` at once, in member order, with what
    /// `DeliveryChoice.mode` decides on; `?2` is whether the outer circle's default is immediate.
    ///
    /// Each branch starts from an index over the few who may: the sub-issue's inner circle and
    /// core group, the choices made for it, immediate delivery chosen for everything, the
    /// configured core group (`coreLiterals`), and everyone only when the outer circle's default
    /// is immediate. So a batch costs in proportion to the recipients, not to the community's
    /// size. The WHERE clause drops whom `DeliveryChoice.mode` surely excludes; `audience`
    /// decides for the others.
    private func audienceQuery(coreGroup: Set<String>) -> String {
        let columns = "SELECT m.id, m.address, m.delivery, s.standing, s.delivery_override, s.follow"
        let fromChoices = "FROM member_sub_issue s JOIN members m ON m.id = s.member_id WHERE s.sub_issue = ?1 AND"
        let fromMembers = "FROM members m LEFT JOIN member_sub_issue s ON s.member_id = m.id AND s.sub_issue = ?1 WHERE"
        let mayReceive = """
            m.status = 'active' AND coalesce(s.follow, 'default') <> 'mutes'
              AND (s.delivery_override = 'immediate' OR (s.delivery_override IS NULL
                   AND (s.follow = 'follows' OR m.delivery IN ('immediate','default'))))
            """
        return """
            \(columns) \(fromChoices) s.standing IN ('inner','core') AND \(mayReceive)
            UNION \(columns) \(fromChoices) (s.delivery_override IS NOT NULL OR s.follow <> 'default') AND \(mayReceive)
            UNION \(columns) \(fromMembers) m.delivery = 'immediate' AND \(mayReceive)
            UNION \(columns) \(fromMembers) m.address IN (\(coreLiterals(coreGroup))) AND \(mayReceive)
            UNION \(columns) \(fromMembers) ?2 AND \(mayReceive)
            ORDER BY 1
            """
    }

    /// The configured core group as SQL string literals, quotes doubled, for `IN (…)`: fixed for
    /// the configuration, so statements that hold it are cached like any other.
    private func coreLiterals(_ coreGroup: Set<String>) -> String {
        coreGroup.sorted().map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",")
    }

    /// The copy every member gets, rendered once per post; `hidden` Message-IDs are kept out of
    /// its header (`MailMessage.rewritten(_:hiding:)`).
    public func listCopy(of message: MailMessage, subIssue subIssueID: String, hiding hidden: Set<String> = []) -> [UInt8] {
        message.rewritten(rewrite(for: message, subIssue: subIssueID), hiding: hidden)
    }

    /// The ids in `message`'s header that name protected posts its audience may not know of:
    /// every protected post for a public post's copy, those of other sub-issues for a protected
    /// one's. Recording makes a reply to a protected post protected, so this finds something only
    /// when the order of arrival or a reclassification got ahead of it; it is the last guard, on
    /// the very bytes that leave.
    func hiddenMessageIDs(in message: MailMessage, subIssue subIssueID: String, isProtected: Bool, in db: Database) throws -> Set<String> {
        let candidates = message.headerMessageIDs
        guard !candidates.isEmpty else { return [] }
        let protectedSubIssues = Set(subIssues.filter(\.isProtected).map(\.id))
        let closed = isProtected || protectedSubIssues.contains(subIssueID)
        let lookup = try db.cachedStatement(sql: "SELECT sub_issue, is_protected FROM posts WHERE message_id = ?")
        var hidden = Set<String>()
        for id in candidates {
            guard let row = try Row.fetchOne(lookup, arguments: [id]) else { continue }
            let referenced: String = row[0]
            let referencedIsProtected: Bool = row[1]
            guard referencedIsProtected || protectedSubIssues.contains(referenced) else { continue }
            if !(closed && referenced == subIssueID) { hidden.insert(id) }
        }
        return hidden
    }

    /// What the list changes in `message` (DESIGN.md §2.5; RFC 2369, RFC 2919).
    public func rewrite(for message: MailMessage, subIssue subIssueID: String) -> MessageRewrite {
        let subIssue = subIssues.first { $0.id == subIssueID }
        let tag = list.tagInSubject && subIssueID != SubIssue.generalID ? subIssueID : nil
        let subject = ListSubject.rewritten(
            message.subject ?? "", prefix: list.prefix(for: community), tag: tag, aliases: subIssue?.aliases ?? [])
        let listMailbox = MailAddress(name: nil, address: community.listAddress)
        let author = message.from.first
        var rewrite = MessageRewrite(removedFields: Self.removedFields, subject: subject)
        switch list.fromRewrite {
        case .never:
            if list.replyTo == .list { rewrite.replyTo = [listMailbox] }
        case .always:
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
        let listID = Screener.listID(forListAddress: community.listAddress)
        rewrite.addedFields = [
            ("List-Id", "\(community.name) <\(listID)>"),
            ("List-Post", "<mailto:\(community.listAddress)>"),
            ("List-Help", "<mailto:\(community.requestAddress)?subject=help>"),
            ("List-Subscribe", "<mailto:\(community.requestAddress)?subject=subscribe>"),
            ("List-Unsubscribe", "<mailto:\(community.requestAddress)?subject=unsubscribe>"),
            ("List-Owner", "<mailto:\(community.ownerAddress)>"),
        ]
        if let archive = list.archiveURL { rewrite.addedFields.append(("List-Archive", "<\(archive)>")) }
        rewrite.addedFields += [("Precedence", "list"), ("X-Loop", community.listAddress)]
        if list.footer {
            let place = subIssue.map { " - \($0.name)" } ?? ""
            rewrite.footer = """
                \(community.name)\(place) - \(community.listAddress)
                You get posts like this one as they arrive. To get a digest instead, no mail,
                or to leave, write to \(community.requestAddress) with the subject "help".
                """ + (list.archiveURL.map { "\nArchive: \($0)" } ?? "")
        }
        return rewrite
    }
}
