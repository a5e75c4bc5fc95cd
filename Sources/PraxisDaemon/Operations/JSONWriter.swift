import Foundation
import PraxisCommunity
import PraxisMail

/// Writes JSON text directly, fields in the order given, so that output is stable and cheap: the
/// form of every `--json` output of `praxis`. It writes UTF-8 bytes into one buffer, each string
/// quoted in place (`QuotedLiteral.append`): `praxis parse --json` writes megabytes of text.
public struct JSONWriter {
    /// The JSON written so far, as UTF-8.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// The JSON written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func object(_ body: (inout ObjectWriter) -> Void) {
        var object = ObjectWriter(bytes: bytes)
        // The buffer moves into the object writer and back, so it is never copied.
        bytes = []
        object.bytes.append(UInt8(ascii: "{"))
        body(&object)
        object.bytes.append(UInt8(ascii: "}"))
        bytes = object.bytes
    }

    public struct ObjectWriter {
        fileprivate var bytes: [UInt8]
        private var isFirst = true

        fileprivate init(bytes: [UInt8]) { self.bytes = bytes }

        /// `"name": ` after a separator when a member came before.
        private mutating func key(_ name: String) {
            if !isFirst { bytes += [UInt8(ascii: ","), UInt8(ascii: " ")] }
            isFirst = false
            QuotedLiteral.append(name, to: &bytes)
            bytes += [UInt8(ascii: ":"), UInt8(ascii: " ")]
        }

        public mutating func field(_ name: String, _ value: String?) {
            key(name)
            if let value { QuotedLiteral.append(value, to: &bytes) } else { bytes += Array("null".utf8) }
        }
        public mutating func field(_ name: String, _ value: Int) {
            key(name)
            bytes += Array(String(value).utf8)
        }
        public mutating func field(_ name: String, _ value: Double) {
            key(name)
            bytes += Array((value.isFinite ? String(value) : "null").utf8)
        }
        public mutating func field(_ name: String, _ value: Bool) {
            key(name)
            bytes += Array((value ? "true" : "false").utf8)
        }
        public mutating func strings(_ name: String, _ values: [String]) {
            key(name)
            bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { bytes += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                QuotedLiteral.append(value, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
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
            key(name)
            var writer = JSONWriter()
            writer.bytes = bytes
            bytes = []
            writer.bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { writer.bytes += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                write(&writer, value)
            }
            writer.bytes.append(UInt8(ascii: "]"))
            bytes = writer.bytes
        }
        /// A member whose value is an object of its own.
        public mutating func nested(_ name: String, _ body: (inout ObjectWriter) -> Void) {
            key(name)
            var writer = JSONWriter()
            writer.bytes = bytes
            bytes = []
            writer.object(body)
            bytes = writer.bytes
        }
        public mutating func raw(_ name: String, _ json: String) {
            key(name)
            bytes += Array(json.utf8)
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
