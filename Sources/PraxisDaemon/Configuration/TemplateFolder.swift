import Foundation

/// The operator's template folder (`paths.templates`): each file there replaces the built-in
/// template of the same name. Digests and the web archive read their templates through it.
struct TemplateFolder {
    /// `paths.templates`, or a folder inside it; nil uses only built-in templates.
    let path: String?

    /// The text of `name` in the folder, else `builtIn`; a file that exists but is not UTF-8 text
    /// is noted in `problems` and replaced by `builtIn`.
    func source(_ name: String, builtIn: String, problems: inout [String]) -> String {
        guard let path else { return builtIn }
        let file = (path as NSString).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: file) else { return builtIn }
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            problems.append("\(file) cannot be read as UTF-8 text")
            return builtIn
        }
        return text
    }

    /// The folder `name` inside this one.
    func subfolder(_ name: String) -> TemplateFolder {
        TemplateFolder(path: path.map { ($0 as NSString).appendingPathComponent(name) })
    }
}
