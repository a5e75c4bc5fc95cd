/// Lines longer than RFC 5322 §2.1.1 allows (998 octets before the CRLF) in what a list passes
/// on: the fields of the original it copies, and the bodies of its parts. Relays may reject such
/// a message or break the line wherever they like, so Praxis never sends one.
enum LongLines {
    /// RFC 5322 §2.1.1: "Each line of characters MUST be no more than 998 characters".
    static let maxLineLength = 998

    /// Fields whose syntax is not free text: carried in encoded words they would mean something
    /// else, so when one cannot be folded at white space it is left out instead.
    static let structuredFields: Set<String> = [
        "from", "sender", "reply-to", "to", "cc", "bcc", "message-id", "in-reply-to", "references",
        "date", "received", "return-path", "mime-version", "dkim-signature", "authentication-results",
        "arc-seal", "arc-message-signature", "arc-authentication-results", "received-spf",
        "disposition-notification-to", "precedence", "auto-submitted",
    ]

    /// Whether the field named `name` has a syntax of its own (see `structuredFields`).
    static func isStructured(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return structuredFields.contains(lowered) || lowered.hasPrefix("content-") || lowered.hasPrefix("resent-")
            || lowered.hasPrefix("list-")
    }

    /// A copied field (`Name: value` as it stands, folds as LF or CRLF, no final line end) as
    /// it may be sent: CRLF folds, no line over 998 octets, no continuation line of white space
    /// alone. An over-long line is folded at the
    /// last white space that keeps it within the limit (RFC 5322 §2.2.3); a field with no such
    /// place is written again as encoded words when it is free text, and left out (nil) when it
    /// is structured or its name alone is too long to write.
    static func conformingField(_ field: ArraySlice<UInt8>, name: String) -> [UInt8]? {
        if field.count <= maxLineLength && !field.contains(0x0A) { return Array(field) }
        if let folded = foldedAtWhiteSpace(field) { return folded }
        guard name.utf8.count <= 76, !isStructured(name),
              let colon = field.firstIndex(of: UInt8(ascii: ":"))
        else { return nil }
        var ignored: [MailDefect] = []
        let value = EncodedWords.decode(unfolded(field[(colon + 1)...]), defects: &ignored)
        return Array(name.utf8) + Array(": ".utf8)
            + Array(HeaderEncoding.encodeUnstructured(value, fieldNameLength: name.utf8.count).utf8)
    }

    /// The lines of a field, without their line ends.
    private static func physicalLines(_ field: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        field.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }
    }

    private static func isWhiteSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The field folded so that every line fits, or nil when some line has no white space to fold
    /// at in time. Each fold goes before a white space character, and every line keeps some
    /// text: a run of white space at a fold shrinks to one character, trailing white space of a
    /// long line goes (unfolding reads both as the same white space).
    private static func foldedAtWhiteSpace(_ field: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(field.count + 64)
        for (lineIndex, original) in physicalLines(field).enumerated() {
            var line = original
            // A continuation line of nothing but white space goes, with its line break: some
            // readers take it for the blank line that ends the header section.
            if lineIndex > 0 && line.allSatisfy(isWhiteSpace) { continue }
            guard line.count > maxLineLength else {
                if lineIndex > 0 { out += [0x0D, 0x0A] }
                out += line
                continue
            }
            while let last = line.last, isWhiteSpace(last) { line = line.dropLast() }
            // On the first line the name and its colon cannot be split; on the others, the white
            // space that makes them continuations comes first.
            let firstText: Int
            if lineIndex == 0 {
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
                firstText = colon
            } else {
                guard let text = line.firstIndex(where: { !isWhiteSpace($0) }) else { continue }
                line = line[(text - 1)...]
                firstText = text
            }
            if lineIndex > 0 { out += [0x0D, 0x0A] }
            var minimumFold = firstText + 1
            while line.count > maxLineLength {
                var fold = line.startIndex + maxLineLength
                while fold >= minimumFold, !isWhiteSpace(line[fold]) { fold -= 1 }
                guard fold >= minimumFold else { return nil }
                // The run of white space the fold falls in shrinks to the one character that
                // starts the next line.
                var runStart = fold
                while runStart > minimumFold, isWhiteSpace(line[runStart - 1]) { runStart -= 1 }
                guard let nextText = line[fold...].firstIndex(where: { !isWhiteSpace($0) }) else { break }
                out += line[..<runStart]
                out += [0x0D, 0x0A]
                line = line[(nextText - 1)...]
                minimumFold = line.startIndex + 2
            }
            out += line
        }
        return out
    }

    /// The value with its folds removed: each line break dropped, the white space after it kept.
    private static func unfolded(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        ArraySlice(value.filter { $0 != 0x0A && $0 != 0x0D })
    }

    /// Whether some line of `bytes` is longer than 998 octets (a CR before an LF not counted).
    static func hasLongLine(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count > maxLineLength else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            var lineStart = 0
            while lineStart < buffer.count {
                let lineEnd = MailScanner.lineEnd(buffer, from: lineStart, limit: buffer.count)
                let content = lineEnd > lineStart && lineEnd < buffer.count && buffer[lineEnd - 1] == 0x0D
                    ? lineEnd - 1 - lineStart : lineEnd - lineStart
                if content > maxLineLength { return true }
                lineStart = lineEnd + 1
            }
            return false
        }
    }
}

