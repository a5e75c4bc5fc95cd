import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// Carries out the email commands sent to the request address and answers each such message
/// exactly once, inside the transaction that records it (so the reply exists if and only if the
/// command message is recorded).
///
/// From can be forged, so nothing here trusts it beyond "the reply goes there":
/// - the reply goes to the From address only, never to Reply-To, so a forger learns nothing;
/// - every change of membership or settings waits for a token mailed to that address, and a token
///   works only when it comes back from the address it was sent to;
/// - no command names another address;
/// - protected sub-issues are named only to the members admitted to them;
/// - moderator commands are handed to `MailedModeration`, whose `HeldPostDecider` checks their tokens;
/// - one address gets at most `repliesPerHour` replies in any hour: the messages beyond are
///   recorded (`command_replies`) but neither carried out nor answered, and draw no token, so a
///   flood of forged commands cannot make us mail its victim more than that.
public struct EmailCommandProcessor: RecordingFollowUp {
    /// What the commands come to, wherever the store need not look: `EmailCommandDecider`.
    public let decider: EmailCommandDecider
    /// Applies `approve`/`reject`; nil when moderation by email is not set up.
    public let moderation: (any MailedModeration)?

    public var community: Community { decider.community }


    public init(
        community: Community, subIssues: [SubIssue], coreGroup: [String], delivery: DeliveryDefaults = DeliveryDefaults(),
        moderation: (any MailedModeration)?, confirmationDays: Int = 7, repliesPerHour: Int = 10
    ) {
        decider = EmailCommandDecider(
            community: community, subIssues: subIssues, coreGroup: coreGroup, delivery: delivery,
            confirmationDays: confirmationDays, repliesPerHour: repliesPerHour)
        self.moderation = moderation
    }

    private init(decider: EmailCommandDecider, moderation: (any MailedModeration)?) {
        self.decider = decider
        self.moderation = moderation
    }

