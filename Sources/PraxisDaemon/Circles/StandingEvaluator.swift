import Foundation
import GRDB
import PraxisCommunity
import PraxisMail
import PraxisStore

/// Applies the circles policy to the store: on each post (`StandingFollowUp`), every day
/// (`StandingReviewer`), on a confirmation by the core group, and as a replay of history after an
/// import. Every change is written with its transition in the caller's transaction.
public struct StandingEvaluator: Sendable {
    public let policy: CirclesPolicy
    public let subIssues: [SubIssue]
    public let community: Community
    public let delivery: DeliveryDefaults
    /// The configured core group, normalised.
    let configuredCore: Set<String>

    public init(configuration: Configuration) {
        policy = configuration.circles
        subIssues = configuration.allSubIssues
        community = configuration.community
        delivery = configuration.delivery
        configuredCore = Set(configuration.circles.core.map { MailAddress(address: $0).normalized })
    }

    public func subIssue(_ id: String) -> SubIssue? { subIssues.first { $0.id == id } }

    /// Whether `address` may be in the circles of `subIssue`: anyone for an open sub-issue; only the
    /// core group and the admitted `members` for a protected one.
    func admits(_ address: String, to subIssue: SubIssue, storedStanding: CircleStanding?) -> Bool {
        guard subIssue.isProtected else { return true }
        return configuredCore.contains(address) || storedStanding == .core
            || subIssue.members.contains { MailAddress(address: $0).normalized == address }
    }

    func isCore(_ address: String, storedStanding: CircleStanding?) -> Bool {
        configuredCore.contains(address) || storedStanding == .core
    }

    // MARK: Live evaluation

    /// Re-evaluates one member in one sub-issue at `instant`, applying the decision. A promotion
    /// queues the member's note unless `isHistory`. Returns what the policy decided, or nil when
    /// the policy does not apply (not an active member, core, not admitted, unknown sub-issue).
    @discardableResult
    public func evaluate(
        address: String, subIssue id: String, at instant: Date, isHistory: Bool, isReview: Bool = false, in db: Database
    ) throws -> StandingDecision? {
        guard let subIssue = subIssue(id),
              let stored = try PraxisDatabase.storedStanding(address: address, subIssue: id, in: db),
              !isCore(address, storedStanding: stored.standing),
              admits(address, to: subIssue, storedStanding: stored.standing) else { return nil }
        // The same counting as a replay (`StandingReplay`), from the member's posts up to now.
        // An inner member is checked for demotions from the last instant the policy was applied
        // (`evaluatedThrough`; a demotion due before it was recorded then, and more posts never
        // make one due) or else from the promotion.
        let promotedAt = stored.standing == .inner ? stored.since : nil
        let checkedFrom = [promotedAt, stored.evaluatedThrough].compactMap { $0 }.max()
        var standing = stored.standing
        let counts: Contributions
        let lastPost: Date?
        if let quick = try countedWithoutLog(
            address: address, subIssue: id, stored: stored, checkedFrom: checkedFrom, at: instant, in: db) {
            (counts, lastPost) = quick
        } else {
            // Only what the decisions from `checkedFrom` can see is read: the window, and the
            // silence since the last post, before that instant.
            let lookBack = Double(max(policy.inner.windowDays, promotedAt == nil ? 0 : policy.demotion.silentDays) + 1)
                * StandingReplay.day
            let horizon = min(checkedFrom ?? instant, instant).addingTimeInterval(-lookBack)
            let log = try PraxisDatabase.contributionLogs(
                subIssue: id, after: horizon, through: instant, author: address,
                detail: policy.inner.repliesReceived != nil ? .repliesReceived : [], in: db)[address] ?? ContributionLog(posts: [])
            // A demotion that fell due before this instant (between reviews) is recorded when it was due.
            if standing == .inner, let due = policy.firstDemotion(
                promotedAt: promotedAt, isPinned: stored.isPinned, log: log, from: checkedFrom ?? .distantPast,
                before: instant, includingEnd: isReview) {
                try PraxisDatabase.recordStanding(
                    memberID: stored.memberID, subIssue: id, from: .inner, to: .outer, at: due.at, reason: due.reason, in: db)
                standing = .outer
                if isReview { return StandingDecision(action: .demote, reason: due.reason) }
            }
            counts = log.contributions(after: policy.windowStart(endingAt: instant), through: instant)
            lastPost = log.lastPost(through: instant)
        }
        let decision = policy.decide(
            standing: standing, promotedAt: standing == .inner ? promotedAt : nil, isPinned: stored.isPinned, contributions: counts,
            lastPost: lastPost, at: instant)
        switch decision.action {
        case .promote:
            try PraxisDatabase.recordStanding(
                memberID: stored.memberID, subIssue: id, from: .outer, to: .inner, at: instant,
                reason: decision.reason, in: db)
            if !isHistory { try queuePromotionNote(to: address, in: subIssue, reason: decision.reason, at: instant, in: db) }
        case .propose:
            try PraxisDatabase.recordCandidate(
                memberID: stored.memberID, subIssue: id, since: instant, reason: decision.reason, in: db)
        case .demote:
            try PraxisDatabase.recordStanding(
                memberID: stored.memberID, subIssue: id, from: .inner, to: .outer, at: instant,
                reason: decision.reason, in: db)
        case .stay:
            if standing == .outer {
                try PraxisDatabase.removeCandidate(memberID: stored.memberID, subIssue: id, in: db)
            }
        }
        if standing == .inner && decision.action == .stay {
            try PraxisDatabase.recordEvaluation(memberID: stored.memberID, subIssue: id, at: instant, in: db)
        }
        return decision
    }

