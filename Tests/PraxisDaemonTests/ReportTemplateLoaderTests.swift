import Foundation
import PraxisCommunity
import Testing
@testable import PraxisDaemon

@Suite("Report templates from the operator's folder")
struct ReportTemplateLoaderTests {
    /// A template that does not parse is a configuration problem naming the file, the line and
    /// the parser's words; the other template, absent, falls back to the built-in one.
    @Test(arguments: [ReportTemplateLoader.textFile, ReportTemplateLoader.htmlFile])
    func brokenTemplateNamesItsFileAndLine(name: String) throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("fine\n{{#open}}\nnever closed\n", to: name)
        do {
            _ = try ReportTemplateLoader.load(directory: scratch.url.path)
            Issue.record("a template with an unclosed section was accepted")
        } catch {
            let problem = try #require(error.problems.first)
            #expect(problem.file == path)
            #expect(problem.line > 0)
            #expect(problem.message.hasPrefix("the report template does not parse: "), "\(problem)")
            #expect(!error.isFileUnreadable)
        }
    }

    @Test func absentFilesFallBackToTheBuiltInOnes() throws {
        let scratch = try ScratchDirectory()
        _ = try ReportTemplateLoader.load(directory: scratch.url.path)
        _ = try ReportTemplateLoader.load(directory: nil)
    }

    /// `report.de.txt.mustache` serves German readers only; `report.txt.mustache` serves readers of
    /// `community.language`; everyone else gets the built-in template, which writes in their language.
    @Test func aLanguagesOwnTemplateServesItsReadersOnly() throws {
        let scratch = try ScratchDirectory()
        _ = try scratch.write("Eigener Bericht {{week}}\n", to: "report.de.txt.mustache")
        _ = try scratch.write("Own report {{week}}\n", to: "report.txt.mustache")
        _ = try scratch.write("{{#broken}}\n", to: "report.es.html.mustache")
        let week = try #require(ISOWeek(year: 2004, week: 20))
        let interval = week.interval(in: .gmt)
        let figures = WeeklyReportFigures(
            communityName: "CoP", week: week, timeZone: .gmt, start: interval.start, end: interval.end,
            headline: .init(posts: 0, previousFourWeekMean: 0, threads: 0, newThreads: 0, activeContributors: 0,
                            newContributors: 0, newMembers: 0, membersLeft: 0, members: 0),
            subIssues: [], circles: .init(), attention: .init(), classification: .init(confidenceThreshold: 0.6),
            operations: .init(), review: .init(), members: [])
        // A broken file for one language is a problem naming that file, like any other.
        #expect(throws: DaemonError.self) { try ReportTemplateLoader.load(directory: scratch.url.path) }
        try FileManager.default.removeItem(at: scratch.url.appendingPathComponent("report.es.html.mustache"))

        let templates = try ReportTemplateLoader.load(directory: scratch.url.path, communityLanguage: .en)
        #expect(figures.renderedText(with: templates, in: .de) == "Eigener Bericht 2004-W20\n")
        #expect(figures.renderedText(with: templates, in: .en) == "Own report 2004-W20\n")
        #expect(figures.renderedText(with: templates, in: .fr).hasPrefix("CoP - Rapport hebdomadaire 2004-W20\n"))
        // The German reader's HTML is the built-in one, in German.
        #expect(figures.renderedHTML(with: templates, in: .de).contains("<html lang=\"de\">"))
        // With German as the community's language, the file without a language is not used for English.
        let german = try ReportTemplateLoader.load(directory: scratch.url.path, communityLanguage: .de)
        #expect(figures.renderedText(with: german, in: .en).hasPrefix("CoP - Weekly report 2004-W20\n"))
        #expect(figures.renderedText(with: german, in: .de) == "Eigener Bericht 2004-W20\n")
    }
}
