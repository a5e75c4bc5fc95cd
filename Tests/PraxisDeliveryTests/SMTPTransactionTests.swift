@testable import PraxisDelivery
import Testing

/// Replies cut out of the bytes, the message as DATA carries it, and what a transaction's replies
/// mean for each recipient, on plain values.
@Suite("SMTP transaction")
struct SMTPTransactionTests {
    static func replies(_ chunks: [String]) -> [SMTPReply] {
        var reader = SMTPReplyReader()
        var replies = [SMTPReply]()
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { reader.append($0) }
            while let reply = reader.next() { replies.append(reply) }
        }
        return replies
    }

    @Test func repliesAreCutOutHoweverTheBytesWereSplit() {
        let whole = "220 mx ESMTP\r\n250-mx\r\n250-PIPELINING\r\n250 8BITMIME\r\n250 2.1.0 Ok\r\n"
        let expected = [
            SMTPReply(code: 220, text: "mx ESMTP"), SMTPReply(code: 250, text: "mx PIPELINING 8BITMIME"),
            SMTPReply(code: 250, text: "2.1.0 Ok"),
        ]
        #expect(Self.replies([whole]) == expected)
        // One byte at a time, and a reply cut in the middle of its code.
        #expect(Self.replies(whole.map { String($0) }) == expected)
        #expect(Self.replies(["220 mx ESMTP\r\n25", "0-mx\r\n250-PIPELINING\r\n250 8BIT", "MIME\r\n250 2.1.0 Ok\r\n"]) == expected)
        // An incomplete last line is not a reply yet.
        #expect(Self.replies(["250 ok\r\n354 go"]) == [SMTPReply(code: 250, text: "ok")])
        // Garbage is no success.
        #expect(Self.replies(["hello\r\n"]).first?.isPositive == false)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var mail: Int? = nil
        var rcpt: [Int] = []
        var data: Int? = nil
        var final: Int? = nil
        var failure: String? = nil
        var expected: [DeliveryStatus]
        var stages: [SMTPStage]
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "accepted", mail: 250, rcpt: [250, 250], data: 354, final: 250,
             expected: [.accepted, .accepted], stages: [.data, .data]),
        Case(name: "one recipient refused", mail: 250, rcpt: [550, 250], data: 354, final: 250,
             expected: [.permanent, .accepted], stages: [.recipient, .data]),
        Case(name: "one recipient deferred", mail: 250, rcpt: [250, 452], data: 354, final: 250,
             expected: [.accepted, .transient], stages: [.data, .recipient]),
        Case(name: "all recipients refused, DATA refused after them", mail: 250, rcpt: [550, 450], data: 554,
             expected: [.permanent, .transient], stages: [.recipient, .recipient]),
        Case(name: "end of data refused", mail: 250, rcpt: [250, 550], data: 354, final: 554,
             expected: [.permanent, .permanent], stages: [.data, .recipient]),
        Case(name: "end of data deferred", mail: 250, rcpt: [250, 250], data: 354, final: 451,
             expected: [.transient, .transient], stages: [.data, .data]),
        Case(name: "no reply to the end of data", mail: 250, rcpt: [250, 250], data: 354, failure: "closed",
             expected: [.transient, .transient], stages: [.data, .data]),
        Case(name: "MAIL refused", mail: 553, rcpt: [503, 503], data: 503,
             expected: [.permanent, .permanent], stages: [.mailFrom, .mailFrom]),
        Case(name: "DATA refused", mail: 250, rcpt: [250, 250], data: 554,
             expected: [.permanent, .permanent], stages: [.data, .data]),
        Case(name: "connection lost among the RCPT replies", mail: 250, rcpt: [250], failure: "closed",
             expected: [.transient, .transient], stages: [.data, .recipient]),
        Case(name: "no reply at all", failure: "Couldn't connect",
             expected: [.transient, .transient], stages: [.connection, .connection]),
    ])
    func repliesDecideEachRecipient(_ example: Case) {
        var transaction = SMTPTransaction(recipients: ["a@example.org", "b@example.org"])
        transaction.mail = example.mail.map { SMTPReply(code: $0, text: "mail") }
        transaction.rcpt = example.rcpt.map { SMTPReply(code: $0, text: "rcpt") }
        transaction.data = example.data.map { SMTPReply(code: $0, text: "data") }
        transaction.final = example.final.map { SMTPReply(code: $0, text: "final") }
        transaction.failure = example.failure
        let result = transaction.result()
        #expect(result.recipients.map(\.status) == example.expected)
        #expect(result.recipients.map(\.stage) == example.stages)
        #expect(result.recipients.map(\.recipient) == ["a@example.org", "b@example.org"])
        // The worker's fast path: an empty detail means every recipient took it.
        #expect(result.detail.isEmpty == example.expected.allSatisfy { $0 == .accepted })
    }

    @Test(arguments: [
        ("a\r\nb\r\n", "a\r\nb\r\n.\r\n"),
        ("a\nb\r\nc\n", "a\r\nb\r\nc\r\n.\r\n"),
        (".a\r\n..b\r\nc.\r\n.\r\n", "..a\r\n...b\r\nc.\r\n..\r\n.\r\n"),
        ("no end", "no end\r\n.\r\n"),
        ("a\r\n.", "a\r\n..\r\n.\r\n"),
        ("", ".\r\n"),
        ("\n\n", "\r\n\r\n.\r\n"),
    ])
    func dataIsCRLFDotStuffedAndTerminated(message: String, sent: String) {
        var output = Array("DATA-".utf8)
        SMTPTransaction.appendData(of: Array(message.utf8), to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "DATA-" + sent)
    }
}
