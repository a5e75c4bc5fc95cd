import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// Immediate distribution (DESIGN.md §2.5) in the store: an accepted post becomes one outbox row
/// per member who gets it at once, written in the transaction that records the post. Who and what
/// are `DistributionDecider`'s; this reads what it decides on (the post as stored, the members who
/// may get it, the posts its header names) and applies its action, the copy's bytes stored once
/// as a shared outbox body (`storeOutboxBody`).
public struct PostDistribution: RecordingFollowUp {
    public var decider: DistributionDecider
    /// The original bytes of a recorded message by its maildir file name (without flags), or nil
    /// when the file is gone: for a post whose body ingest let go (`readsMessageBody`) but that
    /// somebody gets at once after all.
    public var loadMessage: (@Sendable (String) -> [UInt8]?)?

    public init(
        community: Community, list: ListSettings = ListSettings(), delivery: DeliveryDefaults = DeliveryDefaults(),
        core: [String] = [], subIssues: [SubIssue] = [], loadMessage: (@Sendable (String) -> [UInt8]?)? = nil
    ) {
        decider = DistributionDecider(community: community, list: list, delivery: delivery, core: core, subIssues: subIssues)
        self.loadMessage = loadMessage
    }

    public func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
        // Nothing this follow-up writes changes who gets what, and the others run before or after
        // it on the whole batch, so each sub-issue's audience is read once per batch, not per post.
        var audiences = Audiences()
        for message in recorded where message.screening?.kind == .post {
            _ = try distribute(
                postID: message.postID, original: { originalOf(message) }, header: message.message,
                at: message.post.receivedAt, prepared: message.prepared.listCopy, authorPolicy: message.authorPolicy,
                audiences: &audiences, in: db)
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
        /// Each recipient's own header lines, made once per batch: a member gets many posts of one.
        var ownHeaders: [String: [UInt8]] = [:]
        /// What the tokens are made from, for every active member, and the signer: read at the
        /// batch's first copy when copies carry one-click links.
        var links: (signer: MemberLinkSigner, subjects: [String: MemberLinkSigner.Subject])?
    }

    /// A post's body is copied, when anyone gets its sub-issue at once; otherwise it is let go
    /// (a list whose members read digests keeps none of it in memory), and read from the file in
    /// the rare case someone gets it after all (`originalOf`).
    public func readsMessageBody(of incoming: IncomingMessage, context: FollowUpContext) -> Bool {
        guard incoming.screening?.kind == .post else { return false }
        guard let immediate = context.immediateSubIssues else { return true }
        return immediate.contains(incoming.post.classification.subIssue)
    }

    /// A post's list copy rewritten before the transaction, for the sub-issue it was classified
    /// under then; the store may still give it its thread's sub-issue, and then it is rewritten again.
    struct PreparedCopy: Sendable {
        var subIssue: String
        var bytes: [UInt8]
    }

    /// The sub-issues in which somebody gets posts at once, read when a batch is prepared: a copy
    /// is rewritten ahead only for those, so a community that reads digests pays nothing for it.
    public func readPreparationContext(into context: inout FollowUpContext, in db: Database) throws {
        var subIssues = Set<String>()
        for id in Set(decider.subIssues.map(\.id) + [SubIssue.generalID])
        where try !audience(subIssue: id, isProtected: false, in: db).isEmpty {
            subIssues.insert(id)
        }
        context.immediateSubIssues = subIssues
    }

    /// Rewrites the copy of a post on the ingest's parallel stage, off the database writer, when
    /// anyone gets posts of its sub-issue at once. If that changed since the batch's context was
    /// read, `followUp` rewrites it itself.
    public func prepare(_ incoming: IncomingMessage, context: FollowUpContext, into preparation: inout FollowUpPreparation) {
        guard incoming.screening?.kind == .post else { return }
        let subIssue = incoming.post.classification.subIssue
        if let immediate = context.immediateSubIssues, !immediate.contains(subIssue) { return }
        preparation.listCopy = PreparedCopy(
            subIssue: subIssue, bytes: listCopy(of: incoming.message, subIssue: subIssue, authorPolicy: incoming.authorPolicy))
    }

    /// Queues the copies of recorded post `postID`. The sub-issue, protection and author are read
    /// from the store, so a reclassification before a moderator's approval counts. Returns how
    /// many copies were queued.
    ///
    /// - Parameters:
    ///   - original: the message as delivered, asked for only when a copy is to be rewritten here
    ///     (none was prepared for the post's sub-issue, somebody gets it, or it names protected posts).
    ///   - header: the message, at least its header section.
    private func distribute(
        postID: Int64, original: () -> MailMessage, header: MailMessage, at time: Date, prepared: PreparedCopy?,
        authorPolicy: DMARCPolicy?, audiences: inout Audiences, in db: Database
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
        let audience = audiences.read[key] ?? []
        let declines = try decider.asksWhetherAuthorDeclines(audience: audience, author: author) && Self.declinesOwnPosts(author, in: db)
        let recipients = decider.recipients(of: audience, author: author, authorDeclines: declines)
        guard !recipients.isEmpty else { return 0 }
        let hidden = decider.hiddenMessageIDs(
            subIssue: subIssueID, isProtected: isProtected, referenced: try Self.referencedPosts(in: header, in: db))
        let copy = hidden.isEmpty
            ? prepared.flatMap { $0.subIssue == subIssueID ? $0.bytes : nil }
                ?? listCopy(of: original(), subIssue: subIssueID, authorPolicy: authorPolicy)
            : listCopy(of: original(), subIssue: subIssueID, authorPolicy: authorPolicy, hiding: hidden)
        try PraxisDatabase.apply(
            [.queueListCopy(postID: postID, copy: copy, recipients: try copyRecipients(recipients, audiences: &audiences, in: db), at: time)],
            community: decider.community, in: db)
        return recipients.count
    }

