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

/// Why a configuration could not be loaded: the file could not be read, or it has problems.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case unreadable
        case invalid
    }

    private let code: Code
    /// Every problem found, in file order; one whole-file problem when the file is unreadable.
    public let problems: [ConfigurationProblem]

    static func unreadable(_ problem: ConfigurationProblem) -> ConfigurationError {
        ConfigurationError(code: .unreadable, problems: [problem])
    }

    static func invalid(_ problems: [ConfigurationProblem]) -> ConfigurationError {
        ConfigurationError(code: .invalid, problems: problems)
    }

    /// True when the file does not exist or cannot be read at all (exit status 2, DESIGN.md §4),
    /// as opposed to a file that was read and found wanting.
    public var isFileUnreadable: Bool { code == .unreadable }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
