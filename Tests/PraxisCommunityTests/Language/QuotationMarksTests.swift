import Foundation
@testable import PraxisCommunity
import Testing

/// Quotation marks per language (issue 22 §1): “…” in English, „…“ in German, « … » with narrow
/// no-break spaces inside in French, «…» in Spanish, in the one rule (`Language.quotationMarks`),
/// in the catalog's sentences and in the weekly report's subjects.
@Suite("Quotation marks per language")
struct QuotationMarksTests {
    static let cases: [(Language, String)] = [
        (.en, "“Bike lanes”"),
        (.de, "„Bike lanes“"),
        (.fr, "«\u{202F}Bike lanes\u{202F}»"),
        (.es, "«Bike lanes»"),
    ]

    @Test(arguments: cases)
    func theRuleQuotesAsTheLanguageWrites(_ language: Language, _ expected: String) {
        let (open, close) = language.quotationMarks
        #expect(open + "Bike lanes" + close == expected)
    }

    /// The marks no sentence of a language may hold: another language's quotation marks, ASCII
    /// quotes aside (the catalog writes commands between them in places).
    static func foreignMarks(_ language: Language) -> [Character] {
        switch language {
        case .en: ["„", "«", "»"]
        case .de: ["«", "»", "”"]
        case .fr, .es: ["„", "“", "”"]
        }
    }

    @Test(arguments: Language.allCases)
    func everySentenceOfTheCatalogQuotesAsItsLanguage(_ language: Language) {
        let (open, close) = language.quotationMarks
        for key in MessageKey.allCases {
            guard let phrase = language.entries[key] else { continue }
            for text in phrase.forms {
                let foreign = text.filter { Self.foreignMarks(language).contains($0) }
                #expect(foreign.isEmpty, "\(language.rawValue) \(key): \(text)")
                // Marks come in pairs, each opening one closed; in French with the narrow no-break space.
                let opens = text.components(separatedBy: open).count - 1
                let closes = text.components(separatedBy: close).count - 1
                #expect(opens == closes, "\(language.rawValue) \(key): \(text)")
                if language == .fr {
                    #expect(!text.contains("« ") && !text.contains(" »"), "a breaking space inside guillemets: \(key): \(text)")
                }
            }
        }
    }

    @Test(arguments: cases)
    func theReportQuotesSubjectsAsTheLanguageWrites(_ language: Language, _ expected: String) throws {
        var figures = try ReportWordingTests.figures(preparedIn: 2026)
        figures.attention.unanswered = [.init(
            messageID: "a@example.org", subject: "Bike lanes", subIssue: "cycling", author: "ann@example.org",
            startedAt: figures.start)]
        let text = figures.renderedText(in: language)
        #expect(text.contains("  - \(expected) "), "\(text)")
        let html = figures.renderedHTML(in: language)
        #expect(html.contains(expected), "\(html)")
        for mark in Self.foreignMarks(language) {
            #expect(!text.contains(mark) && !html.contains(mark), "\(mark) in the \(language.rawValue) report")
        }
        #expect(!html.contains("&ldquo;") && !text.contains("\"Bike lanes\""))
    }
}
