import Foundation
import Testing
@testable import PraxisMail

/// Compose → parse: what Praxis writes, Praxis (and so any careful reader) reads back exactly.
@Suite("Compose and parse round trips")
struct RoundTripTests {
    static let date = Date(timeIntervalSince1970: 1_084_000_000)

    static func compose(
        subject: String = "Hello",
        fromName: String? = "Alice",
        body: OutgoingBody = .plain("Hi there.\n"),
        extraHeaders: [(name: String, value: String)] = []
    ) -> MailMessage {
        let outgoing = OutgoingMessage(
            from: MailAddress(name: fromName, address: "alice@example.org"),
            to: [MailAddress(name: "Mobility CoP", address: "mobility@lists.example.org")],
            subject: subject,
            date: date,
            messageID: "abc.123@example.org",
            inReplyTo: "parent@example.org",
            references: ["root@example.org", "parent@example.org"],
            extraHeaders: extraHeaders,
            body: body)
        return MailMessage(outgoing.rendered())
    }

    static let subjects: [String] = [
        "Plain ASCII subject",
        "Grüße aus Köln – ein Bericht über Radwege",
        "Велосипедные дорожки в Москве",
        "自転車道の整備について",
        "Emoji 🚲🚲🚲 and more 🚦",
        Array(repeating: "A very long subject that must be folded", count: 12).joined(separator: " "),
        Array(repeating: "Überlänge", count: 60).joined(separator: " "),
        "=?utf-8?Q?not_an_encoded_word_but_looks_like_one?=",
        "Tabs\tand  double  spaces",
    ]

    @Test(arguments: subjects)
    func subjectSurvives(_ subject: String) {
        let parsed = Self.compose(subject: subject)
        #expect(parsed.subject == subject)
        #expect(parsed.defects.isEmpty, "defects: \(parsed.defects)")
    }

    static let names: [String] = [
        "Alice", "Smith, John", "O'Brien (the elder)", "\"Quoted\" Name", "Jürgen Müller",
        "Анна Каренина", "李小龍", "Back\\slash", "semi;colon <angle>",
    ]

    @Test(arguments: names)
    func displayNameSurvives(_ name: String) {
        let parsed = Self.compose(fromName: name)
        #expect(parsed.from == [MailAddress(name: name, address: "alice@example.org")])
    }

    @Test func identifiersAndDateSurvive() {
        let parsed = Self.compose()
        #expect(parsed.messageID == "abc.123@example.org")
        #expect(parsed.inReplyTo == ["parent@example.org"])
        #expect(parsed.references == ["root@example.org", "parent@example.org"])
        #expect(parsed.date == Self.date)
        #expect(parsed.to == [MailAddress(name: "Mobility CoP", address: "mobility@lists.example.org")])
    }

    static let bodies: [String] = [
        "Short.\n",
        "Line one\nLine two with trailing space \nFrom the start of a line\n.\nend\n",
        String(repeating: "Eine sehr lange Zeile mit Umlauten äöü, die umbrochen werden muss. ", count: 40) + "\n",
        "Кириллица и 中文 mixed with ASCII\n",
        String(repeating: "🚲", count: 500) + "\n",
        "=3D looks encoded but is not =\n",
    ]

    @Test(arguments: bodies)
    func plainBodySurvives(_ text: String) {
        let parsed = Self.compose(body: .plain(text))
        #expect(parsed.body == BodyText(text: text, source: .plain))
    }

    @Test func alternativeAndAttachmentsSurvive() {
        let data = (0..<3_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let parsed = Self.compose(body: .mixed([
            .alternative(plain: "plain text\n", html: "<p>html <b>text</b></p>"),
            .attachment(filename: "Bericht über Radwege.pdf", contentType: "application/pdf", data: data),
        ]))
        #expect(parsed.text == "plain text\n")
        #expect(parsed.attachments == [Attachment(filename: "Bericht über Radwege.pdf", contentType: "application/pdf", size: data.count)])
    }

    @Test func digestPartsAreParsedAsMessages() {
        let inner = Array("Subject: inner\r\nFrom: b@example.org\r\n\r\nInner body\r\n".utf8)
        let attached = Array("Subject: with file\r\nContent-Type: application/zip; name=x.zip\r\n\r\nZIP\r\n".utf8)
        let parsed = Self.compose(body: .mixed([.plain("Digest intro\n"), .digest([inner, attached])]))
        #expect(parsed.text == "Digest intro\n")
        #expect(parsed.attachments.compactMap(\.filename) == ["x.zip"])
    }

    // MARK: Hostile input

    static let injections: [String] = [
        "Hi\r\nBcc: victim@example.org",
        "Hi\nBcc: victim@example.org",
        "Hi\rBcc: victim@example.org",
        "Hi\u{0}Bcc: victim@example.org",
        "Hi\r\n\r\nInjected body",
    ]

    @Test(arguments: injections)
    func lineBreaksInSubjectsCannotAddHeaders(_ subject: String) {
        let parsed = Self.compose(subject: subject)
        #expect(parsed.header("bcc") == nil)
        #expect(parsed.headers("subject").count == 1)
        #expect(parsed.text == "Hi there.\n")
        #expect(!(parsed.subject ?? "").contains("\n"))
    }

    @Test(arguments: injections)
    func lineBreaksInNamesCannotAddHeaders(_ name: String) {
        let parsed = Self.compose(fromName: name)
        #expect(parsed.header("bcc") == nil)
        #expect(parsed.from.count == 1)
        #expect(parsed.from.first?.address == "alice@example.org")
    }

    @Test(arguments: injections)
    func lineBreaksInExtraHeaderValuesCannotAddHeaders(_ value: String) {
        let parsed = Self.compose(extraHeaders: [(name: "X-Praxis-Test", value: value)])
        #expect(parsed.header("bcc") == nil)
        #expect(parsed.headers("x-praxis-test").count == 1)
    }

    @Test func hundredThousandByteSubject() {
        let subject = String(repeating: "x", count: 50_000) + " " + String(repeating: "ü", count: 25_000)
        let parsed = Self.compose(subject: subject)
        #expect(parsed.subject == subject)
        #expect(parsed.text == "Hi there.\n")
    }

    @Test func tenThousandNestedMultipartsCompose() {
        var body = OutgoingBody.plain("deep\n")
        for _ in 0..<10_000 { body = .mixed([body]) }
        let parsed = Self.compose(body: body)
        // The composer bounds nesting too; either way, the result parses without crashing.
        _ = parsed.text
        _ = parsed.defects
    }
}
