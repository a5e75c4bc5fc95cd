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
}

extension MessageRewrite {
    /// Changes the rewrite so that the copy of `message` names none of `hidden`: In-Reply-To and
    /// References are written anew without them (left out when nothing remains), and any other
    /// field that mentions one, bracketed or bare, raw or decoded, is dropped with every field of
    /// its name. Nothing changes when no field mentions one.
    public mutating func hideMessageIDs(_ hidden: Set<String>, of message: MailMessage) {
        guard !hidden.isEmpty else { return }
        func mentions(_ text: String) -> Bool { hidden.contains { text.contains($0) } }
        var named = Set<String>()
        // Decoded, and raw as well: an encoded word can hide the id from one of the two.
        for (name, value) in message.headerFields where mentions(value) { named.insert(name.lowercased()) }
        for field in message.root.header.fields where mentions(String(decoding: message.bytes[field.value], as: UTF8.self)) {
            named.insert(String(decoding: message.bytes[field.name], as: UTF8.self).lowercased())
        }
        removedFields.formUnion(named)
        // Removal goes by name, so a threading field is written anew from every field of its name,
        // less the hidden ids: the copy still threads under the public posts it answers.
        for (name, label) in [("in-reply-to", "In-Reply-To"), ("references", "References")] where named.contains(name) {
            var ids: [String] = []
            for value in message.headers(name) {
                for id in MessageIDParser.parseList(Array(value.utf8)[...]) where !mentions(id) && !ids.contains(id) {
                    ids.append(id)
                }
            }
            if !ids.isEmpty { addedFields.append((label, ids.map { "<\($0)>" }.joined(separator: " "))) }
        }
    }
}
