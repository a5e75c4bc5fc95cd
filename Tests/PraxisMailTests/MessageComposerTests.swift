import Foundation
import Testing
@testable import PraxisMail

@Suite struct MessageComposerTests {
    typealias Support = ComposeTestSupport

    static let may2004 = Date(timeIntervalSince1970: 1_083_827_289)  // Thu, 06 May 2004 07:08:09 UTC

    static func render(_ message: OutgoingMessage, seed: UInt64 = 1) -> [UInt8] {
        var random = Support.SeededRandom(state: seed)
        return message.rendered(using: &random)
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The header block split into fields (continuation lines joined), in order.
    static func headerFields(_ bytes: [UInt8]) -> [(name: String, value: String)] {
        let message = text(bytes)
        let head = message.components(separatedBy: "\r\n\r\n").first ?? ""
        var fields: [(name: String, value: String)] = []
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let last = fields.indices.last {
                fields[last].value += "\r\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop(while: { $0 == " " }))))
            } else {
                fields.append(("<malformed>", line))
            }
        }
        return fields
    }

    /// Wire rules every rendered message must obey.
    static func checkWireFormat(_ bytes: [UInt8], allow8bit: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(bytes.suffix(2) == [0x0D, 0x0A], sourceLocation: sourceLocation)
        var lineLength = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0D {
                #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index)", sourceLocation: sourceLocation)
            } else if byte == 0x0A {
                #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index)", sourceLocation: sourceLocation)
                lineLength = 0
                continue
            } else {
                lineLength += 1
            }
            if lineLength > 998 {
                Issue.record("line over 998 at \(index)", sourceLocation: sourceLocation)
                return
            }
            if !allow8bit && byte >= 0x80 {
                Issue.record("8-bit byte at \(index)", sourceLocation: sourceLocation)
                return
            }
        }
        for field in headerFields(bytes) {
            for line in "\(field.name): \(field.value)".components(separatedBy: "\r\n") {
                #expect(line.utf8.count <= 78 || !line.contains("=?"), "long header line: \(line.prefix(80))",
                        sourceLocation: sourceLocation)
            }
        }
    }

    // Checked with Python 3.11: email.message_from_bytes(policy=default) reads back the names,
    // addresses, subject and "Hello\nworld\n", with no defects.
    @Test func simpleMessageExactBytes() {
        let message = OutgoingMessage(
            from: MailAddress(name: "Mobility CoP", address: "mobility@lists.example.org"),
            to: [MailAddress(name: "Smith, John", address: "j@x.org")],
            subject: "Hello world", date: Self.may2004, messageID: "abc@x", body: .plain("Hello\nworld"))
        #expect(Self.text(Self.render(message)) == """
            From: Mobility CoP <mobility@lists.example.org>\r
            To: "Smith, John" <j@x.org>\r
            Subject: Hello world\r
            Date: Thu, 06 May 2004 07:08:09 +0000\r
            Message-ID: <abc@x>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 7bit\r
            \r
            Hello\r
            world\r

            """)
    }

    // Checked with Python 3.11 as above: names, subject, X-Note and body decode exactly, no defects.
    @Test func internationalReplyExactBytes() {
        let message = OutgoingMessage(
            from: MailAddress(name: "José Müller", address: "jose@x.org"),
            to: [MailAddress(name: "山田 太郎", address: "t@x.jp"), MailAddress(name: "👩‍👩‍👧‍👦 Family", address: "f@x.org")],
            cc: [MailAddress(name: "John Q. Public", address: "jq@x.org")],
            replyTo: [MailAddress(address: "list@x.org")],
            subject: "Re: Grüße aus Köln — Fahrradwege und Parkplätze im Jahr 2004, ein langer Betreff",
            date: Self.may2004, timeZoneOffsetSeconds: 7200,
            messageID: "id1@x", inReplyTo: "p@x", references: ["a@x", "p@x"],
            extraHeaders: [("List-Id", "Mobility <mobility.lists.example.org>"), ("X-Note", "naïve café")],
            body: .plain("Grüße\nFrom here\n.\ntrailing  \nend"))
        #expect(Self.text(Self.render(message)) == """
            From: =?UTF-8?B?Sm9zw6kgTcO8bGxlcg==?= <jose@x.org>\r
            To: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <t@x.jp>,\r
             =?UTF-8?B?8J+RqeKAjfCfkanigI3wn5Gn4oCN8J+RpiBGYW1pbHk=?= <f@x.org>\r
            Cc: "John Q. Public" <jq@x.org>\r
            Reply-To: list@x.org\r
            Subject: Re: =?UTF-8?B?R3LDvMOfZQ==?= aus =?UTF-8?B?S8O2bG4g4oCU?= Fahrradwege\r
             und =?UTF-8?Q?Parkpl=C3=A4tze?= im Jahr 2004, ein langer Betreff\r
            Date: Thu, 06 May 2004 09:08:09 +0200\r
            Message-ID: <id1@x>\r
            In-Reply-To: <p@x>\r
            References: <a@x> <p@x>\r
            List-Id: Mobility <mobility.lists.example.org>\r
            X-Note: =?UTF-8?B?bmHDr3ZlIGNhZsOp?=\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Gr=C3=BC=C3=9Fe\r
            =46rom here\r
            =2E\r
            trailing =20\r
            end\r

            """)
    }

    // Checked with Python 3.11: multipart/alternative with text/plain "Plain €\n" and text/html.
    @Test func alternativeExactBytes() {
        let message = OutgoingMessage(
            from: MailAddress(address: "a@b.org"), to: [MailAddress(address: "c@d.org")],
            subject: "Digest", date: Self.may2004, messageID: "m@b.org",
            body: .alternative(plain: "Plain €", html: "<p>HTML</p>"))
        #expect(Self.text(Self.render(message)) == """
            From: a@b.org\r
            To: c@d.org\r
            Subject: Digest\r
            Date: Thu, 06 May 2004 07:08:09 +0000\r
            Message-ID: <m@b.org>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/alternative; boundary="=_bgxeqes5nrcchd35ysfun4256kve"\r
            \r
            --=_bgxeqes5nrcchd35ysfun4256kve\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Plain =E2=82=AC\r
            \r
            --=_bgxeqes5nrcchd35ysfun4256kve\r
            Content-Type: text/html; charset=utf-8\r
            Content-Transfer-Encoding: 7bit\r
            \r
            <p>HTML</p>\r
            \r
            --=_bgxeqes5nrcchd35ysfun4256kve--\r

            """)
    }

    // MARK: Header injection and sanitising

    @Test(arguments: [
        "Hi\r\nBcc: victim@example.org",
        "Hi\nBcc: victim@example.org",
        "Hi\rBcc: victim@example.org",
        "Hi\u{0}\r\n\r\nInjected body",
        "\r\nBcc: victim@example.org",
        String(repeating: "\r\n", count: 1000) + "Bcc: victim@example.org",
    ])
    func subjectCannotInjectHeaders(subject: String) {
        let bytes = Self.render(OutgoingMessage(
            from: MailAddress(address: "a@b.org"), subject: subject, date: Self.may2004, messageID: "m@b",
            body: .plain("body")))
        Self.checkWireFormat(bytes)
        let names = Self.headerFields(bytes).map(\.name)
        #expect(names == ["From", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"])
        let subjectValue = Self.headerFields(bytes).first { $0.name == "Subject" }?.value ?? ""
        #expect(Support.decodeUnstructured(subjectValue)
            == HeaderEncoding.withoutLineBreaks(subject).trimmingCharacters(in: .whitespaces))
    }

    /// The MIME fields the composer writes cannot be given as extra fields, in any case or
    /// spacing; other `Content-` fields (RFC 3282 `Content-Language`) go through, and their
    /// values can no more break the header than any other field's.
    @Test(arguments: [
        ("Content-Type", "text/html", false),
        ("content-transfer-encoding", "base64", false),
        ("CONTENT-DISPOSITION", "attachment", false),
        ("MIME-Version", "2.0", false),
        ("Content-Language", "de", true),
        ("Content-Language", "de\r\nBcc: victim@example.org", true),
        ("Content-Language", "de\r\n\r\n<html>injected body", true),
    ])
    func theMIMEFieldsAreTheComposersOwnAndContentLanguagePasses(_ name: String, _ value: String, _ passes: Bool) {
        let bytes = Self.render(OutgoingMessage(
            from: MailAddress(address: "a@b.org"), subject: "s", date: Self.may2004, messageID: "m@b",
            extraHeaders: [(name, value)], body: .plain("body")))
        Self.checkWireFormat(bytes)
        let fields = Self.headerFields(bytes)
        let mime = ["MIME-Version", "Content-Type", "Content-Transfer-Encoding"]
        #expect(fields.suffix(3).map(\.name) == mime)
        #expect(fields.filter { mime.contains($0.name) }.map(\.value) == ["1.0", "text/plain; charset=utf-8", "7bit"])
        #expect(!fields.contains { $0.name.lowercased() == "bcc" || $0.name.lowercased() == "content-disposition" })
        #expect(fields.count == 7 + (passes ? 1 : 0))
        if passes {
            let language = fields.first { $0.name == "Content-Language" }?.value ?? ""
            #expect(language.hasPrefix("de"))
            #expect(!language.contains("\r\n\r\n"))
        }
        // Whatever the value, the body is the composer's.
        #expect(Self.text(bytes).components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n") == "body\r\n")
    }

    @Test func namesAddressesIDsAndExtraHeadersCannotInject() {
        let bytes = Self.render(OutgoingMessage(
            from: MailAddress(name: "Evil\r\nBcc: x@y", address: "a@b.org\r\nBcc: z@y"),
            to: [MailAddress(address: "v@x.org, attacker@y.org"), MailAddress(address: " <w@x.org> "),
                 MailAddress(address: "\r\n"), MailAddress(address: "x@y.org>\r\nBcc: q@r")],
            cc: [MailAddress(name: "\"quoted\" <fake@evil.org>", address: "c@x.org")],
            subject: "s", date: Self.may2004, messageID: "x@y>\r\nBcc: y@z<",
            inReplyTo: "\r\n", references: ["ok@x", "<bad@x> <other@y>", ""],
            extraHeaders: [
                ("X-Evil\r\nBcc", "v\r\nBcc: q@r"), ("Content-Type", "text/html"), ("Subject", "second"),
                ("Bad:Name", "v"), ("", "empty"), ("\u{0}\r\n", "controls"), ("X-Ünicode", "kept"),
                (String(repeating: "X", count: 77), "too long"), ("List-Id", "<cop.example.org>"),
            ],
            body: .plain("body")))
        Self.checkWireFormat(bytes)
        let fields = Self.headerFields(bytes)
        #expect(fields.map(\.name) == [
            "From", "To", "Cc", "Subject", "Date", "Message-ID", "References", "X-EvilBcc", "BadName", "X-nicode",
            "List-Id", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        ])
        let value = { (name: String) in fields.first { $0.name == name }?.value ?? "<missing>" }
        #expect(value("From") == "\"Evil  Bcc: x@y\" <a@b.org>")
        #expect(value("To") == "v@x.org, w@x.org, x@y.org")
        #expect(value("Cc") == "\"\\\"quoted\\\" <fake@evil.org>\" <c@x.org>")
        #expect(value("Message-ID") == "<x@y>")
        #expect(value("References") == "<ok@x> <bad@x>")
        #expect(value("X-EvilBcc") == "v  Bcc: q@r")
        #expect(value("Content-Type") == "text/plain; charset=utf-8")
    }

    @Test(arguments: [
        ("alice@example.org", true), ("a@b", true), ("<a@b.org>", false), ("a b@c.org", false),
        ("a@b.org\r\nBcc: x", false), ("jörg@x.de", false), ("nobody", false), ("@x.org", false),
        ("x@", false), ("a,b@c.org", false), ("", false), (String(repeating: "a", count: 250) + "@x.org", false),
    ])
    func composableAddresses(address: String, composable: Bool) {
        #expect(MailAddress(address: address).isComposable == composable)
    }

    // MARK: Volume

    @Test func tenThousandRecipientsFold() {
        let recipients = (0..<10_000).map { MailAddress(name: $0 % 3 == 0 ? "Member \($0)" : nil, address: "m\($0)@example.org") }
        let bytes = Self.render(OutgoingMessage(
            from: MailAddress(address: "list@example.org"), to: recipients, subject: "s", date: Self.may2004,
            messageID: "m@x", body: .plain("")))
        Self.checkWireFormat(bytes)
        let to = Self.headerFields(bytes).first { $0.name == "To" }?.value ?? ""
        let lines = to.components(separatedBy: "\r\n")
        #expect(lines.count > 1000)
        #expect(("To: " + (lines.first ?? "")).utf8.count <= 78 && lines.allSatisfy { $0.utf8.count <= 78 })
        let addresses = to.replacingOccurrences(of: "\r\n", with: "").components(separatedBy: ", ")
        #expect(addresses.count == 10_000)
        #expect(addresses[3] == "Member 3 <m3@example.org>" && addresses[4] == "m4@example.org")
    }

    @Test(arguments: [
        String(repeating: "a", count: 100_000),
        String(repeating: "ab ", count: 33_333),
        String(repeating: "ü", count: 100_000),
        String(repeating: "日本語 ", count: 25_000),
    ])
    func hugeSubjects(subject: String) {
        let bytes = Self.render(OutgoingMessage(
            from: MailAddress(name: subject, address: "a@b.org"), subject: subject, date: Self.may2004,
            messageID: "m@x", body: .plain(subject)))
        Self.checkWireFormat(bytes)
        let fields = Self.headerFields(bytes)
        let value = fields.first { $0.name == "Subject" }?.value ?? ""
        #expect(Support.decodeUnstructured(value) == subject.trimmingCharacters(in: .whitespaces))
        #expect(fields.allSatisfy { field in field.value.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 } })
    }

    // MARK: Bodies

    @Test(arguments: [
        ("Hello", "7bit", "Hello\r\n"),
        ("Hello\r\n", "7bit", "Hello\r\n"),
        ("", "7bit", ""),
        ("Straße\n", "quoted-printable", "Stra=C3=9Fe\r\n"),
        ("Grüße\n", "base64", "R3LDvMOfZQ0K\r\n"),
        ("From the list\n", "quoted-printable", "=46rom the list\r\n"),
        (".\n", "quoted-printable", "=2E\r\n"),
        ("trailing \n", "quoted-printable", "trailing=20\r\n"),
        ("日本語", "base64", "5pel5pys6KqeDQo=\r\n"),
        ("bare\rCR", "7bit", "bare\r\nCR\r\n"),
    ])
    func textBodyEncoding(text: String, encoding: String, content: String) {
        let entity = MessageComposer.textEntity(text, subtype: "plain")
        #expect(entity.headerLines == ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: \(encoding)"])
        #expect(Self.text(entity.content) == content)
    }

    @Test func longLineGoesQuotedPrintable() {
        let line = String(repeating: "word ", count: 40)
        let entity = MessageComposer.textEntity(line, subtype: "plain")
        #expect(entity.headerLines.last == "Content-Transfer-Encoding: quoted-printable")
        #expect(Self.text(entity.content).components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
    }

    @Test func textWithNULAndControlsStaysSevenBit() {
        let bytes = Self.render(OutgoingMessage(
            from: MailAddress(address: "a@b.org"), subject: "s", date: Self.may2004, messageID: "m@x",
            body: .mixed([.plain("nul\u{0}\u{1}\u{7F}"), .html("<p>\u{0}</p>")])))
        Self.checkWireFormat(bytes)
        #expect(!bytes.contains(0))
    }

    @Test func digestHoldsMessagePartsWithCRLF() {
        let first = Array("From: x@y\nSubject: one\n\nfirst\n".utf8)
        let second = Array("From: z@y\r\nSubject: two\r\n\r\nsecond\r".utf8)
        let entity = { () -> MessageComposer.Entity in
            var random = Support.SeededRandom(state: 9)
            return MessageComposer.entity(for: .digest([first, second]), depth: 0, generator: &random)
        }()
        let boundary = entity.headerLines[0].components(separatedBy: "boundary=\"").last?.dropLast() ?? ""
        #expect(entity.headerLines == ["Content-Type: multipart/digest; boundary=\"\(boundary)\""])
        #expect(Self.text(entity.content) == """
            --\(boundary)\r
            Content-Type: message/rfc822\r
            \r
            From: x@y\r
            Subject: one\r
            \r
            first\r
            \r
            --\(boundary)\r
            Content-Type: message/rfc822\r
            \r
            From: z@y\r
            Subject: two\r
            \r
            second\r
            \r
            --\(boundary)--\r

            """)
    }

    @Test func eightBitMessagePartsAreLabelledUpTheTree() {
        let bytes = Self.render(OutgoingMessage(
            from: MailAddress(address: "a@b.org"), subject: "s", date: Self.may2004, messageID: "m@x",
            body: .mixed([.plain("intro"), .digest([Array("Subject: ü\n\nü\n".utf8)])])))
        Self.checkWireFormat(bytes, allow8bit: true)
        let message = Self.text(bytes)
        #expect(message.components(separatedBy: "Content-Transfer-Encoding: 8bit").count == 4)  // top, digest, part
        #expect(Self.headerFields(bytes).last?.value == "8bit")
    }

    @Test func emptyMultipartsGetOneEmptyTextPart() {
        for body in [OutgoingBody.mixed([]), .digest([])] {
            var random = Support.SeededRandom(state: 3)
            let entity = MessageComposer.entity(for: body, depth: 0, generator: &random)
            #expect(Self.text(entity.content).contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n\r\n--"))
        }
    }

    @Test func boundaryAvoidsContent() {
        // The first boundary a generator seeded with 5 would draw is planted in the content.
        var probe = Support.SeededRandom(state: 5)
        let planted = "=_" + MessageComposer.randomToken(length: 28, using: &probe)
        var random = Support.SeededRandom(state: 5)
        let entity = MessageComposer.entity(
            for: .mixed([.message(Array("Subject: x\n\n--\(planted)\n".utf8))]), depth: 0, generator: &random)
        #expect(!entity.headerLines[0].contains(planted))
        #expect(MessageComposer.occurs(boundary: planted, in: MessageComposer.messageEntity(Array("a\n--\(planted)--\n".utf8))))
        #expect(!MessageComposer.occurs(boundary: planted, in: MessageComposer.messageEntity(Array("a --\(planted)\n".utf8))))
    }

    /// Counts the draws, to show a token takes 5 bits per character rather than a draw each.
    struct CountingRandom: RandomNumberGenerator {
        var inner: ComposeTestSupport.SeededRandom
        var draws = 0
        mutating func next() -> UInt64 {
            draws += 1
            return inner.next()
        }
    }

    @Test(arguments: [(0, 0), (1, 1), (12, 1), (13, 2), (24, 2), (26, 3), (28, 3)])
    func tokensTakeTwelveCharactersPerDraw(length: Int, draws: Int) {
        var random = CountingRandom(inner: Support.SeededRandom(state: 9))
        let token = MessageComposer.randomToken(length: length, using: &random)
        #expect(token.utf8.count == length)
        #expect(random.draws == draws)
        #expect(token.utf8.allSatisfy { MessageComposer.base32Alphabet.contains($0) })
    }

    @Test func tokensUseEveryCharacterOfTheirAlphabet() {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789".utf8)
        var seen = Set<UInt8>()
        for _ in 0..<40 { seen.formUnion(MessageComposer.randomToken(length: 24, alphabet: alphabet).utf8) }
        #expect(seen == Set(alphabet))
        // Drawn afresh each time from the system's generator.
        #expect(MessageComposer.randomToken(length: 26) != MessageComposer.randomToken(length: 26))
    }

    @Test func deepNestingIsCutOff() {
        var body = OutgoingBody.plain("leaf")
        for _ in 0..<200 { body = .mixed([body]) }
        let bytes = Self.render(OutgoingMessage(
            from: MailAddress(address: "a@b.org"), subject: "s", date: Self.may2004, messageID: "m@x", body: body))
        Self.checkWireFormat(bytes)
        let multiparts = Self.text(bytes).components(separatedBy: "Content-Type: multipart/mixed").count - 1
        #expect(multiparts == MessageComposer.maxNestingDepth)
        #expect(!Self.text(bytes).contains("leaf"))
    }

    // MARK: Attachments

    // Checked with Python 3.11: get_filename() returns the name, get_content() the bytes.
    @Test(arguments: [
        ("report.pdf", ["filename=\"report.pdf\""]),
        ("a \"b\".txt", ["filename=\"a \\\"b\\\".txt\""]),
        ("Übersicht.pdf", ["filename*=utf-8''%C3%9Cbersicht.pdf"]),
        ("a\r\nb", ["filename=\"a  b\""]),
        ("", []),
        ("Übersicht der Maßnahmen für den Radverkehr in der Innenstadt 2004.pdf", [
            "filename*0*=utf-8''%C3%9Cbersicht%20der%20Ma%C3%9Fnahmen%20f%C3%BCr",
            "filename*1*=%20den%20Radverkehr%20in%20der%20Innenstadt%202004",
            "filename*2*=.pdf",
        ]),
    ])
    func filenameParameters(filename: String, expected: [String]) {
        #expect(MessageComposer.filenameParameters(filename) == expected)
    }

    @Test(arguments: [
        ("application/pdf", "application/pdf"), ("Image/PNG", "image/png"),
        ("text/plain; charset=utf-8", "application/octet-stream"), ("pdf", "application/octet-stream"),
        ("a/b/c", "application/octet-stream"), ("text/\r\nBcc: x", "application/octet-stream"), ("", "application/octet-stream"),
    ])
    func mediaTypes(input: String, expected: String) {
        #expect(MessageComposer.validatedMediaType(input) == expected)
    }

    @Test func attachmentHeadersFold() {
        let entity = MessageComposer.attachmentEntity(
            filename: String(repeating: "ä", count: 500), contentType: "application/pdf", data: Array(0...255))
        for line in entity.headerLines.flatMap({ $0.components(separatedBy: "\r\n") }) {
            #expect(line.utf8.count <= 78)
        }
        #expect(Support.decodeBase64(Self.text(entity.content)) == Array(0...255))
    }

    // MARK: Dates and IDs

    // Checked with Python: email.utils.format_datetime.
    @Test(arguments: [
        (0.0, 0, "Thu, 01 Jan 1970 00:00:00 +0000"),
        (1_083_827_289, 0, "Thu, 06 May 2004 07:08:09 +0000"),
        (1_083_827_289, 7200, "Thu, 06 May 2004 09:08:09 +0200"),
        (1_083_827_289, -19_800, "Thu, 06 May 2004 01:38:09 -0530"),
        (1_083_827_289, 7259, "Thu, 06 May 2004 09:08:09 +0200"),
        (951_782_400, 0, "Tue, 29 Feb 2000 00:00:00 +0000"),
        (-1, 0, "Wed, 31 Dec 1969 23:59:59 +0000"),
        (1.9, 0, "Thu, 01 Jan 1970 00:00:01 +0000"),
        (4_102_444_800, 0, "Fri, 01 Jan 2100 00:00:00 +0000"),
        (1e300, 0, "Fri, 31 Dec 9999 23:59:59 +0000"),
        (-1e300, 0, "Mon, 01 Jan 0001 00:00:00 +0000"),
        (.infinity, Int.max, "Fri, 31 Dec 9999 23:59:59 +9959"),
        (.nan, Int.min, "Sat, 27 Dec 1969 20:01:00 -9959"),
    ])
    func dates(seconds: Double, offset: Int, expected: String) {
        #expect(formatMailDate(Date(timeIntervalSince1970: seconds), timeZoneOffsetSeconds: offset) == expected)
    }

    @Test func messageIDsAreRandomAndWellFormed() {
        var seen = Set<String>()
        for _ in 0..<10_000 { seen.insert(MessageIDGenerator.make(domain: "lists.example.org")) }
        #expect(seen.count == 10_000)
        for id in seen.prefix(100) {
            let parts = id.split(separator: "@")
            #expect(parts.count == 2 && parts[0].utf8.count == 26 && parts[1] == "lists.example.org")
            #expect(parts[0].allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
        }
        #expect(MessageIDGenerator.make(domain: "evil>\r\n.org").hasSuffix("@evil.org"))
        #expect(MessageIDGenerator.make(domain: "").hasSuffix("@praxis.invalid"))
    }

    // MARK: Corpus

    /// Real messages as digest parts: the boundary never occurs in them and each part's content is
    /// the message as a list copy with no changes writes it: CRLF line ends, a final one, no mbox
    /// `From ` line (three of these messages differ from their bytes only so).
    @Test func corpusMessagesAsDigest() throws {
        let directory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/corpora/mime/cpython").standardizedFileURL
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path), !names.isEmpty else {
            print("SKIP corpusMessagesAsDigest: no corpus at \(directory.path)")
            return
        }
        let messages = try names.sorted().filter { $0.hasSuffix(".eml") }.map {
            [UInt8](try Data(contentsOf: directory.appendingPathComponent($0)))
        }
        let bytes = Self.render(OutgoingMessage(
            from: MailAddress(address: "list@example.org"), subject: "Digest", date: Self.may2004,
            messageID: "d@x", body: .mixed([.plain("Today's messages"), .digest(messages)])))
        Self.checkWireFormat(bytes, allow8bit: true)
        for message in messages {
            let copy = MailMessage(message).rewritten(MessageRewrite())
            #expect(bytes.firstRange(of: copy) != nil)
        }
    }
}
