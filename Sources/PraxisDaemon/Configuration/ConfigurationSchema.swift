import Foundation
import PraxisCommunity
import Yams

/// What a value in `praxis.yaml` may be. The schema mirrors the Codable types' keys; a test
/// keeps the two in step.
indirect enum ValueShape: Sendable {
    case text(TextRule)
    case integer(ClosedRange<Int>)
    /// A number greater than `above` and at most `atMost`.
    case fraction(above: Double, atMost: Double)
    case flag
    case choice([String])
    case list(of: ValueShape, maxCount: Int)
    case record([FieldRule])
}

/// Checks on a text value beyond being text.
enum TextRule: Sendable {
    case any
    case nonEmpty
    case address
    case identifier
    case schedule
    case timeZone
    case smtpURL
    case path
}

/// One key of a mapping.
struct FieldRule: Sendable {
    let key: String
    let shape: ValueShape
    let isRequired: Bool

    static func required(_ key: String, _ shape: ValueShape) -> FieldRule {
        FieldRule(key: key, shape: shape, isRequired: true)
    }

    static func optional(_ key: String, _ shape: ValueShape) -> FieldRule {
        FieldRule(key: key, shape: shape, isRequired: false)
    }
}

/// The whole of `praxis.yaml` (DESIGN.md §6).
enum ConfigurationSchema {
    static let days = 1...3650

    static let schedule = ValueShape.text(.schedule)
    static let addresses = ValueShape.list(of: .text(.address), maxCount: 100_000)
    static let words = ValueShape.list(of: .text(.nonEmpty), maxCount: 10_000)
    static let digestFormat = ValueShape.choice(DigestPlan.Format.allCases.map(\.rawValue))

    static let root = ValueShape.record([
        .required("community", .record([
            .required("name", .text(.nonEmpty)),
            .required("list_address", .text(.address)),
            .optional("request_address", .text(.address)),
            .optional("owner_address", .text(.address)),
            .optional("bounce_address", .text(.address)),
            .optional("objectives", words),
            .optional("timezone", .text(.timeZone)),
        ])),
        .required("paths", .record([
            .required("maildir", .text(.path)),
            .required("database", .text(.path)),
            .optional("templates", .text(.path)),
        ])),
        .optional("smtp", .record([
            .optional("url", .text(.smtpURL)),
            .optional("tls", .choice(Configuration.TLSMode.allCases.map(\.rawValue))),
            .optional("username", .text(.nonEmpty)),
            .optional("password_file", .text(.path)),
            .optional("connections", .integer(1...64)),
            .optional("ca_file", .text(.path)),
            .optional("verify", .flag),
            .optional("connect_timeout", .integer(1...600)),
            .optional("timeout", .integer(1...3600)),
            .optional("retry_days", .integer(1...90)),
        ])),
        .optional("sub_issues", .list(of: .record([
            .required("id", .text(.identifier)),
            .optional("name", .text(.nonEmpty)),
            .optional("description", .text(.any)),
            .optional("keywords", words),
            .optional("aliases", .list(of: .text(.identifier), maxCount: 1_000)),
            .optional("protected", .flag),
            .optional("members", addresses),
        ]), maxCount: 1_000)),
        .optional("circles", .record([
            .optional("promotion", .choice(CirclesPolicy.Promotion.allCases.map(\.rawValue))),
            .optional("inner", .record([
                .optional("posts", .integer(1...10_000)),
                .optional("threads", .integer(0...10_000)),
                .optional("window_days", .integer(days)),
                .optional("replies_received", .integer(0...10_000)),
            ])),
            .optional("demotion", .record([
                .optional("silent_days", .integer(days)),
                .optional("hysteresis", .fraction(above: 0, atMost: 1)),
                .optional("minimum_tenure_days", .integer(0...3650)),
            ])),
            .optional("core", addresses),
        ])),
        .optional("delivery", .record([
            .optional("inner", .choice(DeliveryMode.allCases.map(\.rawValue))),
            .optional("outer", .choice(DeliveryMode.allCases.map(\.rawValue))),
        ])),
        .optional("digests", .list(of: .record([
            .required("name", .text(.identifier)),
            .required("schedule", schedule),
            .optional("audience", .choice(DigestPlan.Audience.allCases.map(\.rawValue))),
            .optional("cap", .integer(1...10_000)),
            .optional("format", digestFormat),
        ]), maxCount: 100)),
        .optional("reports", .record([
            .optional("moderators", .record([
                .optional("schedule", schedule),
            ])),
        ])),
        .optional("organisation", .record([
            .required("address", .text(.address)),
            .required("schedule", schedule),
            .optional("format", digestFormat),
        ])),
        .optional("metrics", .record([
            .required("textfile", .text(.path)),
        ])),
        .optional("log_level", .choice(Configuration.LogLevel.allCases.map(\.rawValue))),
        .optional("moderation", .record([
            .optional("expire_days", .integer(days)),
            .optional("notices_per_hour", .integer(0...10_000)),
            .optional("command_replies_per_hour", .integer(0...10_000)),
            .optional("authserv_ids", .list(of: .text(.nonEmpty), maxCount: 100)),
            .optional("hold_on_dmarc_fail", .flag),
        ])),
        .optional("list", .record([
            .optional("subject_prefix", .text(.any)),
            .optional("tag_in_subject", .flag),
            .optional("reply_to", .choice(ListSettings.ReplyTo.allCases.map(\.rawValue))),
            .optional("from_rewrite", .choice(ListSettings.FromRewrite.allCases.map(\.rawValue))),
            .optional("footer", .flag),
            .optional("archive_url", .text(.nonEmpty)),
            .optional("deliver_to_author", .flag),
        ])),
        .optional("bounces", .record([
            .optional("threshold", .fraction(above: 0, atMost: 1_000)),
            .optional("reset_days", .integer(days)),
            .optional("hard_score", .fraction(above: 0, atMost: 1_000)),
            .optional("soft_score", .fraction(above: 0, atMost: 1_000)),
            .optional("notify_member", .flag),
            .optional("notify_core", .flag),
        ])),
        .optional("classification", .record([
            .optional("threshold", .fraction(above: 0, atMost: 1)),
            .optional("retrain_after", .integer(1...1_000_000)),
        ])),
        .optional("limits", .record([
            .optional("message_bytes", .integer(Configuration.Limits.messageBytesRange)),
        ])),
    ])
}

