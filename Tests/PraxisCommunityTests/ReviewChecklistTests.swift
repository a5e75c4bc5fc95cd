import Foundation
import Testing
@testable import PraxisCommunity

/// The CoP checklist as a pure decision (issue 21 item 5): figures in, marks and a recommendation out.
@Suite("Review checklist")
struct ReviewChecklistTests {
    static let utc = TimeZone(identifier: "UTC") ?? .gmt
    static let q2 = Quarter(year: 2004, number: 2) ?? Quarter(containing: Date(), in: utc)
    static var interval: (start: Date, end: Date) { q2.interval(in: utc) }
    static let day: TimeInterval = 86_400

    /// A healthy quarter: every item green.
    static func healthy() -> QuarterFigures {
        QuarterFigures(
            quarter: q2, start: interval.start, end: interval.end, asOf: interval.end.addingTimeInterval(day),
            startedAt: interval.start.addingTimeInterval(-400 * day), posts: 120, contributors: 14, previousPosts: 110,
            previousContributors: 13,
            subIssues: [
                .init(id: "general", posts: 80, contributors: 12, innerCircle: 4),
                .init(id: "cycling", posts: 30, contributors: 5, innerCircle: 3, moderators: 1, moderatorsActive: 1),
                .init(id: "procurement", isProtected: true, posts: 10, contributors: 2, innerCircle: 2),
            ],
            objectives: [.init(id: "exchange", text: "Exchange practice", subIssues: ["cycling"], posts: 30, contributors: 5)],
            coreGroup: 2, coreActive: 2, promotions: 2, openers: 40, unanswered: 4, medianFirstReply: 5 * 3600,
            sponsorNamed: true, organisationDigest: true, organisationDigestsSent: 12)
    }

    static func mark(_ assessment: ReviewAssessment, _ kind: ReviewItem.Kind) -> ReviewItem.Mark? { assessment.item(kind)?.mark }

    // The edge cases first: each must give a sensible recommendation, never a crash or a verdict
    // on nothing.
    static let edges: [(String, QuarterFigures, ReviewAssessment.Recommendation, String)] = [
        ("an empty community", QuarterFigures(quarter: q2, start: interval.start, end: interval.end,
                                              asOf: interval.end.addingTimeInterval(day), startedAt: nil),
         .continue, "had not started"),
        ("a quarter in the future", QuarterFigures(quarter: q2, start: interval.start, end: interval.end,
                                                   asOf: interval.start.addingTimeInterval(-day),
                                                   startedAt: interval.start.addingTimeInterval(-800 * day)),
         .continue, "has not begun"),
        ("a community younger than the quarter", {
            var figures = healthy()
            figures.startedAt = interval.start.addingTimeInterval(30 * day)
            figures.previousPosts = 0
            figures.previousContributors = 0
            return figures
        }(), .continue, "No item is red"),
        ("a quarter with no posts", {
            var figures = healthy()
            figures.posts = 0
            figures.contributors = 0
            figures.openers = 0
            figures.unanswered = 0
            figures.medianFirstReply = nil
            figures.promotions = 0
            figures.coreActive = 0
            figures.subIssues = figures.subIssues.map { .init(id: $0.id, isProtected: $0.isProtected) }
            figures.objectives = figures.objectives.map { .init(id: $0.id, text: $0.text, subIssues: $0.subIssues) }
            return figures
        }(), .disband, "Nobody posted in 2004-Q2"),
    ]

    @Test(arguments: edges)
    func edgeCases(name: String, figures: QuarterFigures, expected: ReviewAssessment.Recommendation, reason: String) {
        let assessment = ReviewChecklist.assess(figures)
        #expect(assessment.items.map(\.kind) == ReviewItem.Kind.allCases, "\(name)")
        #expect(assessment.recommendation == expected, "\(name): \(assessment.reasons)")
        #expect(assessment.reasons.first?.contains(reason) == true, "\(name): \(assessment.reasons)")
        #expect(assessment.items.allSatisfy { !$0.evidence.isEmpty })
    }

