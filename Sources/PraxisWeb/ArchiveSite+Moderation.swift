import Foundation
import HTTPTypes
import PraxisCommunity
import PraxisMail
import PraxisStore

extension ArchiveSite {
    /// `/moderation` (issue 20, item 6): the held posts a signed-in member decides on, with
    /// approve and reject, and the last complete week's report figures. Only for those who decide
    /// on some held post (the core group, a sub-issue's moderators); everyone else gets the
    /// not-found page, as for a page that does not exist.
    func moderationPage(_ member: SignedInMember, outcome: ModerationOutcome? = nil) -> ArchiveAnswer {
        guard let moderation else { return notFound() }
        do {
            let waiting = try database.read("reading the held posts for a moderator") { db -> [HeldPostPreview]? in
                guard try moderation.decidesOnHeldPosts(member.address, in: db) else { return nil }
                return try moderation.waitingPosts(for: member.address, in: db)
            }
            guard let waiting else { return notFound() }
            var view: [String: Any] = [
                "action": links.moderation, "formToken": signInDesk.tokens.token(for: .session(hash: member.sessionHash)),
                "held": waiting.map(heldView), "hasHeld": !waiting.isEmpty, "count": format.count(.webPostCount, waiting.count),
                "waiting": format.count(.webHeldWaiting, waiting.count),
            ]
            if let outcome { view["outcome"] = ["sentence": outcome.sentence, "done": outcome.isDone] }
            if let figures = try reportFigures(scope: scope(for: viewer(of: member))) { view["report"] = figures }
            let status: HTTPResponse.Status = outcome.map { $0.isDone ? .ok : .conflict } ?? .ok
            return Self.response(status, type: "text/html; charset=utf-8", body: page("moderation.html.mustache", title: say(.webModeration), view),
                                 cache: "no-store")
        } catch {
            return moderationTrouble(error)
        }
    }

    /// Approve or reject, by the rules and through the code of a mailed decision.
    func decideHeld(_ request: SignInRequest, _ member: SignedInMember) -> ArchiveAnswer {
        guard let moderation else { return notFound() }
        guard formIsGenuine(request, binding: .session(hash: member.sessionHash)) else { return formExpired(request) }
        guard let heldID = request.fields["held"].flatMap({ Int64($0) }), heldID > 0 else { return notFound() }
        let decision: ModerationDecision
        switch request.fields["decision"] {
        case "approve": decision = .approve
        case "reject":
            let reason = (request.fields["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            decision = .reject(reason: reason.isEmpty ? nil : String(reason.prefix(1_000)))
        default: return notFound()
        }
        do {
            let outcome = try database.write("deciding on a held post on the web") { db -> ModerationOutcome? in
                guard try moderation.decidesOnHeldPosts(member.address, in: db) else { return nil }
                return try moderation.decide(heldID: heldID, decision: decision, by: member.address, at: Date(), in: db)
            }
            guard let outcome else { return notFound() }
            logger.notice("a held post was decided on the web", metadata: [
                "held": "\(heldID)", "moderator": "\(member.address)", "outcome": "\(outcome.sentence)",
            ])
            return moderationPage(member, outcome: outcome)
        } catch {
            return moderationTrouble(error)
        }
    }

    private func heldView(_ entry: HeldPostPreview) -> [String: Any] {
        let from = entry.post.map { post in
            let name = Self.oneLine(post.authorName ?? "")
            return name.isEmpty ? post.authorAddress : "\(name) <\(post.authorAddress)>"
        }
        let heldAt = format.date(entry.held.heldAt), expiresAt = format.date(entry.held.expiresAt)
        return [
            "id": "\(entry.held.id ?? 0)", "from": from ?? say(.webUnknownSender), "subject": subject(entry.post?.subject ?? ""),
            "heldUntil": say(.webHeldUntil, ["held": heldAt, "expires": expiresAt]),
            "subIssue": subIssueName(entry.post?.subIssue ?? SubIssue.generalID), "reason": HeldReason.words(entry.held.reason, in: readerLanguage),
            "heldAt": heldAt, "expiresAt": expiresAt,
            "text": entry.text, "hasText": !entry.text.isEmpty,
        ]
    }

    /// The headline and the sub-issues of the last complete week's report, only the sub-issues
    /// `scope` shows (a sub-issue's moderator may not be admitted to another's protected space).
    private func reportFigures(scope: ArchiveScope) throws -> [String: Any]? {
        guard let reportSettings = settings.report else { return nil }
        let week = ISOWeek(containing: Date(), in: settings.community.timeZone).advanced(by: -1)
        let figures = try database.weeklyReportFigures(week: week, settings: reportSettings)
        let headline = figures.headline
        let number = readerLanguage.number
        // One decimal, with the decimal comma of German, French and Spanish.
        let pointed = String(format: "%.1f", headline.previousFourWeekMean)
        let mean = readerLanguage == .en ? pointed : pointed.replacingOccurrences(of: ".", with: ",")
        return [
            "weekLine": say(.webWeekFromTo, ["week": "\(figures.week)", "from": format.date(figures.start), "to": format.date(figures.end)]),
            "postsLine": say(.webPostsFigure, ["posts": number(headline.posts), "mean": mean]),
            "threadsLine": say(.webNewOf, ["count": number(headline.threads), "new": number(headline.newThreads)]),
            "contributorsLine": say(.webNewOf, ["count": number(headline.activeContributors), "new": number(headline.newContributors)]),
            "membersLine": say(.webMembersFigure, [
                "members": number(headline.members), "joined": number(headline.newMembers), "left": number(headline.membersLeft),
            ]),
            "week": "\(figures.week)", "from": format.date(figures.start), "to": format.date(figures.end),
            "posts": headline.posts, "previousMean": String(format: "%.1f", headline.previousFourWeekMean),
            "threads": headline.threads, "newThreads": headline.newThreads, "contributors": headline.activeContributors,
            "newContributors": headline.newContributors, "members": headline.members, "joined": headline.newMembers,
            "left": headline.membersLeft,
            "subIssues": figures.subIssues.filter { scope.shows(subIssue: $0.id) }.map { activity -> [String: Any] in
                ["name": activity.name, "posts": activity.posts, "threads": activity.threads, "contributors": activity.contributors,
                 "innerCircle": activity.innerCircle]
            },
        ]
    }

    private func moderationTrouble(_ error: any Error) -> ArchiveAnswer {
        logger.error("moderation on the web failed", metadata: ["error": "\(error)"])
        return errorPage(.serviceUnavailable, heading: say(.webModerationTroubleHeading), explanation: say(.webModerationTroubleText))
    }
}