    /// What the decision at `instant` needs, looked up by SQLite alone, when no demotion can have
    /// fallen due since `checkedFrom`: an outer member's counts; for an inner member whom silence
    /// keeps in (`silenceKeepsInner`: usually, their previous post was evaluated not long ago),
    /// only the last post, since such a member stays whatever the counts. Nil when the member's
    /// log must be read instead: a demotion may be due, the post is dated before the last
    /// evaluation, or the policy counts replies received.
    private func countedWithoutLog(
        address: String, subIssue id: String, stored: StoredStanding, checkedFrom: Date?, at instant: Date,
        in db: Database
    ) throws -> (counts: Contributions, lastPost: Date?)? {
        guard policy.inner.repliesReceived == nil else { return nil }
        guard stored.standing == .inner else {
            return (try PraxisDatabase.postCounts(
                address: address, subIssue: id, after: policy.windowStart(endingAt: instant), through: instant, in: db), nil)
        }
        // A post dated before the last evaluation (it arrived late) reads the log.
        guard let checkedFrom, checkedFrom <= instant else { return nil }
        // Kept in by silence (or a pin), the decision is to stay before any count is looked at.
        guard !stored.isPinned else {
            return (.none, try PraxisDatabase.lastPost(address: address, subIssue: id, through: instant, in: db))
        }
        let lastBefore = try PraxisDatabase.lastPost(address: address, subIssue: id, through: checkedFrom, in: db)
        let since = checkedFrom < instant
            ? try PraxisDatabase.postDates(address: address, subIssue: id, after: checkedFrom, through: instant, in: db) : []
        guard policy.silenceKeepsInner(
            activeAt: [lastBefore, stored.since].compactMap { $0 }.max(), posts: since,
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
    /// now, with a note. Throws `CirclesError` when the member is not outer in that sub-issue.
    public func confirm(address rawAddress: String, subIssue id: String, by confirmer: String?, at instant: Date, in db: Database) throws {
        let address = MailAddress(address: rawAddress).normalized
        guard let subIssue = subIssue(id) else { throw CirclesError("there is no sub-issue \"\(id)\" in the configuration") }
        guard let stored = try PraxisDatabase.storedStanding(address: address, subIssue: id, in: db) else {
            throw CirclesError("\(address) is not an active member")
        }
        guard !isCore(address, storedStanding: stored.standing) else { throw CirclesError("\(address) is in the core group already") }
        guard admits(address, to: subIssue, storedStanding: stored.standing) else {
            throw CirclesError("\(address) is not admitted to the protected sub-issue \(id)")
        }
        guard stored.standing == .outer else { throw CirclesError("\(address) is in the inner circle of \(id) already") }
        let reason = PraxisDatabase.confirmationReasonPrefix + (confirmer.map { " (\($0))" } ?? "")
        try PraxisDatabase.recordStanding(
            memberID: stored.memberID, subIssue: id, from: .outer, to: .inner, at: instant, reason: reason, in: db)
        try queuePromotionNote(to: address, in: subIssue, reason: nil, at: instant, in: db)
    }

    /// The one short note a promoted member gets: what changes and how to change it back.
    func queuePromotionNote(to address: String, in subIssue: SubIssue, reason: String?, at instant: Date, in db: Database) throws {
        let because = reason.map { "You wrote \($0) in \(subIssue.name): thank you. " } ?? ""
        let change = delivery.inner == .immediate
            ? "From now on, posts of \(subIssue.name) reach you as soon as they are sent, instead of in the digest."
            : "From now on, you are counted among those who carry \(subIssue.name)."
        let text = """
            Hello,

            \(because)You are now in the inner circle of \(subIssue.name).
            \(change)

            If you would rather keep receiving them in the digest, send a message to
            \(community.requestAddress) with this line:

                set delivery digest \(subIssue.id)

            \(community.name)

            """
        try PraxisDatabase.enqueueNotice(
            ListNotice(to: address, subject: "You are now in the inner circle of \(subIssue.name)", text: text, from: .owner),
            community: community, at: instant, in: db)
    }
}

/// A circles operation that cannot be done, in one sentence.
public struct CirclesError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Re-evaluates the author of each recorded post in the post's sub-issue (and, when the bar counts
/// replies received, the author of the post it answers). History is counted but never answered.
public struct StandingFollowUp: RecordingFollowUp {
    let evaluator: StandingEvaluator

    public init(evaluator: StandingEvaluator) { self.evaluator = evaluator }

    /// Standings count posts as recorded; no message body is read.
    public func readsMessageBody(of incoming: IncomingMessage, context: (any Sendable)?) -> Bool { false }

    public func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
        for message in recorded where message.post.kind == .post {
            // Imported history is replayed as a whole when the import ends (`replayStandings`):
            // evaluating it here, at today's clock, would promote and demote at the wrong times.
            if message.isHistory { continue }
            let subIssue = message.post.classification.subIssue
            // The post is evaluated at its date, as a replay of history does (the store dates it
            // the same way), unless the date is more than a day ahead of its arrival: then the
            // arrival stands in, so a wrong clock cannot promote anyone ahead of time.
            let received = message.post.receivedAt
            let dated = message.post.date ?? received
            let instant = dated > received.addingTimeInterval(StandingReplay.day) ? received : dated
            if let author = message.post.author?.normalized, !author.isEmpty {
                try evaluator.evaluate(address: author, subIssue: subIssue, at: instant, isHistory: false, in: db)
            }
            // A reply raises the replies received of the post it answers, in that post's sub-issue.
            if evaluator.policy.inner.repliesReceived != nil,
               let parent = try Row.fetchOne(db.cachedStatement(sql: """
                   SELECT p.author_address, p.sub_issue FROM posts c JOIN posts p ON p.id = c.parent_post_id
                   WHERE c.id = ? AND p.kind = 'post' AND p.author_address <> c.author_address
                   """), arguments: [message.postID]) {
                try evaluator.evaluate(address: parent[0], subIssue: parent[1], at: instant, isHistory: false, in: db)
            }
        }
    }
}
