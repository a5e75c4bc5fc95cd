/// A subject reduced to what stays the same across a thread: reply and forward prefixes
/// (`Re:`, `AW:`, `Fwd:`, `SV:`, `Re[2]:`…), list tags (`[cop]`), the `(fwd)` suffix and extra
/// whitespace removed, lower-cased.
///
/// Used as the thread fallback when a reply carries no usable In-Reply-To or References: only a
/// subject that had a reply or forward prefix (`isReply`) may join an existing thread by subject,
/// so two unrelated posts both titled "Meeting" never merge.
public struct NormalisedSubject: Hashable, Sendable {
    /// The normalised text; empty when the subject was empty or only prefixes and tags.
    public let text: String
    /// Whether a reply or forward prefix was removed.
    public let isReply: Bool

    /// Prefixes mail clients put before a reply or forward subject, in the languages we meet most.
    private static let prefixes: Set<String> = [
        "re", "aw", "sv", "vs", "antw", "antwort", "fw", "fwd", "wg", "tr", "rif", "odp", "ynt",
        "res", "rv", "enc", "vl", "ang", "doorst", "trs",
    ]
    /// A prefix word longer than this is not a prefix, which bounds the work on hostile subjects.
    private static let longestPrefix = 7
    /// A list tag longer than this is text in brackets, not a tag.
    private static let longestTag = 64

    public init(_ subject: String) {
        let bytes = Array(subject.utf8)
        var start = 0
        var isReply = false
        // Each pass removes one prefix or tag, so the loop ends after at most bytes.count passes.
        while true {
            while start < bytes.count, Self.isSpace(bytes[start]) { start += 1 }
            guard start < bytes.count else { break }
            if bytes[start] == UInt8(ascii: "[") {
                var end = start + 1
                while end < bytes.count, end - start <= Self.longestTag, bytes[end] != UInt8(ascii: "]") { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: "]") {
                    start = end + 1
                    continue
                }
                break
            }
            guard let after = Self.replyPrefixEnd(bytes, from: start) else { break }
            isReply = true
            start = after
        }
        var end = bytes.count
        while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
        let fwdSuffix = Array("(fwd)".utf8)
        if end - start >= fwdSuffix.count,
           zip(bytes[(end - fwdSuffix.count)..<end], fwdSuffix).allSatisfy({ Self.lowerASCII($0) == $1 }) {
            end -= fwdSuffix.count
            isReply = true
        }
        // Collapse every run of whitespace (folding leaves tabs and doubled spaces) to one space.
        var collapsed = [UInt8]()
        collapsed.reserveCapacity(end - start)
        var pendingSpace = false
        for byte in bytes[start..<max(start, end)] {
            if Self.isSpace(byte) {
                pendingSpace = !collapsed.isEmpty
            } else {
                if pendingSpace { collapsed.append(UInt8(ascii: " ")) }
                pendingSpace = false
                collapsed.append(byte)
            }
        }
        self.text = String(decoding: collapsed, as: UTF8.self).lowercased()
        self.isReply = isReply
    }

    /// The index after `re:` / `Re[2]:` / `RE^3:` / `Fwd :` at `start`, or nil when no known prefix is there.
    private static func replyPrefixEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var end = start
        while end < bytes.count, end - start < longestPrefix, isASCIILetter(bytes[end]) { end += 1 }
        guard end > start, end - start <= longestPrefix else { return nil }
        let word = String(decoding: bytes[start..<end].map(lowerASCII), as: UTF8.self)
        guard prefixes.contains(word) else { return nil }
        var cursor = end
        // A counter: "Re[2]:", "Re(2):", "Re^2:".
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "[") || bytes[cursor] == UInt8(ascii: "(") {
            let closing = bytes[cursor] == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ")")
            var digits = cursor + 1
            while digits < bytes.count, digits - cursor <= 4, isDigit(bytes[digits]) { digits += 1 }
            guard digits < bytes.count, digits > cursor + 1, bytes[digits] == closing else { return nil }
            cursor = digits + 1
        } else if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "^") {
            var digits = cursor + 1
            while digits < bytes.count, digits - cursor <= 4, isDigit(bytes[digits]) { digits += 1 }
            guard digits > cursor + 1 else { return nil }
            cursor = digits
        }
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") { return cursor + 1 }
        // Full-width colon (U+FF1A), as Chinese and Japanese clients write it.
        if cursor + 2 < bytes.count, bytes[cursor] == 0xEF, bytes[cursor + 1] == 0xBC, bytes[cursor + 2] == 0x9A {
            return cursor + 3
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func lowerASCII(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
