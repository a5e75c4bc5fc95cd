import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import Synchronization

/// A post waiting for (or decided by) a moderator, as `praxis moderation list` shows it.
public struct HeldPost: Sendable, Hashable {
    public var held: HeldMessageRecord
    public var post: PostRecord?
}

/// The outcome of a moderator's decision.
public enum ModerationOutcome: Sendable, Hashable {
    /// Done; the sentence says what happened.
    case done(String)
    /// Nothing changed; the sentence says why.
    case refused(String)

    public var sentence: String {
        switch self {
        case .done(let sentence), .refused(let sentence): sentence
        }
    }
}

/// Posts held for a moderator (DESIGN.md §1, issue 5): holding them as they arrive, telling the
/// core group once per post, applying decisions by token or from the command line, and expiring
/// what nobody decided on.
///
/// Tokens are per moderator: each core-group member gets their own, stored in `confirmations`
/// (purpose `moderation`, address the moderator, payload the `held_messages` id). A token is valid
/// only in a command from the address it was mailed to, so a forged From cannot act as a
/// moderator without also having that moderator's mail. Once any moderator decides, every token
/// of that post is spent.
///
/// Flood protection: each moderator gets at most `policy.noticesPerHour` moderation mails in any
/// hour (`moderation_notices` counts them). A held post beyond a moderator's budget gets its held
/// row but no request and no token for that moderator: it waits for a summary
/// (`queueDueSummaries`), which draws the moderator's tokens for the posts it lists. A post waits
/// for every moderator who has no token of it, so a flood of 50,000 posts writes no token rows
/// until summaries list them, and a moderator who joins the core group hears of what waits.
public struct ModerationQueue: MailedModeration, RecordingFollowUp {
    public var community: Community
    /// `circles.core` of the configuration; members with a `core` standing join them.
    public var configuredCore: [String]
    /// The configured sub-issues: a held post of one is also put to its `moderators`.
    public var subIssues: [SubIssue]
    public var policy: ModerationPolicy
    /// What an approved post goes through, as if just received (distribution). Empty until
    /// distribution exists: approval then re-kinds the post and records who decided.
    public var releaseFollowUps: [any RecordingFollowUp]
    /// The original bytes of a recorded message by its maildir file name (without flags), or nil
    /// when the file is gone; the store does not keep message bytes. A held post is recorded
    /// without its text, so its text is read from here too: for a summary and on release.
    public var loadMessage: @Sendable (String) -> [UInt8]?
    /// The learned model's stage for a released post, given its message and trimmed text: a held
    /// post is recorded with the explicit and thread stages only, and one left at `general` by
    /// them gets the model's verdict when a moderator approves it (with whether that sub-issue is
    /// protected). Nil, or a nil result, leaves it `general`.
    public var modelStage: @Sendable (_ message: MailMessage, _ trimmedText: String) -> (PostClassification, isProtected: Bool)?
    /// The DMARC policy of a released post's author's domain (`list.from_rewrite: dmarc`), asked
    /// when a moderator approves it: ingest looks policies up for posts only, not for held mail
    /// (a flood of spam would mean a lookup per spammer's domain), so without this an approved
    /// post from a `p=reject` domain would go out with its author's From and be refused. Nil: no
    /// policy known, the From is kept.
    public var authorPolicy: @Sendable (_ message: MailMessage) -> DMARCPolicy?

    public init(
        community: Community, configuredCore: [String], subIssues: [SubIssue] = [], policy: ModerationPolicy = ModerationPolicy(),
        releaseFollowUps: [any RecordingFollowUp] = [], loadMessage: @escaping @Sendable (String) -> [UInt8]? = { _ in nil },
        modelStage: @escaping @Sendable (MailMessage, String) -> (PostClassification, isProtected: Bool)? = { _, _ in nil },
        authorPolicy: @escaping @Sendable (MailMessage) -> DMARCPolicy? = { _ in nil }
    ) {
        self.authorPolicy = authorPolicy
        self.community = community
        self.configuredCore = configuredCore
        self.subIssues = subIssues
        self.policy = policy
        self.releaseFollowUps = releaseFollowUps
        self.loadMessage = loadMessage
        self.modelStage = modelStage
    }

