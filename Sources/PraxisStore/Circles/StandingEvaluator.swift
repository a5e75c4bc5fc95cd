import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// Applies the circles policy to the store: on each post (`StandingFollowUp`), every day (the
/// daemon's review), on a confirmation by the core group, and as a replay of history after an
/// import. It reads what `StandingDecider` needs and applies what it decides, in the caller's
/// transaction.
public struct StandingEvaluator: Sendable {
    public let decider: StandingDecider

    public init(decider: StandingDecider) { self.decider = decider }

    public var policy: CirclesPolicy { decider.policy }
    public var subIssues: [SubIssue] { decider.subIssues }

    // MARK: Live evaluation

    /// Re-evaluates one member in one sub-issue at `instant`, applying the decision. A promotion
    /// queues the member's note unless `isHistory`. Returns what the policy decided, or nil when
    /// the policy does not apply (not an active member, core, not admitted, unknown sub-issue).
    @discardableResult
    public func evaluate(
        address: String, subIssue id: String, at instant: Date, isHistory: Bool, isReview: Bool = false, in db: Database
    ) throws -> StandingDecision? {
        guard let subIssue = decider.subIssue(id),
              let stored = try PraxisDatabase.storedStanding(address: address, subIssue: id, in: db),
              !decider.isCore(address, storedStanding: stored.standing, in: id),
              decider.admits(address, to: subIssue, storedStanding: stored.standing) else { return nil }
        let member = StandingDecider.Member(
            id: stored.memberID, address: address, standing: stored.standing, isPinned: stored.isPinned,
            since: stored.since, evaluatedThrough: stored.evaluatedThrough, language: stored.language)
        let posts = try posts(of: member, subIssue: id, at: instant, in: db)
        let (decision, actions) = decider.evaluate(
            member, in: subIssue, posts: posts, at: instant, isHistory: isHistory, isReview: isReview)
        try PraxisDatabase.apply(actions, community: decider.community, in: db)
        return decision
    }

    /// What the decision at `instant` needs of the member's posts: counted by SQLite alone when
    /// possible (`countedWithoutLog`), else the log since `StandingDecider.logStart`.
    private func posts(of member: StandingDecider.Member, subIssue id: String, at instant: Date, in db: Database) throws
        -> StandingDecider.Posts {
        if let quick = try countedWithoutLog(member, subIssue: id, at: instant, in: db) {
            return .counted(quick.counts, lastPost: quick.lastPost)
        }
        let log = try PraxisDatabase.contributionLogs(
            subIssue: id, after: decider.logStart(for: member, at: instant), through: instant, author: member.address,
            detail: policy.inner.repliesReceived != nil ? .repliesReceived : [], in: db)[member.address]
        return .log(log ?? ContributionLog(posts: []))
    }

    /// What the decision at `instant` needs, looked up by SQLite alone, when no demotion can have
    /// fallen due since `checkedFrom`: an outer member's counts; for an inner member whom silence
    /// keeps in (`silenceKeepsInner`: usually, their previous post was evaluated not long ago),
    /// only the last post, since such a member stays whatever the counts; for a post dated before
    /// the last evaluation, the counts and last post the log would give. Nil when the member's log
    /// must be read instead: a demotion may be due, or the policy counts replies received.
    func countedWithoutLog(
        _ member: StandingDecider.Member, subIssue id: String, at instant: Date, in db: Database
    ) throws -> (counts: Contributions, lastPost: Date?)? {
        guard policy.inner.repliesReceived == nil else { return nil }
        let address = member.address
        // The member's counts over the window ending at `instant`.
        func windowCounts() throws -> Contributions {
            try PraxisDatabase.postCounts(
                address: address, subIssue: id, after: policy.windowStart(endingAt: instant), through: instant, in: db)
        }
        guard member.standing == .inner else { return (try windowCounts(), nil) }
        guard let checkedFrom = member.checkedFrom else { return nil }
        // A post dated before the last evaluation (it arrived late, or a backlog is out of date
        // order): `firstDemotion` looks from `checkedFrom` on, so none is due before `instant`, and
        // the decision takes only the counts of the window and the last post, as the log from
        // `logStart` would give them: the latest post after it, or none.
        if instant < checkedFrom {
            let reach = decider.logStart(for: member, at: instant)
            return (try windowCounts(), try PraxisDatabase.lastPost(address: address, subIssue: id, after: reach, through: instant, in: db))
        }
        // Kept in by silence (or a pin), the decision is to stay before any count is looked at.
        guard !member.isPinned else {
            return (.none, try PraxisDatabase.lastPost(address: address, subIssue: id, through: instant, in: db))
        }
        let lastBefore = try PraxisDatabase.lastPost(address: address, subIssue: id, through: checkedFrom, in: db)
        let since = checkedFrom < instant
            ? try PraxisDatabase.postDates(address: address, subIssue: id, after: checkedFrom, through: instant, in: db) : []
        guard policy.silenceKeepsInner(
            activeAt: [lastBefore, member.since].compactMap { $0 }.max(), posts: since,
            from: checkedFrom, through: instant) else { return nil }
        // The posts after `checkedFrom` are all later than those up to it.
        return (.none, since.last ?? lastBefore)
    }

