import Foundation
import GRDB
import PraxisCommunity

extension PraxisDatabase {
    /// Applies what the follow-up deciders of `PraxisCommunity` decided, in order, inside the
    /// caller's transaction (the one recording the message that caused them): the one place their
    /// actions become rows.
    public static func apply(_ actions: [FollowUpAction], community: Community, in db: Database) throws {
        for action in actions {
            switch action {
            case .queueNotice(let notice, let time):
                try enqueueNotice(notice, community: community, at: time, in: db)
            case .holdPost(let hold):
                _ = try self.hold(hold, community: community, in: db)
            case .queueReply(let reply, let time):
                try enqueueNotice(reply, kind: .reply, community: community, at: time, in: db)
            case .recordCommand(let postID, let address, let time, let answered):
                try db.cachedStatement(sql: """
                    INSERT INTO command_replies (post_id, address, received_at, answered) VALUES (?, ?, ?, ?)
                    """).execute(arguments: [postID, address, time.timeIntervalSince1970, answered])
            case .queueListCopy(let postID, let copy, let recipients, let time):
                // Every member gets the same bytes after their own header lines: stored once, each row pointing at them.
                let body = try storeOutboxBody(copy, in: db)
                let screener = Screener(community: community)
                for recipient in recipients {
                    _ = try enqueueOutbox(
                        kind: .post, recipients: [recipient.address], envelopeSender: screener.verpAddress(for: recipient.address),
                        message: recipient.ownHeader, sharedBody: body, postID: postID, at: time, in: db)
                }
            case .scoreBounce(let memberID, let score, let time):
                try db.execute(sql: "UPDATE members SET bounce_score = ?, last_bounce_at = ? WHERE id = ?",
                               arguments: [score, time.timeIntervalSince1970, memberID])
            case .disableDelivery(let memberID, let score, let time):
                try db.execute(sql: """
                    UPDATE members SET bounce_score = ?, last_bounce_at = ?, bounce_disabled_at = ?, status = 'disabled'
                    WHERE id = ?
                    """, arguments: [score, time.timeIntervalSince1970, time.timeIntervalSince1970, memberID])
            case .changeStanding(let memberID, let subIssue, let from, let to, let time, let reason):
                try recordStanding(memberID: memberID, subIssue: subIssue, from: from, to: to, at: time, reason: reason, in: db)
            case .proposeCandidate(let memberID, let subIssue, let since, let reason):
                try recordCandidate(memberID: memberID, subIssue: subIssue, since: since, reason: reason, in: db)
            case .withdrawCandidate(let memberID, let subIssue):
                try removeCandidate(memberID: memberID, subIssue: subIssue, in: db)
            case .markEvaluated(let memberID, let subIssue, let time):
                try recordEvaluation(memberID: memberID, subIssue: subIssue, at: time, in: db)
            case .closeHeld(let heldID, let closing, let decider, let time):
                try closeHeld(heldID, as: closing, by: decider, at: time, in: db)
            case .requestConfirmation(let confirmation):
                try ConfirmationRecord(confirmation).insert(db)
            case .spendConfirmation(let token, let time):
                try db.execute(sql: "UPDATE confirmations SET used_at = ? WHERE token = ?",
                               arguments: [time.timeIntervalSince1970, token])
            case .changeMember(let address, let change, let time):
                try changeMember(address, change, at: time, in: db)
            case .recordReviewDecision(let decision):
                try recordReviewDecision(decision, in: db)
            }
        }
    }

    /// Writes `hold` (`FollowUpAction.holdPost`): the held row, then for each request its token,
    /// its outbox row (numbered with the held row's id) and the moderator's notice. Returns the
    /// held row's id.
    static func hold(_ hold: HoldDecider.Hold, community: Community, in db: Database) throws -> Int64 {
        // Direct statements: in a flood of spam this runs on the writer for every message.
        let insertHeld = try DirectStatement(db, """
            INSERT INTO held_messages (post_id, file_name, reason, held_at, expires_at, state)
            VALUES (?, ?, ?, ?, ?, 'held')
            """)
        try insertHeld.bind(1, hold.postID)
        try insertHeld.bind(2, hold.fileName)
        try insertHeld.bind(3, hold.reason)
        try insertHeld.bind(4, hold.heldAt.timeIntervalSince1970)
        try insertHeld.bind(5, hold.expiresAt.timeIntervalSince1970)
        try insertHeld.execute()
        let heldID = db.lastInsertedRowID
        let screener = Screener(community: community)
        for request in hold.requests {
            try ModerationQueue.insertToken(
                request.token, of: request.moderator, forHeld: heldID, at: hold.heldAt, expiresAt: hold.expiresAt, in: db)
            _ = try enqueueOutbox(
                kind: .moderation, recipients: [request.moderator], envelopeSender: screener.verpAddress(for: request.moderator),
                message: request.rendered(number: heldID, community: community), postID: nil, at: hold.heldAt, in: db)
            try NoticeBudget.record(.request, to: request.moderator, heldPosts: 1, at: hold.heldAt, in: db)
        }
        return heldID
    }

