import Foundation
import Mustache
import PraxisMail

/// The Mustache templates of the quarterly review (text and HTML, to the core group) and of the
/// management summary (text, to the sponsor).
///
/// The defaults are compiled in (`standard`, the same text as `Config/templates/review.*.mustache`
/// and `summary.txt.mustache`); an operator's own files replace them (PraxisDaemon's
/// `ReviewTemplateLoader`).
public struct ReviewTemplates: Sendable {
    public let text: MustacheTemplate
    public let html: MustacheTemplate
    public let summary: MustacheTemplate

    /// Which template; `CommunityError.template` holds the raw value.
    public enum Part: String, Sendable, CaseIterable {
        case text = "review.txt", html = "review.html", summary = "summary.txt"
    }

    /// Parses the sources; the error names the first that does not parse, with line and column.
    public init(textSource: String, htmlSource: String, summarySource: String) throws(CommunityError) {
        text = try Self.parse(textSource, part: .text)
        html = try Self.parse(htmlSource, part: .html)
        summary = try Self.parse(summarySource, part: .summary)
    }

    private static func parse(_ source: String, part: Part) throws(CommunityError) -> MustacheTemplate {
        try WeeklyReportTemplates.parse(source, named: part.rawValue)
    }

    /// The built-in source of each part.
    public static func standardSource(_ part: Part) -> String {
        switch part {
        case .text: StandardReviewTemplates.text
        case .html: StandardReviewTemplates.html
        case .summary: StandardReviewTemplates.summary
        }
    }

    public static let standard: ReviewTemplates = {
        do {
            return try ReviewTemplates(
                textSource: standardSource(.text), htmlSource: standardSource(.html), summarySource: standardSource(.summary))
        } catch {
            preconditionFailure("the built-in review templates do not parse: \(error)")
        }
    }()
}

/// A review as it is written: the assessment, the community it is about and the latest decision.
public struct ReviewDocument: Sendable {
    public var assessment: ReviewAssessment
    public var communityName: String
    public var timeZone: TimeZone
    /// The core group's latest decision, if any was recorded.
    public var lastDecision: ReviewDecision?
    /// The products marked in the quarter, newest first: open ones only (`ProductMarking.open`),
    /// since the review and the summary go to people who are not all admitted to every space.
    public var products: [Product]
    /// The archive's links, for each product's thread page; nil: no links.
    public var archive: ArchiveLinks?

    public init(assessment: ReviewAssessment, communityName: String, timeZone: TimeZone, lastDecision: ReviewDecision?,
                products: [Product] = [], archive: ArchiveLinks? = nil) {
        self.assessment = assessment
        self.communityName = communityName
        self.timeZone = timeZone
        self.lastDecision = lastDecision
        self.products = ProductMarking.open(products)
        self.archive = archive
    }

    /// The review as plain text, in `language`.
    public func renderedText(with templates: ReviewTemplates = .standard, in language: Language = .standard) -> String {
        Self.trimmed(templates.text.render(context(forSponsor: false, in: language)))
    }

    /// The review as one HTML document with inline styles only, in `language`.
    public func renderedHTML(with templates: ReviewTemplates = .standard, in language: Language = .standard) -> String {
        templates.html.render(context(forSponsor: false, in: language))
    }

    /// The management summary in `language`: figures and marks, no per-sub-issue evidence, no
    /// author of a decision.
    public func renderedSummary(with templates: ReviewTemplates = .standard, in language: Language = .standard) -> String {
        Self.trimmed(templates.summary.render(context(forSponsor: true, in: language)))
    }

