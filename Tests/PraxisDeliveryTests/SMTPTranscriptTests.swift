@testable import PraxisDelivery
import Testing

/// Matching libcurl's reply lines to MAIL, RCPT and DATA by position, on plain values.
@Suite("SMTP transcript")
struct SMTPTranscriptTests {
    static func transcript(_ lines: [String]) -> SMTPTranscript {
        var transcript = SMTPTranscript()
        for line in lines {
            Array((line + "\r\n").utf8).withUnsafeBufferPointer { transcript.add(line: $0) }
        }
        return transcript
    }

    static let greeting = ["220 mx ESMTP", "250-mx", "250-PIPELINING", "250 8BITMIME"]

    @Test func multiLineRepliesAreJoined() {
        let replies = Self.transcript(Self.greeting).replies
        #expect(replies == [SMTPReply(code: 220, text: "mx ESMTP"), SMTPReply(code: 250, text: "mx PIPELINING 8BITMIME")])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var lines: [String]
        var failed: Bool
        var failure: String
        var expected: [DeliveryStatus]
        var stages: [SMTPStage]
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "accepted on a fresh connection", lines: greeting + ["250 ok", "250 ok", "250 ok", "354 go", "250 queued"],
             failed: false, failure: "", expected: [.accepted, .accepted], stages: [.data, .data]),
        Case(name: "accepted on a reused connection", lines: ["250 ok", "250 ok", "250 ok", "354 go", "250 queued"],
             failed: false, failure: "", expected: [.accepted, .accepted], stages: [.data, .data]),
        Case(name: "one recipient refused", lines: ["250 ok", "550 no such user", "250 ok", "354 go", "250 queued"],
             failed: false, failure: "", expected: [.permanent, .accepted], stages: [.recipient, .data]),
        Case(name: "one recipient deferred", lines: ["250 ok", "250 ok", "452 mailbox full", "354 go", "250 queued"],
             failed: false, failure: "", expected: [.accepted, .transient], stages: [.data, .recipient]),
        Case(name: "all recipients refused, then QUIT", lines: ["250 ok", "550 a", "450 b", "221 bye"],
             failed: true, failure: "RCPT failed: 450 (last error)", expected: [.permanent, .transient], stages: [.recipient, .recipient]),
        Case(name: "end of data refused", lines: ["250 ok", "250 ok", "550 ok", "354 go", "554 spam", "221 bye"],
             failed: true, failure: "", expected: [.permanent, .permanent], stages: [.data, .recipient]),
        Case(name: "no reply to the end of data", lines: ["250 ok", "250 ok", "250 ok", "354 go"],
             failed: true, failure: "Recv failure", expected: [.transient, .transient], stages: [.data, .data]),
        Case(name: "MAIL refused", lines: greeting + ["553 bad sender", "221 bye"],
             failed: true, failure: "MAIL failed: 553", expected: [.permanent, .permanent], stages: [.mailFrom, .mailFrom]),
        Case(name: "DATA refused", lines: ["250 ok", "250 ok", "250 ok", "554 no data", "221 bye"],
             failed: true, failure: "DATA failed: 554", expected: [.permanent, .permanent], stages: [.data, .data]),
        Case(name: "login refused", lines: greeting + ["535 authentication failed"],
             failed: true, failure: "Login denied", expected: [.transient, .transient], stages: [.connection, .connection]),
        Case(name: "connection refused", lines: [], failed: true, failure: "Couldn't connect",
             expected: [.transient, .transient], stages: [.connection, .connection]),
    ])
    func repliesAreMatchedToRecipients(_ example: Case) {
        let result = Self.transcript(example.lines)
            .result(recipients: ["a@example.org", "b@example.org"], failed: example.failed, failure: example.failure)
        #expect(result.recipients.map(\.status) == example.expected)
        #expect(result.recipients.map(\.stage) == example.stages)
        #expect(result.recipients.map(\.recipient) == ["a@example.org", "b@example.org"])
    }

    @Test func bareLineFeedsBecomeCRLF() {
        #expect(SMTPSession.crlf(Array("a\nb\r\nc\n".utf8)) == Array("a\r\nb\r\nc\r\n".utf8))
        #expect(SMTPSession.crlf(Array("a\r\n".utf8)) == Array("a\r\n".utf8))
    }
}
