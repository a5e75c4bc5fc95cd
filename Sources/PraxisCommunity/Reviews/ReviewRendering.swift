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

    /// The review as plain text.
    public func renderedText(with templates: ReviewTemplates = .standard) -> String {
        Self.trimmed(templates.text.render(context(forSponsor: false)))
    }

    /// The review as one HTML document with inline styles only.
    public func renderedHTML(with templates: ReviewTemplates = .standard) -> String {
        templates.html.render(context(forSponsor: false))
    }

    /// The management summary: figures and marks, no per-sub-issue evidence, no author of a decision.
    public func renderedSummary(with templates: ReviewTemplates = .standard) -> String {
        Self.trimmed(templates.summary.render(context(forSponsor: true)))
    }

    /// Mustache leaves the blank line of a standalone pragma tag; mail readers need no leading
    /// blank, and a terminal wants the last line ended.
    private static func trimmed(_ text: String) -> String {
        var text = text
        while text.hasPrefix("\n") { text.removeFirst() }
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    /// The review mail to the core group: text and HTML alternatives.
    public func message(to recipients: [String], from community: Community, at time: Date,
                        templates: ReviewTemplates = .standard) -> OutgoingMessage {
        mail(to: recipients, from: community, at: time, subject: "Review of \(assessment.quarter)",
             body: .alternative(plain: renderedText(with: templates), html: renderedHTML(with: templates)))
    }

    /// The management summary mail to the sponsor: plain text.
    public func summaryMessage(to sponsor: String, from community: Community, at time: Date,
                               templates: ReviewTemplates = .standard) -> OutgoingMessage {
        mail(to: [sponsor], from: community, at: time, subject: "Management summary \(assessment.quarter)",
             body: .plain(renderedSummary(with: templates)))
    }

    private func mail(to recipients: [String], from community: Community, at time: Date, subject: String,
                      body: OutgoingBody) -> OutgoingMessage {
        let domain = AddressSyntax.split(community.listAddress).map { String($0.domain) } ?? "praxis.invalid"
        return OutgoingMessage(
            from: MailAddress(name: community.name, address: community.ownerAddress),
            to: recipients.map { MailAddress(name: nil, address: $0) },
            subject: "[\(community.name)] \(subject)", date: time,
            timeZoneOffsetSeconds: timeZone.secondsFromGMT(for: time),
            messageID: MessageIDGenerator.make(domain: domain),
            extraHeaders: [("Auto-Submitted", "auto-generated"), ("X-Loop", community.listAddress), ("Precedence", "list")],
            body: body)
    }

    func context(forSponsor: Bool) -> [String: Any] {
        let figures = assessment.figures
        let dates = ReportDateStyle(timeZone: timeZone)
        var context: [String: Any] = [
            "community": communityName, "quarter": figures.quarter.description,
            "previousQuarter": figures.quarter.previous.description, "timeZone": timeZone.identifier,
            "period": dates.period(figures.start, figures.end), "recommendation": assessment.recommendation.rawValue,
            "posts": figures.posts, "previousPosts": figures.previousPosts, "contributors": figures.contributors,
            "previousContributors": figures.previousContributors, "openers": figures.openers,
            "unanswered": figures.unanswered, "protectedSubIssues": figures.protectedSubIssues,
            "protectedInUse": figures.protectedInUse,
            "items": assessment.items.map { item -> [String: Any] in
                var entry: [String: Any] = ["id": item.kind.rawValue, "title": item.kind.title, "mark": item.mark.rawValue,
                                            "colour": Self.colour(item.mark)]
                guard !forSponsor else { return entry }
                entry["evidence"] = item.evidence
                entry["subIssues"] = item.subIssues.map {
                    ["id": $0.id, "mark": $0.mark.rawValue, "colour": Self.colour($0.mark), "evidence": $0.evidence]
                }
                return entry
            },
        ]
        if figures.isPartial { context["partial"] = true }
        context["products"] = products.map { product -> [String: Any] in
            var entry: [String: Any] = ["kind": product.kindLabel, "subject": product.subject, "sub_issue": product.subIssue,
                                        "date": dates.day(product.markedAt)]
            if let note = product.note { entry["note"] = note }
            if let link = archive?.threadURL(product.threadMessageID) { entry["link"] = link }
            return entry
        }
        if !forSponsor { context["reasons"] = assessment.reasons.map { ["text": $0] } }
        if let decision = lastDecision {
            var entry: [String: Any] = ["decision": decision.decision.rawValue, "note": decision.note,
                                        "quarter": decision.quarter.description, "date": dates.day(decision.decidedAt)]
            if !forSponsor { entry["by"] = decision.by }
            context["lastDecision"] = entry
        }
        return context
    }

    static func colour(_ mark: ReviewItem.Mark) -> String {
        switch mark {
        case .green: "#15803d"
        case .amber: "#b45309"
        case .red: "#b91c1c"
        }
    }
}
