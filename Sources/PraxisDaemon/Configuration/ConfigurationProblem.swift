/// One thing wrong with a configuration file, with where it is.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// The configuration file, as the operator named it.
    public var file: String
    /// 1-based; 0 when the problem concerns the whole file (unreadable, not UTF-8, too large).
    public var line: Int
    /// 1-based; 0 when unknown.
    public var column: Int
    /// Where in the document, e.g. `circles.inner.posts` or `sub_issues[2].id`; empty for the whole file.
    public var keyPath: String
    /// One sentence for the operator. Never contains a password.
    public var message: String

    public init(file: String, line: Int, column: Int, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// `FILE:LINE: KEY: message`, the form editors and CI logs jump to.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        text += ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        return text + message
    }
}
