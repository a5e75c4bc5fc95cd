/// Bounds that keep hostile input from costing unbounded time, memory or stack.
///
/// Exceeding one is not an error: the parser stops descending or reading there, records a defect,
/// and the rest of the message stays usable.
public struct ParseLimits: Sendable {
    /// How deep multiparts and attached messages may nest before an entity is taken as opaque.
    public var maxDepth = 32
    /// How many MIME entities one message may have; later ones are not parsed.
    public var maxParts = 2_000
    /// How many header fields one entity may have.
    public var maxHeaderFields = 2_000
    /// How many bytes one entity's header section may take.
    public var maxHeaderBytes = 1 << 20

    public init() {}

    public static let `default` = ParseLimits()
}

/// How a part's body is encoded for transport (RFC 2045 §6).
enum ContentTransferEncoding: Sendable {
    case identity  // 7bit, 8bit, binary, or absent
    case base64
    case quotedPrintable
    case uuencode
}

/// One MIME entity: the message itself, a part of a multipart, or a message/rfc822 inside one.
struct MIMEPart: Sendable {
    var header: HeaderSection
    var bodyRange: Range<Int>
    /// Lower-cased media type and subtype; text/plain when absent or unusable (RFC 2045 §5.2).
    var type: String
    var subtype: String
    var contentType: HeaderParameters
    var disposition: HeaderParameters?
    var transferEncoding: ContentTransferEncoding
    var depth: Int
    var children: [Int] = []

    /// As Python and most clients decide it: only an explicit `attachment` disposition.
    var isAttachment: Bool { disposition?.value == "attachment" }
    var mediaType: String { type + "/" + subtype }
}

