import Foundation

/// What a member list says of one of a member's settings. One rule for every optional column
/// (README, "members CSV"): a column the list lacks says nothing, so a known member keeps what is
/// stored; a column that is there with an empty cell asks for the default; anything else is the value.
public enum ListedSetting<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The list has no such column (or is a Mailman list, which has none).
    case unsaid
    /// The cell is empty (or, for `delivery`, `default` as `praxis export` writes it).
    case byDefault
    case value(Value)

    /// The setting a member ends with who had `current`, where `standard` is what the default means.
    public func applied(to current: Value, standard: Value) -> Value {
        switch self {
        case .unsaid: current
        case .byDefault: standard
        case .value(let value): value
        }
    }

    /// The value when the list gives one.
    public var value: Value? {
        if case .value(let value) = self { value } else { nil }
    }

    /// The same setting with its value turned into another type.
    public func map<Other>(_ transform: (Value) -> Other) -> ListedSetting<Other> {
        switch self {
        case .unsaid: .unsaid
        case .byDefault: .byDefault
        case .value(let value): .value(transform(value))
        }
    }
}

/// One person in a member list to import. Each setting follows `ListedSetting`'s rule.
public struct MemberListEntry: Sendable, Hashable {
    /// The circle a member is put in for every sub-issue.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case core, inner, outer
    }

    /// Lower-cased and checked with `AddressSyntax`.
    public var address: String
    /// The default is no name.
    public var name: ListedSetting<String>
    /// The default is outer.
    public var role: ListedSetting<Role>
    /// The default is the circle's default delivery.
    public var delivery: ListedSetting<DeliveryMode>
    /// Whether an inner-circle member is kept there whatever their activity; the default is no.
    public var isPinned: ListedSetting<Bool>
    /// The default is the digest's configured format.
    public var digestFormat: ListedSetting<DigestPlan.Format>
    /// Whether the member's own posts come back to them; the default is yes.
    public var ownPosts: ListedSetting<Bool>
    /// The language of what the member receives; the default is the community's.
    public var language: ListedSetting<Language>
    /// How often the member's digests come; the default is weekly. `praxis export` writes it.
    public var digestFrequency: ListedSetting<EmailCommand.DigestCadence>
    /// When the member joined, as `praxis export` writes it (`joined_at`); nil when the list does
    /// not say. Only a member the import adds takes it, and never later than the import.
    public var joinedAt: Date?
    /// Where the entry starts in the file, for messages.
    public var line: Int

    public init(address: String, name: ListedSetting<String> = .unsaid, role: ListedSetting<Role> = .unsaid,
                delivery: ListedSetting<DeliveryMode> = .unsaid, isPinned: ListedSetting<Bool> = .unsaid,
                digestFormat: ListedSetting<DigestPlan.Format> = .unsaid, ownPosts: ListedSetting<Bool> = .unsaid,
                language: ListedSetting<Language> = .unsaid,
                digestFrequency: ListedSetting<EmailCommand.DigestCadence> = .unsaid, joinedAt: Date? = nil, line: Int = 0) {
        self.joinedAt = joinedAt
        self.digestFormat = digestFormat
        self.digestFrequency = digestFrequency
        self.ownPosts = ownPosts
        self.language = language
        self.address = address
        self.name = name
        self.role = role
        self.delivery = delivery
        self.isPinned = isPinned
        self.line = line
    }
}

/// A line of a member list that cannot be imported, and why.
public struct MemberListProblem: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
}

