import Foundation
import HTTPTypes
import PraxisCommunity
import PraxisStore

/// `/settings` (issue 20): a signed-in member's choices, the same as the email commands offer and
/// decided by the same rules (`EmailCommandProcessor.carryOutVouched`, which asks
/// `EmailCommandDecider`): delivery for everything and per sub-issue, follow and mute, how often
/// digests come, leaving; and the member's private feed URL. The session counts as the
/// confirmation a mailed command waits for. Protected sub-issues the member is not admitted to
/// are never shown, and a form field naming one is ignored (the decider checks again).
///
/// Every POST is checked like the sign-in forms: `Origin`/`Sec-Fetch-Site` must say same-origin
/// and the form token must be the one bound to this session.
extension ArchiveSite {
    static func isSettingsPath(_ rawPath: String, basePath: String) -> Bool { rawPath == basePath + "settings" }

    func respondToSettings(_ request: SignInRequest) -> ArchiveAnswer {
        guard let member = request.member else {
            var answer = Self.response(.seeOther, type: "text/plain; charset=utf-8", body: "Sign in first: \(links.signIn)\n", cache: "no-store")
            answer.location = links.signIn
            return answer
        }
        guard let processor = settings.memberCommands else { return settingsUnavailable() }
        do {
            guard request.isPost else { return try settingsPage(member, processor: processor) }
            guard formIsGenuine(request, binding: .session(hash: member.sessionHash)) else { return formExpired(request) }
            switch request.fields["action"] {
            case "save":
                return try save(request.fields, member: member, processor: processor)
            case "leave":
                return try leave(member, processor: processor)
            case "reset-feed":
                try database.resetFeedToken(address: member.address)
                return try settingsPage(member, processor: processor, banner: [say(.webFeedReset)])
            default:
                return try settingsPage(member, processor: processor, problem: say(.webChooseButton), status: .badRequest)
            }
        } catch {
            logger.error("settings failed", metadata: ["error": "\(error)"])
            return errorPage(.serviceUnavailable, heading: say(.webSettingsTroubleHeading), explanation: say(.webTryAgain))
        }
    }

    // MARK: Changes

    /// The commands the form asks for, compared with the member's settings now: only what differs.
    /// Nil when a field holds a value no choice on the page has.
    /// `communityLanguage`: what a member without a language of their own receives, which the
    /// page shows as their choice.
    static func commands(
        _ fields: [String: String], current: EmailCommandDecider.MemberSettings, subIssues: [SubIssue],
        communityLanguage: Language = .standard
    ) -> [EmailCommand]? {
        var commands: [EmailCommand] = []
        func mode(_ name: String) -> DeliveryMode?? {
            guard let value = fields[name], !value.isEmpty else { return .some(nil) }
            return DeliveryMode(rawValue: value).map { .some($0) } ?? nil
        }
        guard let delivery = mode("delivery") else { return nil }
        if let delivery, delivery.rawValue != current.delivery { commands.append(.setDelivery(delivery, subIssue: nil)) }
        if let value = fields["digest"], !value.isEmpty {
            guard let cadence = EmailCommand.DigestCadence(rawValue: value) else { return nil }
            if cadence.rawValue != current.digest { commands.append(.setDigest(cadence)) }
        }
        if let value = fields["digest-format"], !value.isEmpty {
            guard let format = DigestPlan.Format(rawValue: value) else { return nil }
            if format.rawValue != current.digestFormat { commands.append(.setDigestFormat(format)) }
        }
        // An unticked checkbox sends nothing: the hidden field says the choice was on the form.
        if fields["own-posts-shown"] == "yes" {
            let ticked = fields["own-posts"]
            guard ticked == nil || ticked == "on" else { return nil }
            if (ticked == "on") != current.ownPosts { commands.append(.setOwnPosts(ticked == "on")) }
        }
        if let value = fields["language"], !value.isEmpty {
            // The same command as "set language" by mail: a choice equal to the one in force changes nothing.
            guard let language = Language(code: value) else { return nil }
            if language != (current.language ?? communityLanguage) { commands.append(.setLanguage(language)) }
        }
        for subIssue in subIssues {
            let row = current.subIssues[subIssue.id]
            guard let override = mode("delivery-" + subIssue.id) else { return nil }
            if let override, override.rawValue != row?.deliveryOverride { commands.append(.setDelivery(override, subIssue: subIssue.id)) }
            switch fields["follow-" + subIssue.id] ?? "" {
            case "": break
            case "follows": if row?.follows != true { commands.append(.follow(subIssue: subIssue.id)) }
            case "mutes": if row?.follows != false { commands.append(.mute(subIssue: subIssue.id)) }
            default: return nil
            }
        }
        return commands
    }

