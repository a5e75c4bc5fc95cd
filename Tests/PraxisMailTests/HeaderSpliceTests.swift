import Foundation
import PraxisMail
import Testing

/// Splicing header fields from one rendered message into another: what a digest does to give each
/// reader's copy its own `To` and `Message-ID` without rendering the body again.
@Suite("Splicing header fields")
struct HeaderSpliceTests {
    static func message(_ lines: [String]) -> [UInt8] {
        Array(lines.map { $0 + "\r\n" }.joined().utf8)
    }

    static let template = message([
        "From: List <list@example.org>",
        "To: first@example.org",
        "Subject: Weekly digest",
        "Message-ID: <digest-1@example.org>",
        "Content-Type: multipart/mixed;",
        " boundary=\"b1\"",
        "",
        "--b1",
        "To: not-a-header@example.org",
        "--b1--",
    ])

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var names: Set<String>
        var source: [String]
        var expected: [String]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "To and Message-ID come from the source; the body is the template's",
             names: ["to", "message-id"],
             source: ["To: second@example.org", "Message-ID: <digest-2@example.org>", "Subject: ignored", ""],
             expected: ["From: List <list@example.org>", "To: second@example.org", "Subject: Weekly digest",
                        "Message-ID: <digest-2@example.org>", "Content-Type: multipart/mixed;", " boundary=\"b1\"", "",
                        "--b1", "To: not-a-header@example.org", "--b1--"]),
        Case(label: "a folded field is replaced with all its lines, and names match whatever their case",
             names: ["to"],
             source: ["TO: a@example.org,", " b@example.org", "Message-ID: <other@example.org>", ""],
             expected: ["From: List <list@example.org>", "TO: a@example.org,", " b@example.org", "Subject: Weekly digest",
                        "Message-ID: <digest-1@example.org>", "Content-Type: multipart/mixed;", " boundary=\"b1\"", "",
                        "--b1", "To: not-a-header@example.org", "--b1--"]),
        Case(label: "a field the source lacks stays as it was",
             names: ["to", "message-id"],
             source: ["Message-ID: <digest-3@example.org>", ""],
             expected: ["From: List <list@example.org>", "To: first@example.org", "Subject: Weekly digest",
                        "Message-ID: <digest-3@example.org>", "Content-Type: multipart/mixed;", " boundary=\"b1\"", "",
                        "--b1", "To: not-a-header@example.org", "--b1--"]),
        Case(label: "the continuation of a replaced field is not left behind",
             names: ["content-type"],
             source: ["Content-Type: text/plain; charset=utf-8", ""],
             expected: ["From: List <list@example.org>", "To: first@example.org", "Subject: Weekly digest",
                        "Message-ID: <digest-1@example.org>", "Content-Type: text/plain; charset=utf-8", "",
                        "--b1", "To: not-a-header@example.org", "--b1--"]),
    ]

    @Test(arguments: cases)
    func splicing(_ example: Case) {
        let spliced = HeaderSplice.replacing(example.names, in: Self.template, from: Self.message(example.source))
        #expect(String(decoding: spliced, as: UTF8.self) == String(decoding: Self.message(example.expected), as: UTF8.self))
    }

    @Test func noNamesGivesTheTemplateBack() {
        let source = Self.message(["To: second@example.org", ""])
        #expect(HeaderSplice.replacing([], in: Self.template, from: source) == Self.template)
    }

    /// The digest's use: a copy rendered by the composer with a different recipient and
    /// Message-ID, spliced into the first copy, equals that copy rendered whole.
    @Test func aSplicedCopyEqualsTheCopyRenderedWhole() {
        func copy(to recipient: String, id: String) -> OutgoingMessage {
            OutgoingMessage(
                from: MailAddress(address: "list@example.org"), to: [MailAddress(address: recipient)],
                subject: "Weekly digest", date: Date(timeIntervalSince1970: 1_700_000_000), messageID: id,
                body: .plain("One body for every reader.\n"))
        }
        let first = copy(to: "first@example.org", id: "d1@example.org").rendered()
        let second = copy(to: "second@example.org", id: "d2@example.org")
        var headerOnly = second
        headerOnly.body = .plain("")
        let spliced = HeaderSplice.replacing(["to", "message-id"], in: first, from: headerOnly.rendered())
        #expect(spliced == second.rendered())
    }
}
