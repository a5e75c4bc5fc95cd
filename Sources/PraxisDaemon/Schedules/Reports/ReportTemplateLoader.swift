import Foundation
import PraxisCommunity

/// Finds the weekly report's templates: `report.txt.mustache` and `report.html.mustache` in a
/// folder (`paths.templates`, the same folder as the digest templates), each falling back to the
/// compiled-in default when the file is absent.
public enum ReportTemplateLoader {
    public static let textFile = "report.txt.mustache"
    public static let htmlFile = "report.html.mustache"

    /// Reads and parses the templates; a file that cannot be read or does not parse is a
    /// configuration problem naming the file, line and column.
    public static func load(directory: String?) throws(DaemonError) -> WeeklyReportTemplates {
        let text = try source(directory, textFile)
        let html = try source(directory, htmlFile)
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