    @Test func aHealthyQuarterIsAllGreenAndContinues() {
        let assessment = ReviewChecklist.assess(Self.healthy())
        #expect(assessment.items.filter { $0.mark != .green }.map(\.kind.rawValue) == [])
        #expect(assessment.recommendation == .continue)
        #expect(assessment.item(.enoughIndividuals)?.evidence == "14 individuals posted in 2004-Q2 (at least 5 wanted).")
        #expect(assessment.item(.responsiveness)?.evidence
            == "4 of 40 conversations opened got no reply from someone else; the median first reply came after 5 h.")
    }

    /// (what changes, the item, its mark, the recommendation)
    static let changes: [(String, @Sendable (inout QuarterFigures) -> Void, ReviewItem.Kind, ReviewItem.Mark, ReviewAssessment.Recommendation)] = [
        ("four contributors", { $0.contributors = 4 }, .enoughIndividuals, .red, .refocus),
        ("a sub-issue with one voice", { $0.subIssues[1].contributors = 1 }, .enoughIndividuals, .amber, .continue),
        ("an objective with 2 posts", { $0.objectives[0].posts = 2 }, .objectivesActive, .red, .refocus),
        ("no objectives", { $0.objectives = [] }, .objectivesActive, .amber, .refocus),
        ("no core group", { $0.coreGroup = 0; $0.coreActive = 0 }, .rolesFilled, .red, .refocus),
        ("a silent core group", { $0.coreActive = 0 }, .rolesFilled, .red, .refocus),
        ("an inner circle of one", { $0.subIssues[1].innerCircle = 1 }, .rolesFilled, .amber, .continue),
        ("silent moderators", { $0.subIssues[1].moderatorsActive = 0 }, .rolesFilled, .amber, .continue),
        ("posts down 30 %", { $0.posts = 77 }, .momentum, .amber, .continue),
        ("contributors halved", { $0.contributors = 6 }, .momentum, .red, .refocus),
        ("exactly 80 %", { $0.posts = 88 }, .momentum, .green, .continue),
        ("no promotion", { $0.promotions = 0 }, .inwardMovement, .amber, .continue),
        ("a third unanswered", { $0.unanswered = 13 }, .responsiveness, .amber, .continue),
        ("most unanswered", { $0.unanswered = 21 }, .responsiveness, .red, .refocus),
        ("slow replies", { $0.medianFirstReply = 49 * 3600 }, .responsiveness, .amber, .continue),
        ("no sponsor, a digest", { $0.sponsorNamed = false }, .managementBacking, .amber, .continue),
        ("no sponsor, no digest", { $0.sponsorNamed = false; $0.organisationDigestsSent = 0 }, .managementBacking, .red, .refocus),
        ("an unused protected space", { $0.subIssues[2].posts = 0 }, .protectedSpaces, .amber, .continue),
        ("three reds", { $0.contributors = 3; $0.coreActive = 0; $0.objectives[0].posts = 0 }, .momentum, .red, .disband),
    ]

    @Test(arguments: changes)
    func oneChangeMovesOneMark(
        name: String, change: @Sendable (inout QuarterFigures) -> Void, kind: ReviewItem.Kind, mark: ReviewItem.Mark,
        recommendation: ReviewAssessment.Recommendation
    ) {
        var figures = Self.healthy()
        change(&figures)
        let assessment = ReviewChecklist.assess(figures)
        #expect(Self.mark(assessment, kind) == mark, "\(name): \(assessment.item(kind)?.evidence ?? "")")
        #expect(assessment.recommendation == recommendation, "\(name): \(assessment.reasons)")
    }

    @Test func thresholdsAreTheOperators() {
        var thresholds = ReviewThresholds()
        thresholds.individuals = 20
        thresholds.innerCircle = 5
        let assessment = ReviewChecklist.assess(Self.healthy(), thresholds: thresholds)
        #expect(Self.mark(assessment, .enoughIndividuals) == .red)
        #expect(Self.mark(assessment, .rolesFilled) == .amber)
        #expect(assessment.item(.rolesFilled)?.subIssues.map(\.mark) == [.amber, .amber, .amber])
    }

    @Test func perSubIssueMarksNameEachSubIssue() {
        var figures = Self.healthy()
        figures.subIssues[1].contributors = 1
        let item = ReviewChecklist.assess(figures).item(.enoughIndividuals)
        #expect(item?.subIssues.map(\.id) == ["general", "cycling", "procurement"])
        #expect(item?.subIssues.map(\.mark) == [.green, .amber, .green])
        #expect(item?.subIssues[1].evidence == "1 contributor in cycling (at least 2 wanted).")
    }

    @Test func aQuarterStillRunningSaysSo() {
        var figures = Self.healthy()
        figures.asOf = Self.interval.end.addingTimeInterval(-10 * Self.day)
        let assessment = ReviewChecklist.assess(figures)
        #expect(assessment.reasons.first == "2004-Q2 is not over yet: these are the figures so far.")
    }
}

@Suite("Quarter")
struct QuarterTests {
    static let parsed: [(String, Int?, Int?)] = [
        ("2004-Q2", 2004, 2), ("2004-q4", 2004, 4), ("0001-Q1", 1, 1),
        ("2004-Q0", nil, nil), ("2004-Q5", nil, nil), ("2004Q2", nil, nil), ("04-Q2", nil, nil), ("2004-Q22", nil, nil),
        ("", nil, nil), ("２００４-Q2", nil, nil), ("2004-W20", nil, nil),
    ]

    @Test(arguments: parsed)
    func parsing(text: String, year: Int?, number: Int?) {
        let quarter = Quarter(parsing: text)
        #expect(quarter?.year == year && quarter?.number == number, "\(text)")
        if let quarter { #expect(Quarter(parsing: quarter.description) == quarter) }
    }

    @Test func intervalsAreLocalAndContiguous() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let q2 = try #require(Quarter(year: 2004, number: 2))
        let (start, end) = q2.interval(in: berlin)
        #expect(start == Date(timeIntervalSince1970: 1_080_770_400))  // 2004-03-31T22:00:00Z (CEST)
        #expect(end == Date(timeIntervalSince1970: 1_088_632_800))    // 2004-06-30T22:00:00Z
        #expect(q2.previous.interval(in: berlin).end == start)
        #expect(q2.next.interval(in: berlin).start == end)
        #expect(Quarter(containing: start, in: berlin) == q2)
        #expect(Quarter(containing: start.addingTimeInterval(-1), in: berlin) == q2.previous)
        #expect(try #require(Quarter(year: 2004, number: 1)).previous.description == "2003-Q4")
        #expect(Quarter.lastComplete(before: start.addingTimeInterval(3600), in: berlin).description == "2004-Q1")
    }
}
