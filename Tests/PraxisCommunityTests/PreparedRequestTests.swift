import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

/// A moderation request composed before its held post has a number must be, once the number is
/// put in, the very request composed afterwards (but for its random Message-ID).
@Suite("Prepared moderation requests")
struct PreparedRequestTests {
    static let community = Community(name: "Mobility CoP", listAddress: "mobility@lists.example.org")
    static let heldAt = Date(timeIntervalSince1970: 1_700_000_000)

    static func post(text: String, subject: String = "Buy now") -> ModerationNotices.HeldPost {
        ModerationNotices.HeldPost(
            id: 0, authorName: "Mallory", authorAddress: "mallory@evil.example", subject: subject,
            reason: "the sender is not a member", text: text, heldAt: heldAt,
            expiresAt: heldAt.addingTimeInterval(14 * 86_400))
    }

    /// The message without its Message-ID line, which is drawn at random each time.
    static func withoutMessageID(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
            .filter { !$0.hasPrefix("Message-ID:") }.joined(separator: "\r\n")
    }

    static func messageID(_ bytes: [UInt8]) -> String? {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID:") }
    }

    @Test(arguments: [
        // ASCII: 7bit. Accented: quoted-printable. Cyrillic: base64, where the number cannot be put
        // in as bytes. A post quoting the placeholder itself.
        ("Cheap pills, very cheap.\nReally.", true),
        ("Grüße aus Köln — Fahrradwege.\nZweite Zeile.", true),
        (String(repeating: "Привет, как дела? Всё хорошо.\n", count: 8), false),
        ("approve HELDPOSTNO\nHELDPOSTNO", false),
    ])
    func numberPutInGivesTheRequestComposedAfterwards(text: String, composedOnce: Bool) throws {
        let prepared = ModerationNotices.preparedRequests(
            for: Self.post(text: text),
            tokens: [("mod1@example.org", "tok1"), ("mod2@example.org", "tok2"), ("mod3@example.org", "tok3")],
            languages: ["mod1@example.org": .de, "mod3@example.org": .fr], community: Self.community, at: Self.heldAt)
        #expect(prepared.map(\.moderator) == ["mod1@example.org", "mod2@example.org", "mod3@example.org"])
        // A moderator without a language of their own gets the community's.
        #expect(prepared.map(\.language) == [.de, Self.community.language, .fr])
        for request in prepared {
            for number: Int64 in [7, 4711, .max] {
                var post = Self.post(text: text)
                post.id = number
                let expected = ModerationNotices.request(
                    for: post, token: request.token, to: request.moderator, community: Self.community,
                    language: request.language
                ).rendered(for: Self.community, at: Self.heldAt)
                let rendered = request.rendered(number: number, community: Self.community)
                #expect(Self.withoutMessageID(rendered) == Self.withoutMessageID(expected))
                let text = MailMessage(rendered).body.readerText
                #expect(text.contains("praxis moderation approve \(number)\n"))
                #expect(text.contains("praxis moderation reject \(number) --reason TEXT"))
                #expect(text.contains("approve \(request.token)\n"))
            }
            // Composed once, the message keeps its Message-ID whatever number goes in; composed
            // again, it draws a new one.
            let first = Self.messageID(request.rendered(number: 1, community: Self.community))
            let second = Self.messageID(request.rendered(number: 2, community: Self.community))
            #expect(first != nil)
            #expect((first == second) == composedOnce)
        }
    }

    /// The excerpt as it was made Character by Character, before it went scalar by scalar.
    static func characterExcerpt(of text: String) -> [String] {
        var lines: [String] = []
        var blankRun = false
        var rest = text[...]
        while !rest.isEmpty {
            let end = rest.firstIndex(where: \.isNewline) ?? rest.endIndex
            let raw = rest[..<end]
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
            let line = ModerationNotices.plain(String(raw), width: ModerationNotices.excerptWidth)
            if line.isEmpty {
                if !lines.isEmpty && !blankRun { lines.append("") }
                blankRun = true
                continue
            }
            blankRun = false
            lines.append(line)
            if lines.count >= ModerationNotices.excerptLines {
                lines.append("[…]")
                break
            }
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    @Test(arguments: [
        "", "\n", "one", "one\r\ntwo\r\n\r\n\r\nthree\r\n", "cr\ronly\r\rend", "a\u{2028}b\u{2029}c\u{85}d\u{0B}e\u{0C}f",
        "\n\u{301}combining after a line end\n", "e\u{301}\r\n\r\u{301}x", String(repeating: "line\n\n", count: 30),
        String(repeating: "wörd ", count: 200) + "\n\u{202E}reversed\u{1B}[2J", "\r\n\r\nleading blanks\n\n\ntrailing\n\n",
    ])
    func excerptIsTheSameScalarByScalar(text: String) {
        #expect(ModerationNotices.excerpt(of: text) == Self.characterExcerpt(of: text))
    }
}
