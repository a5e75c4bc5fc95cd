import Foundation
import PraxisCommunity
import Yams

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

/// Reads a composed YAML tree as `ConfigurationKeys` describes it, collecting every problem, not
/// just the first, and where each key sits.
struct ConfigurationReader {
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

    /// Reads `node` as `shape`: counts it against the size limit and records where `path` is.
    mutating func read<Value>(_ node: Node, as shape: Shape<Value>, at path: String) -> Value? {
        nodesLeft -= 1
        if nodesLeft == 0 {
            report(path, at: FilePosition(node.mark), "the document is too large (too many values or aliases)")
        }
        guard nodesLeft > 0 else { return nil }
        if positions[path] == nil { positions[path] = FilePosition(node.mark) }
        return shape.read(node, path, &self)
    }

    /// Reads each key of `mapping` that `fields` describes into `value`, reporting unknown,
    /// empty-but-required and missing keys; the keys that gave a value.
    mutating func readMapping<Root>(
        _ mapping: Node.Mapping, fields: [Field<Root>], at path: String, into value: inout Root
    ) -> Set<String> {
        let position = positions[path] ?? FilePosition(line: 1, column: 1)
        let prefix = path.isEmpty ? "" : path + "."
        var seen = Set<String>()
        var given = Set<String>()
        for (key, node) in mapping {
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
            if node.null != nil {
                if field.isRequired { report(prefix + name, at: keyPosition, "a value is required") }
                continue
            }
            given.insert(name)
            field.read(node, prefix + name, &self, &value)
            // The key's own line is the one an operator looks for, not the value's.
            positions[prefix + name] = keyPosition
        }
        for field in fields where field.isRequired && !seen.contains(field.key) {
            report(prefix + field.key, at: position, "required key is missing")
        }
        return given
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
        case .headerName:
            let token = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            return !text.isEmpty && text.unicodeScalars.allSatisfy(token.contains)
                ? nil : "\"\(clipped(text))\" is not an HTTP header name; write e.g. X-Forwarded-Email"
        case .ipAddress:
            return isIPAddress(text) ? nil : "\"\(clipped(text))\" is not an IP address; write e.g. 127.0.0.1 or ::1 (no names, no ranges)"
        case .domain:
            return AddressSyntax.problem(in: "x@" + text) == nil
                ? nil : "\"\(clipped(text))\" is not a mail domain; write e.g. city.example.org"
        }
    }

    /// Whether `text` is a literal IPv4 or IPv6 address, as `inet_pton` reads them.
    static func isIPAddress(_ text: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, text, &buffer) == 1
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