/// Parses the MIME tree of a message into a flat array of parts, root first, every part's
/// children in order. Iterative, so nesting depth never costs stack.
struct MIMEStructureParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let storage: [UInt8]
    let limits: ParseLimits
    var parts: [MIMEPart] = []
    var defects: [MailDefect] = []

    private struct Pending {
        var range: Range<Int>
        var parent: Int?
        var depth: Int
        var defaultType: (String, String)
    }

    init(bytes: UnsafeBufferPointer<UInt8>, storage: [UInt8], limits: ParseLimits) {
        self.bytes = bytes
        self.storage = storage
        self.limits = limits
    }

    mutating func parse(_ range: Range<Int>) -> [MIMEPart] {
        var stack = [Pending(range: range, parent: nil, depth: 0, defaultType: ("text", "plain"))]
        var partLimitReported = false
        while let pending = stack.popLast() {
            if parts.count >= limits.maxParts {
                if !partLimitReported {
                    defects.append(MailDefect(
                        "too-many-parts",
                        "the message has more than \(limits.maxParts) MIME parts; the rest were not parsed"))
                    partLimitReported = true
                }
                continue
            }
            let index = parts.count
            let part = entity(pending)
            parts.append(part)
            if let parent = pending.parent { parts[parent].children.append(index) }

            var childRanges: [Range<Int>] = []
            var childDefault = ("text", "plain")
            if part.type == "multipart" {
                guard pending.depth < limits.maxDepth else {
                    defects.append(MailDefect(
                        "nesting-too-deep",
                        "MIME parts nest deeper than \(limits.maxDepth) levels; the deeper ones were not parsed"))
                    continue
                }
                // A boundary may not end in white space (RFC 2046 §5.1.1); senders that put some
                // there write delimiter lines without it, so it is dropped, as Python does.
                if let boundary = part.contentType["boundary"]?.trimmingTrailingASCIIWhitespace(), !boundary.isEmpty {
                    childRanges = split(part.bodyRange, boundary: Array(boundary.utf8))
                } else {
                    defects.append(MailDefect(
                        "multipart-without-boundary",
                        "a \(part.mediaType) part has no boundary parameter; its body is taken as text"))
                }
                if part.subtype == "digest" { childDefault = ("message", "rfc822") }
            } else if part.type == "message", part.subtype == "rfc822" || part.subtype == "global",
                      part.transferEncoding == .identity {
                // An attached message is parsed like the outer one, so that its attachments are seen.
                // An encoded one (base64 message/rfc822, rare) stays an opaque attachment.
                guard pending.depth < limits.maxDepth else {
                    defects.append(MailDefect(
                        "nesting-too-deep",
                        "attached messages nest deeper than \(limits.maxDepth) levels; the deeper ones were not parsed"))
                    continue
                }
                childRanges = [part.bodyRange]
            }
            for childRange in childRanges.reversed() {
                stack.append(Pending(range: childRange, parent: index, depth: pending.depth + 1, defaultType: childDefault))
            }
        }
        return parts
    }

    private mutating func entity(_ pending: Pending) -> MIMEPart {
        let header = HeaderSection.parse(bytes, in: pending.range, limits: limits, defects: &defects)
        var type = pending.defaultType.0
        var subtype = pending.defaultType.1
        var contentType = HeaderParameters(value: "", parameters: [])
        var disposition: HeaderParameters? = nil
        var transferEncoding = ContentTransferEncoding.identity
        var sawContentType = false
        for field in header.fields {
            if MailScanner.equalsLowercased(bytes, field.name, "content-type") {
                // The first one counts, as in every mainstream parser; a second is a defect.
                if sawContentType {
                    defects.append(MailDefect("repeated-field", "a part has more than one Content-Type; the first is used"))
                    continue
                }
                sawContentType = true
                contentType = HeaderParameters.parse(MailScanner.unfold(storage, field.value), defects: &defects)
                if let slash = contentType.value.firstIndex(of: "/") {
                    let major = contentType.value[..<slash]
                    let minor = contentType.value[contentType.value.index(after: slash)...]
                    if !major.isEmpty, !minor.isEmpty, !Self.containsSlash(minor) {
                        type = String(major)
                        subtype = String(minor)
                    } else {
                        defects.append(MailDefect("bad-content-type", "invalid Content-Type \"\(contentType.value)\"; text/plain assumed"))
                        (type, subtype) = ("text", "plain")
                    }
                } else {
                    defects.append(MailDefect("bad-content-type", "invalid Content-Type \"\(contentType.value)\"; text/plain assumed"))
                    (type, subtype) = ("text", "plain")
                }
            } else if MailScanner.equalsLowercased(bytes, field.name, "content-disposition"), disposition == nil {
                disposition = HeaderParameters.parse(MailScanner.unfold(storage, field.value), defects: &defects)
            } else if MailScanner.equalsLowercased(bytes, field.name, "content-transfer-encoding") {
                transferEncoding = Self.transferEncoding(storage[field.value], defects: &defects)
            }
        }
        return MIMEPart(
            header: header,
            bodyRange: min(header.bodyStart, pending.range.upperBound)..<pending.range.upperBound,
            type: type,
            subtype: subtype,
            contentType: contentType,
            disposition: disposition,
            transferEncoding: transferEncoding,
            depth: pending.depth)
    }

    /// `text.contains("/")`, by bytes when the text is ASCII (always, in practice): Foundation's
    /// string search cost more than the rest of reading a Content-Type.
    private static func containsSlash(_ text: Substring) -> Bool {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.contains(UInt8(ascii: "/")) }
        return text.contains("/")
    }

    private static func transferEncoding(_ raw: ArraySlice<UInt8>, defects: inout [MailDefect]) -> ContentTransferEncoding {
        let token = String(decoding: raw, as: UTF8.self)
            .trimmingASCIIWhitespace()
            .lowercased()
        switch token {
        case "", "7bit", "8bit", "binary": return .identity
        case "base64": return .base64
        case "quoted-printable": return .quotedPrintable
        case "x-uuencode", "uuencode", "x-uue", "uue": return .uuencode
        default:
            defects.append(MailDefect("unknown-transfer-encoding", "unknown Content-Transfer-Encoding \"\(token.prefix(60))\"; taken as 8bit"))
            return .identity
        }
    }

    /// The body ranges of the parts of a multipart body.
    ///
    /// A delimiter is a line that is exactly `--boundary`, or `--boundary--` for the last, with
    /// optional trailing white space, as Python's email package matches it. The line break before
    /// a delimiter belongs to the delimiter (RFC 2046 §5.1.1). Preamble and epilogue are dropped.
    /// Missing delimiters are tolerated: a multipart that is never closed ends where its body ends.
    private mutating func split(_ body: Range<Int>, boundary: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var partStart: Int? = nil
        var position = body.lowerBound
        var closed = false
        while position < body.upperBound {
            let lineEnd = MailScanner.lineEnd(bytes, from: position, limit: body.upperBound)
            let nextLine = lineEnd < body.upperBound ? lineEnd + 1 : body.upperBound
            if let isClose = delimiter(at: position, lineEnd: lineEnd, boundary: boundary) {
                // The part ends before the line break that precedes this delimiter line.
                if let start = partStart {
                    var end = position
                    if end > start, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
                    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    ranges.append(start..<max(start, end))
                }
                if isClose {
                    closed = true
                    break
                }
                partStart = nextLine
            }
            position = nextLine
        }
        if !closed {
            if let start = partStart {
                ranges.append(start..<body.upperBound)
                defects.append(MailDefect("missing-close-boundary", "a multipart has no closing delimiter \"--\(String(decoding: boundary, as: UTF8.self))--\""))
            } else {
                defects.append(MailDefect("boundary-not-found", "the boundary \"\(String(decoding: boundary, as: UTF8.self))\" never occurs in its multipart body"))
            }
        }
        return ranges
    }

    /// nil when the line is not a delimiter of `boundary`; true for the closing delimiter.
    @inline(__always)
    private func delimiter(at lineStart: Int, lineEnd: Int, boundary: [UInt8]) -> Bool? {
        let length = lineEnd - lineStart
        guard length >= boundary.count + 2,
              bytes[lineStart] == UInt8(ascii: "-"), bytes[lineStart + 1] == UInt8(ascii: "-")
        else { return nil }
        var index = lineStart + 2
        for expected in boundary {
            if bytes[index] != expected { return nil }
            index += 1
        }
        var isClose = false
        if index + 1 < lineEnd, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") {
            isClose = true
            index += 2
        }
        while index < lineEnd {
            let byte = bytes[index]
            guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") else { return nil }
            index += 1
        }
        return isClose
    }
}

extension StringProtocol {
    /// The string without trailing ASCII white space.
    func trimmingTrailingASCIIWhitespace() -> String {
        var utf8 = Substring(self).utf8
        while let last = utf8.last, last == 32 || last == 9 { utf8 = utf8.dropLast() }
        return String(Substring(utf8))
    }

    /// The string without leading and trailing ASCII white space and control characters.
    func trimmingASCIIWhitespace() -> String {
        var utf8 = Substring(self).utf8
        while let first = utf8.first, first <= 32 { utf8 = utf8.dropFirst() }
        while let last = utf8.last, last <= 32 { utf8 = utf8.dropLast() }
        return String(Substring(utf8))
    }
}
