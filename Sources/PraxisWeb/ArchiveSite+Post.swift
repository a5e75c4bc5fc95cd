import Foundation
import HTTPTypes
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisSystem

/// The pages only a signed-in member uses (DESIGN.md §8): `/post` (a new thread, or a reply with
/// `?reply=ID`) and `/moderation`. They take POSTs, and need a store this process may write: only
/// the web service of `praxis run` serves them (`praxis web` is read-only), like signing in.
enum MemberPageRoute: Sendable, Hashable {
    case post
    case moderation

    init?(rawPath: String, basePath: String) {
        guard rawPath.hasPrefix(basePath) else { return nil }
        switch rawPath.dropFirst(basePath.count) {
        case "post": self = .post
        case "moderation": self = .moderation
        default: return nil
        }
    }
}

extension ArchiveLinks {
    var post: String { basePath + "post" }
    func reply(to messageID: String) -> String { basePath + "post?reply=" + Self.segment(messageID) }
    var moderation: String { basePath + "moderation" }
}

extension ArchiveSite {
    /// The most a post form's body may hold: the text's limit, percent-encoded, and the rest.
    static let postBodyLimit = 3 * WebPostPolicy.textLimit + 16_384

    func respond(_ route: MemberPageRoute, _ request: SignInRequest, query: String?) -> ArchiveAnswer {
        // Where sign-in is not served, neither are these: the same page for everyone.
        guard signInDesk.policy != nil else { return notFound() }
        guard let member = request.member else { return Self.redirect(to: links.signIn) }
        switch route {
        case .post: return request.isPost ? writePost(request, member) : postForm(member, replyTo: Self.replyParameter(query))
        case .moderation: return request.isPost ? decideHeld(request, member) : moderationPage(member)
        }
    }

    /// Whether this process offers writing (the post links on thread pages).
    var offersWriting: Bool { signInDesk.policy != nil }

    // MARK: Post