/// A member list read from a file: the CSV of DESIGN.md §4 (header `address,name,role,delivery,pinned,language`
/// in any order, only `address` required, fields quoted as RFC 4180 says) or the output of Mailman 3's
/// `mailman members` (one `Name <address>` or bare `address` a line).
///
/// Pure: every line is checked and every problem reported, so that an import either takes the whole
/// file or nothing.
public struct MemberList: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable {
        case csv
        case mailman
    }

    public var format: Format
    public var entries: [MemberListEntry]
    public var problems: [MemberListProblem]
    /// The lines of members who had left (`status` unsubscribed or disabled in a `praxis export`),
    /// which are not imported: re-importing an export must not subscribe them again.
    public var leftOut: [Int] = []

    /// The header line DESIGN.md §4 gives, which `praxis init` writes.
    public static let headerColumns = ["address", "name", "role", "delivery", "pinned"]
    /// Every column read: those of the header line, then the optional language and digest choices.
    public static let columns = headerColumns + ["language", "digest_format", "own_posts"] + exportColumns
    /// The columns `praxis export` adds to its `members.csv`, so that an export imports as it is:
    /// `digest_frequency` is applied, `status` leaves out those who had left, `joined_at` dates a
    /// new member's joining and first standing (so past weeks' reports show them), and `left_at`
    /// is not read.
    public static let exportColumns = ["digest_frequency", "status", "joined_at", "left_at"]
    public static let requiredColumns = ["address"]

    public init(parsing text: String) {
        // A byte-order mark from a spreadsheet export is not part of the first column's name.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let firstLine = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        let folded = firstLine.lowercased().filter { !$0.isWhitespace && $0 != "\"" }
        // A CSV header names columns, in any order; a Mailman line holds an address (with "@").
        let fields = folded.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if fields.contains("address") || (!folded.contains("@") && fields.count > 1 && fields.allSatisfy(Self.columns.contains)) {
            format = .csv
            (entries, problems, leftOut) = Self.parseCSV(text)
        } else {
            format = .mailman
            (entries, problems) = Self.parseMailman(text)
        }
    }

    // MARK: CSV

    private static func parseCSV(_ text: String) -> ([MemberListEntry], [MemberListProblem], leftOut: [Int]) {
        var entries: [MemberListEntry] = []
        var problems: [MemberListProblem] = []
        var leftOut: [Int] = []
        let records = CSVRecords.read(text)
        guard let header = records.first else { return ([], [], []) }
        if let problem = header.problem { return ([], [MemberListProblem(line: header.line, message: problem)], []) }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let index: [String: Int]
        (index, problems) = columnIndex(names, line: header.line)
        guard problems.isEmpty else { return ([], problems, []) }
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            if let problem = record.problem {
                problems.append(MemberListProblem(line: record.line, message: problem))
                continue
            }
            guard record.fields.count == names.count else {
                problems.append(MemberListProblem(line: record.line, message:
                    "expected \(names.count) fields as in the header, found \(record.fields.count)"))
                continue
            }
            /// The cell of `name`'s column, trimmed; nil when the header has no such column.
            func cell(_ name: String) -> String? {
                index[name].map { record.fields[$0].trimmingCharacters(in: .whitespaces) }
            }
            var lineProblems: [String] = []
            let address = (cell("address") ?? "").lowercased()
            if let problem = AddressSyntax.problem(in: address) {
                lineProblems.append("\"\(clipped(address))\": \(problem)")
            }
            let settings = Self.settings(cell, problems: &lineProblems)
            let hadLeft = Self.hadLeft(status: cell("status") ?? "", problems: &lineProblems)
            if lineProblems.isEmpty, let earlier = seen[address] {
                lineProblems.append("\(address) is already on line \(earlier)")
            }
            guard lineProblems.isEmpty else {
                problems.append(MemberListProblem(line: record.line, message: lineProblems.joined(separator: "; ")))
                continue
            }
            seen[address] = record.line
            if hadLeft {
                leftOut.append(record.line)
                continue
            }
            var entry = settings
            entry.address = address
            entry.line = record.line
            entries.append(entry)
        }
        return (entries, problems, leftOut)
    }

    /// Where each known column is among the header's `names`, with what is wrong with the header.
    private static func columnIndex(_ names: [String], line: Int) -> ([String: Int], [MemberListProblem]) {
        var problems: [MemberListProblem] = []
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() {
            guard columns.contains(name) else {
                problems.append(MemberListProblem(line: line, message:
                    "unknown column \"\(clipped(name))\"; the columns are \(columns.joined(separator: ","))"))
                continue
            }
            if index[name] != nil {
                problems.append(MemberListProblem(line: line, message: "the column \"\(name)\" appears twice"))
            }
            index[name] = position
        }
        // Only the address is required (DESIGN.md §4): a list exported from anywhere has it, and
        // every other column has a default.
        for required in Self.requiredColumns where index[required] == nil {
            problems.append(MemberListProblem(line: line, message: "the header lacks the column \"\(required)\""))
        }
        return (index, problems)
    }

    /// Whether the `status` cell of an export says the member had left (unsubscribed, or disabled
    /// by bounces); empty or active is a member to import.
    private static func hadLeft(status: String, problems: inout [String]) -> Bool {
        switch status.lowercased() {
        case "", "active": return false
        case "unsubscribed", "disabled": return true
        default:
            problems.append("status \"\(clipped(status))\" is not one of active, unsubscribed, disabled (or empty for active)")
            return false
        }
    }

    /// The settings of a line (`cell` gives a column's cell, nil when the column is absent), with
    /// what is wrong with them; the address and line are the caller's to fill in.
    private static func settings(_ cell: (String) -> String?, problems: inout [String]) -> MemberListEntry {
        let yesNo: (String) -> Bool? = { ["yes": true, "no": false][$0.lowercased()] }
        let formats = DigestPlan.Format.allCases.map(\.rawValue).joined(separator: ", ")
        var entry = MemberListEntry(address: "")
        entry.name = setting(cell("name"), problems: &problems) { cleanName($0) }
        entry.role = setting(cell("role"), problems: &problems, expected: "is not one of core, inner, outer", called: "role") {
            MemberListEntry.Role(rawValue: $0.lowercased())
        }
        // `default` is how `praxis export` writes "the circle's default", as empty does here.
        entry.delivery = setting(cell("delivery"), defaultWord: "default", problems: &problems,
                                 expected: "is not one of immediate, digest, none (or empty for the default)", called: "delivery") {
            DeliveryMode(rawValue: $0.lowercased())
        }
        entry.isPinned = setting(cell("pinned"), problems: &problems, expected: "is neither yes nor no", called: "pinned", yesNo)
        entry.digestFormat = setting(cell("digest_format"), problems: &problems,
                                     expected: "is not one of \(formats) (or empty for the default)", called: "digest_format") {
            DigestPlan.Format(rawValue: $0.lowercased())
        }
        entry.ownPosts = setting(cell("own_posts"), problems: &problems, expected: "is neither yes nor no", called: "own_posts", yesNo)
        entry.language = setting(cell("language"), problems: &problems,
                                 expected: "is not one of \(Language.listed) (or empty for the community's)", called: "language") {
            Language(code: $0)
        }
        entry.digestFrequency = setting(cell("digest_frequency"), problems: &problems,
                                        expected: "is neither daily nor weekly (or empty for weekly)", called: "digest_frequency") {
            EmailCommand.DigestCadence(rawValue: $0.lowercased())
        }
        entry.joinedAt = setting(cell("joined_at"), problems: &problems,
                                 expected: "is not a time as praxis export writes it (YYYY-MM-DDTHH:MM:SSZ), nor empty", called: "joined_at") {
            try? Date($0, strategy: .iso8601)
        }.value
        return entry
    }

    /// The one rule of `ListedSetting` for a cell: no column says nothing, an empty cell (or
    /// `defaultWord`) is the default, else `parse` must read it; what it cannot read is a problem
    /// ("COLUMN \"CELL\" EXPECTED").
    private static func setting<Value>(
        _ cell: String?, defaultWord: String? = nil, problems: inout [String], expected: String = "", called column: String = "",
        _ parse: (String) -> Value?
    ) -> ListedSetting<Value> {
        guard let cell else { return .unsaid }
        if cell.isEmpty || cell.lowercased() == defaultWord { return .byDefault }
        guard let value = parse(cell) else {
            problems.append("\(column) \"\(clipped(cell.lowercased()))\" \(expected)")
            return .byDefault
        }
        return .value(value)
    }

    // MARK: Mailman

    private static func parseMailman(_ text: String) -> ([MemberListEntry], [MemberListProblem]) {
        var entries: [MemberListEntry] = []
        var problems: [MemberListProblem] = []
        var seen: [String: Int] = [:]
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var name: String?
            var address = line
            if line.hasSuffix(">"), let open = line.lastIndex(of: "<") {
                address = String(line[line.index(after: open)..<line.index(before: line.endIndex)])
                var display = line[..<open].trimmingCharacters(in: .whitespaces)
                if display.count >= 2, display.hasPrefix("\""), display.hasSuffix("\"") {
                    display = String(display.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                }
                name = display.isEmpty ? nil : cleanName(display)
            }
            address = address.trimmingCharacters(in: .whitespaces).lowercased()
            if let problem = AddressSyntax.problem(in: address) {
                problems.append(MemberListProblem(line: number, message:
                    "\"\(clipped(line))\" is neither \"Name <address>\" nor an address: \(problem)"))
                continue
            }
            if let earlier = seen[address] {
                problems.append(MemberListProblem(line: number, message: "\(address) is already on line \(earlier)"))
                continue
            }
            seen[address] = number
            entries.append(MemberListEntry(address: address, name: name.map(ListedSetting.value) ?? .unsaid, line: number))
        }
        return (entries, problems)
    }

    /// A display name on one line, without control characters, which would break headers and terminals.
    static func cleanName(_ name: String) -> String {
        ModerationNotices.plain(name, width: 200)
    }

    static func clipped(_ text: String) -> String {
        let flat = cleanName(text)
        return flat.count <= 60 ? flat : String(flat.prefix(57)) + "..."
    }
}

