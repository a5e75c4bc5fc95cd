/// Message-ID, In-Reply-To and References values to bare message ids.
///
/// Ids are whatever sits between `<` and `>`. Old mailers wrap them in prose
/// (`Your message of "Tue, 1 Jan" <id@x>`, `<id@x> (Alice's message of …)`); comments and quoted
/// strings are deliberately not parsed, because such prose is full of lone apostrophes and
/// unbalanced parentheses, and reading brackets wherever they are agrees with the regex
/// `<([^<>\s]+)>` that Python users (and our measuring tool) apply to these headers.
enum MessageIDParser {
    /// A References header longer than this is an attack; threading needs only the last few anyway.
    static let maximumIDCount = 1_000

    /// All message ids in a References / In-Reply-To value, without angle brackets, in order, as
    /// written (a repeated id stays repeated: threading code looks ids up, and a faithful list is
    /// what every other reader of the header sees).
    static func parseList(_ raw: ArraySlice<UInt8>) -> [String] {
        var ids: [String] = []
        var index = raw.startIndex
        while index < raw.endIndex, ids.count < maximumIDCount {
            guard let (id, next) = bracketedID(in: raw, from: index, acceptingUnclosed: false) else { break }
            index = next
            if let id { ids.append(id) }
        }
        return ids
    }

    /// The Message-ID field's id, without angle brackets; nil when there is none.
    static func parseSingle(_ raw: ArraySlice<UInt8>) -> String? {
        var index = raw.startIndex
        while index < raw.endIndex {
            guard let (id, next) = bracketedID(in: raw, from: index, acceptingUnclosed: true) else { break }
            if let id { return id }
            index = next
        }
        // Some mailers write the id bare; accept it only when it is the whole value and looks like one.
        var start = raw.startIndex
        var end = raw.endIndex
        while start < end, isIDSpace(raw[start]) { start += 1 }
        while end > start, isIDSpace(raw[end - 1]) { end -= 1 }
        let token = raw[start..<end]
        guard !token.isEmpty, token.contains(MessageIDByte.at),
              !token.contains(where: { isIDSpace($0) || $0 == MessageIDByte.less || $0 == MessageIDByte.greater })
        else { return nil }
        return String(decoding: token, as: UTF8.self)
    }

    /// Finds the next `<…>` at or after `from`. Returns the id (nil when the brackets held nothing
    /// usable) and where to continue; nil when no `<` remains. Whitespace inside the brackets is
    /// removed: it comes from folding a long id, never from the id itself.
    private static func bracketedID(in raw: ArraySlice<UInt8>, from: Int,
                                    acceptingUnclosed: Bool) -> (String?, Int)? {
        var open = from
        while open < raw.endIndex, raw[open] != MessageIDByte.less { open += 1 }
        guard open < raw.endIndex else { return nil }
        var index = open + 1
        var hasSpace = false
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == MessageIDByte.greater {
                return (id(raw[open + 1..<index], hasSpace: hasSpace), index + 1)
            }
            // A second `<` means the first one opened nothing; restart from it.
            if byte == MessageIDByte.less { return (nil, index) }
            if isIDSpace(byte) { hasSpace = true }
            index += 1
        }
        // `<id@x` at the end of a Message-ID: Python reads it as the id, and so do we.
        guard acceptingUnclosed else { return (nil, index) }
        var end = open + 1
        while end < raw.endIndex, !isIDSpace(raw[end]) { end += 1 }
        let content = raw[open + 1..<end]
        guard content.contains(MessageIDByte.at) else { return (nil, index) }
        return (id(content, hasSpace: false), index)
    }

    private static func id(_ content: ArraySlice<UInt8>, hasSpace: Bool) -> String? {
        guard hasSpace else {
            return content.isEmpty ? nil : String(decoding: content, as: UTF8.self)
        }
        let compact = content.filter { !isIDSpace($0) }
        return compact.isEmpty ? nil : String(decoding: compact, as: UTF8.self)
    }

    @inline(__always)
    private static func isIDSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}

private enum MessageIDByte {
    static let less: UInt8 = 0x3C
    static let greater: UInt8 = 0x3E
    static let at: UInt8 = 0x40
}