    /// Writes `FollowUpAction.changeMember`. The member is found by address: a change may follow a
    /// `join` of the same confirmation, whose row id nobody knew when it was decided.
    static func changeMember(_ address: String, _ change: EmailCommandDecider.MemberChange, at time: Date, in db: Database) throws {
        if case .join(let name) = change {
            try MemberRecord(address: address, name: name, joinedAt: time).insert(db)
            return
        }
        // The decider changes only a member it knew of or had just joined, so the row is there.
        guard let memberID = try Int64.fetchOne(db, sql: "SELECT id FROM members WHERE address = ?", arguments: [address]) else {
            return
        }
        switch change {
        case .join:
            break  // inserted above
        case .rejoin(let name):
            try db.execute(sql: """
                UPDATE members SET status = 'active', left_at = NULL, name = COALESCE(?, name) WHERE id = ?
                """, arguments: [name, memberID])
        case .leave:
            try db.execute(sql: "UPDATE members SET status = 'unsubscribed', left_at = ? WHERE id = ?",
                           arguments: [time.timeIntervalSince1970, memberID])
        case .delivery(let mode):
            try db.execute(sql: "UPDATE members SET delivery = ? WHERE id = ?", arguments: [mode.rawValue, memberID])
        case .digest(let cadence):
            try db.execute(sql: "UPDATE members SET digest_frequency = ? WHERE id = ?", arguments: [cadence.rawValue, memberID])
        case .digestFormat(let format):
            try db.execute(sql: "UPDATE members SET digest_format = ? WHERE id = ?", arguments: [format.rawValue, memberID])
        case .ownPosts(let wanted):
            try db.execute(sql: "UPDATE members SET own_posts = ? WHERE id = ?", arguments: [wanted, memberID])
        case .language(let language):
            try db.execute(sql: "UPDATE members SET language = ? WHERE id = ?", arguments: [language.rawValue, memberID])
        case .subIssueDelivery(let subIssue, let mode):
            try upsertSubIssue(
                memberID: memberID, subIssue: subIssue, column: "delivery_override", value: mode.rawValue, at: time, in: db)
        case .subIssueFollow(let subIssue, let follow):
            try upsertSubIssue(memberID: memberID, subIssue: subIssue, column: "follow", value: follow.rawValue, at: time, in: db)
        }
    }

    /// Sets one preference of a member in one sub-issue; a member without a row there is in its
    /// outer circle, so the row is created with the default standing.
    private static func upsertSubIssue(
        memberID: Int64, subIssue: String, column: String, value: String, at time: Date, in db: Database
    ) throws {
        // `column` is one of two literals above, never input.
        try db.execute(sql: """
            INSERT INTO member_sub_issue (member_id, sub_issue, since, \(column)) VALUES (?, ?, ?, ?)
            ON CONFLICT (member_id, sub_issue) DO UPDATE SET \(column) = excluded.\(column)
            """, arguments: [memberID, subIssue, time.timeIntervalSince1970, value])
    }

    /// Writes `FollowUpAction.closeHeld`: the held post's decision, and every token of it spent.
    static func closeHeld(_ heldID: Int64, as closing: HeldPostDecider.Closing, by decider: String?, at time: Date, in db: Database) throws {
        try db.execute(sql: """
            UPDATE held_messages SET state = ?, decided_at = ?, decided_by = ? WHERE id = ?
            """, arguments: [closing.rawValue, time.timeIntervalSince1970, decider, heldID])
        try db.execute(sql: """
            UPDATE confirmations SET used_at = ? WHERE purpose = 'moderation' AND payload = ? AND used_at IS NULL
            """, arguments: [time.timeIntervalSince1970, String(heldID)])
    }
}
