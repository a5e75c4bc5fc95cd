import Foundation
import PraxisCommunity
import Yams

/// What one value of `praxis.yaml` may be, and how it becomes a `Value`: the building block of
/// `ConfigurationKeys`, the one description of the file. Reading checks the value, reports every
/// problem with its place, and gives the value; the same shape documents itself for `Config/KEYS.md`.
struct Shape<Value> {
    /// What the value may be, as the keys reference says it, e.g. "whole number, 1 to 64".
    let kind: String
    /// A value as the file would write it, for the reference's default column.
    let written: (Value) -> String
    /// The keys of a mapping, or of the mappings in a list, for the reference.
    var keys: [KeyDocumentation] = []
    /// What joins this key's path to the paths of `keys`: `.` for a mapping, `[].` for a list of them.
    var join = "."
    /// Checks `node` at `path`, reporting to the reader; nil when the value itself is wrong.
    let read: (_ node: Node, _ path: String, _ reader: inout ConfigurationReader) -> Value?
}

/// One key of the keys reference: the row `Config/KEYS.md` shows for it.
struct KeyDocumentation: Sendable, Hashable {
    let key: String
    let kind: String
    /// `required`, the default as the file would write it, or what happens when the key is absent.
    let standard: String
    let meaning: String
    let keys: [KeyDocumentation]
    let join: String
}

/// One key of a mapping, and where its value goes in the `Root` being read.
struct Field<Root> {
    let key: String
    let isRequired: Bool
    /// The documentation, given the value a mapping starts from (which holds the defaults).
    let documentation: (_ initial: Root) -> KeyDocumentation
    let read: (_ node: Node, _ path: String, _ reader: inout ConfigurationReader, _ into: inout Root) -> Void

    /// A key the file must give.
    static func required<Value>(
        _ key: String, _ target: WritableKeyPath<Root, Value>, _ shape: Shape<Value>, _ meaning: String
    ) -> Field {
        Field(key: key, isRequired: true, target: target, shape: shape, meaning: meaning) { _ in "required" }
    }

    /// A key whose default is what the mapping's starting value holds, or `standard` when that
    /// needs words (a default derived from other keys).
    static func optional<Value>(
        _ key: String, _ target: WritableKeyPath<Root, Value>, _ shape: Shape<Value>, _ meaning: String,
        standard: String? = nil
    ) -> Field {
        Field(key: key, isRequired: false, target: target, shape: shape, meaning: meaning) { initial in
            standard ?? (shape.isMapping ? "see its keys" : "`\(shape.written(initial[keyPath: target]))`")
        }
    }

    /// A key whose absence means something other than a value: `whenAbsent` says what.
    static func optional<Value>(
        _ key: String, _ target: WritableKeyPath<Root, Value?>, _ shape: Shape<Value>, _ meaning: String,
        whenAbsent: String
    ) -> Field {
        Field(key: key, isRequired: false, target: target, shape: shape.optional, meaning: meaning) { _ in whenAbsent }
    }

    private init<Value>(
        key: String, isRequired: Bool, target: WritableKeyPath<Root, Value>, shape: Shape<Value>, meaning: String,
        standard: @escaping (Root) -> String
    ) {
        self.key = key
        self.isRequired = isRequired
        documentation = { initial in
            KeyDocumentation(
                key: key, kind: shape.kind, standard: standard(initial), meaning: meaning, keys: shape.keys,
                join: shape.join)
        }
        read = { node, path, reader, root in
            if let value = reader.read(node, as: shape, at: path) { root[keyPath: target] = value }
        }
    }
}

extension Shape {
    /// Whether the value is a mapping, whose defaults are those of its keys.
    var isMapping: Bool { !keys.isEmpty && join == "." }

    /// The same shape for a key whose value may be absent (nil).
    var optional: Shape<Value?> {
        Shape<Value?>(kind: kind, written: { $0.map(written) ?? "" }, keys: keys, join: join) { node, path, reader in
            read(node, path, &reader).map { .some($0) }
        }
    }

