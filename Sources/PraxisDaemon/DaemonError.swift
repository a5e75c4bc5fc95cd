/// The one error type of `PraxisDaemon`: a file the operator gave that the daemon cannot use, with
/// which file and, for a configuration, every problem found in it; or an option value it refuses.
///
/// Shaped like `StoreError` and `CommunityError`: a struct with a code plus context, so new codes do
/// not break callers that compare codes or ask `isTransient`. Store and delivery failures keep their
/// own types (`StoreError`, the transports' errors); this one is for what the daemon itself reads.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case unreadableConfiguration = "unreadable-configuration"
            case invalidConfiguration = "invalid-configuration"
            case unreadableArchive = "unreadable-archive"
            case invalidOption = "invalid-option"
            case notWritten = "not-written"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The configuration file (or a template it names) does not exist or cannot be read at all.
        public static let unreadableConfiguration = Code(.unreadableConfiguration)
        /// The configuration file (or a template it names) was read and found wanting.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// An mbox archive to import cannot be read.
        public static let unreadableArchive = Code(.unreadableArchive)
        /// A command-line value is not one of the values its option takes, or a query does not parse.
        public static let invalidOption = Code(.invalidOption)
        /// A file a command writes (`praxis init`) was not written: it exists and `--force` was
        /// not given, it would be refused by `check-config`, or the system refused the write.
        public static let notWritten = Code(.notWritten)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The file concerned: the configuration, a report template, an archive.
    public let path: String
    /// Every problem found in a configuration or template, in file order; one whole-file problem
    /// when it is unreadable; empty for other codes.
    public let problems: [ConfigurationProblem]
    /// Why, in one sentence for the operator (for a configuration, its problems).
    public let message: String

    private init(code: Code, path: String, problems: [ConfigurationProblem], message: String) {
        self.code = code
        self.path = path
        self.problems = problems
        self.message = message
    }

    static func unreadableConfiguration(_ problem: ConfigurationProblem) -> DaemonError {
        DaemonError(code: .unreadableConfiguration, path: problem.file, problems: [problem], message: problem.message)
    }

    static func invalidConfiguration(_ problems: [ConfigurationProblem], in path: String) -> DaemonError {
        DaemonError(
            code: .invalidConfiguration, path: path, problems: problems,
            message: problems.map(\.description).joined(separator: "\n"))
    }

    static func unreadableArchive(_ path: String, reason: String) -> DaemonError {
        DaemonError(code: .unreadableArchive, path: path, problems: [], message: reason)
    }

    /// `option` was given `value`, which is not one of `choices`; there is no file (`path` is empty).
    static func invalidOption(_ option: String, value: String, choices: [String]) -> DaemonError {
        DaemonError(
            code: .invalidOption, path: "", problems: [],
            message: "\(option) \"\(value)\" is not one of \(choices.joined(separator: ", "))")
    }

    /// A search query whose operator value is refused (`CommunityError.Code.searchQuery`); there
    /// is no file.
    static func invalidQuery(_ problem: String) -> DaemonError {
        DaemonError(code: .invalidOption, path: "", problems: [], message: "the query: \(problem)")
    }

    /// `path` was not written, for `reason`; `problems` when the content itself is wanting.
    static func notWritten(_ path: String, reason: String, problems: [ConfigurationProblem] = []) -> DaemonError {
        DaemonError(code: .notWritten, path: path, problems: problems, message: reason)
    }

    /// True when the file does not exist or cannot be read at all (for a configuration, exit
    /// status 2, DESIGN.md §4), as opposed to a file that was read and found wanting.
    public var isFileUnreadable: Bool { code == .unreadableConfiguration || code == .unreadableArchive }

    /// Always false: every code names a file the operator must create, make readable or correct;
    /// trying again gives the same answer until then.
    public var isTransient: Bool { false }

    public var description: String {
        if code == .unreadableArchive { return "cannot import \(path): \(message)" }
        if code == .invalidOption { return message }
        if code == .notWritten {
            return (["\(path) was not written: \(message)"] + problems.map { "  \($0)" }).joined(separator: "\n")
        }
        return problems.map(\.description).joined(separator: "\n")
    }
}
