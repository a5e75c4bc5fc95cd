/// Renders digests that differ only in their recipient once: members with the same coverage,
/// period and participation line get the same text, so a run over 10,000 members renders a few
/// dozen documents and fills in each recipient.
///
/// The recipient's address and name go in as placeholder characters from Unicode's private use
/// area, which `clean` removes from everything that comes from a post: a post cannot make a
/// placeholder appear, and the substitution escapes the values as the template would have.
public struct DigestRenderMemo {
    static let recipientToken = "\u{E000}recipient\u{E000}"
    static let nameToken = "\u{E000}name\u{E000}"

    struct Key: Hashable {
        var content: AnyHashable
        var participation: [String]
        var hasName: Bool
        var language: Language
    }

    private var cache: [Key: (text: String, html: String, hasTokens: Bool)] = [:]
    /// How many documents were rendered rather than found.
    public private(set) var rendered = 0

    public init() {}

    /// Both renderings of `document`. `contentKey` must identify everything in the document but
    /// the recipient and the participation lines (the caller knows what its content depends on).
    public mutating func render(
        _ document: DigestDocument, contentKey: AnyHashable, templates: DigestTemplates
    ) -> (text: String, html: String) {
        let result = renderShared(document, contentKey: contentKey, templates: templates)
        return (result.text, result.html)
    }

    /// `render`, with a key that is equal for two documents exactly when their renderings are
    /// equal (nil when the rendering names the recipient), so the caller can share more work.
    public mutating func renderShared(
        _ document: DigestDocument, contentKey: AnyHashable, templates: DigestTemplates
    ) -> (text: String, html: String, sharedKey: AnyHashable?) {
        let name = document.recipientName ?? ""
        let key = Key(content: contentKey, participation: document.participation, hasName: !name.isEmpty, language: document.language)
        let entry: (text: String, html: String, hasTokens: Bool)
        if let found = cache[key] {
            entry = found
        } else {
            var generic = document
            generic.usesPlaceholders = true
            let (text, html) = templates.render(generic)
            let hasTokens = Self.containsToken(text) || Self.containsToken(html)
            entry = (text, html, hasTokens)
            cache[key] = entry
            rendered += 1
        }
        guard entry.hasTokens else { return (entry.text, entry.html, AnyHashable(key)) }
        func filled(_ rendered: String, escape: (String) -> String) -> String {
            rendered
                .replacingOccurrences(of: Self.recipientToken, with: escape(document.recipient))
                .replacingOccurrences(of: Self.nameToken, with: escape(name))
        }
        return (filled(entry.text, escape: { $0 }), filled(entry.html, escape: HTMLEscaping.escape), nil)
    }

    /// Whether `text` holds U+E000 (UTF-8 EE 80 80), scanned as bytes: Foundation's `contains`
    /// on 50 KB strings cost more than the rendering it saved.
    static func containsToken(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        var state = 0
        while let byte = utf8.next() {
            switch (state, byte) {
            case (_, 0xEE): state = 1
            case (1, 0x80): state = 2
            case (2, 0x80): return true
            default: state = 0
            }
        }
        return false
    }

    /// `text` without the private-use character the placeholders are made of.
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{E000}") else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{E000}" ? "\u{FFFD}" : $0 }))
    }
}
