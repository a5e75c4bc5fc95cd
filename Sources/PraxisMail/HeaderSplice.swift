/// Replaces whole header fields of a rendered message with those of another rendered message: a
/// digest's copies to many readers share one rendered body and differ only in `To` and
/// `Message-ID`, so each copy is spliced from the first instead of rendered again.
public enum HeaderSplice {
    /// `template` with each field named in `names` (lower-case) taken from `source` instead;
    /// continuation lines belong to their field. Both must be the composer's CRLF output.
    public static func replacing(_ names: Set<String>, in template: [UInt8], from source: [UInt8]) -> [UInt8] {
        let sourceFields = fields(of: source)
        var replacement: [String: ArraySlice<UInt8>] = [:]
        for field in sourceFields.fields where names.contains(field.name) && replacement[field.name] == nil {
            replacement[field.name] = field.bytes
        }
        let templateFields = fields(of: template)
        var out: [UInt8] = []
        out.reserveCapacity(template.count + 128)
        for field in templateFields.fields {
            out.append(contentsOf: names.contains(field.name) ? (replacement[field.name] ?? field.bytes) : field.bytes)
        }
        out.append(contentsOf: template[templateFields.bodyStart...])
        return out
    }

    /// The header fields (with their line ends) and where the blank line starts.
    static func fields(of message: [UInt8]) -> (fields: [(name: String, bytes: ArraySlice<UInt8>)], bodyStart: Int) {
        var fields: [(name: String, bytes: ArraySlice<UInt8>)] = []
        var start = 0
        var index = 0
        while index < message.count {
            guard let end = message[index...].firstIndex(of: 0x0A) else { break }
            let lineStart = index
            index = end + 1
            if end == lineStart || (end == lineStart + 1 && message[lineStart] == 0x0D) {
                // The blank line: close the last field.
                if start < lineStart, let field = field(message, start..<lineStart) { fields.append(field) }
                return (fields, lineStart)
            }
            let continues = message[lineStart] == 0x20 || message[lineStart] == 0x09
            if !continues && lineStart > start {
                if let field = field(message, start..<lineStart) { fields.append(field) }
                start = lineStart
            }
        }
        return (fields, message.count)
    }

    private static func field(_ message: [UInt8], _ range: Range<Int>) -> (name: String, bytes: ArraySlice<UInt8>)? {
        guard let colon = message[range].firstIndex(of: UInt8(ascii: ":")) else { return nil }
        return (String(decoding: message[range.lowerBound..<colon], as: UTF8.self).lowercased(), message[range])
    }
}
