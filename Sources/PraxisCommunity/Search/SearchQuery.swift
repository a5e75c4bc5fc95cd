import Foundation

/// A reader's search of the archive, as typed into `/search?q=` or `praxis search`, parsed into
/// what it asks for. Every part is a condition a post must meet (all of them):
///
/// - `word` — the word, in the subject, text, author or sub-issue id (accents and case ignored);
/// - `"a phrase"` — those words in that order; `prefix*` — a word starting so;
/// - `from:PART` — the author's name or address holds `PART` (`from:"Ana Lima"` for several words);
/// - `sub:ID` — the post is in that sub-issue;
/// - `after:YYYY-MM-DD` — dated that day or later; `before:YYYY-MM-DD` — dated before that day
///   (both days in UTC).
///
/// Anything else is text to look for, never syntax: quotes, parentheses, `OR`, `NEAR`, `-`, `^`
/// and `column:` are words or punctuation like any other, so no query can turn into a search the
/// reader did not type, or into an error. Pieces with nothing to search for (`--`, `()`) are
/// ignored and listed; only a malformed date is refused, since silently dropping it would
/// widen the search.
public struct SearchQuery: Hashable, Sendable {
    /// Something to find in a post's subject, text, author or sub-issue id.
    public enum Term: Hashable, Sendable {
        case word(String)
        /// Words in this order; several words, or one the reader quoted.
        case phrase(String)
        /// A word, or a quoted phrase, whose last word may go on (`net*` finds `network`).
        case prefix(String)
    }

    /// What must be found, all of it.
    public var terms: [Term] = []
    /// Parts of the author's name or address, all of which must be found there.
    public var authors: [String] = []
    /// The sub-issue ids the post must be in: all of them, so two different ones find nothing.
    public var subIssues: [String] = []
    /// The post is dated at or after this instant (the start of the `after:` day, UTC).
    public var notBefore: Date?
    /// The post is dated before this instant (the start of the `before:` day, UTC).
    public var datedBefore: Date?
    /// Pieces that held nothing to search for, as typed (the first few).
    public var ignored: [String] = []
    /// How many searchable pieces came after the first `maximumTerms` and were left out.
    public var leftOut = 0

    /// More terms than this are left out: each one is another list of posts to intersect, and
    /// nobody means a search of a pasted page.
    public static let maximumTerms = 32
    /// How many ignored pieces are kept to show.
    static let shownIgnored = 8

    public init(
        terms: [Term] = [], authors: [String] = [], subIssues: [String] = [], notBefore: Date? = nil,
        datedBefore: Date? = nil
    ) {
        self.terms = terms
        self.authors = authors
        self.subIssues = subIssues
        self.notBefore = notBefore
        self.datedBefore = datedBefore
    }

    /// Whether there is anything to look for: a term or a `from:`. `sub:`, `before:` and `after:`
    /// only narrow a search, so alone they find nothing.
    public var isSearchable: Bool { !terms.isEmpty || !authors.isEmpty }

    /// What the reader should be told beside the results: nothing to search for, or terms left
    /// out. Empty when the query was used as typed.
    public var notices: [String] { notices(in: .standard) }

    /// `notices` in `language` (the archive's search page, issue 22 §1).
    public func notices(in language: Language) -> [String] {
        var notices = [String]()
        if !isSearchable { notices.append(language.text(.webNothingToSearch)) }
        if leftOut > 0 {
            notices.append(language.text(.webTermsLeftOut, [
                "count": String(Self.maximumTerms), "leftOut": String(leftOut),
            ]))
        }
        return notices
    }

    /// Parses `text`. Throws `CommunityError` (`.searchQuery`) only for a `before:` or `after:`
    /// whose value is not a real calendar day as `YYYY-MM-DD`, saying so in `language`.
    public init(parsing text: String, language: Language = .standard) throws(CommunityError) {
        var lexer = SearchQueryLexer(text)
        while let piece = lexer.next() {
            try add(piece, language: language)
        }
    }

    private mutating func add(_ piece: SearchQueryLexer.Piece, language: Language) throws(CommunityError) {
        switch piece {
        case .operator(let name, let value):
            try addOperator(name, value, language: language)
        case .phrase(let text, let isPrefix):
            guard Self.isSearchable(text) else { return ignore("\"\(text)\"") }
            let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            addTerm(isPrefix ? .prefix(words) : .phrase(words))
        case .bare(let text):
            let stem = text.hasSuffix("*") ? String(text.reversed().drop { $0 == "*" }.reversed()) : text
            guard Self.isSearchable(stem) else { return ignore(text) }
            addTerm(stem.count < text.count ? .prefix(stem) : .word(text))
        }
    }