    /// A mapping: starts from `initial` (which holds every default), reads each key into it, then
    /// lets `completing` fill in defaults that derive from other keys (given the keys the file set).
    static func record(
        _ initial: Value, _ fields: [Field<Value>],
        completing: @escaping (_ value: inout Value, _ given: Set<String>) -> Void = { _, _ in }
    ) -> Shape {
        Shape(kind: "mapping", written: { _ in "" }, keys: fields.map { $0.documentation(initial) }) { node, path, reader in
            guard case .mapping(let mapping) = node else {
                reader.report(path, at: FilePosition(node.mark), "expected a mapping of keys, found \(ConfigurationReader.describe(node))")
                return nil
            }
            var value = initial
            let given = reader.readMapping(mapping, fields: fields, at: path, into: &value)
            completing(&value, given)
            return value
        }
    }

    /// A list of up to `maxCount` values of one shape; an empty entry is a problem.
    static func list<Element>(of element: Shape<Element>, maxCount: Int) -> Shape where Value == [Element] {
        let kind = element.kind == "mapping" ? "list of mappings" : "list of \(element.kind)"
        return Shape(
            kind: "\(kind), at most \(maxCount)", written: { "[" + $0.map(element.written).joined(separator: ", ") + "]" },
            keys: element.keys, join: "[]" + element.join
        ) { node, path, reader in
            guard case .sequence(let sequence) = node else {
                reader.report(path, at: FilePosition(node.mark), "expected a list, found \(ConfigurationReader.describe(node))")
                return nil
            }
            guard sequence.count <= maxCount else {
                reader.report(path, at: FilePosition(node.mark), "at most \(maxCount) entries are allowed, found \(sequence.count)")
                return nil
            }
            var values: [Element] = []
            for (index, item) in sequence.enumerated() {
                let itemPath = "\(path)[\(index)]"
                if item.null != nil {
                    reader.report(itemPath, at: FilePosition(item.mark), "an empty entry; remove it or give it a value")
                } else if let value = reader.read(item, as: element, at: itemPath) {
                    values.append(value)
                }
            }
            return values.count == sequence.count ? values : nil
        }
    }

    /// A value written either as plain text, read by `text`, or as a mapping, read by `record`:
    /// the short and the full form of one thing (an objective as a sentence, or with its id).
    static func textOr(_ text: Shape, record: Shape) -> Shape {
        Shape(kind: "text or mapping", written: text.written, keys: record.keys, join: record.join) { node, path, reader in
            if case .mapping = node { return record.read(node, path, &reader) }
            return text.read(node, path, &reader)
        }
    }

    /// A value parsed from its text by `parse`; when that gives nil, `problem` says why.
    static func parsed(
        kind: String, written: @escaping (Value) -> String, _ parse: @escaping (String) -> Value?,
        problem: @escaping (String) -> String
    ) -> Shape {
        scalar(kind: kind, written: written, expected: "text") { scalar in
            parse(scalar.string).map { .success($0) } ?? .failure(.invalid(problem(scalar.string)))
        }
    }

    /// A scalar, checked by `convert`, which gives the value or the problem with it.
    private static func scalar(
        kind: String, written: @escaping (Value) -> String, expected: String,
        convert: @escaping (Node.Scalar) -> Result<Value, ScalarProblem>
    ) -> Shape {
        Shape(kind: kind, written: written) { node, path, reader in
            let position = FilePosition(node.mark)
            guard let scalar = node.scalar else {
                reader.report(path, at: position, "expected \(expected), found \(ConfigurationReader.describe(node))")
                return nil
            }
            switch convert(scalar) {
            case .success(let value):
                return value
            case .failure(.notOfType):
                reader.report(path, at: position, "expected \(expected), found \(ConfigurationReader.describe(node))")
            case .failure(.invalid(let message)):
                reader.report(path, at: position, message)
            }
            return nil
        }
    }
}

/// Why a scalar is not a value of its shape.
private enum ScalarProblem: Error {
    /// Not even of the type (text where a number belongs): "expected …, found …".
    case notOfType
    /// Of the type but not allowed, with the sentence that says why.
    case invalid(String)
}

extension Shape where Value == String {
    /// Text, checked by `rule`.
    static func text(_ rule: TextRule) -> Shape {
        scalar(kind: rule.kind, written: { $0 }, expected: "text") { scalar in
            ConfigurationReader.problem(with: scalar.string, rule: rule).map { .failure(.invalid($0)) } ?? .success(scalar.string)
        }
    }
}

