import Foundation

/// The subject of the list's copy of a post: `[Mobility] [cycling] Bike lanes`, and on a reply
/// `Re: [Mobility] [cycling] Bike lanes`, never `[Mobility] Re: [Mobility] …`.
public enum ListSubject {
    /// Markers clients put before a reply's subject; forwards (`Fwd:`) are kept as text, since
    /// "forwarded" says something a reader needs.
    private static let replyMarkers: Set<String> = [
        "re", "aw", "sv", "vs", "antw", "antwort", "odp", "ynt", "res", "rv", "ang", "r",
    ]

    /// `subject` with the prefix and the tags put in front exactly once. Earlier copies of the
    /// prefix, the tag or any of `aliases` (in brackets, any case, anywhere) are removed, and any
    /// number of leading reply markers (`Re: AW: Re[2]:`) become one `Re: ` in front.
    public static func rewritten(_ subject: String, prefix: String, tag: String?, aliases: [String] = []) -> String {
        var tokens = [prefix].filter { !$0.isEmpty }
        if let tag { tokens += ([tag] + aliases).map { "[\($0)]" } }
        var text = subject.replacingLineBreaks()
        for token in tokens { text = text.removingAll(token) }
        var isReply = false
        while let rest = text.droppingReplyMarker() {
            isReply = true
            text = rest
            for token in tokens { text = text.removingAll(token) }
        }
        let front = [prefix, tag.map { "[\($0)]" } ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        let body = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return (isReply ? "Re: " : "") + [front, body].filter { !$0.isEmpty }.joined(separator: " ")
    }

    fileprivate static func isReplyMarker(_ word: Substring) -> Bool {
        word.count <= 7 && replyMarkers.contains(word.lowercased())
    }
}

extension String {
    fileprivate func replacingLineBreaks() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }

    /// Every occurrence of `token`, ignoring case, removed.
    fileprivate func removingAll(_ token: String) -> String {
        guard !token.isEmpty else { return self }
        var result = self
        while let range = result.range(of: token, options: .caseInsensitive) {
            result.replaceSubrange(range, with: " ")
        }
        return result
    }

    /// The text after one leading reply marker (`Re:`, `AW :`, `Re[2]:`, `RE^3:`), or nil.
    fileprivate func droppingReplyMarker() -> String? {
        let trimmed = drop(while: { $0 == " " || $0 == "\t" })
        let word = trimmed.prefix(while: { $0.isASCII && $0.isLetter })
        guard !word.isEmpty, ListSubject.isReplyMarker(word) else { return nil }
        var rest = trimmed.dropFirst(word.count)
        if let open = rest.first, open == "[" || open == "(" {
            let close: Character = open == "[" ? "]" : ")"
            let counter = rest.dropFirst().prefix(while: { $0.isASCII && $0.isNumber })
            guard !counter.isEmpty, rest.dropFirst(1 + counter.count).first == close else { return nil }
            rest = rest.dropFirst(2 + counter.count)
        } else if rest.first == "^" {
            let counter = rest.dropFirst().prefix(while: { $0.isASCII && $0.isNumber })
            guard !counter.isEmpty else { return nil }
            rest = rest.dropFirst(1 + counter.count)
        }
        rest = rest.drop(while: { $0 == " " })
        guard rest.first == ":" || rest.first == "：" else { return nil }
        return String(rest.dropFirst())
    }
}
