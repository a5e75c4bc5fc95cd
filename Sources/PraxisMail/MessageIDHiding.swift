/// Keeping chosen Message-IDs out of a copy's header: a list copy or an embedded original that
/// goes to someone outside a protected sub-issue must not name a protected post anywhere, since
/// a Message-ID points into the closed space (an archive link, a search, a reply that threads).

extension MailMessage {
    /// Every id written in angle brackets in the message's own header fields (not its parts'),
    /// raw and decoded: the ids a copy of this message could name.
    public var headerMessageIDs: Set<String> {
        var ids = Set<String>()
        for field in root.header.fields {
            let raw = bytes[field.value]
            // Cheap exit: most fields (Date, Subject, Content-Type…) hold no bracket at all.
            guard raw.contains(UInt8(ascii: "<")) || raw.contains(UInt8(ascii: "=")) else { continue }
            ids.formUnion(MessageIDParser.parseList(raw))
        }
        // An encoded word can carry brackets the raw bytes do not show.
        for (_, value) in headerFields where value.contains("<") {
            ids.formUnion(MessageIDParser.parseList(Array(value.utf8)[...]))
        }
        return ids
    }

    /// `rewritten(rewrite)`, naming none of `hidden` in its header: In-Reply-To and References
    /// are written anew without them (left out when nothing remains), and any other field that
    /// mentions one, bracketed or bare, raw or decoded, is dropped with every field of its name.
    /// With nothing to hide, exactly `rewritten(rewrite)`.
    public func rewritten(_ rewrite: MessageRewrite, hiding hidden: Set<String>) -> [UInt8] {
        guard !hidden.isEmpty else { return rewritten(rewrite) }
        func mentions(_ text: String) -> Bool { hidden.contains { text.contains($0) } }
        var named = Set<String>()
        // Decoded, and raw as well: an encoded word can hide the id from one of the two.
        for (name, value) in headerFields where mentions(value) { named.insert(name.lowercased()) }
        for field in root.header.fields where mentions(String(decoding: bytes[field.value], as: UTF8.self)) {
            named.insert(String(decoding: bytes[field.name], as: UTF8.self).lowercased())
        }
        guard !named.isEmpty else { return rewritten(rewrite) }
        var rewrite = rewrite
        rewrite.removedFields.formUnion(named)
        // Removal goes by name, so a threading field is written anew from every field of its
        // name, less the hidden ids: the copy still threads under the public posts it answers.
        // The composer refuses these names in `addedFields`, so they go in front here.
        var threading: [UInt8] = []
        for (name, label) in [("in-reply-to", "In-Reply-To"), ("references", "References")] where named.contains(name) {
            var ids: [String] = []
            for field in fieldLocations(name) {
                for id in MessageIDParser.parseList(bytes[field.value])
                where !mentions(id) && Self.isPlainID(id) && !ids.contains(id) {
                    ids.append(id)
                }
            }
            guard !ids.isEmpty else { continue }
            // One id a line after the first: folded where RFC 5322 allows, never too long.
            threading += Array("\(label): \(ids.map { "<\($0)>" }.joined(separator: "\r\n "))\r\n".utf8)
        }
        return threading + rewritten(rewrite)
    }

    /// Printable ASCII without spaces or brackets: an id that can be written back as it was read,
    /// so nothing from the original can break the field it is written into.
    private static func isPlainID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }
}