/// RFC 4180 records: comma-separated fields, double quotes around fields that hold commas, quotes
/// (doubled) or line breaks. Lenient about line ends (LF, CRLF or CR).
public enum CSVRecords {
    struct Record {
        /// The line the record starts on, from 1.
        var line: Int
        var fields: [String]
        var problem: String?
    }

    /// `value` as one field: quoted when it holds a comma, a quote or a line break.
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` as a field a spreadsheet opens safely: quoted when needed, and a leading = + - @
    /// defused, so a spreadsheet never runs a member's name or a subject as a formula.
    public static func spreadsheetField(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) { text = "'" + text }
        return field(text)
    }

    /// One line of `spreadsheetField`s, ended by CRLF as RFC 4180 has it.
    public static func spreadsheetLine(_ values: [String]) -> String {
        values.map(spreadsheetField).joined(separator: ",") + "\r\n"
    }

    static func read(_ text: String) -> [Record] {
        let scalars = Array(text.unicodeScalars)
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var wasQuoted = false
        var problem: String?
        var line = 1
        var recordLine = 1
        func endRecord() {
            fields.append(String(field))
            // Blank lines separate nothing and are skipped.
            if !(fields.count == 1 && fields[0].allSatisfy(\.isWhitespace) && !wasQuoted) {
                records.append(Record(line: recordLine, fields: fields, problem: problem))
            }
            fields = []
            field = String.UnicodeScalarView()
            wasQuoted = false
            problem = nil
            line += 1
            recordLine = line
        }
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            if inQuotes {
                if c == "\"" {
                    if i < scalars.count && scalars[i] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || (c == "\r" && (i >= scalars.count || scalars[i] != "\n")) { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                if String(field).allSatisfy(\.isWhitespace) && !wasQuoted {
                    field = String.UnicodeScalarView()
                    inQuotes = true
                    wasQuoted = true
                } else if problem == nil {
                    problem = "a double quote inside a field that does not start with one; quote the whole field and double the quote"
                }
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                wasQuoted = false
            case "\r":
                if i < scalars.count && scalars[i] == "\n" { i += 1 }
                endRecord()
            case "\n":
                endRecord()
            default:
                if wasQuoted && c != " " && c != "\t" && problem == nil {
                    problem = "text after the closing quote of a field"
                }
                if !wasQuoted { field.append(c) }
            }
        }
        if inQuotes { problem = "a quoted field is not closed before the end of the file" }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