    private mutating func addOperator(_ name: SearchQueryLexer.Operator, _ value: String, language: Language) throws(CommunityError) {
        switch name {
        case .from:
            guard Self.isSearchable(value) else { return ignore("from:" + value) }
            guard terms.count + authors.count < Self.maximumTerms else { leftOut += 1; return }
            authors.append(value.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        case .sub:
            subIssues.append(value.lowercased())
        case .after:
            let day = try Self.day(value, operator: "after", language: language)
            notBefore = max(notBefore ?? day, day)
        case .before:
            let day = try Self.day(value, operator: "before", language: language)
            datedBefore = min(datedBefore ?? day, day)
        }
    }

    private mutating func addTerm(_ term: Term) {
        guard terms.count + authors.count < Self.maximumTerms else { leftOut += 1; return }
        terms.append(term)
    }

    private mutating func ignore(_ piece: String) {
        if ignored.count < Self.shownIgnored { ignored.append(piece) }
    }

    /// Whether `text` holds a letter or a digit: the characters the archive's index keeps as words
    /// (everything else separates words there, so a piece without any finds nothing).
    static func isSearchable(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    /// The start (UTC) of the day `value` names as `YYYY-MM-DD`.
    static func day(_ value: String, operator name: String, language: Language = .standard) throws(CommunityError) -> Date {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        let digits = parts.map { $0.allSatisfy { $0.isASCII && $0.isNumber } && !$0.isEmpty }
        guard parts.count == 3, digits == [true, true, true], parts[0].count == 4, parts[1].count == 2,
              parts[2].count == 2, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else {
            throw CommunityError(.searchQuery, language.text(.webSearchBadDay, ["operator": name, "value": shown(value)]))
        }
        return Date(timeIntervalSince1970: Double(daysSinceEpoch(year: year, month: month, day: day)) * 86_400)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`):
    /// plain arithmetic, so no calendar, locale or time zone can shift a day.
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// A value as quoted back in a message: short, and without control characters.
    private static func shown(_ value: String) -> String {
        let printable = String(value.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return printable.count > 40 ? String(printable.prefix(40)) + "…" : printable
    }
}

/// Splits a query into pieces: operators with their values, quoted phrases and bare words.
/// Control characters (NUL among them) separate pieces like spaces.
struct SearchQueryLexer {
    enum Operator: String, CaseIterable {
        case from, sub, after, before
    }

    enum Piece: Equatable {
        case `operator`(Operator, String)
        /// A quoted phrase; `isPrefix` when a `*` follows its closing quote.
        case phrase(String, isPrefix: Bool)
        case bare(String)
    }

    private let characters: [Character]
    private var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    mutating func next() -> Piece? {
        while position < characters.count, Self.separates(characters[position]) { position += 1 }
        guard position < characters.count else { return nil }
        if characters[position] == "\"" { return quoted() }
        let bare = readBare()
        if let colon = bare.firstIndex(of: ":"), let name = Operator(rawValue: bare[..<colon].lowercased()) {
            let value = String(bare[bare.index(after: colon)...])
            if !value.isEmpty { return .operator(name, value) }
            // `from:"Ana Lima"`: the value is the quoted phrase right after the colon.
            if position < characters.count, characters[position] == "\"", case .phrase(let text, _) = quoted() {
                return .operator(name, text)
            }
        }
        return .bare(bare)
    }

    /// The phrase from the quote at `position` to the next quote, or to the end when none closes it.
    private mutating func quoted() -> Piece {
        position += 1
        var text = ""
        while position < characters.count, characters[position] != "\"" {
            text.append(Self.separates(characters[position]) ? " " : characters[position])
            position += 1
        }
        position += 1  // the closing quote, or past the end
        let isPrefix = position < characters.count && characters[position] == "*"
        if isPrefix { position += 1 }
        return .phrase(text, isPrefix: isPrefix)
    }

    /// Characters up to a separator or a quote.
    private mutating func readBare() -> String {
        var text = ""
        while position < characters.count, !Self.separates(characters[position]), characters[position] != "\"" {
            text.append(characters[position])
            position += 1
        }
        return text
    }

    private static func separates(_ character: Character) -> Bool {
        character.isWhitespace || character.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
