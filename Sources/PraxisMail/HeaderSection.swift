import Glibc

/// One header field as it stands in the message: where its name and its (still folded) value lie.
struct HeaderFieldLocation: Sendable {
    /// The field name, without the colon or any white space before it.
    var name: Range<Int>
    /// The raw value after the colon: leading white space skipped, still folded, without the final
    /// line break.
    var value: Range<Int>
}

/// The header section of one entity (the message or a MIME part), and where its body starts.
struct HeaderSection: Sendable {
    var fields: [HeaderFieldLocation] = []
    /// Offset of the first byte of the body: just after the blank line, or where the header
    /// section ended without one.
    var bodyStart: Int

    /// Splits the header section off `range` of `bytes`.
    ///
    /// Real mail breaks RFC 5322 in every way this tolerates: line ends that are LF alone, a missing
    /// blank line (the first line that is neither a field nor a continuation starts the body), a
    /// continuation line before any field, white space before the colon (obsolete syntax), and raw
    /// 8-bit bytes anywhere. Line ends must already be LF or CRLF: `MailMessage` has made a bare CR
    /// in the message's header section a space and one anywhere else an LF.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>,
        in range: Range<Int>,
        limits: ParseLimits,
        defects: inout [MailDefect]
    ) -> HeaderSection {
        var section = HeaderSection(bodyStart: range.upperBound)
        var position = range.lowerBound
        let end = range.upperBound
        var current: (name: Range<Int>, valueStart: Int)? = nil
        var currentValueEnd = position
        var droppedFields = 0

        func finishCurrent(_ section: inout HeaderSection) {
            guard let field = current else { return }
            current = nil
            if section.fields.count >= limits.maxHeaderFields {
                droppedFields += 1
                return
            }
            section.fields.append(HeaderFieldLocation(name: field.name, value: field.valueStart..<currentValueEnd))
        }

        while position < end {
            let lineEnd = MailScanner.lineEnd(bytes, from: position, limit: end)
            let contentEnd = MailScanner.trimmingCR(bytes, lineStart: position, lineEnd: lineEnd)
            let nextLine = lineEnd < end ? lineEnd + 1 : end

            if contentEnd == position {
                // The blank line: the body starts after it.
                finishCurrent(&section)
                section.bodyStart = nextLine
                break
            }
            if position - range.lowerBound > limits.maxHeaderBytes {
                finishCurrent(&section)
                defects.append(MailDefect(
                    "header-too-long",
                    "the header section exceeds \(limits.maxHeaderBytes) bytes; the rest of it was ignored"))
                section.bodyStart = MailScanner.blankLineOrEnd(bytes, from: position, limit: end)
                break
            }
            let first = bytes[position]
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                if current != nil {
                    currentValueEnd = contentEnd
                } else if section.fields.isEmpty {
                    defects.append(MailDefect(
                        "continuation-before-first-field",
                        "the header section starts with a continuation line; it was ignored"))
                }
                position = nextLine
                continue
            }
            guard let (name, valueStart) = fieldName(bytes, lineStart: position, contentEnd: contentEnd) else {
                // Neither a field nor a continuation: the sender forgot the blank line.
                finishCurrent(&section)
                defects.append(MailDefect(
                    "missing-header-body-separator",
                    "line \(section.fields.count + 1) of the header section is not a header field; the body starts there"))
                section.bodyStart = position
                break
            }
            finishCurrent(&section)
            current = (name, valueStart)
            currentValueEnd = contentEnd
            position = nextLine
        }
        if position >= end { finishCurrent(&section) }
        if droppedFields > 0 {
            defects.append(MailDefect(
                "too-many-header-fields",
                "\(droppedFields) header fields beyond the limit of \(limits.maxHeaderFields) were ignored"))
        }
        return section
    }

    /// The name of the field starting at `lineStart`, and where its value starts; nil when the
    /// line is not a header field.
    static func fieldName(
        _ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, contentEnd: Int
    ) -> (Range<Int>, Int)? {
        var index = lineStart
        while index < contentEnd {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { break }
            // RFC 5322 ftext: printable ASCII except the colon.
            if byte < 33 || byte > 126 {
                // Obsolete syntax allows white space between the name and the colon.
                var look = index
                while look < contentEnd, bytes[look] == UInt8(ascii: " ") || bytes[look] == UInt8(ascii: "\t") {
                    look += 1
                }
                guard look < contentEnd, bytes[look] == UInt8(ascii: ":"), look > lineStart, index > lineStart,
                      isStandardFieldName(bytes, lineStart..<index)
                else {
                    return nil
                }
                return (lineStart..<index, valueStart(bytes, afterColon: look + 1, contentEnd: contentEnd))
            }
            index += 1
        }
        guard index < contentEnd, index > lineStart else { return nil }
        return (lineStart..<index, valueStart(bytes, afterColon: index + 1, contentEnd: contentEnd))
    }

    /// Whether the name is one of RFC 5322's and RFC 2045's fields. White space before the colon
    /// is accepted only for these: it is real obsolete syntax there (RFC 5322 §4.5), while a line
    /// like `Word :text` with any other word is far more likely the first line of a body whose
    /// blank line is missing, which is how Python's email package reads it too.
    private static func isStandardFieldName(_ bytes: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) -> Bool {
        let lowered = String(decoding: bytes[name], as: UTF8.self).lowercased()
        return standardFieldNames.contains(lowered) || lowered.hasPrefix("resent-") || lowered.hasPrefix("content-")
    }

    private static let standardFieldNames: Set<String> = [
        "return-path", "received", "date", "from", "sender", "reply-to", "to", "cc", "bcc",
        "message-id", "in-reply-to", "references", "subject", "comments", "keywords", "mime-version",
    ]

    private static func valueStart(_ bytes: UnsafeBufferPointer<UInt8>, afterColon: Int, contentEnd: Int) -> Int {
        var index = afterColon
        while index < contentEnd, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        return index
    }
}

