import Foundation
import Testing
@testable import PraxisWeb

/// Placing HTML that Praxis wrote into a rendered page (`PlacedHTML`): only its own markers are
/// replaced, and a thread template of the older layout still lays the text out itself.
@Suite("Archive: placed HTML")
struct PlacedHTMLTests {
    /// Text that looks like a marker (any number, the marker's prefix, a truncated one) stays text.
    @Test(arguments: ["\u{E000}praxis-0-0;", "\u{E000}praxis-", "\u{E000}", "\u{E000}praxis-ffff-1;x", "plain"])
    func aMessageCannotForgeAMarker(_ forged: String) {
        let placed = PlacedHTML()
        let placeholder = placed.place("<b>ours</b>")
        let page = "<p>" + forged + "</p>" + placeholder.renderText + "<p>" + forged + "</p>"
        #expect(placed.filled(page) == "<p>" + forged + "</p><b>ours</b><p>" + forged + "</p>")
    }

    @Test func eachPlaceholderGetsItsOwnFragment() {
        let placed = PlacedHTML()
        let fragments = (0..<12).map { "<i>\($0)</i>" }
        let page = fragments.map { "[" + placed.place($0).renderText + "]" }.joined()
        #expect(placed.filled(page) == fragments.map { "[" + $0 + "]" }.joined())
    }

    @Test func anOperatorsThreadTemplateOfTheOlderLayoutStillLaysOutTheText() async throws {
        let older = """
            {{#posts}}<article>{{#blocks}}{{#isQuote}}<q>{{lineCount}}</q>{{/isQuote}}{{^isQuote}}{{#lines}}\
            {{#pieces}}{{#link}}<a href="{{link}}">{{text}}</a>{{/link}}{{^link}}{{text}}{{/link}}{{/pieces}}|{{/lines}}\
            {{/isQuote}}{{/blocks}}</article>{{/posts}}
            """
        let templates = try WebTemplates(sources: ["thread.html.mustache": older])
        #expect(templates.threadLaysOutLines && !WebTemplates.builtIn.threadLaysOutLines)
        let fixture = try ArchivePagesTests.populated()
        let site = try ArchiveSite(
            settings: fixture.settings(), database: fixture.database, maildir: fixture.maildir, templates: templates,
            logger: .init(label: "placed-html-test"))
        let page = ArchivePagesTests.get(site, "/t/evil@example.org/").text
        #expect(page.contains("<a href=\"https://example.org/plan.pdf\">https://example.org/plan.pdf</a>)."))
        #expect(page.contains("<q>2 lines</q>") && page.contains("&lt;script&gt;alert(3)&lt;/script&gt;\nClick"))
        #expect(!page.contains("\u{E000}"))
    }

    /// The search page's snippets, placed, are what the older layout's sections made of them, byte
    /// for byte (an operator's copy of the search template from before, the built-in line of then).
    @Test func anOperatorsSearchTemplateOfTheOlderLayoutStillLaysOutTheSnippets() throws {
        let builtIn = try #require(BuiltInWebTemplates.files["search.html.mustache"])
        let older = builtIn.replacingOccurrences(
            of: "{{snippetHTML}}",
            with: "{{#snippet}}{{#isMatch}}<mark>{{text}}</mark>{{/isMatch}}{{^isMatch}}{{text}}{{/isMatch}}{{/snippet}}")
        #expect(older != builtIn)
        let templates = try WebTemplates(sources: ["search.html.mustache": older])
        #expect(templates.searchLaysOutSnippets && !WebTemplates.builtIn.searchLaysOutSnippets)
        let fixture = try ArchivePagesTests.populated()
        let site = try fixture.site()
        let olderSite = try ArchiveSite(
            settings: fixture.settings(), database: fixture.database, maildir: fixture.maildir, templates: templates,
            logger: .init(label: "placed-html-test"))
        // Matches in the text (marked in the snippet), in the subject only (not marked), none.
        for query in ["/search?q=alert", "/search?q=paint+green", "/search?q=bike", "/search?q=lanes&order=best", "/search?q=zzzz"] {
            let page = ArchivePagesTests.get(site, query).text
            #expect(page.contains("<mark>") == ["/search?q=alert", "/search?q=paint+green"].contains(query), "\(query)")
            #expect(page == ArchivePagesTests.get(olderSite, query).text, "\(query)")
            #expect(!page.contains("\u{E000}"))
        }
    }
}
