import Mustache
import PraxisCommunity

/// The archive's page templates and its stylesheet: the compiled-in defaults, each replaceable by
/// a file of the same name in `paths.templates/web/` (DESIGN.md §8). Parsed like the digest
/// templates (`EscapedTemplate`): every value is inserted escaped, so post content cannot become
/// markup whatever template an operator writes.
public struct WebTemplates: Sendable {
    /// The folder under `paths.templates` that holds overrides.
    public static let folderName = "web"
    public static let stylesheetName = "style.css"
    /// Every file the archive reads, templates and stylesheet.
    public static var fileNames: [String] { BuiltInWebTemplates.files.keys.sorted() }
    /// The compiled-in text of `name`.
    public static func builtInSource(_ name: String) -> String? { BuiltInWebTemplates.files[name] }

    /// The layout's parts before and after `{{content}}`, where each page's own template goes.
    let layoutTop: MustacheTemplate
    let layoutBottom: MustacheTemplate
    let pages: [String: MustacheTemplate]
    let stylesheet: String
    /// The thread template is of the older layout that walks each post's `{{#blocks}}` of
    /// `{{#lines}}` itself (an operator's copy made before the text came as `{{text}}`).
    let threadLaysOutLines: Bool
    /// The search template is of the older layout that walks each hit's `{{#snippet}}` segments
    /// itself (made before the snippet came as `{{snippetHTML}}`).
    let searchLaysOutSnippets: Bool

    /// Parses `sources` (file name → text; names not given use the built-in text). The error
    /// names the file and what is wrong.
    public init(sources: [String: String] = [:]) throws(CommunityError) {
        func source(_ name: String) -> String { sources[name] ?? BuiltInWebTemplates.files[name] ?? "" }
        let layout = source("layout.html.mustache")
        let halves = layout.components(separatedBy: "{{content}}")
        guard halves.count == 2 else {
            throw CommunityError(.digestTemplate, "layout.html.mustache must hold {{content}} exactly once, where each page goes")
        }
        layoutTop = try EscapedTemplate.parse(halves[0], name: "layout.html.mustache (before {{content}})", contentType: .html)
        layoutBottom = try EscapedTemplate.parse(halves[1], name: "layout.html.mustache (after {{content}})", contentType: .html)
        var pages: [String: MustacheTemplate] = [:]
        for name in Self.fileNames where name.hasSuffix(".mustache") && name != "layout.html.mustache" {
            pages[name] = try EscapedTemplate.parse(source(name), name: name, contentType: .html)
        }
        self.pages = pages
        threadLaysOutLines = source("thread.html.mustache").contains("{{#blocks}}")
        searchLaysOutSnippets = source("search.html.mustache").contains("{{#snippet}}")
        stylesheet = source(Self.stylesheetName)
    }

    /// The built-in templates.
    public static let builtIn: WebTemplates = {
        do {
            return try WebTemplates()
        } catch {
            preconditionFailure("the built-in web templates parse: \(error)")
        }
    }()

    /// An HTML page: `page`'s template inside the layout, both given `view`.
    func renderPage(_ page: String, _ view: [String: Any]) -> String {
        let body = pages[page]?.render(view) ?? ""
        return layoutTop.render(view) + body + layoutBottom.render(view)
    }

    /// A document that is not an HTML page (the Atom feed).
    func render(_ name: String, _ view: [String: Any]) -> String { pages[name]?.render(view) ?? "" }
}
