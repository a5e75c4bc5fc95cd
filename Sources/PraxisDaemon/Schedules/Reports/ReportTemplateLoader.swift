import Foundation
import PraxisCommunity

/// Finds the weekly report's templates: `report.txt.mustache` and `report.html.mustache` in a
/// folder (`paths.templates`, the same folder as the digest templates), and per language
/// `report.de.txt.mustache` and so on, each falling back to the compiled-in default when the file
/// is absent.
public enum ReportTemplateLoader {
    public static let textFile = "report.txt.mustache"
    public static let htmlFile = "report.html.mustache"

    /// Reads and parses the templates; a file that cannot be read or does not parse is a
    /// configuration problem naming the file, line and column. The files without a language serve
    /// readers of `communityLanguage` (as they did before there were languages); a reader of
    /// another language gets `report.LANG.txt.mustache` (and `.html`) where the folder has it, else
    /// the built-in one, which writes in every language.
    public static func load(directory: String?, communityLanguage: Language = .standard) throws(DaemonError) -> WeeklyReportTemplates {
        var byLanguage: [Language: WeeklyReportTemplates] = [:]
        for language in Language.allCases {
            let text = try source(directory, textFile, for: language, general: language == communityLanguage)
            let html = try source(directory, htmlFile, for: language, general: language == communityLanguage)
            byLanguage[language] = try parsed(text: text, html: html, directory: directory)
        }
        return WeeklyReportTemplates(.standard, byLanguage: byLanguage)
    }

    /// The templates of `text` and `html`, each absent one the built-in one.
    private static func parsed(
        text: (text: String, path: String)?, html: (text: String, path: String)?, directory: String?
    ) throws(DaemonError) -> WeeklyReportTemplates {
        do {
            return try WeeklyReportTemplates(
                textSource: text?.text ?? WeeklyReportTemplates.standardTextSource,
                htmlSource: html?.text ?? WeeklyReportTemplates.standardHTMLSource)
        } catch {
            let isText = error.template == WeeklyReportTemplates.Part.text.rawValue
            let file = (isText ? text?.path : html?.path) ?? (isText ? textFile : htmlFile) + " (built in)"
            throw .invalidConfiguration([ConfigurationProblem(
                file: file, line: error.line, column: error.column, keyPath: "",
                message: "the report template does not parse: \(error.message)")], in: file)
        }
    }

    /// `report.LANG.….mustache` for `language`, else (for the community's language, `general`)
    /// the file without a language, else nil.
    static func source(
        _ directory: String?, _ name: String, for language: Language, general: Bool
    ) throws(DaemonError) -> (text: String, path: String)? {
        if let own = try source(directory, language.templateFileName(name)) { return own }
        return general ? try source(directory, name) : nil
    }

    static func source(_ directory: String?, _ name: String) throws(DaemonError) -> (text: String, path: String)? {
        guard let directory else { return nil }
        let path = (directory as NSString).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8)
        else {
            throw .unreadableConfiguration(ConfigurationProblem(
                file: path, line: 0, column: 0, keyPath: "", message: "the template cannot be read as UTF-8 text"))
        }
        return (text, path)
    }
}