    /// Mustache leaves the blank line of a standalone pragma tag; mail readers need no leading
    /// blank, and a terminal wants the last line ended.
    private static func trimmed(_ text: String) -> String {
        var text = text
        while text.hasPrefix("\n") { text.removeFirst() }
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    /// The review mail to the core group in `language`: text and HTML alternatives.
    public func message(to recipients: [String], from community: Community, at time: Date,
                        templates: ReviewTemplates = .standard, language: Language = .standard) -> OutgoingMessage {
        mail(to: recipients, from: community, at: time, language: language,
             subject: language.text(.reviewSubject, ["community": community.name, "quarter": assessment.quarter.description]),
             body: .alternative(plain: renderedText(with: templates, in: language), html: renderedHTML(with: templates, in: language)))
    }

    /// The management summary mail to the sponsor in `language`: plain text.
    public func summaryMessage(to sponsor: String, from community: Community, at time: Date,
                               templates: ReviewTemplates = .standard, language: Language = .standard) -> OutgoingMessage {
        mail(to: [sponsor], from: community, at: time, language: language,
             subject: language.text(.managementSubject, ["community": community.name, "quarter": assessment.quarter.description]),
             body: .plain(renderedSummary(with: templates, in: language)))
    }

    private func mail(to recipients: [String], from community: Community, at time: Date, language: Language,
                      subject: String, body: OutgoingBody) -> OutgoingMessage {
        let domain = AddressSyntax.split(community.listAddress).map { String($0.domain) } ?? "praxis.invalid"
        return OutgoingMessage(
            from: MailAddress(name: community.name, address: community.ownerAddress),
            to: recipients.map { MailAddress(name: nil, address: $0) },
            subject: subject, date: time,
            timeZoneOffsetSeconds: timeZone.secondsFromGMT(for: time),
            messageID: MessageIDGenerator.make(domain: domain),
            extraHeaders: [
                ("Auto-Submitted", "auto-generated"), ("X-Loop", community.listAddress), ("Precedence", "list"),
                language.contentLanguageField,
            ],
            body: body)
    }

    /// What the review's and the summary's templates show, in `language`, the checklist's evidence
    /// and reasons included (`ReviewAssessment.worded(in:)`).
    func context(forSponsor: Bool, in language: Language = .standard) -> [String: Any] {
        let worded = assessment.worded(in: language)
        let figures = worded.figures
        let words = ReportWords(language: language, timeZone: timeZone, showsYear: true)
        let l = language
        var context: [String: Any] = [
            "community": communityName, "quarter": figures.quarter.description, "language": language.rawValue,
            "previousQuarter": figures.quarter.previous.description, "timeZone": timeZone.identifier,
            "period": words.period(figures.start, figures.end), "recommendation": assessment.recommendation.rawValue,
            "recommendationWord": words.decision(worded.recommendation),
            "posts": figures.posts, "previousPosts": figures.previousPosts, "contributors": figures.contributors,
            "previousContributors": figures.previousContributors, "openers": figures.openers,
            "unanswered": figures.unanswered, "protectedSubIssues": figures.protectedSubIssues,
            "protectedInUse": figures.protectedInUse,
            "labels": Self.labels(words, quarter: figures.quarter), "glance": Self.glance(words),
            "postsAgainst": l.text(.managementAgainst, ["value": l.number(figures.posts), "previous": l.number(figures.previousPosts),
                                                     "quarter": figures.quarter.previous.description]),
            "contributorsAgainst": l.text(.managementAgainst, [
                "value": l.number(figures.contributors), "previous": l.number(figures.previousContributors),
                "quarter": figures.quarter.previous.description]),
            "conversations": l.plural(.managementWithoutReply, count: figures.unanswered, ["opened": l.number(figures.openers)]),
            "protectedWords": l.text(.managementProtectedInUse, [
                "inUse": l.number(figures.protectedInUse), "total": l.number(figures.protectedSubIssues)]),
            "items": worded.items.map { item -> [String: Any] in
                var entry: [String: Any] = ["id": item.kind.rawValue, "title": Self.title(item.kind, l), "mark": item.mark.rawValue,
                                            "markWord": Self.markWord(item.mark, l), "colour": Self.colour(item.mark)]
                guard !forSponsor else { return entry }
                entry["evidence"] = item.evidence
                entry["subIssues"] = item.subIssues.map {
                    ["id": $0.id, "mark": $0.mark.rawValue, "markWord": Self.markWord($0.mark, l), "colour": Self.colour($0.mark),
                     "evidence": $0.evidence]
                }
                return entry
            },
        ]
        if figures.isPartial { context["partial"] = true }
        context["products"] = products.map { product -> [String: Any] in
            var entry: [String: Any] = ["kind": Self.kindWord(product.kind, l), "subject": product.subject,
                                        "sub_issue": product.subIssue, "date": words.day(product.markedAt),
                                        "marked": l.text(.managementMarked, ["date": words.day(product.markedAt)])]
            if let note = product.note { entry["note"] = note }
            if let link = archive?.threadURL(product.threadMessageID) { entry["link"] = link }
            return entry
        }
        if !forSponsor { context["reasons"] = worded.reasons.map { ["text": $0] } }
        if let decision = lastDecision {
            let values: [(String, String)] = [
                ("decision", words.decision(decision.decision)), ("date", words.day(decision.decidedAt)),
                ("quarter", decision.quarter.description), ("note", decision.note), ("by", decision.by),
            ]
            var entry: [String: Any] = ["decision": decision.decision.rawValue, "note": decision.note,
                                        "quarter": decision.quarter.description, "date": words.day(decision.decidedAt),
                                        "sentence": l.text(forSponsor ? .managementDecision : .reviewDecisionBy, pairs: values)]
            if !forSponsor { entry["by"] = decision.by }
            context["lastDecision"] = entry
        }
        return context
    }

    /// The fixed words of the review's and the summary's templates, as `{{labels.…}}`; headings
    /// of the plain text also in capitals.
    static func labels(_ words: ReportWords, quarter: Quarter) -> [String: String] {
        let l = words.language
        var labels: [String: String] = [
            "reviewTitle": l.text(.reviewTitle, ["quarter": quarter.description]),
            "summaryTitle": l.text(.managementTitle, ["quarter": quarter.description]),
            "notOver": l.text(.reviewNotOver), "noProducts": l.text(.managementNoProducts),
            "noDecision": l.text(.managementNoDecision), "sponsor": l.text(.managementSponsor),
            "record": l.text(.reviewRecord), "orMail": l.text(.reviewOrMail), "colon": l.colon,
        ]
        let headings: [(String, MessageKey)] = [
            ("health", .managementHealth), ("checklist", .managementChecklist), ("recommendation", .managementRecommendation),
            ("products", .managementProducts), ("summaryLastDecision", .managementLastDecision), ("lastDecision", .reviewLastDecision),
        ]
        let locale = Locale(identifier: l.rawValue)
        for (name, key) in headings {
            labels[name] = l.text(key)
            labels[ReportWords.capitalName(name)] = l.text(key).uppercased(with: locale)
        }
        return labels
    }

    /// The summary's "health" labels, padded to one width so the figures line up.
    static func glance(_ words: ReportWords) -> [String: String] {
        words.padded([("posts", .reportPosts), ("contributors", .reportActiveContributors),
                      ("conversations", .managementConversations), ("protected", .managementProtected)])
    }

    static func title(_ kind: ReviewItem.Kind, _ language: Language) -> String {
        switch kind {
        case .enoughIndividuals: language.text(.reviewItemIndividuals)
        case .objectivesActive: language.text(.reviewItemObjectives)
        case .rolesFilled: language.text(.reviewItemRoles)
        case .momentum: language.text(.reviewItemMomentum)
        case .inwardMovement: language.text(.reviewItemInward)
        case .responsiveness: language.text(.reviewItemResponsiveness)
        case .managementBacking: language.text(.reviewItemBacking)
        case .protectedSpaces: language.text(.reviewItemProtected)
        }
    }

    static func markWord(_ mark: ReviewItem.Mark, _ language: Language) -> String {
        switch mark {
        case .green: language.text(.reviewMarkGreen)
        case .amber: language.text(.reviewMarkAmber)
        case .red: language.text(.reviewMarkRed)
        }
    }

    static func kindWord(_ kind: Product.Kind, _ language: Language) -> String {
        switch kind {
        case .solution: language.text(.productKindSolution)
        case .summary: language.text(.productKindSummary)
        case .decision: language.text(.productKindDecision)
        }
    }

    static func colour(_ mark: ReviewItem.Mark) -> String {
        switch mark {
        case .green: "#15803d"
        case .amber: "#b45309"
        case .red: "#b91c1c"
        }
    }
}
