/// The one error type of `PraxisCommunity`: what an operator wrote or stored that the domain
/// cannot use, with where it is when known.
///
/// Shaped like `StoreError`: a struct with a code plus context, so new codes do not break callers.
/// Every failure here is about input (a schedule, a template, a stored model, a search query), so
/// none is transient: trying again gives the same answer until the input changes.
public struct CommunityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of input was refused.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case scheduleSyntax = "schedule-syntax"
            case reportTemplate = "report-template"
            case digestTemplate = "digest-template"
            case classifierModel = "classifier-model"
            case searchQuery = "search-query"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A schedule's text (`daily HH:MM`, `weekly DAY HH:MM`, `monthly N HH:MM`) does not parse.
        public static let scheduleSyntax = Code(.scheduleSyntax)
        /// A weekly report template does not parse.
        public static let reportTemplate = Code(.reportTemplate)
        /// A digest template does not parse or uses what digests do not allow.
        public static let digestTemplate = Code(.digestTemplate)
        /// A stored classifier model cannot be read.
        public static let classifierModel = Code(.classifierModel)
        /// A search query's operator has a value it cannot use (`before:2004-13-01`).
        public static let searchQuery = Code(.searchQuery)

        public var description: String { base.rawValue }
    }

    /// What kind of input was refused.
    public let code: Code
    /// What is wrong: one sentence for the operator, or for a template that does not parse the
    /// parser's own words (`description` adds which template and where).
    public let message: String
    /// Which template, for a template that does not parse: `text` or `html` for the weekly report.
    public let template: String?
    /// 1-based line in the template; 0 when the parser did not say.
    public let line: Int
    /// 1-based column in that line; 0 when the parser did not say.
    public let column: Int

    public init(_ code: Code, _ message: String, template: String? = nil, line: Int = 0, column: Int = 0) {
        self.code = code
        self.message = message
        self.template = template
        self.line = line
        self.column = column
    }

    /// Always false: the same input fails the same way.
    public var isTransient: Bool { false }

    public var description: String {
        guard code == .reportTemplate else { return message }
        return "the \(template ?? "report") template does not parse at line \(line), column \(column): \(message)"
    }
}
