import Foundation
import Testing
@testable import PraxisMail

/// How a bare CR, bare LF or NUL inside a header field is read (as white space), and how lines
/// over 998 octets are kept out of what a list copy passes on (issue 16, finding 3).
@Suite struct LineBreaksInFieldsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var raw: String
        var names: [String]
        var subject: String?
        var text: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "bare CR in an LF file",
             raw: "From: a@x.org\nSubject: x\rReply-To: evil@e.example\rSender: s@e.example\n\nBody\n",
             names: ["from", "subject"], subject: "x Reply-To: evil@e.example Sender: s@e.example", text: "Body\n"),
        Case(label: "bare CR in a CRLF file",
             raw: "From: a@x.org\r\nSubject: x\rContent-Type: text/html\r\n\r\nBody\r\n",
             names: ["from", "subject"], subject: "x Content-Type: text/html", text: "Body\n"),
        Case(label: "bare LF in a CRLF file",
             raw: "From: a@x.org\r\nSubject: x\nBcc: b@e.example\nX-Y: 1\r\n\r\nBody\r\n",
             names: ["from", "subject"], subject: "x Bcc: b@e.example X-Y: 1", text: "Body\n"),
        Case(label: "CR NUL",
             raw: "From: a@x.org\nSubject: x\r\0Sender: s@e.example\n\nBody\n",
             names: ["from", "subject"], subject: "x  Sender: s@e.example", text: "Body\n"),
        Case(label: "a bare CR starting a line makes it a continuation",
             raw: "From: a@x.org\nSubject: x\n\rBcc: b@e.example\n\nBody\n",
             names: ["from", "subject"], subject: "x Bcc: b@e.example", text: "Body\n"),
        Case(label: "bare LF LF inside a CRLF field is white space, not the blank line",
             raw: "From: a@x.org\r\nSubject: x\n\nBcc: b@e.example\r\nTo: t@x.org\r\n\r\nBody\r\n",
             names: ["from", "subject", "to"], subject: "x  Bcc: b@e.example", text: "Body\n"),
        Case(label: "a CRLF header ended by a bare LF line, as mixed files do",
             raw: "From: a@x.org\r\nSubject: s\r\n\nBody\n",
             names: ["from", "subject"], subject: "s", text: "Body\n"),
        Case(label: "bare CRs in the body still end lines",
             raw: "From: a@x.org\nSubject: s\n\nline one\rline two\n",
             names: ["from", "subject"], subject: "s", text: "line one\nline two\n"),
        Case(label: "an old Mac file: every CR ends a line",
             raw: "From: a@x.org\rSubject: s\r\rBody\r",
             names: ["from", "subject"], subject: "s", text: "Body\n"),
    ]

    @Test(arguments: cases)
    func aLineBreakInsideAFieldIsWhiteSpace(_ test: Case) {
        let message = MailMessage(Array(test.raw.utf8))
        #expect(message.headerFields.map { $0.name.lowercased() } == test.names)
        #expect(message.subject == test.subject)
        #expect(message.text == test.text)
        #expect(!message.bytes.prefix(upTo: message.root.bodyRange.lowerBound).contains(0))
    }

    /// Found by the libFuzzer target: a file with CRs and no LF (an old Mac one) kept the NULs of
    /// its header, and its list copy carried them.
    @Test func anOldMacFileLosesTheNULsOfItsHeaderToo() {
        let raw: [UInt8] = Array("Content-Type: ".utf8) + [UInt8](repeating: 0, count: 40)
            + Array("multipart/alternative; boundary=\"inner\"\rSubject: s\r\rBody\r".utf8)
        let message = MailMessage(raw)
        #expect(!message.bytes[..<message.root.bodyRange.lowerBound].contains(0))
        let copy = message.rewritten(MessageRewrite())
        let header = copy.split(separator: 0x0A, omittingEmptySubsequences: false).prefix { $0 != [0x0D] }
        #expect(header.allSatisfy { !$0.contains(0) })
        #expect(message.headerFields.map { $0.name } == ["Content-Type", "Subject"])
    }

    /// flanker's dashed-boundaries fixture folds with a bare LF in a CRLF header: read as white
    /// space, the fold means what it meant.
    @Test func aBareLFFoldStillFolds() {
        let raw = "From: me@example.com\r\nSubject: Hi\r\nContent-Type: multipart/alternative;\n boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHi\r\n--b--\r\n"
        let message = MailMessage(Array(raw.utf8))
        #expect(message.mediaType == "multipart/alternative")
        #expect(message.text == "Hi")
    }

    // MARK: Long header lines

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
    }

    @Test func aLongFieldIsFoldedAtWhiteSpace() throws {
        let value = (0..<400).map { "word\($0)" }.joined(separator: " ")
        let field = Array("X-Words: \(value)".utf8)
        let folded = try #require(LongLines.conformingField(field[...], name: "X-Words"))
        let lines = Self.lines(folded)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(lines.joined() == "X-Words: \(value)")
    }

    @Test func aLongTokenInFreeTextGoesIntoEncodedWords() throws {
        let token = String(repeating: "t", count: 1_500)
        let field = Array("X-Token: \(token)".utf8)
        let written = try #require(LongLines.conformingField(field[...], name: "X-Token"))
        #expect(Self.lines(written).allSatisfy { $0.utf8.count <= 998 })
        let reread = MailMessage(written + Array("\r\n\r\n".utf8))
        #expect(reread.header("x-token") == token)
    }

    @Test func aLongStructuredFieldThatCannotFoldIsLeftOut() {
        let references = "<" + String(repeating: "r", count: 1_200) + "@example.org>"
        let field = Array("References: \(references)".utf8)
        #expect(LongLines.conformingField(field[...], name: "References") == nil)
        let ids = (0..<60).map { "<id\($0)@example.org>" }.joined(separator: " ")
        let foldable = Array("References: \(ids)".utf8)
        #expect(LongLines.conformingField(foldable[...], name: "References").map { Self.lines($0).count > 1 } == true)
    }

    @Test func aContinuationOfWhiteSpaceAloneGoes() {
        let field = Array("Subject: a\r\n   \r\n b".utf8)
        #expect(LongLines.conformingField(field[...], name: "Subject") == Array("Subject: a\r\n b".utf8))
    }

    // MARK: Long body lines in list copies

    static let longLine = String(repeating: "0123456789", count: 150)

    @Test(arguments: [false, true])
    func aLongBodyLineIsSentQuotedPrintable(withFooter: Bool) throws {
        let raw = "From: a@x.org\nSubject: s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nGrüße\n\(Self.longLine)\nend\n"
        let copy = MailMessage(Array(raw.utf8)).rewritten(MessageRewrite(footer: withFooter ? "the footer" : nil))
        #expect(Self.lines(copy).allSatisfy { $0.utf8.count <= 998 })
        let reread = MailMessage(copy)
        #expect(reread.headers("content-transfer-encoding") == ["quoted-printable"])
        #expect(reread.text.hasPrefix("Grüße\n\(Self.longLine)\nend\n"))
        #expect(reread.text.contains("the footer") == withFooter)
    }

    @Test func aLongLineInAPartIsSentEncodedAndTheOthersAreKept() throws {
        let raw = """
            From: a@x.org\r
            Subject: s\r
            Content-Type: multipart/mixed; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain\r
            \r
            short\r
            --b\r
            \r
            \(Self.longLine)\r
            --b\r
            Content-Type: application/octet-stream\r
            Content-Transfer-Encoding: base64\r
            \r
            \(TransferEncoding.base64(Array(Self.longLine.utf8), lineLength: 0).map { String(UnicodeScalar($0)) }.joined())\r
            --b--\r

            """
        let copy = MailMessage(Array(raw.utf8)).rewritten(MessageRewrite())
        #expect(Self.lines(copy).allSatisfy { $0.utf8.count <= 998 })
        let reread = MailMessage(copy)
        #expect(reread.parts.count == 4)
        #expect(reread.parts[1].transferEncoding == .identity)
        #expect(reread.parts[2].transferEncoding == .quotedPrintable)
        #expect(reread.parts[3].transferEncoding == .base64)
        var defects: [MailDefect] = []
        #expect(String(decoding: reread.decodedBody(reread.parts[2], defects: &defects), as: UTF8.self) == Self.longLine)
        #expect(reread.decodedBody(reread.parts[3], defects: &defects) == Array(Self.longLine.utf8))
    }

    @Test func aSignedMessageIsLeftAsItIs() {
        let raw = "From: a@x.org\r\nSubject: s\r\nContent-Type: multipart/signed; boundary=\"b\"\r\n\r\n--b\r\n\r\n\(Self.longLine)\r\n--b\r\nContent-Type: application/pgp-signature\r\n\r\nsig\r\n--b--\r\n"
        let message = MailMessage(Array(raw.utf8))
        #expect(message.withLongBodyLinesEncoded() == nil)
    }
}
