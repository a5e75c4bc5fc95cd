import Foundation
import PraxisCommunity
import Testing
@testable import PraxisWeb

/// The archive's templates: the compiled-in ones are the shipped files, and an operator's
/// template cannot turn escaping off or lose the layout's place for the page.
@Suite("Web templates")
struct WebTemplatesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/templates/web")

    @Test func compiledInTemplatesAreTheShippedFiles() throws {
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).sorted()
        #expect(shipped == WebTemplates.fileNames)
        for name in shipped {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            #expect(WebTemplates.builtInSource(name) == text, "\(name) differs from the compiled-in text; run scripts/write-web-templates.py")
        }
    }

    static let refused: [(name: String, source: String, words: String)] = [
        ("thread.html.mustache", "{{{subject}}}", "triple braces"),
        ("home.html.mustache", "{{&community}}", "{{&"),
        ("home.html.mustache", "{{=<% %>=}}<%community%>", "changed delimiters"),
        ("home.html.mustache", "{{%CONTENT_TYPE:TEXT}}{{community}}", "pragmas"),
        ("home.html.mustache", "{{> other}}", "partials"),
        ("layout.html.mustache", "<html>no place for the page</html>", "{{content}} exactly once"),
        ("layout.html.mustache", "{{content}}{{content}}", "{{content}} exactly once"),
        ("month.html.mustache", "{{#posts}}unclosed", "not a valid Mustache template"),
    ]

    @Test(arguments: refused)
    func unsafeOrBrokenTemplatesAreRefused(_ example: (name: String, source: String, words: String)) {
        do {
            _ = try WebTemplates(sources: [example.name: example.source])
            Issue.record("\(example.name) was accepted")
        } catch {
            #expect(error.message.contains(example.words), "\(error.message)")
        }
    }

    @Test func valuesAreEscapedInEveryOperatorTemplate() throws {
        let templates = try WebTemplates(sources: ["error.html.mustache": "<p title=\"{{heading}}\">{{explanation}}</p>"])
        let html = templates.renderPage("error.html.mustache", [
            "heading": "\"><script>x</script>", "explanation": "<img src=x onerror=alert(1)>", "title": "t", "community": "c",
        ])
        #expect(!html.contains("<script>") && !html.contains("<img"))
        #expect(html.contains("&quot;&gt;&lt;script&gt;"))
    }
}