/// A position in the file.
struct FilePosition: Sendable, Hashable {
    var line: Int
    var column: Int

    init(_ mark: Mark?) {
        line = mark?.line ?? 1
        column = mark?.column ?? 1
    }

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// Walks a composed YAML tree against the schema and collects every problem, not just the first.
struct SchemaWalker {
    let file: String
    private(set) var problems: [ConfigurationProblem] = []
    /// Where each key path that was present sits, for the checks made after decoding.
    private(set) var positions: [String: FilePosition] = [:]
    /// Aliases can make a small file describe an exponentially large tree; this stops the walk.
    private var nodesLeft = 100_000

    init(file: String) {
        self.file = file
    }

    mutating func report(_ path: String, at position: FilePosition, _ message: String) {
        problems.append(ConfigurationProblem(
            file: file, line: position.line, column: position.column, keyPath: path, message: message))
    }

    mutating func walk(_ node: Node, shape: ValueShape, path: String) {
        nodesLeft -= 1
        if nodesLeft == 0 {
            report(path, at: FilePosition(node.mark), "the document is too large (too many values or aliases)")
        }
        guard nodesLeft > 0 else { return }
        let position = FilePosition(node.mark)
        if positions[path] == nil { positions[path] = position }
        switch shape {
        case .record(let fields):
            guard case .mapping(let mapping) = node else {
                return report(path, at: position, "expected a mapping of keys, found \(Self.describe(node))")
            }
            walkRecord(mapping, fields: fields, path: path, position: positions[path] ?? position)
        case .list(let element, let maxCount):
            guard case .sequence(let sequence) = node else {
                return report(path, at: position, "expected a list, found \(Self.describe(node))")
            }
            guard sequence.count <= maxCount else {
                return report(path, at: position, "at most \(maxCount) entries are allowed, found \(sequence.count)")
            }
            for (index, item) in sequence.enumerated() {
                let itemPath = "\(path)[\(index)]"
                if item.null != nil {
                    report(itemPath, at: FilePosition(item.mark), "an empty entry; remove it or give it a value")
                } else {
                    walk(item, shape: element, path: itemPath)
                }
            }
        case .text(let rule):
            guard let scalar = node.scalar else {
                return report(path, at: position, "expected text, found \(Self.describe(node))")
            }
            if let message = Self.problem(with: scalar.string, rule: rule) {
                report(path, at: position, message)
            }
        case .integer(let range):
            guard let scalar = node.scalar, let value = Int.construct(from: scalar) else {
                return report(path, at: position, "expected a whole number, found \(Self.describe(node))")
            }
            if !range.contains(value) {
                report(path, at: position, "\(value) is out of range; use \(range.lowerBound) to \(range.upperBound)")
            }
        case .fraction(let above, let atMost):
            guard let scalar = node.scalar, let value = Double.construct(from: scalar), value.isFinite else {
                return report(path, at: position, "expected a number, found \(Self.describe(node))")
            }
            if !(value > above && value <= atMost) {
                report(path, at: position, "\(scalar.string) is out of range; use a number above \(above) and at most \(atMost)")
            }
        case .flag:
            guard let scalar = node.scalar, Bool.construct(from: scalar) != nil else {
                return report(path, at: position, "expected true or false, found \(Self.describe(node))")
            }
        case .choice(let choices):
            guard let scalar = node.scalar else {
                return report(path, at: position, "expected one of \(choices.joined(separator: ", ")), found \(Self.describe(node))")
            }
            if !choices.contains(scalar.string) {
                let hint = Suggestion.closest(to: scalar.string, among: choices).map { "; did you mean \"\($0)\"?" } ?? ""
                report(path, at: position,
                       "\"\(Self.clipped(scalar.string))\" is not one of \(choices.joined(separator: ", "))\(hint)")
            }
        }
    }