    /// The periodic review: every inner member and every waiting candidate, in every sub-issue, at
    /// `instant` — time alone demotes, dated when the demotion fell due. Returns how many were demoted.
    @discardableResult
    public func review(at instant: Date, in db: Database) throws -> Int {
        var changed = 0
        for subIssue in subIssues {
            let waiting = Set(try PraxisDatabase.candidates(subIssue: subIssue.id, in: db).map(\.address))
            for (address, stored) in try PraxisDatabase.storedStandings(subIssue: subIssue.id, in: db)
            where stored.standing == .inner || waiting.contains(address) {
                let decision = try evaluate(address: address, subIssue: subIssue.id, at: instant, isHistory: false, isReview: true, in: db)
                if decision?.action == .demote { changed += 1 }
            }
        }
        return changed
    }

    /// A core member's confirmation of a candidate (`praxis circles confirm`): into the inner circle
    /// now, with a note. Returns why it cannot be done, in one sentence, when the member is not
    /// outer in that sub-issue (a refusal, not a failure); nil when it was done.
    @discardableResult
    public func confirm(
        address rawAddress: String, subIssue id: String, by confirmer: String?, at instant: Date, in db: Database
    ) throws -> String? {
        let address = MailAddress(address: rawAddress).normalized
        guard let subIssue = decider.subIssue(id) else { return "there is no sub-issue \"\(id)\" in the configuration" }
        // Under automatic promotion the bar alone decides who enters the inner circle; confirming
        // candidates by hand is what moderated promotion is for.
        guard policy.promotion == .moderated else {
            return "promotion is automatic in this community (circles.promotion: automatic): members join the "
                + "inner circle when they meet its bar; set circles.promotion: moderated to confirm candidates by hand"
        }
        guard let stored = try PraxisDatabase.storedStanding(address: address, subIssue: id, in: db) else {
            return "\(address) is not an active member"
        }
        guard !decider.isCore(address, storedStanding: stored.standing, in: id) else {
            return "\(address) is in the core group of \(id) already"
        }
        guard decider.admits(address, to: subIssue, storedStanding: stored.standing) else {
            return "\(address) is not admitted to the protected sub-issue \(id)"
        }
        guard stored.standing == .outer else { return "\(address) is in the inner circle of \(id) already" }
        let reason = StandingReason.confirmed(by: confirmer)
        try PraxisDatabase.apply([
            .changeStanding(memberID: stored.memberID, subIssue: id, from: .outer, to: .inner, at: instant, reason: reason),
            .queueNotice(decider.promotionNote(
                to: address, in: subIssue, reason: nil, language: stored.language), at: instant),
        ], community: decider.community, in: db)
        return nil
    }
}

/// Re-evaluates the author of each recorded post in the post's sub-issue (and, when the bar counts
/// replies received, the author of the post it answers). History is counted but never answered.
public struct StandingFollowUp: RecordingFollowUp {
    let evaluator: StandingEvaluator

    public init(evaluator: StandingEvaluator) { self.evaluator = evaluator }

    /// Standings count posts as recorded; no message body is read.
    public func readsMessageBody(of incoming: IncomingMessage, context: FollowUpContext) -> Bool { false }

    public func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
        for message in recorded where message.post.kind == .post {
            // Imported history is replayed as a whole when the import ends (`replayStandings`):
            // evaluating it here, at today's clock, would promote and demote at the wrong times.
            if message.isHistory { continue }
            let subIssue = message.post.classification.subIssue
            let instant = StandingDecider.instant(dated: message.post.date, receivedAt: message.post.receivedAt)
            if let author = message.post.author?.normalized, !author.isEmpty {
                try evaluator.evaluate(address: author, subIssue: subIssue, at: instant, isHistory: false, in: db)
            }
            // A reply raises the replies received of the post it answers, in that post's sub-issue.
            if evaluator.policy.inner.repliesReceived != nil,
               let parent = try PraxisDatabase.answeredAuthor(ofReply: message.postID, in: db) {
                try evaluator.evaluate(address: parent.address, subIssue: parent.subIssue, at: instant, isHistory: false, in: db)
            }
        }
    }
}
