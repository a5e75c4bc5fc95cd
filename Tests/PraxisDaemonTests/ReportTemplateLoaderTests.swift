import Foundation
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
}