/// Byte-level scanning shared by the header and MIME parsers.
enum MailScanner {
    /// The offset of the LF ending the line that starts at `from`, or `limit` when the last line
    /// has none.
    @inline(__always)
    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int {
        guard from < limit, let base = bytes.baseAddress else { return limit }
        guard let found = memchr(base + from, Int32(UInt8(ascii: "\n")), limit - from) else { return limit }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Where the line's content ends: before a CR that precedes its LF.
    @inline(__always)
    static func trimmingCR(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, lineEnd: Int) -> Int {
        lineEnd > lineStart && bytes[lineEnd - 1] == UInt8(ascii: "\r") ? lineEnd - 1 : lineEnd
    }

    /// The offset just after the next blank line at or after `from`, or `limit`.
    static func blankLineOrEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int {
        var position = from
        while position < limit {
            let lineEnd = lineEnd(bytes, from: position, limit: limit)
            let next = lineEnd < limit ? lineEnd + 1 : limit
            if trimmingCR(bytes, lineStart: position, lineEnd: lineEnd) == position { return next }
            position = next
        }
        return limit
    }

    /// Whether `bytes[range]` equals `name` ignoring ASCII case; `name` must be lower-case ASCII.
    @inline(__always)
    static func equalsLowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        var offset = 0
        for index in range {
            var byte = bytes[index]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != expected[offset] { return false }
            offset += 1
        }
        return true
    }

    /// The header value in `range` of `storage` with its folding removed: each line break
    /// followed by white space is dropped, the white space kept (RFC 5322 §2.2.3). Inside a field's
    /// value every line break is such a fold. Returns the slice itself when the value was not folded.
    static func unfold(_ storage: [UInt8], _ range: Range<Int>) -> ArraySlice<UInt8> {
        let slice = storage[range]
        guard slice.contains(UInt8(ascii: "\n")) else { return slice }
        var unfolded: [UInt8] = []
        unfolded.reserveCapacity(range.count)
        for byte in slice where byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r") {
            unfolded.append(byte)
        }
        return unfolded[...]
    }
}
