import Foundation
import Testing
@testable import PraxisMail

/// Issue 16, finding 3: no sender-controlled text, whatever CR, LF, NUL, long runs, non-ASCII or
/// encoded words it holds, can add a header field to anything Praxis writes, make a line longer
/// than 998 octets, or put a bare CR, bare LF or NUL into a header.
///
/// 100,000 generated cases (four chunks of 25,000) from seeded generators (so a failure names a
/// case that can be run again), each through one of the paths that write sender text into a header: the composer
/// (subject, display names, extra fields, message IDs: notices, replies and digests), the
/// unstructured encoder alone, the list copy (`MailMessage.rewritten`, which copies the original's
/// fields), and a message embedded in a MIME digest. Every output is read back by `StrictReader`,
/// which knows only CRLF as a line end.
@Suite struct HeaderInjectionFuzzTests {
    typealias Random = ComposeTestSupport.SeededRandom

    static let caseCount = 100_000

    /// Pieces values are built from: line breaks of every kind, NUL, smuggled fields, white space,
    /// non-ASCII, encoded words hiding line breaks, and things that look like syntax.
    static let fragments: [String] = [
        "\r", "\n", "\r\n", "\0", "\r\0", "\0\r", "\n\r", "\r\r\n", "\r\n ", "\r\n\t", "\r\n\r\n", "\n\n",
        "\r\nBcc: spy@evil.example", "\nBcc: spy@evil.example", "\rBcc: spy@evil.example", "\r\0Bcc: spy@evil.example",
        "\rReply-To: attacker@evil.example", "\nContent-Type: text/html", "\r\nX-Injected: 1",
        " ", "\t", "   ", " \t ", "word", "Re:", "Subject:", ":", "<id@example.org>", "\"quoted\"", "(comment)",
        "é", "日本語のテキスト", "😀", "Grüße", "\u{2028}", "\u{85}", "\u{7F}",
        "=?utf-8?q?a=0D=0ABcc:_spy@evil.example?=", "=?utf-8?b?DQpCY2M6IHNweUBldmlsLmV4YW1wbGU=?=",
        "=?iso-8859-1?q?caf=E9?=", "=?", "?=", "=?utf-8?q?", "From ", ".", "--boundary",
    ]