    private mutating func walkRecord(_ mapping: Node.Mapping, fields: [FieldRule], path: String, position: FilePosition) {
        let prefix = path.isEmpty ? "" : path + "."
        var seen = Set<String>()
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(path, at: FilePosition(key.mark), "a key must be plain text, found \(Self.describe(key))")
                continue
            }
            let keyPosition = FilePosition(key.mark)
            guard let field = fields.first(where: { $0.key == name }) else {
                let hint = Suggestion.closest(to: name, among: fields.map(\.key)).map { "; did you mean \"\($0)\"?" } ?? ""
                report(prefix + name, at: keyPosition, "unknown key\(hint)")
                continue
            }
            seen.insert(name)
            positions[prefix + name] = keyPosition
            if value.null != nil {
                if field.isRequired { report(prefix + name, at: keyPosition, "a value is required") }
                continue
            }
            walk(value, shape: field.shape, path: prefix + name)
            // The key's own line is the one an operator looks for, not the value's.
            positions[prefix + name] = keyPosition
        }
        for field in fields where field.isRequired && !seen.contains(field.key) {
            report(prefix + field.key, at: position, "required key is missing")
        }
    }

    /// Checks a text value; the messages quote it, clipped, since config values are not secret
    /// (the one that could be, a password in the SMTP URL, is refused without quoting it).
    static func problem(with text: String, rule: TextRule) -> String? {
        switch rule {
        case .any:
            return nil
        case .nonEmpty:
            return text.allSatisfy(\.isWhitespace) ? "must not be empty" : nil
        case .address:
            return AddressSyntax.problem(in: text).map { "\"\(clipped(text))\": \($0)" }
        case .identifier:
            return SubIssue.identifierProblem(text)
        case .schedule:
            do {
                _ = try Schedule(parsing: text)
                return nil
            } catch {
                return error.message
            }
        case .timeZone:
            guard text.utf8.count <= 100, TimeZone(identifier: text) == nil else {
                return text.utf8.count > 100 ? "not a time zone" : nil
            }
            let hint = Suggestion.closest(to: text, among: TimeZone.knownTimeZoneIdentifiers)
                .map { "; did you mean \"\($0)\"?" } ?? "; use an IANA name such as Europe/Berlin"
            return "unknown time zone \"\(clipped(text))\"\(hint)"
        case .smtpURL:
            if let parts = URLComponents(string: text), parts.password != nil {
                return "the URL must not contain a password; put it in the file named by smtp.password_file"
            }
            if SMTPEndpoint(text) != nil { return nil }
            return "\"\(clipped(text))\" is not a mail URL; use smtp://HOST[:PORT], smtps://HOST[:PORT] or maildir:PATH"
        case .path:
            if text.isEmpty { return "must not be empty" }
            if text.contains("\0") { return "a path cannot contain a NUL character" }
            return nil
        }
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar): scalar.string.isEmpty ? "an empty value" : "\"\(clipped(scalar.string))\""
        }
    }

    /// Long values are cut so one problem stays one readable line.
    static func clipped(_ text: String) -> String {
        let flat = text.map { $0.isNewline ? " " : $0 }
        return flat.count <= 60 ? String(flat) : String(flat.prefix(57)) + "..."
    }
}

/// "Did you mean" for misspelt keys and values.
enum Suggestion {
    /// The candidate nearest to `word`, if it is near enough to be what was meant.
    static func closest(to word: String, among candidates: [String]) -> String? {
        guard word.utf8.count <= 100 else { return nil }
        let folded = fold(word)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = folded == fold(candidate) ? 0 : editDistance(Array(folded.utf8), Array(fold(candidate).utf8))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = max(1, min(3, word.utf8.count / 3))
        return best.distance <= allowed ? best.candidate : nil
    }

    /// `listAddress`, `List-Address` and `list_address` all fold to the same thing.
    private static func fold(_ word: String) -> String {
        var folded = ""
        for scalar in word.unicodeScalars {
            if scalar == "-" || scalar == "_" || scalar == " " {
                folded.append("_")
            } else if scalar.properties.isUppercase {
                if !folded.isEmpty && folded.last != "_" { folded.append("_") }
                folded += String(scalar).lowercased()
            } else {
                folded.unicodeScalars.append(scalar)
            }
        }
        return folded
    }

    private static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