    /// Each recipient with the header lines only their copy has (their one-click unsubscribe
    /// link, when `web.base_url` is set). The members' token data is read once per batch, and each
    /// member's lines are made once per batch, so a batch pays a lookup per copy, not a query
    /// and an HMAC.
    private func copyRecipients(_ addresses: [String], audiences: inout Audiences, in db: Database) throws -> [ListCopyRecipient] {
        guard decider.list.hasOneClickLinks else { return addresses.map { ListCopyRecipient(address: $0) } }
        if audiences.links == nil, let signer = try PraxisDatabase.memberLinkSigner(in: db) {
            audiences.links = (signer, try PraxisDatabase.activeMemberLinkSubjects(in: db))
        }
        guard let (signer, subjects) = audiences.links else { return addresses.map { ListCopyRecipient(address: $0) } }
        return addresses.map { address in
            if let made = audiences.ownHeaders[address] { return ListCopyRecipient(address: address, ownHeader: made) }
            let header = subjects[address].map { decider.unsubscribeHeader(token: signer.unsubscribeToken($0)) } ?? []
            audiences.ownHeaders[address] = header
            return ListCopyRecipient(address: address, ownHeader: header)
        }
    }

    /// The recorded posts that `message`'s header names, by Message-ID, with their sub-issue and protection.
    private static func referencedPosts(
        in message: MailMessage, in db: Database
    ) throws -> [String: (subIssue: String, isProtected: Bool)] {
        let candidates = message.headerMessageIDs
        guard !candidates.isEmpty else { return [:] }
        let lookup = try db.cachedStatement(sql: "SELECT sub_issue, is_protected FROM posts WHERE message_id = ?")
        var found: [String: (subIssue: String, isProtected: Bool)] = [:]
        for id in candidates {
            guard let row = try Row.fetchOne(lookup, arguments: [id]) else { continue }
            found[id] = (row[0], row[1])
        }
        return found
    }

    /// The addresses that get a post of `subIssue` at once, in member order.
    public func immediateRecipients(
        subIssue subIssueID: String, isProtected: Bool, author: String?, in db: Database
    ) throws -> [String] {
        let audience = try audience(subIssue: subIssueID, isProtected: isProtected, in: db)
        let declines = try decider.asksWhetherAuthorDeclines(audience: audience, author: author)
            && Self.declinesOwnPosts(author ?? "", in: db)
        return decider.recipients(of: audience, author: author, authorDeclines: declines)
    }

    /// Whether the member at `address` asked not to get their own posts (`set own-posts off`).
    private static func declinesOwnPosts(_ address: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT own_posts = 0 FROM members WHERE address = ?"), arguments: [address]) ?? false
    }

    /// Every member who gets a post of `subIssue` at once, author or not, in member order.
    private func audience(subIssue subIssueID: String, isProtected: Bool, in db: Database) throws -> [String] {
        var candidates: [DistributionDecider.Candidate] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: audienceQuery(coreGroup: decider.coreGroup.configured)),
                                       arguments: [subIssueID, decider.delivery.outer == .immediate])
        while let row = try rows.next() {
            candidates.append(DistributionDecider.Candidate(
                address: row[1], preference: DeliveryMode(rawValue: row[2] as String),
                standing: (row[3] as String?).flatMap(CircleStanding.init(rawValue:)),
                override: (row[4] as String?).flatMap(DeliveryMode.init(rawValue:)),
                follow: (row[5] as String?).flatMap(DeliveryChoice.Follow.init(rawValue:)) ?? .default))
        }
        return decider.audience(subIssue: subIssueID, isProtected: isProtected, candidates: candidates)
    }

    /// The members who may get a post of sub-issue `?1` at once, in member order, with what
    /// `DeliveryChoice.mode` decides on; `?2` is whether the outer circle's default is immediate.
    ///
    /// Each branch starts from an index over the few who may: the sub-issue's inner circle and
    /// core group, the choices made for it, immediate delivery chosen for everything, the
    /// configured core group (`coreLiterals`), and everyone only when the outer circle's default
    /// is immediate. So a batch costs in proportion to the recipients, not to the community's
    /// size. The WHERE clause drops whom `DeliveryChoice.mode` surely excludes; the decider
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

    /// The copy every member gets (`DistributionDecider.listCopy`).
    public func listCopy(
        of message: MailMessage, subIssue subIssueID: String, authorPolicy: DMARCPolicy? = nil, hiding hidden: Set<String> = []
    ) -> [UInt8] {
        decider.listCopy(of: message, subIssue: subIssueID, authorPolicy: authorPolicy, hiding: hidden)
    }
}