extension MailMessage {
    /// The message with every part whose body has a line over 998 octets encoded again so that
    /// none has: text as quoted-printable, anything else as base64 (a base64 or quoted-printable
    /// body whose sender did not break its lines is decoded first). Nil when no part needs it.
    ///
    /// Signed and encrypted parts, and everything in them, are left as they are: a change would
    /// break them, and their senders' software keeps lines short. So are uuencoded ones.
    func withLongBodyLinesEncoded() -> MailMessage? {
        guard LongLines.hasLongLine(bytes[root.bodyRange]) else { return nil }
        var parents: [Int: Int] = [:]
        for (index, part) in parts.enumerated() { for child in part.children { parents[child] = index } }
        func isSealed(_ index: Int) -> Bool {
            var current: Int? = index
            while let at = current {
                let part = parts[at]
                if part.type == "multipart" && (part.subtype == "signed" || part.subtype == "encrypted") { return true }
                if part.type == "application" && (part.subtype == "pkcs7-mime" || part.subtype == "x-pkcs7-mime") { return true }
                current = parents[at]
            }
            return false
        }
        var edits: [(range: Range<Int>, replacement: [UInt8])] = []
        for (index, part) in parts.enumerated() {
            guard part.children.isEmpty, part.type != "multipart", part.transferEncoding != .uuencode,
                  LongLines.hasLongLine(bytes[part.bodyRange]), !isSealed(index)
            else { continue }
            var ignored: [MailDefect] = []
            let decoded = decodedBody(part, defects: &ignored)
            let isText = part.type == "text" || (part.type == "message" && part.transferEncoding == .identity)
            let (name, encoded) = isText
                ? ("quoted-printable", TransferEncoding.quotedPrintable(decoded))
                : ("base64", TransferEncoding.base64(decoded))
            edits += transferEncodingEdits(part, name: name)
            edits.append((part.bodyRange, encoded))
        }
        guard !edits.isEmpty else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 2)
        var position = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            out += bytes[position..<edit.range.lowerBound]
            out += edit.replacement
            position = edit.range.upperBound
        }
        out += bytes[position...]
        return MailMessage(out)
    }

    /// The edits that make `part`'s Content-Transfer-Encoding `name`: its fields of that name
    /// taken out, one new one after its last field (or, with no fields, a header section of its own).
    private func transferEncodingEdits(_ part: MIMEPart, name: String) -> [(range: Range<Int>, replacement: [UInt8])] {
        let field = Array("Content-Transfer-Encoding: \(name)\r\n".utf8)
        var edits: [(range: Range<Int>, replacement: [UInt8])] = []
        func lineEnd(after offset: Int) -> Int {
            var end = offset
            if end < bytes.count, bytes[end] == 0x0D { end += 1 }
            if end < bytes.count, bytes[end] == 0x0A { end += 1 }
            return end
        }
        for location in part.header.fields
        where String(decoding: bytes[location.name], as: UTF8.self).lowercased() == "content-transfer-encoding" {
            edits.append((location.name.lowerBound..<lineEnd(after: location.value.upperBound), []))
        }
        if let last = part.header.fields.last {
            let end = lineEnd(after: last.value.upperBound)
            edits.append((end..<end, field))
            return edits
        }
        // No fields: the header section is the blank line before the body, if there is one.
        let bodyStart = part.bodyRange.lowerBound
        var before = bodyStart - 1
        if before >= 0, bytes[before] == 0x0A {
            before -= 1
            if before >= 0, bytes[before] == 0x0D { before -= 1 }
            if before < 0 || bytes[before] == 0x0A {
                return [(before + 1..<before + 1, field)]
            }
        }
        return [(bodyStart..<bodyStart, field + [0x0D, 0x0A])]
    }
}
