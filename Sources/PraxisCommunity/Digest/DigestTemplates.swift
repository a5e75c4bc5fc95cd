import Foundation
import Mustache

/// The Mustache templates a digest is rendered with: one for the plain text, one for the HTML.
///
/// Whatever template is used, post content cannot become markup: the HTML template is rendered
/// with every `{{value}}` HTML-escaped, and templates that could turn escaping off (`{{{…}}}`,
/// `{{&…}}`, pragmas, changed delimiters, partials) are refused.
public struct DigestTemplates: Sendable {
    /// File names in `Config/templates/` and in the operator's `paths.templates` folder.
    public static let textFileName = "digest.txt.mustache"
    public static let htmlFileName = "digest.html.mustache"

    let text: MustacheTemplate
    let html: MustacheTemplate
    /// Templates for readers of one language (an operator's `digest.de.txt.mustache`), over these.
    var byLanguage: [Language: DigestTemplates] = [:]

    /// The file name of the operator's template for readers of `language` only: `digest.de.txt.mustache`.
    public static func fileName(_ general: String, for language: Language) -> String {
        language.templateFileName(general)
    }

    /// Renders the digests of `language`'s readers with `templates`.
    public mutating func use(_ templates: DigestTemplates, for language: Language) {
        var templates = templates
        templates.byLanguage = [:]
        byLanguage[language] = templates
    }

    private func chosen(for document: DigestDocument) -> DigestTemplates { byLanguage[document.language] ?? self }

    /// Parses both templates; the error names which one and what is wrong.
    public init(text: String, html: String) throws(CommunityError) {
        self.text = try EscapedTemplate.parse(text, name: Self.textFileName, contentType: .text)
        self.html = try EscapedTemplate.parse(html, name: Self.htmlFileName, contentType: .html)
    }

    /// The text of the built-in templates, for an operator's folder that overrides only one.
    public static var builtInText: String { BuiltInDigestTemplates.text }
    public static var builtInHTML: String { BuiltInDigestTemplates.html }

    /// The templates shipped in `Config/templates/`, compiled in so a digest never lacks one.
    public static let builtIn: DigestTemplates = {
        do {
            return try DigestTemplates(text: BuiltInDigestTemplates.text, html: BuiltInDigestTemplates.html)
        } catch {
            preconditionFailure("the built-in digest templates parse: \(error)")
        }
    }()

    /// The plain-text rendering of `document`.
    public func renderText(_ document: DigestDocument) -> String { chosen(for: document).text.render(document.view) }

    /// The HTML rendering of `document`.
    public func renderHTML(_ document: DigestDocument) -> String { chosen(for: document).html.render(document.view) }

    /// Both renderings from one view, for the multipart/alternative message.
    public func render(_ document: DigestDocument) -> (text: String, html: String) {
        let view = document.view
        let templates = chosen(for: document)
        return (templates.text.render(view), templates.html.render(view))
    }
}

/// Parses Praxis's Mustache templates (digests, reports' HTML, the web archive's pages) so that
/// content can never become markup: every `{{value}}` is escaped for the template's content type,
/// and what could turn escaping off (`{{{…}}}`, `{{&…}}`, pragmas, changed delimiters, partials)
/// is refused.
public enum EscapedTemplate {
    /// How values are escaped.
    public enum ContentType: Sendable {
        /// Plain text: nothing escaped.
        case text
        /// HTML and XML (Atom): `& < > " '` escaped.
        case html
    }

    /// `text` escaped as `{{value}}` is in an HTML template, for HTML that Praxis's own code
    /// writes around values (the archive's laid-out post text, `PlacedHTML`).
    public static func escapeHTML(_ text: String) -> String { HTMLEscaping.escape(text) }

    private static let contentTypesRegistered: Void = {
        MustacheContentTypes.register(HTMLEscaping(), named: HTMLEscaping.name)
    }()

    /// The template `source`, called `name` in errors.
    public static func parse(_ source: String, name: String, contentType: ContentType) throws(CommunityError) -> MustacheTemplate {
        _ = contentTypesRegistered
        for (marker, what) in [("{{{", "triple braces"), ("{{&", "{{&"), ("{{%", "pragmas"), ("{{=", "changed delimiters"), ("{{>", "partials"), ("{{<", "parents"), ("{{$", "blocks")]
        where source.contains(marker) {
            throw CommunityError(.digestTemplate, "\(name) uses \(what) (\(marker)), which Praxis templates do not allow: every value is inserted escaped")
        }
        let type = contentType == .html ? HTMLEscaping.name : "TEXT"
        do {
            // The content type is set here, not left to the template, so escaping cannot be chosen away.
            return try MustacheTemplate(string: "{{%CONTENT_TYPE:\(type)}}" + source)
        } catch {
            throw CommunityError(.digestTemplate, "\(name) is not a valid Mustache template: \(error)")
        }
    }
}

/// HTML escaping over UTF-8 bytes: the library's escaper goes character by character through a
/// dictionary, which dominated rendering 10,000 digests.
struct HTMLEscaping: MustacheContentType {
    static let name = "PRAXIS_HTML"

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 64)
        for byte in utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