    static func value(_ random: inout Random) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...5, using: &random) {
            switch Int.random(in: 0..<48, using: &random) {
            case 0:
                // A long run of one unit (a character, a word, a line break): about as many bytes
                // as a line may hold, or a little more. Kept near the limit, and in about one case
                // in twenty, so that 100,000 cases stay fast while every fold and encoding
                // decision near the limit is still reached thousands of times.
                let length = Int.random(in: 900...1_300, using: &random)
                let unit = ["a", " ", "é", "ab ", "x\r", "日", "=?", "\t", "\r\n "].randomElement(using: &random) ?? "a"
                text += String(repeating: unit, count: max(1, length / unit.utf8.count))
            default:
                text += fragments.randomElement(using: &random) ?? ""
            }
        }
        return text
    }

    // MARK: The strict reader

    /// Reads a header section the strictest way: a line ends at CRLF and nowhere else.
    enum StrictReader {
        /// The lower-cased names of the header fields of `bytes`, or a complaint.
        static func fieldNames(_ bytes: [UInt8], nulAllowedInBody: Bool = false) -> Result<[String], Complaint> {
            var names: [String] = []
            var index = 0
            var lineStart = 0
            var inHeader = true
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0 && (inHeader || !nulAllowedInBody) { return .failure(Complaint("NUL at \(index)")) }
                if byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A) {
                    return .failure(Complaint("bare CR at \(index)"))
                }
                if byte == 0x0A && (index == 0 || bytes[index - 1] != 0x0D) {
                    return .failure(Complaint("bare LF at \(index)"))
                }
                if byte == 0x0A {
                    let line = bytes[lineStart..<(index - 1)]
                    if line.count > 998 { return .failure(Complaint("a line of \(line.count) octets at \(lineStart)")) }
                    if inHeader {
                        if line.isEmpty {
                            inHeader = false
                        } else if line.first != 0x20 && line.first != 0x09 {
                            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                                return .failure(Complaint("a header line that is no field at \(lineStart)"))
                            }
                            // White space before the colon is obsolete syntax (RFC 5322 §4.5), no part of the name.
                            var name = line[..<colon]
                            while let last = name.last, last == 0x20 || last == 0x09 { name = name.dropLast() }
                            names.append(String(decoding: name, as: UTF8.self).lowercased())
                        } else if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                            return .failure(Complaint("a continuation line of white space alone at \(lineStart)"))
                        }
                    }
                    lineStart = index + 1
                }
                index += 1
            }
            if lineStart < bytes.count, bytes.count - lineStart > 998 { return .failure(Complaint("an unterminated long line")) }
            return .success(names)
        }
    }

    struct Complaint: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: Paths

    static let date = Date(timeIntervalSince1970: 1_083_827_289)

    /// The composer: what notices, command replies and digests quote of a sender's text.
    static func composed(_ text: String, _ random: inout Random) -> (bytes: [UInt8], intended: [String]) {
        let inReplyTo: String? = Bool.random(using: &random) ? text : nil
        let message = OutgoingMessage(
            from: MailAddress(name: "List", address: "list-request@example.org"),
            to: [MailAddress(name: text, address: "member@example.org")],
            replyTo: [MailAddress(name: "Owners", address: "owner@example.org")],
            subject: "Held for moderation: " + text,
            date: date, messageID: "notice@example.org", inReplyTo: inReplyTo, references: [text, "root@example.org"],
            extraHeaders: [("X-Quoted", text), ("List-Id", "List <list.example.org>")],
            body: .plain("Your post was held."))
        var intended = ["from", "to", "reply-to", "subject", "date", "message-id"]
        if let inReplyTo, MessageComposer.sanitizedMessageID(inReplyTo) != nil { intended.append("in-reply-to") }
        intended += ["references", "x-quoted", "list-id", "mime-version", "content-type", "content-transfer-encoding"]
        return (message.rendered(using: &random), intended)
    }

    /// A post as it sits in a maildir: `text`'s bytes go into its Subject and X-Fuzz fields as they
    /// are, in a file whose lines end in CRLF or in LF. (Bodies are not header paths; the long
    /// lines of bodies have tests of their own in `LineBreaksInFieldsTests`.)
    static func post(_ text: String, crlf: Bool) -> [UInt8] {
        let end = crlf ? "\r\n" : "\n"
        return Array((
            "From: Alice <alice@example.org>" + end + "To: list@example.org" + end
            + "Subject: " + text + end + "Message-ID: <p@example.org>" + end + "X-Fuzz: " + text + end
            + "DKIM-Signature: v=1; b=abc" + end + "Content-Type: text/plain; charset=utf-8" + end + end
            + "Body" + end).utf8)
    }

    /// The names a list copy of `message` should have: the original's as parsed, minus the removed
    /// ones, Subject and Reply-To where the rewrite replaces them, then the added ones.
    static func intendedCopyNames(_ message: MailMessage, _ rewrite: MessageRewrite) -> [String] {
        var names: [String] = []
        var wroteSubject = false, wroteReplyTo = false
        for lower in fieldNames(message) {
            if rewrite.removedFields.contains(lower) { continue }
            if lower == "subject" && rewrite.subject != nil {
                if !wroteSubject { names.append(lower) }
                wroteSubject = true
            } else if lower == "reply-to" && rewrite.replyTo != nil {
                if !wroteReplyTo { names.append(lower) }
                wroteReplyTo = true
            } else {
                names.append(lower)
            }
        }
        if !wroteSubject && rewrite.subject != nil { names.append("subject") }
        if !wroteReplyTo && rewrite.replyTo?.isEmpty == false { names.append("reply-to") }
        return names + rewrite.addedFields.map { $0.name.lowercased() }
    }

    /// Whether `names` are the `intended` ones, allowing for what a list copy may add on its own:
    /// a Content-Transfer-Encoding when a body with long lines was encoded again, and, when the
    /// footer could only go into a multipart/mixed wrapped around the original, MIME-Version and
    /// Content-Type at the end with the original's Content-* fields moved into the first part.
    static func matches(_ names: [String], _ intended: [String]) -> Bool {
        let encoding = "content-transfer-encoding"
        guard names.filter({ $0 == encoding }).count <= 1 else { return false }
        let seen = names.filter { $0 != encoding }
        let wanted = intended.filter { $0 != encoding }
        if isSubsequence(seen, of: wanted) { return true }
        return isSubsequence(seen, of: wanted.filter { !$0.hasPrefix("content-") && $0 != "mime-version" } + ["mime-version", "content-type"])
    }

    /// Whether `names` is `wanted` with only structured fields, or fields with names too long to
    /// write again, left out: those the copy drops when a line of theirs is too long and has no
    /// white space to fold at.
    static func isSubsequence(_ names: [String], of wanted: [String]) -> Bool {
        var index = 0
        for name in wanted {
            if index < names.count && names[index] == name {
                index += 1
            } else if !LongLines.isStructured(name) && name.utf8.count <= 76 {
                return false
            }
        }
        return index == names.count
    }

    /// The field names of `message` as parsed, lower-cased, without decoding any value.
    static func fieldNames(_ message: MailMessage) -> [String] {
        message.root.header.fields.map { String(decoding: message.bytes[$0.name], as: UTF8.self).lowercased() }
    }

    /// The cases run in four chunks of 25,000, each from its own seed, so that Swift Testing can
    /// run them side by side on the machine's cores.
    static let chunks = 4

    @Test(arguments: 0..<chunks)
    func noSenderTextAddsAFieldOrBreaksALine(chunk: Int) throws {
        var random = Random(state: 0x16_0003 &+ UInt64(chunk) &* 0x9E37_79B9)
        let started = ContinuousClock.now
        let startedCPU = clock()
        var failures = 0
        var counts = [0, 0, 0, 0]
        var durations: [Duration] = [.zero, .zero, .zero, .zero]
        func check(_ index: Int, _ path: String, _ text: String, _ bytes: [UInt8], _ intended: [String], nulAllowedInBody: Bool = true) {
            switch StrictReader.fieldNames(bytes, nulAllowedInBody: nulAllowedInBody) {
            case .success(let names) where Self.matches(names, intended):
                return
            case .success(let names):
                Issue.record("case \(index) (\(path)) \(text.debugDescription.prefix(200)): fields \(names), intended \(intended)")
            case .failure(let complaint):
                Issue.record("case \(index) (\(path)) \(text.debugDescription.prefix(200)): \(complaint)")
            }
            failures += 1
        }
        // The same post with a harmless value: what the parser must see whatever the value holds,
        // as long as it has no line end of the file's own kind.
        let controlNames = Self.fieldNames(MailMessage(Self.post("plain", crlf: true)))

        let cases = chunk * Self.caseCount / Self.chunks..<(chunk + 1) * Self.caseCount / Self.chunks
        for index in cases where failures < 20 {
            let text = Self.value(&random)
            let path = index % 4
            counts[path] += 1
            let caseStart = ContinuousClock.now
            defer { durations[path] += ContinuousClock.now - caseStart }
            switch path {
            case 0:
                let (bytes, intended) = Self.composed(text, &random)
                check(index, "composer", text, bytes, intended, nulAllowedInBody: false)
            case 1:
                let name = String(repeating: "X", count: Int.random(in: 1...76, using: &random))
                let value = HeaderEncoding.encodeUnstructured(text, fieldNameLength: name.utf8.count)
                check(index, "encodeUnstructured", text, Array("\(name): \(value)\r\n\r\n".utf8), [name.lowercased()])
            case 2:
                let crlf = Bool.random(using: &random)
                let original = MailMessage(Self.post(text, crlf: crlf))
                let utf8 = Array(text.utf8)
                let ownLineEnd = crlf ? zip(utf8, utf8.dropFirst()).contains { $0 == (0x0D, 0x0A) } : utf8.contains(0x0A)
                if !ownLineEnd && Self.fieldNames(original) != controlNames {
                    Issue.record("case \(index) (parse) \(text.debugDescription.prefix(200)): fields \(Self.fieldNames(original))")
                    failures += 1
                }
                var rewrite = MessageRewrite(removedFields: ["dkim-signature", "bcc"])
                if Bool.random(using: &random) { rewrite.subject = "[P] " + (original.subject ?? "") }
                if Bool.random(using: &random) { rewrite.replyTo = [MailAddress(name: nil, address: "list@example.org")] }
                if Int.random(in: 0..<4, using: &random) == 0 { rewrite.from = MailAddress(name: text, address: "list@example.org") }
                rewrite.addedFields = [("List-Id", "List <list.example.org>"), ("X-Added", text)]
                if Int.random(in: 0..<4, using: &random) == 0 { rewrite.footer = "Footer " + text }
                let copy = original.rewritten(rewrite)
                check(index, "rewritten", text, copy, Self.intendedCopyNames(original, rewrite))
            default:
                let crlf = Bool.random(using: &random)
                let bytes = Self.post(text, crlf: crlf)
                let entity = MessageComposer.messageEntity(bytes)
                check(index, "digest entry", text, entity.content, Self.fieldNames(MailMessage(bytes)))
            }
        }
        let elapsed = ContinuousClock.now - started
        // CPU time tells what the cases cost on a machine shared with other work.
        let cpuSeconds = Double(clock() - startedCPU) / Double(CLOCKS_PER_SEC)
        print("header injection fuzz, chunk \(chunk): \(counts.reduce(0, +)) cases in \(elapsed), process CPU \(cpuSeconds) s (composer \(counts[0]) in \(durations[0]), encoder \(counts[1]) in \(durations[1]), list copy \(counts[2]) in \(durations[2]), digest entry \(counts[3]) in \(durations[3]))")
        #expect(failures == 0)
    }
}