    /// What holding a post writes, as configured.
    var decider: HoldDecider { HoldDecider(community: community, expireDays: policy.expireDays) }

    /// Who decided, in `held_messages.decided_by`, when the operator used the command line.
    public static let operatorName = "operator (praxis moderation)"

    // MARK: Holding

    /// Holds every new post screened `held` that was sent to the list (`HoldDecider.holdReason`).
    public func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
        // Read once per batch, not per held post: only this loop changes them, and it keeps
        // the budget up to date itself.
        var read: CoreGroup?
        var budget: NoticeBudget?
        for message in recorded {
            guard let reason = HoldDecider.holdReason(message.screening) else { continue }
            let group = try read ?? moderatorGroup(in: db)
            read = group
            var remaining = try budget ?? NoticeBudget(
                moderators: Self.everyModerator(of: group), perHour: policy.noticesPerHour, at: message.post.receivedAt, in: db)
            _ = try hold(message, reason: reason, moderators: group.moderators(of: message.post.classification.subIssue),
                         budget: &remaining, in: db)
            budget = remaining
        }
    }

    /// Holding reads the post as recorded, never the message body: `prepare` composes the requests
    /// while the body is still there, and an approved post is read again from its file.
    public func readsMessageBody(of incoming: IncomingMessage, context: FollowUpContext) -> Bool { false }

    /// The core group and each moderator's budget, read once per ingest batch for `prepare`.
    public func readPreparationContext(into context: inout FollowUpContext, in db: Database) throws {
        let moderators = try coreGroup(in: db)
        let budget = try NoticeBudget(moderators: moderators, perHour: policy.noticesPerHour, at: Date(), in: db)
        let languages = try MemberRecord.ownLanguages(of: moderators, in: db)
        context.moderation = PreparationContext(moderators: moderators, languages: languages, budget: budget)
    }

    /// What `prepare` works with for one batch. The budget is the store's last commit as the batch
    /// began; batches not yet committed may still be spending it, so the transaction decides
    /// again, exactly, and at worst a budget's worth of requests per batch is composed in vain.
    final class PreparationContext: Sendable {
        let moderators: [String]
        /// The moderators' own languages, where they chose one.
        let languages: [String: Language]
        /// Requests still worth composing per moderator, taken by held posts as they are
        /// prepared, on any core: composing a request that will not be sent was a quarter of
        /// the ingest's time in a run of spam.
        private let remaining: Mutex<NoticeBudget>

        init(moderators: [String], languages: [String: Language], budget: NoticeBudget) {
            self.moderators = moderators
            self.languages = languages
            remaining = Mutex(budget)
        }

        /// Whether a request to `moderator` may be composed, spending one if so.
        func take(_ moderator: String) -> Bool {
            remaining.withLock { $0.take(moderator) }
        }
    }

    /// What holding a post needs besides the database, made before the transaction: a composed
    /// request, with its token, for each moderator whose budget allowed one as `prepare` saw it.
    struct PreparedHold: Sendable {
        var requests: [String: ModerationNotices.PreparedRequest]
    }

    /// Composes the requests of a post that will be held, with their tokens, while the budget
    /// lasts, on the ingest's parallel stage.
    public func prepare(_ incoming: IncomingMessage, context: FollowUpContext, into preparation: inout FollowUpPreparation) {
        guard let reason = HoldDecider.holdReason(incoming.screening), let context = context.moderation else { return }
        var toCompose: [(moderator: String, token: String)] = []
        for moderator in context.moderators where context.take(moderator) {
            toCompose.append((moderator, Self.makeToken()))
        }
        var byModerator: [String: ModerationNotices.PreparedRequest] = [:]
        if !toCompose.isEmpty {
            let heldAt = incoming.post.receivedAt
            let summary = decider.summary(
                author: incoming.post.author, subject: incoming.post.subject,
                text: NewText.trimmed(incoming.message.body.readerText), reason: reason, heldAt: heldAt)
            for request in ModerationNotices.preparedRequests(
                for: summary, tokens: toCompose, languages: context.languages, community: community, at: heldAt) {
                byModerator[request.moderator] = request
            }
        }
        preparation.hold = PreparedHold(requests: byModerator)
    }

    /// Holds one recorded post and queues one request per core-group member within their
    /// budget; nil when the post was already held (its moderators were told then).
    @discardableResult
    public func hold(_ message: RecordedMessage, reason: String, in db: Database) throws -> HeldMessageRecord? {
        let moderators = try moderatorGroup(in: db).moderators(of: message.post.classification.subIssue)
        var budget = try NoticeBudget(moderators: moderators, perHour: policy.noticesPerHour, at: message.post.receivedAt, in: db)
        return try hold(message, reason: reason, moderators: moderators, budget: &budget, in: db)
    }

    /// `hold` for the core group `moderators`, spending `budget`. Uses what `prepare` made where
    /// it still fits: a request `prepare` did not compose (its budget was stale, or the moderator
    /// joined the core group since) is composed here; a moderator who left gets nothing.
    private func hold(
        _ message: RecordedMessage, reason: String, moderators: [String], budget: inout NoticeBudget, in db: Database
    ) throws -> HeldMessageRecord? {
        // Direct statements, not GRDB's arguments and rows: this runs on the writer for every
        // held post, and in a flood of spam that is every message.
        let alreadyHeld = try DirectStatement(db, "SELECT 1 FROM held_messages WHERE post_id = ?")
        try alreadyHeld.bind(1, message.postID)
        defer { alreadyHeld.finish() }
        if try alreadyHeld.step() { return nil }
        let heldAt = message.post.receivedAt
        let fileName = message.post.fileName.map(MaildirName.unique)
        // Beyond a moderator's budget there is nothing to write: the post waits for their summary.
        let told = moderators.filter { budget.take($0) }
        var requests = message.prepared.hold?.requests ?? [:]
        let unprepared = told.filter { requests[$0] == nil }
        if !unprepared.isEmpty {
            // The body is no longer in memory here (`readsMessageBody`), but the file is.
            let summary = decider.summary(
                author: message.post.author, subject: message.post.subject, text: heldText(fileName: fileName),
                reason: reason, heldAt: heldAt)
            for request in ModerationNotices.preparedRequests(
                for: summary, tokens: unprepared.map { ($0, Self.makeToken()) },
                languages: try MemberRecord.ownLanguages(of: unprepared, in: db), community: community, at: heldAt) {
                requests[request.moderator] = request
            }
        }
        guard case .holdPost(let hold) = decider.hold(
            postID: message.postID, fileName: fileName, reason: reason, heldAt: heldAt,
            requests: told.compactMap { requests[$0] }) else { return nil }
        let heldID = try PraxisDatabase.hold(hold, community: community, in: db)
        return HeldMessageRecord(
            id: heldID, postID: message.postID, fileName: fileName, reason: reason, heldAt: heldAt, expiresAt: hold.expiresAt)
    }

    /// Stores `moderator`'s token for held post `heldID`, told to them at `time` (in a request or
    /// a summary).
    static func insertToken(
        _ token: String, of moderator: String, forHeld heldID: Int64, at time: Date, expiresAt: Date, in db: Database
    ) throws {
        let confirmation = try DirectStatement(db, """
            INSERT INTO confirmations (token, purpose, address, payload, created_at, expires_at, notified_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try confirmation.bind(1, token)
        try confirmation.bind(2, ConfirmationPurpose.moderation.rawValue)
        try confirmation.bind(3, moderator)
        try confirmation.bind(4, String(heldID))
        try confirmation.bind(5, time.timeIntervalSince1970)
        try confirmation.bind(6, expiresAt.timeIntervalSince1970)
        try confirmation.bind(7, time.timeIntervalSince1970)
        try confirmation.execute()
    }

    /// The core group: `circles.core` and every active member with a `core` standing in any
    /// sub-issue, normalised, sorted, each once.
    public func coreGroup(in db: Database) throws -> [String] {
        try moderatorGroup(in: db).addresses
    }

    /// The core group as read now, with the sub-issues' own moderators.
    func moderatorGroup(in db: Database) throws -> CoreGroup {
        CoreGroup(configured: configuredCore, stored: try PraxisDatabase.storedCoreMembers(in: db), subIssues: subIssues)
    }

    /// Everyone a held post may be put to, whatever its sub-issue: whose budget a batch reads.
    private static func everyModerator(of group: CoreGroup) -> [String] {
        Array(group.moderators.values.reduce(Set(group.addresses)) { $0.union($1) }).sorted()
    }

    // MARK: Deciding

    /// Applies a decision mailed to the request address (`approve TOKEN`, `reject TOKEN [reason]`):
    /// reads the token, the core group and the held post, has `HeldPostDecider` decide, and
    /// applies its verdict.
    public func decide(
        token: String, decision: ModerationDecision, by moderator: String, at time: Date, language: Language, in db: Database
    ) throws -> String {
        let moderator = MailAddress(address: moderator).normalized
        let stored = try HeldPostDecider.storedToken(token).flatMap { try Self.moderationToken($0, in: db) }
        let found = try stored?.heldID.flatMap { try Self.held($0, in: db) }
        let verdict = verdicts.speaking(language).decide(
            HeldPostDecider.MailedDecision(
                decision: decision, moderator: moderator, token: stored,
                moderatorIsCore: try decides(moderator, on: found?.record, in: db), held: found?.held),
            at: time)
        try carryOut(verdict, record: found?.record, at: time, in: db)
        return verdict.sentence
    }

    /// Whether `moderator` (normalised) decides on held row `record` now: a sub-issue's
    /// moderators decide on its held posts, beside the community-wide group.
    func decides(_ moderator: String, on record: HeldMessageRecord?, in db: Database) throws -> Bool {
        let subIssue = try record?.postID.flatMap {
            try String.fetchOne(db, sql: "SELECT sub_issue FROM posts WHERE id = ?", arguments: [$0])
        }
        return try moderatorGroup(in: db).moderators(of: subIssue).contains(moderator)
    }

    /// The moderation token `token` (in its stored form), if one was drawn.
    private static func moderationToken(_ token: String, in db: Database) throws -> HeldPostDecider.MailedToken? {
        try ConfirmationRecord
            .filter(Column("token") == token && Column("purpose") == ConfirmationPurpose.moderation.rawValue)
            .fetchOne(db)
            .map { HeldPostDecider.MailedToken(address: $0.address, heldID: $0.payload.flatMap(Int64.init)) }
    }

    /// What deciding on held posts comes to, as configured.
    var verdicts: HeldPostDecider { HeldPostDecider(community: community, expireDays: policy.expireDays) }

    /// Approves held post `heldID`: it becomes a post and is released as if just received.
    public func approve(heldID: Int64, by moderator: String, at time: Date, in db: Database) throws -> ModerationOutcome {
        let found = try Self.held(heldID, in: db)
        let verdict = found.map { verdicts.approve($0.held, by: moderator, at: time) } ?? HeldPostDecider.unknown(heldID)
        try carryOut(verdict, record: found?.record, at: time, in: db)
        return ModerationOutcome(verdict)
    }

    /// Rejects held post `heldID`; the sender is told, with `reason` when given.
    public func reject(heldID: Int64, reason: String?, by moderator: String, at time: Date, in db: Database) throws -> ModerationOutcome {
        let found = try Self.held(heldID, in: db)
        let verdict = found.map { verdicts.reject($0.held, reason: reason, by: moderator, at: time) } ?? HeldPostDecider.unknown(heldID)
        try carryOut(verdict, record: found?.record, at: time, in: db)
        return ModerationOutcome(verdict)
    }

    /// Applies `verdict` on held row `record` and, for an approval, releases its post.
    func carryOut(_ verdict: HeldPostDecider.Verdict, record: HeldMessageRecord?, at time: Date, in db: Database) throws {
        try PraxisDatabase.apply(verdict.actions, community: community, in: db)
        guard verdict.releases, let record else { return }
        try Self.release(
            record, at: time, followUps: releaseFollowUps, community: community,
            message: record.fileName.flatMap(loadMessage).map { MailMessage($0) }, modelStage: modelStage,
            authorPolicy: authorPolicy, in: db)
    }

    /// Held row `heldID` with what the decider needs of it and its post, or nil when there is none.
    static func held(_ heldID: Int64, in db: Database) throws -> (record: HeldMessageRecord, held: HeldPostDecider.Held)? {
        guard let record = try HeldMessageRecord.fetchOne(db, key: heldID) else { return nil }
        return (record, try deciding(record, in: db))
    }

    /// `record` as `HeldPostDecider` reads it, with its post when that is still recorded.
    private static func deciding(_ record: HeldMessageRecord, in db: Database) throws -> HeldPostDecider.Held {
        let post = try record.postID.flatMap { try PostRecord.fetchOne(db, key: $0) }
        // The notices to the author are in their language when they are a member who chose one.
        let language = try post.flatMap { try MemberRecord.ownLanguage(of: $0.authorAddress, in: db) }
        let status: HeldPostDecider.Status = switch record.state {
        case .held: .waiting
        case .approved: .decided(.approved, by: record.decidedBy)
        case .rejected: .decided(.rejected, by: record.decidedBy)
        case .expired: .expired
        }
        return HeldPostDecider.Held(
            id: record.id ?? 0, reason: record.reason, heldAt: record.heldAt, expiresAt: record.expiresAt, status: status,
            post: post.map {
                HeldPostDecider.Post(
                    authorName: $0.authorName, authorAddress: $0.authorAddress, subject: $0.subject, text: $0.trimmedText,
                    messageID: $0.messageID, authorLanguage: language)
            })
    }

    /// Releases an approved post (its decision already applied): it becomes kind `post`, its
    /// trimmed text is stored, a post the stages before the model left `general`
    /// gets `modelStage`'s verdict (and the replies that inherited from it follow), and
    /// `followUps` (distribution) see it as if it had just been received from a member. Without
    /// `message` (its file is gone) only the state and kind change.
    private static func release(
        _ held: HeldMessageRecord, at time: Date, followUps: [any RecordingFollowUp],
        community: Community, message: MailMessage?,
        modelStage: @Sendable (MailMessage, String) -> (PostClassification, isProtected: Bool)? = { _, _ in nil },
        authorPolicy: @Sendable (MailMessage) -> DMARCPolicy? = { _ in nil },
        in db: Database
    ) throws {
        guard let postID = held.postID else { return }
        try db.execute(sql: "UPDATE posts SET kind = 'post' WHERE id = ? AND kind = 'held'", arguments: [postID])
        guard let message else {
            // Its text is lost with its file; an empty row still puts its subject and author in
            // the search index, as for any post without text.
            try db.execute(sql: "INSERT OR IGNORE INTO post_texts (post_id, text) VALUES (?, '')", arguments: [postID])
            return
        }
        try recordReleasedText(of: message, postID: postID, modelStage: modelStage, at: time, in: db)
        guard !followUps.isEmpty, let post = try PostRecord.fetchOne(db, key: postID) else { return }
        let screening = Screener(community: community).screen(message) { _ in .member }
        let recorded = RecordedMessage(
            post: NewPost(
                message: message, receivedAt: time, trimmedText: post.trimmedText, fileName: post.fileName,
                contentHash: post.contentHash,
                classification: PostClassification(subIssue: post.subIssue, stage: post.classificationStage, confidence: post.confidence),
                kind: .post, isProtected: post.isProtected),
            postID: postID, threadID: post.threadID, message: message, screening: screening,
            authorPolicy: authorPolicy(message))
        for followUp in followUps {
            try followUp.followUp([recorded], in: db)
        }
    }

    /// What ingest left for a held post's release: its trimmed text, and the model stage when the
    /// explicit and thread stages found nothing. A post recorded before held posts were stored
    /// without their text keeps the text it has.
    private static func recordReleasedText(
        of message: MailMessage, postID: Int64,
        modelStage: @Sendable (MailMessage, String) -> (PostClassification, isProtected: Bool)?,
        at time: Date, in db: Database
    ) throws {
        let stored = try String.fetchOne(db, sql: "SELECT text FROM post_texts WHERE post_id = ?", arguments: [postID])
        let text: String
        if let stored, !stored.isEmpty {
            text = stored
        } else {
            text = NewText.trimmed(message.body.readerText)
            // An upsert rather than INSERT OR REPLACE: a replaced row would leave the search
            // index without its delete trigger (SQLite runs none for REPLACE).
            try db.execute(sql: """
                INSERT INTO post_texts (post_id, text) VALUES (?, ?)
                ON CONFLICT (post_id) DO UPDATE SET text = excluded.text
                """, arguments: [postID, text])
        }
        let stage = try String.fetchOne(db, sql: "SELECT classification_stage FROM posts WHERE id = ?", arguments: [postID])
        guard stage == ClassificationStage.general.rawValue, let (verdict, isProtected) = modelStage(message, text) else { return }
        if verdict.stage == .model {
            _ = try PraxisDatabase.reclassify(
                postID: postID, to: verdict.subIssue, stage: .model, confidence: verdict.confidence,
                at: time, isProtected: isProtected, in: db)
        } else {
            // Not confident enough: still `general`, with the confidence the model had.
            try db.execute(sql: "UPDATE posts SET confidence = ? WHERE id = ?", arguments: [verdict.confidence, postID])
        }
    }

    /// The trimmed text of a held post, read from its file (`fileName` without flags), or "" when
    /// the file is gone: held posts are recorded without their text.
    func heldText(fileName: String?) -> String {
        guard let fileName, let bytes = loadMessage(fileName) else { return "" }
        return NewText.trimmed(MailMessage(bytes).body.readerText)
    }

    // MARK: Expiry

    /// Expires every held post whose time is up at `time`, telling each sender; returns how many.
    @discardableResult
    public func expire(at time: Date, in db: Database) throws -> Int {
        let due = try HeldMessageRecord
            .filter(Column("state") == HeldState.held.rawValue && Column("expires_at") <= time.timeIntervalSince1970)
            .fetchAll(db)
        let held = try due.filter { $0.id != nil }.map { try Self.deciding($0, in: db) }
        try PraxisDatabase.apply(verdicts.expire(held, at: time), community: community, in: db)
        return due.count
    }

    // MARK: Listing

    /// Posts still waiting for a decision, oldest first (or every held post ever, with `all`).
    public static func heldPosts(all: Bool = false, in db: Database) throws -> [HeldPost] {
        let request = all ? HeldMessageRecord.all() : HeldMessageRecord.filter(Column("state") == HeldState.held.rawValue)
        return try request.order(Column("held_at"), Column("id")).fetchAll(db).map { held in
            HeldPost(held: held, post: try held.postID.flatMap { try PostRecord.fetchOne(db, key: $0) })
        }
    }

    // MARK: Pieces

    /// A token a moderator can copy from a line of mail (`HeldPostDecider.tokenAlphabet`), from the
    /// system's random source.
    public static func makeToken() -> String {
        MessageComposer.randomToken(length: HeldPostDecider.tokenLength, alphabet: HeldPostDecider.tokenAlphabet)
    }
}

extension ModerationOutcome {
    init(_ verdict: HeldPostDecider.Verdict) {
        self = verdict.isDone ? .done(verdict.sentence) : .refused(verdict.sentence)
    }
}
