import Foundation
@testable import PraxisCommunity
import Testing

/// The weekly report's dates and counts in each language (issue 22 §1 and §4), as pure rendering:
/// a date carries its year only when the week is not in the year the report is made, and every
/// count takes the form the language's plural rule asks for (French counts 0 as singular).
@Suite("Weekly report wording per language")
struct ReportWordingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var language: Language
        /// The invitation of Monday 3 May 2004, 10:00 UTC, in a report made in 2026, then in 2004.
        var invitedWithYear: String
        var invitedWithoutYear: String
        /// A sub-issue with 1 post in 2 threads by 1 contributor, and one with nothing.
        var oneAndTwo: String
        var zero: String
        var testDescription: String { language.rawValue }
    }

    static let cases: [Case] = [
        Case(language: .en, invitedWithYear: "invited 3 May 2004, 10:00", invitedWithoutYear: "invited 3 May, 10:00",
             oneAndTwo: "1 post, 2 threads, 1 contributor", zero: "0 posts, 0 threads, 0 contributors"),
        Case(language: .de, invitedWithYear: "eingeladen am 3. Mai 2004, 10:00 Uhr", invitedWithoutYear: "eingeladen am 3. Mai, 10:00 Uhr",
             oneAndTwo: "1 Beitrag, 2 Diskussionen, 1 beitragende Person", zero: "0 Beiträge, 0 Diskussionen, 0 beitragende Personen"),
        Case(language: .fr, invitedWithYear: "invité le 3 mai 2004 à 10:00", invitedWithoutYear: "invité le 3 mai à 10:00",
             oneAndTwo: "1 message, 2 fils, 1 contributeur", zero: "0 message, 0 fil, 0 contributeur"),
        Case(language: .es, invitedWithYear: "invitado el 3 de mayo de 2004, 10:00", invitedWithoutYear: "invitado el 3 de mayo, 10:00",
             oneAndTwo: "1 mensaje, 2 hilos, 1 participante", zero: "0 mensajes, 0 hilos, 0 participantes"),
    ]

    static func figures(preparedIn year: Int) throws -> WeeklyReportFigures {
        let week = try #require(ISOWeek(year: 2004, week: 20))
        let interval = week.interval(in: .gmt)
        var figures = WeeklyReportFigures(
            communityName: "CoP", week: week, timeZone: .gmt, start: interval.start, end: interval.end,
            headline: .init(posts: 1, previousFourWeekMean: 0, threads: 2, newThreads: 1, activeContributors: 1,
                            newContributors: 0, newMembers: 0, membersLeft: 0, members: 3),
            subIssues: [
                .init(id: "cycling", name: "Cycling", isProtected: false, posts: 1, threads: 2, contributors: 1, innerCircle: 0,
                      trend: [], lastPostAt: nil),
                .init(id: "parking", name: "Parking", isProtected: false, posts: 0, threads: 0, contributors: 0, innerCircle: 0,
                      trend: [], lastPostAt: nil),
            ],
            circles: .init(),
            attention: .init(unansweredInvitations: [
                .init(address: "zoe@example.org", invitedAt: Date(timeIntervalSince1970: 1_083_578_400)),
            ]),
            classification: .init(confidenceThreshold: 0.6), operations: .init(), review: .init(), members: [])
        figures.preparedAt = try #require(Calendar(identifier: .gregorian).date(from: DateComponents(
            timeZone: .gmt, year: year, month: 6, day: 1)))
        return figures
    }

    @Test(arguments: cases)
    func datesCarryTheYearOnlyOutsideTheCurrentYear(_ expected: Case) throws {
        let later = try Self.figures(preparedIn: 2026).renderedText(in: expected.language)
        #expect(later.contains(expected.invitedWithYear), "\(later)")
        let sameYear = try Self.figures(preparedIn: 2004).renderedText(in: expected.language)
        #expect(sameYear.contains(expected.invitedWithoutYear), "\(sameYear)")
        #expect(!sameYear.contains("2004,") && !sameYear.contains("2004 à"))
    }

    @Test(arguments: cases)
    func countsTakeTheLanguagesPluralForms(_ expected: Case) throws {
        let text = try Self.figures(preparedIn: 2026).renderedText(in: expected.language)
        #expect(text.contains(expected.oneAndTwo), "\(text)")
        #expect(text.contains(expected.zero), "\(text)")
        let html = try Self.figures(preparedIn: 2026).renderedHTML(in: expected.language)
        #expect(html.contains("<html lang=\"\(expected.language.rawValue)\">"))
        #expect(html.contains(expected.oneAndTwo))
    }
}
