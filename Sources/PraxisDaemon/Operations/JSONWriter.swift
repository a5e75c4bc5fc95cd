import Foundation
import PraxisCommunity
import PraxisMail

/// Writes JSON text directly, fields in the order given, so that output is stable and cheap: the
/// form of every `--json` output of `praxis`.
public struct JSONWriter {
    public private(set) var text = ""

    public init() {}

    public mutating func object(_ body: (inout ObjectWriter) -> Void) {
        var object = ObjectWriter()
        body(&object)
        text += "{" + object.members.joined(separator: ", ") + "}"
    }

    public struct ObjectWriter {
        fileprivate var members: [String] = []

        public mutating func field(_ name: String, _ value: String?) {
            members.append(JSONWriter.quoted(name) + ": " + (value.map(JSONWriter.quoted) ?? "null"))
        }
        public mutating func field(_ name: String, _ value: Int) {
            members.append(JSONWriter.quoted(name) + ": " + String(value))
        }
        public mutating func field(_ name: String, _ value: Double) {
            members.append(JSONWriter.quoted(name) + ": " + (value.isFinite ? String(value) : "null"))
        }
        public mutating func field(_ name: String, _ value: Bool) {
            members.append(JSONWriter.quoted(name) + ": " + (value ? "true" : "false"))
        }
        public mutating func strings(_ name: String, _ values: [String]) {
            members.append(JSONWriter.quoted(name) + ": [" + values.map(JSONWriter.quoted).joined(separator: ", ") + "]")
        }
        public mutating func addresses(_ name: String, _ values: [MailAddress]) {
            array(name, values) { item, address in
                item.object { fields in
                    fields.field("name", address.name)
                    fields.field("address", address.address)
                }
            }
        }
        public mutating func array<Element>(_ name: String, _ values: [Element], _ write: (inout JSONWriter, Element) -> Void) {
            let items = values.map { value -> String in
                var writer = JSONWriter()
                write(&writer, value)
                return writer.text
            }
            members.append(JSONWriter.quoted(name) + ": [" + items.joined(separator: ", ") + "]")
        }
        /// A member whose value is an object of its own.
        public mutating func nested(_ name: String, _ body: (inout ObjectWriter) -> Void) {
            var writer = JSONWriter()
            writer.object(body)
            raw(name, writer.text)
        }
        public mutating func raw(_ name: String, _ json: String) {
            members.append(JSONWriter.quoted(name) + ": " + json)
        }
    }

    /// A time as `praxis` writes every time, in JSON and text alike: ISO 8601 in UTC.
    public static func utc(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    public static func quoted(_ string: String) -> String {
        QuotedLiteral.of(string)
    }
}

extension JSONWriter {
    /// A transition between circles as every `--json` output and the export write it.
    public static func transition(_ writer: inout JSONWriter, _ transition: MemberTransition) {
        writer.object { fields in
            fields.field("address", transition.address)
            fields.field("sub_issue", transition.subIssue)
            fields.field("from", transition.from)
            fields.field("to", transition.to)
            fields.field("at", JSONWriter.utc(transition.at))
            fields.field("reason", transition.reason)
        }
    }
}