    private func save(_ fields: [String: String], member: SignedInMember, processor: EmailCommandProcessor) throws -> ArchiveAnswer {
        guard let current = try database.memberSettings(address: member.address, processor: processor) else { return settingsUnavailable() }
        let subIssues = processor.decider.visibleSubIssues(for: member.address)
        guard let commands = Self.commands(
            fields, current: current, subIssues: subIssues, communityLanguage: settings.community.language) else {
            return try settingsPage(member, processor: processor, problem: say(.webChooseOption), status: .badRequest)
        }
        guard !commands.isEmpty else { return try settingsPage(member, processor: processor, banner: [say(.webNothingChanged)]) }
        let outcome = try database.changeSettings(commands, address: member.address, processor: processor, at: Date())
        logger.info("settings changed on the web", metadata: ["address": "\(member.address)", "changes": "\(commands.count)"])
        return try settingsPage(member, processor: processor, banner: outcome.lines.map(Self.sentence))
    }

    private func leave(_ member: SignedInMember, processor: EmailCommandProcessor) throws -> ArchiveAnswer {
        let outcome = try database.changeSettings([.unsubscribe], address: member.address, processor: processor, at: Date())
        logger.notice("member left on the web", metadata: ["address": "\(member.address)", "changed": "\(outcome.changed)"])
        // Leaving ended the session (the store's trigger): the page has no signed-in line, but is
        // in the language the member read.
        let html = SignedInBar.$current.withValue(.signedOut(reading: readerLanguage)) {
            let view: [String: Any] = [
                "heading": say(.webLeftHeading), "explanation": say(.webLeftSignedOutText, ["address": member.address]),
                "next": links.home, "nextLabel": say(.webGoToArchive),
            ]
            return page("sign-in-done.html.mustache", title: say(.webLeftTitle), view)
        }
        var answer = Self.response(.ok, type: "text/html; charset=utf-8", body: html, cache: "no-store")
        answer.setCookies = [signInDesk.cookies.clear(CookieWriter.sessionName, sameSite: "Lax")]
        return answer
    }

    /// A line of the email commands' answer as a sentence on the page.
    static func sentence(_ line: String) -> String {
        guard let first = line.first else { return line }
        return first.uppercased() + line.dropFirst()
    }

    // MARK: The page

    private func settingsPage(
        _ member: SignedInMember, processor: EmailCommandProcessor, banner: [String] = [], problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) throws -> ArchiveAnswer {
        guard let current = try database.memberSettings(address: member.address, processor: processor),
              let subject = try database.memberLinkSubject(address: member.address)
        else { return settingsUnavailable() }
        // In the language the member has now: after choosing another, the page already speaks it.
        let spoken = current.language ?? settings.community.language
        var bar = SignedInBar.current ?? signedInBar(member)
        bar.language = spoken
        return SignedInBar.$current.withValue(bar) {
            let html = page("settings.html.mustache", title: titled(say(.webYourSettings), problem: problem != nil),
                            settingsView(member, current: current, linkSubject: subject, processor: processor, banner: banner, problem: problem))
            return Self.response(status, type: "text/html; charset=utf-8", body: html, cache: "no-store")
        }
    }