    public func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
        let limit = CommandReplyLimit(repliesPerHour: decider.repliesPerHour)
        for message in recorded {
            guard let author = answerableAuthor(of: message) else { continue }
            let now = message.post.receivedAt
            let reply: ListNotice?
            switch limit.verdict(after: try Self.repliesInTheHour(to: author, before: now, in: db)) {
            case .unanswered:
                // Not carried out either: a command's only result the sender would learn of is
                // the reply, and a silent change (or a token never mailed) helps nobody.
                reply = nil
            case .answer(let lastUntil):
                guard let answer = try self.reply(to: message, lastUntil: lastUntil, in: db) else { continue }
                reply = answer
            }
            try PraxisDatabase.apply(
                CommandReplyLimit.actions(postID: message.postID, from: author, at: now, reply: reply),
                community: community, in: db)
        }
    }

    /// What `address` got in the hour before `time`.
    private static func repliesInTheHour(to address: String, before time: Date, in db: Database) throws -> CommandReplyLimit.Hour {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT count(*), min(received_at) FROM command_replies
            WHERE address = ? AND answered = 1 AND received_at > ?
            """), arguments: [address, time.timeIntervalSince1970 - CommandReplyLimit.window])
        let oldest: Double? = row?[1]
        return CommandReplyLimit.Hour(
            answered: row?[0] ?? 0,
            renewsAt: Date(timeIntervalSince1970: (oldest ?? time.timeIntervalSince1970) + CommandReplyLimit.window))
    }

    /// The address a recorded message's reply would go to; nil for what is never answered
    /// (history, anything that is not a command message, no usable From, ourselves).
    private func answerableAuthor(of recorded: RecordedMessage) -> String? {
        guard let screening = recorded.screening, screening.kind == .command, let author = screening.author,
              MailAddress(address: author).isComposable, !community.isOwnAddress(author)
        else { return nil }
        return author
    }

    /// Only command messages are read (commands are in their subject and new text).
    public func readsMessageBody(of incoming: IncomingMessage, context: FollowUpContext) -> Bool {
        incoming.screening?.kind == .command
    }

    /// Carries out the commands of one message and returns the one reply to it; nil for what is
    /// never answered (history, anything that is not a command message, no usable From, ourselves).
    /// With `lastUntil`, the reply says it is the last one to this address until then.
    public func reply(to recorded: RecordedMessage, lastUntil: Date? = nil, in db: Database) throws -> ListNotice? {
        guard let author = answerableAuthor(of: recorded) else { return nil }
        // In the sender's language when they have a row (a former member keeps theirs), else the
        // community's. A `set language` in this very message applies from its confirmation on.
        return try speaking(to: author, in: db).reply(to: recorded, from: author, lastUntil: lastUntil, in: db)
    }

    /// This processor answering in the language of `address`: the member's own when they have a
    /// row (a former member keeps theirs), else the community's.
    func speaking(to address: String, in db: Database) throws -> EmailCommandProcessor {
        let language = try MemberRecord.withAddress(address).fetchOne(db)?.language(in: community) ?? community.language
        return language == decider.language ? self : EmailCommandProcessor(decider: decider.speaking(language), moderation: moderation)
    }

    private func reply(to recorded: RecordedMessage, from author: String, lastUntil: Date?, in db: Database) throws -> ListNotice {
        let commands = EmailCommandParser.parse(
            subject: recorded.message.subject, newText: NewText.trimmed(recorded.message.body.readerText))
        var run = EmailCommandDecider.Run(address: author, fromName: recorded.message.from.first?.name, now: recorded.post.receivedAt)
        for line in commands.lines {
            let member = try activeMember(run.address, in: db)
            var paragraph = decider.answer(line, isMember: member != nil, run: &run)
            if paragraph == nil { paragraph = try answer(line, member: member, run: &run, in: db) }
            run.paragraphs.append(paragraph ?? "")
        }
        let confirmation = decider.confirmation(for: run, token: Self.makeToken())
        if let confirmation {
            try PraxisDatabase.apply([.requestConfirmation(confirmation)], community: community, in: db)
        }
        return decider.reply(
            run, commands: commands, confirmation: confirmation, lastUntil: lastUntil,
            inReplyTo: recorded.message.messageID, references: recorded.message.references)
    }

    // MARK: One message

    /// The paragraph answering a command the store must look up: whoami, confirm, approve, reject,
    /// classify, review decide.
    private func answer(
        _ line: EmailCommands.Line, member: MemberRecord?, run: inout EmailCommandDecider.Run, in db: Database
    ) throws -> String {
        let quoted = "> \(line.text)\n"
        switch line.command {
        case .whoami:
            guard let member else {
                return quoted + decider.language.text(.whoamiNotMember, ["address": run.address, "community": community.name])
            }
            return quoted + decider.whoami(try settings(of: member, in: db))
        case .confirm(let token):
            return quoted + (try confirm(token: token, run: run, in: db))
        case .approve(let token), .reject(let token, _):
            let refusal = decider.moderationRefusal(from: run.address, isMember: member != nil, isSetUp: moderation != nil)
            guard refusal == nil, let moderation else { return quoted + (refusal ?? "") }
            var decision = ModerationDecision.approve
            if case .reject(_, let reason) = line.command { decision = .reject(reason: reason) }
            return quoted + (try moderation.decide(
                token: token, decision: decision, by: run.address, at: run.now, language: decider.language, in: db))
        case .classify(let messageID, let subIssue):
            let senderIsCore = decider.isCore(run.address, member: try memberState(run.address, in: db))
            let postExists = try Int.fetchOne(db, sql: "SELECT count(*) FROM posts WHERE message_id = ?", arguments: [messageID]) == 1
            return quoted + decider.classifyRequest(
                messageID: messageID, subIssue: subIssue, senderIsCore: senderIsCore, postExists: postExists, run: &run)
        case .markProduct(let messageID, _, _):
            let senderIsCore = decider.isCore(run.address, member: try memberState(run.address, in: db))
            let subIssue = try PraxisDatabase.productSubIssue(messageID: messageID, in: db)
            return quoted + decider.productRequest(line.command ?? .help, subIssue: subIssue, senderIsCore: senderIsCore, run: &run)
        case .reviewDecide:
            let senderIsCore = decider.isCore(run.address, member: try memberState(run.address, in: db))
            return quoted + decider.reviewDecisionRequest(line.command ?? .help, senderIsCore: senderIsCore, run: &run)
        default:
            return quoted
        }
    }

    /// 26 base32 characters, 130 bits from the system's secure generator: not guessable, and
    /// only letters and digits so it survives any mail client.
    static func makeToken() -> String {
        MessageComposer.randomToken(length: 26)
    }

    // MARK: Confirmation

    /// Carries out what `token` was mailed for, as `EmailCommandDecider.confirm` decides from the
    /// stored token and the member as it is now.
    private func confirm(token: String, run: EmailCommandDecider.Run, in db: Database) throws -> String {
        let stored = try ConfirmationRecord.filter(Column("token") == token).fetchOne(db)
        switch decider.confirm(stored?.asStoredConfirmation, from: run.address, member: try memberState(run.address, in: db), at: run.now) {
        case .refused(let answer):
            return answer
        case .confirmed(let spend, let steps, let payload):
            try PraxisDatabase.apply(spend, community: community, in: db)
            return decider.confirmedAnswer(lines: try steps.map { try carryOut($0, at: run.now, in: db) }, payload: payload)
        }
    }

    /// Carries out one confirmed change and returns its line.
    func carryOut(_ step: EmailCommandDecider.ConfirmedStep, at now: Date, in db: Database) throws -> String {
        switch step {
        case .done(let actions, let line):
            try PraxisDatabase.apply(actions, community: community, in: db)
            return line
        case .reclassify(let messageID, let subIssue):
            return try reclassify(messageID: messageID, to: subIssue, at: now, in: db)
        case .markProduct(let messageID, let kind, let note, let by, let byCore):
            return try markProduct(messageID: messageID, kind: kind, note: note, by: by, byCore: byCore, at: now, in: db)
        }
    }

    /// Carries out a confirmed product marking: the sender is checked again (the core group or the
    /// moderators may have changed since the request), against the thread's sub-issue.
    private func markProduct(
        messageID: String, kind: Product.Kind, note: String?, by: String, byCore: Bool, at now: Date, in db: Database
    ) throws -> String {
        let change = EmailCommand.markProduct(messageID: messageID, kind: kind, note: note)
        guard let subIssue = try PraxisDatabase.productSubIssue(messageID: messageID, in: db),
              byCore || ProductMarking.mayMark(by, subIssue: subIssue, core: [], subIssues: decider.subIssues)
        else { return decider.language.text(.notDoneProductNotMarker, ["command": change.canonicalText]) }
        let protectedIDs = decider.subIssues.filter(\.isProtected).map(\.id)
        switch try PraxisDatabase.markProduct(messageID: messageID, kind: kind, note: note, by: by, at: now,
                                              protectedSubIssues: protectedIDs, in: db) {
        case .marked(let product, _):
            let subject = ModerationNotices.plain(product.subject, width: 100)
            let language = decider.language
            return language.text(.productMarked, [
                "subject": subject.isEmpty ? language.text(.digestNoSubject) : subject, "kind": kind.rawValue,
            ])
        case .unknownMessage: return decider.language.text(.notDoneNoPost, ["command": change.canonicalText])
        }
    }

    /// Carries out a confirmed correction of a post's sub-issue. It stays here: its line says how
    /// many posts moved, which only the store knows.
    private func reclassify(messageID: String, to subIssue: SubIssue, at now: Date, in db: Database) throws -> String {
        let change = EmailCommand.classify(messageID: messageID, subIssue: subIssue.id)
        do {
            let changed = try PraxisDatabase.reclassify(
                messageID: messageID, to: subIssue.id, at: now, isProtected: subIssue.isProtected, in: db)
            return decider.reclassified(change, changed: changed)
        } catch let error as StoreError where error.code == .invalidArgument {
            // Never a reason to roll back the batch that recorded this message. The one such
            // error is a Message-ID no post has (the post may have gone since the request).
            return decider.language.text(.notDoneNoPost, ["command": change.canonicalText])
        }
    }

    /// The member of `address` as the confirmed changes need it.
    func memberState(_ address: String, in db: Database) throws -> EmailCommandDecider.MemberState {
        guard let member = try MemberRecord.withAddress(address).fetchOne(db), let id = member.id else { return .stranger }
        let hasCoreStanding = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM member_sub_issue WHERE member_id = ? AND standing = 'core')
            """, arguments: [id]) ?? false
        return EmailCommandDecider.MemberState(isKnown: true, isActive: member.status == .active, hasCoreStanding: hasCoreStanding)
    }

    // MARK: whoami

    /// What `whoami` needs of a member: their record and their rows per sub-issue.
    func settings(of member: MemberRecord, in db: Database) throws -> EmailCommandDecider.MemberSettings {
        var rows: [String: EmailCommandDecider.SubIssueSettings] = [:]
        if let id = member.id {
            for row in try MemberSubIssueRecord.of(memberID: id).fetchAll(db) {
                rows[row.subIssue] = EmailCommandDecider.SubIssueSettings(
                    standing: row.standing.rawValue, deliveryOverride: row.deliveryOverride?.rawValue,
                    follows: row.follow == .default ? nil : row.follow == .follows)
            }
        }
        return EmailCommandDecider.MemberSettings(
            address: member.address, name: member.name, joinedAt: member.joinedAt,
            delivery: member.delivery == .default ? nil : member.delivery.rawValue,
            digest: member.digestFrequency.rawValue, digestFormat: member.digestFormatName,
            ownPosts: member.receivesOwnPosts, subIssues: rows, language: member.ownLanguage)
    }

    // MARK: Lookups

    func activeMember(_ address: String, in db: Database) throws -> MemberRecord? {
        try MemberRecord.withAddress(address).filter(MemberRecord.Columns.status == MemberStatus.active.rawValue).fetchOne(db)
    }
}