extension Shape where Value == Int {
    static func integer(_ range: ClosedRange<Int>) -> Shape {
        scalar(kind: "whole number, \(range.lowerBound) to \(range.upperBound)", written: { "\($0)" }, expected: "a whole number") { scalar in
            guard let value = Int.construct(from: scalar) else { return .failure(.notOfType) }
            guard range.contains(value) else {
                return .failure(.invalid("\(value) is out of range; use \(range.lowerBound) to \(range.upperBound)"))
            }
            return .success(value)
        }
    }
}

extension Shape where Value == Double {
    /// A number greater than `above` and at most `atMost`.
    static func fraction(above: Double, atMost: Double) -> Shape {
        scalar(kind: "number above \(above), at most \(atMost)", written: { "\($0)" }, expected: "a number") { scalar in
            guard let value = Double.construct(from: scalar), value.isFinite else { return .failure(.notOfType) }
            guard value > above && value <= atMost else {
                return .failure(.invalid("\(scalar.string) is out of range; use a number above \(above) and at most \(atMost)"))
            }
            return .success(value)
        }
    }
}

extension Shape where Value == Bool {
    static var flag: Shape {
        scalar(kind: "`true` or `false`", written: { "\($0)" }, expected: "true or false") { scalar in
            Bool.construct(from: scalar).map { .success($0) } ?? .failure(.notOfType)
        }
    }
}

extension Shape where Value: CaseIterable & RawRepresentable<String> {
    /// One of the enumeration's raw values.
    static var choice: Shape {
        let choices = Value.allCases.map(\.rawValue)
        let listed = choices.joined(separator: ", ")
        return scalar(
            kind: choices.map { "`\($0)`" }.joined(separator: ", "), written: \.rawValue, expected: "one of \(listed)"
        ) { scalar in
            if let value = Value(rawValue: scalar.string) { return .success(value) }
            let hint = Suggestion.closest(to: scalar.string, among: choices).map { "; did you mean \"\($0)\"?" } ?? ""
            return .failure(.invalid("\"\(ConfigurationReader.clipped(scalar.string))\" is not one of \(listed)\(hint)"))
        }
    }
}

extension Shape where Value == Schedule {
    /// `daily HH:MM`, `weekly DAY HH:MM` or `monthly N HH:MM`.
    static var schedule: Shape {
        scalar(kind: "schedule: `daily HH:MM`, `weekly DAY HH:MM`, `monthly N HH:MM` or `quarterly N HH:MM`", written: \.description, expected: "text") { scalar in
            do throws(CommunityError) {
                return .success(try Schedule(parsing: scalar.string))
            } catch {
                return .failure(.invalid(error.message))
            }
        }
    }
}

extension Shape where Value == TimeZone {
    /// An IANA time zone name, parsed here once for every user of the configuration.
    static var timeZone: Shape {
        scalar(kind: "IANA time zone, e.g. `Europe/Berlin`", written: \.identifier, expected: "text") { scalar in
            let text = scalar.string
            guard text.utf8.count <= 100 else { return .failure(.invalid("not a time zone")) }
            if let zone = TimeZone(identifier: text) { return .success(zone) }
            let hint = Suggestion.closest(to: text, among: TimeZone.knownTimeZoneIdentifiers)
                .map { "; did you mean \"\($0)\"?" } ?? "; use an IANA name such as Europe/Berlin"
            return .failure(.invalid("unknown time zone \"\(ConfigurationReader.clipped(text))\"\(hint)"))
        }
    }
}

/// Checks on a text value beyond being text.
enum TextRule: Sendable {
    case any
    case nonEmpty
    case address
    case identifier
    case smtpURL
    case path
    /// An HTTP header field name (RFC 9110 token).
    case headerName
    /// A literal IPv4 or IPv6 address.
    case ipAddress
    /// A mail domain.
    case domain

    /// How the keys reference names the kind of text.
    var kind: String {
        switch self {
        case .any, .nonEmpty: "text"
        case .address: "mail address"
        case .identifier: "id: lower-case letters, digits and `-`"
        case .smtpURL: "`smtp://HOST[:PORT]`, `smtps://HOST[:PORT]` or `maildir:PATH`"
        case .path: "path, relative to the configuration file's folder"
        case .headerName: "HTTP header name"
        case .ipAddress: "IP address"
        case .domain: "mail domain"
        }
    }
}