    private func settingsView(
        _ member: SignedInMember, current: EmailCommandDecider.MemberSettings, linkSubject: MemberLinkSigner.Subject, processor: EmailCommandProcessor,
        banner: [String], problem: String?
    ) -> [String: Any] {
        let language = readerLanguage
        let decider = processor.decider.speaking(language)
        let choices: [(DeliveryMode, String)] = [
            (.immediate, say(.webEachPost)), (.digest, say(.webInDigest)), (.none, say(.webNoMail)),
        ]
        let delivery = choices.map { mode, label -> [String: Any] in
            ["value": mode.rawValue, "label": label, "checked": current.delivery == mode.rawValue]
        }
        let digests = EmailCommand.DigestCadence.allCases.map { cadence -> [String: Any] in
            ["value": cadence.rawValue, "label": say(cadence == .daily ? .webEveryDay : .webOnceAWeek), "checked": current.digest == cadence.rawValue]
        }
        let formats = DigestPlan.Format.allCases.map { format -> [String: Any] in
            ["value": format.rawValue, "label": DigestChoiceTexts.label(format, in: language), "checked": current.digestFormat == format.rawValue]
        }
        let languages = Language.allCases.map { offered -> [String: Any] in
            ["value": offered.rawValue, "label": offered.ownName, "checked": offered == language]
        }
        let rows = decider.visibleSubIssues(for: member.address).map { subIssue -> [String: Any] in
            let row = current.subIssues[subIssue.id]
            let modes = choices.map { mode, label -> [String: Any] in
                ["value": mode.rawValue, "label": label, "selected": row?.deliveryOverride == mode.rawValue]
            }
            return [
                "id": subIssue.id, "name": subIssue.name, "isProtected": subIssue.isProtected,
                "deliveryLabel": say(.webHowPostsOf, ["name": subIssue.name]), "followLabel": say(.webFollowOrMuteOf, ["name": subIssue.name]),
                "keepDelivery": row?.deliveryOverride == nil, "modes": modes,
                "keepFollow": row?.follows == nil, "follows": row?.follows == true, "mutes": row?.follows == false,
            ]
        }
        var view: [String: Any] = [
            "action": links.settings, "formToken": signInDesk.tokens.token(for: .session(hash: member.sessionHash)),
            "address": member.address, "delivery": delivery, "digests": digests, "languages": languages, "subIssues": rows,
            "formats": formats, "formatIsDefault": current.digestFormat == nil, "ownPosts": current.ownPosts,
            "ownPostsLabel": DigestChoiceTexts.ownPostsLabel(in: language),
            "circleDefault": say(.webCircleDefaults, ["inner": decider.describe(decider.delivery.inner), "outer": decider.describe(decider.delivery.outer)]),
            "feedURL": links.absolute(links.feed) + "?token=" + linkSigner.feedToken(linkSubject),
        ]
        if current.delivery == nil { view["deliveryIsDefault"] = true }
        if !banner.isEmpty { view["banner"] = banner; view["hasBanner"] = true }
        if let problem { view["problem"] = problem }
        view["lead"] = say(.webSettingsLead, ["address": member.address])
        if current.delivery == nil { view["nowAsCircle"] = say(.webNowAsCircle, ["circles": view["circleDefault"] as? String ?? ""]) }
        return view
    }

    private func settingsUnavailable() -> ArchiveAnswer {
        errorPage(.serviceUnavailable, heading: say(.webSettingsUnavailableHeading), explanation: say(.webSettingsUnavailableText))
    }

    // MARK: Private feeds

    /// The viewer a feed request's `token=` stands for: the member whose private feed token it is,
    /// seeing what they would see signed in; nil for any other request, and for a token that does
    /// not work (reset, its member gone), which then reads the feed as anyone would.
    func feedViewer(rawPath: String, query: String?) -> ArchiveViewer? {
        guard rawPath.hasSuffix("/feed.atom"), let query else { return nil }
        let token = query.split(separator: "&").lazy.compactMap { pair -> String? in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 && parts[0] == "token" ? String(parts[1]) : nil
        }.first
        guard let token else { return nil }
        do {
            guard let reader = try database.feedReader(token: token, signer: linkSigner) else { return nil }
            return ArchiveAccess.signedInViewer(
                address: reader.address, hasCoreStanding: reader.hasCoreStanding, coreGroup: CoreGroup(configured: settings.coreAddresses),
                subIssues: settings.subIssues)
        } catch {
            logger.error("reading a feed token failed", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