    /// `reply=ID` of the query: nil when absent; "" (no such post) when malformed.
    static func replyParameter(_ query: String?) -> String? {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0] == "reply" else { continue }
            return parts.count == 2 ? ArchiveRoute.messageID(String(parts[1])) ?? "" : ""
        }
        return nil
    }

    private func postForm(_ member: SignedInMember, replyTo: String?) -> ArchiveAnswer {
        let scope = scope(for: viewer(of: member))
        var draft = WebPostPolicy.Draft(subIssue: SubIssue.generalID, subject: "", text: "")
        var threading: ReplyThreading?
        do {
            if let replyTo {
                guard let found = try database.replyThreading(to: replyTo, scope: scope) else { return notFound() }
                threading = found
                draft.subject = WebPostPolicy.replySubject(found.parent.subject)
            }
        } catch {
            return writingTrouble(error)
        }
        return postPage(member, draft: draft, threading: threading, scope: scope, problems: [])
    }

    private func writePost(_ request: SignInRequest, _ member: SignedInMember) -> ArchiveAnswer {
        guard formIsGenuine(request, binding: .session(hash: member.sessionHash)) else { return formExpired(request) }
        let scope = scope(for: viewer(of: member))
        let now = Date()
        do {
            var threading: ReplyThreading?
            if let reply = request.fields["reply"] {
                guard ArchiveLinks.hasPage(messageID: reply), let found = try database.replyThreading(to: reply, scope: scope)
                else { return notFound() }
                threading = found
            }
            let draft = WebPostPolicy.Draft(
                subIssue: threading?.parent.subIssue ?? request.fields["sub_issue"] ?? "",
                subject: request.fields["subject"] ?? "", text: request.fields["text"] ?? "")
            let problems = postProblems(draft, threading: threading, scope: scope)
            guard problems.isEmpty else {
                return postPage(member, draft: draft, threading: threading, scope: scope, problems: problems)
            }
            let messageID = MessageIDGenerator.make(domain: AddressSyntax.split(settings.community.listAddress).map { String($0.domain) } ?? "")
            guard try database.recordWebPost(address: member.address, messageID: messageID, at: now) else {
                return errorPage(.tooManyRequests, heading: say(.webWaitHeading), explanation: say(.webWaitText, [
                    "perMinute": readerLanguage.number(WebPostPolicy.postsPerMinute), "perHour": readerLanguage.number(WebPostPolicy.postsPerHour),
                ]))
            }
            try deliver(draft, member: member, threading: threading, messageID: messageID, at: now)
            return postSent(draft, messageID: messageID, threading: threading)
        } catch {
            return writingTrouble(error)
        }
    }

    /// The form's problems: the sub-issues this member may write in are those they may read.
    private func postProblems(_ draft: WebPostPolicy.Draft, threading: ReplyThreading?, scope: ArchiveScope) -> [WebPostPolicy.Problem] {
        let writable = threading.map { [$0.parent.subIssue] } ?? Set(settings.subIssues.map(\.id).filter(scope.shows(subIssue:)))
        let classifier = PostClassifier(subIssues: settings.subIssues)
        let recipient = ListRecipient.list(tag: threading == nil && draft.subIssue != SubIssue.generalID ? draft.subIssue : nil)
        return WebPostPolicy.problems(draft, writable: writable, language: readerLanguage) { subject in
            classifier.explicitSubIssue(subject: subject, recipient: recipient, header: nil, senderIsCore: false)
        }
    }

    /// Composes the post and delivers it into the community's maildir (`tmp/`, then `new/`),
    /// where ingest takes it like mail from the MTA.
    private func deliver(
        _ draft: WebPostPolicy.Draft, member: SignedInMember, threading: ReplyThreading?, messageID: String, at time: Date
    ) throws {
        let signer = try database.webPostSigner()
        let writing = WebPostPolicy.Writing(
            authorAddress: member.address, authorName: member.name, inReplyTo: threading?.parent.messageID,
            references: threading?.references ?? [], date: time)
        let message = WebPostPolicy.message(
            draft, writing: writing, community: settings.community, messageID: messageID, proofField: WebPostSigner.fieldName,
            prove: signer.proof(messageID:sender:date:))
        try maildir.deliver(message.rendered(), uniqueName: Maildir.uniqueName(sequence: Int.random(in: 0..<Int(Int32.max))))
        logger.notice("a post written on the web went into the maildir", metadata: ["message-id": "\(messageID)"])
    }

    private func postPage(
        _ member: SignedInMember, draft: WebPostPolicy.Draft, threading: ReplyThreading?, scope: ArchiveScope,
        problems: [WebPostPolicy.Problem]
    ) -> ArchiveAnswer {
        var view: [String: Any] = [
            "action": links.post, "formToken": signInDesk.tokens.token(for: .session(hash: member.sessionHash)),
            "address": member.address, "subject": draft.subject, "text": draft.text,
            "lead": say(threading == nil ? .webPostLead : .webReplyLead, ["address": member.address]),
            "hasProblems": !problems.isEmpty, "problems": problems.map { ["field": $0.field, "message": $0.message] },
        ]
        for problem in problems {
            let key = ["sub_issue": "subIssueProblem", "subject": "subjectProblem", "text": "textProblem"][problem.field]
            if let key, view[key] == nil { view[key] = problem.message }
        }
        if let parent = threading?.parent {
            view["reply"] = [
                "messageID": parent.messageID, "author": authorName(parent), "date": format.date(parent.date),
                "subject": subject(parent.subject), "url": links.message(parent.messageID), "text": parent.trimmedText,
            ]
        } else {
            view["subIssues"] = settings.subIssues.filter { scope.shows(subIssue: $0.id) }.map { subIssue -> [String: Any] in
                ["id": subIssue.id, "name": subIssue.name, "isProtected": subIssue.isProtected, "selected": subIssue.id == draft.subIssue]
            }
        }
        let html = page("post.html.mustache", title: titled(say(threading == nil ? .webStartThread : .webReplyTitle), problem: !problems.isEmpty), view)
        return Self.response(problems.isEmpty ? .ok : .badRequest, type: "text/html; charset=utf-8", body: html, cache: "no-store")
    }

    private func postSent(_ draft: WebPostPolicy.Draft, messageID: String, threading: ReplyThreading?) -> ArchiveAnswer {
        let back = threading.map { links.thread($0.parent.messageID) } ?? links.subIssue(draft.subIssue)
        let subject = draft.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let view: [String: Any] = [
            "subject": subject, "url": links.message(messageID), "lead": say(.webOnItsWayLead, ["subject": subject]),
            "back": back, "backLabel": threading == nil ? say(.webBackTo, ["name": subIssueName(draft.subIssue)]) : say(.webBackToThread),
        ]
        return Self.response(.ok, type: "text/html; charset=utf-8", body: page("post-sent.html.mustache", title: say(.webOnItsWay), view),
                             cache: "no-store")
    }

    private func writingTrouble(_ error: any Error) -> ArchiveAnswer {
        logger.error("writing from the web failed", metadata: ["error": "\(error)"])
        return errorPage(.serviceUnavailable, heading: say(.webPostTroubleHeading), explanation: say(.webPostTroubleText))
    }

    /// A `303 See Other` to `location` (a path of this archive).
    static func redirect(to location: String) -> ArchiveAnswer {
        var answer = response(.seeOther, type: "text/plain; charset=utf-8", body: "See \(location)\n", cache: "no-store")
        answer.location = location
        return answer
    }
}
