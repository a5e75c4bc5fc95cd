import Foundation
import PraxisMail
import Testing
@testable import PraxisStore

/// The web-post proof (`X-Praxis-Web-Proof`): made for one Message-ID, sender and Date under the
/// store's secret, it fits that message only. The forgeries first.
@Suite("Web post proof")
struct WebPostSignerTests {
    static let date = "Sun, 6 Dec 2026 18:00:00 +0000"

    /// A message as the web composes it, with `fields` replaced or added (name: value lines).
    static func message(from: String = "alice@example.org", id: String = "web-1@lists.example.org", date: String = date,
                        proof: [String], extra: String = "") -> MailMessage {
        MailMessage(Array("""
            From: Alice <\(from)>\r
            To: mobility@lists.example.org\r
            Subject: From the web\r
            Date: \(date)\r
            Message-ID: <\(id)>\r
            \(extra)\(proof.map { "X-Praxis-Web-Proof: \($0)\r\n" }.joined())\r
            Text.\r

            """.utf8))
    }

    static let signer = WebPostSigner(memberKey: ArchiveMemberKey(secret: Array(repeating: 7, count: 32)))
    static let genuine = signer.proof(messageID: "web-1@lists.example.org", sender: "alice@example.org", date: date)

    static let forgeries: [(String, MailMessage)] = [
        ("another member's address", message(from: "bob@example.org", proof: [genuine])),
        ("another Message-ID", message(id: "web-2@lists.example.org", proof: [genuine])),
        ("another Date", message(date: "Sun, 6 Dec 2026 18:00:01 +0000", proof: [genuine])),
        ("no proof", message(proof: [])),
        ("the proof twice", message(proof: [genuine, genuine])),
        ("a second From mailbox", message(from: "alice@example.org>, <bob@example.org", proof: [genuine])),
        ("a second Date field", message(proof: [genuine], extra: "Date: Mon, 7 Dec 2026 09:00:00 +0000\r\n")),
        ("a second From field", message(proof: [genuine], extra: "From: bob@example.org\r\n")),
        ("a second Message-ID field", message(proof: [genuine], extra: "Message-ID: <other@example.org>\r\n")),
        ("the proof without its version", message(proof: [String(genuine.dropFirst(3))])),
        ("a proof made under another store's secret", message(proof: [
            WebPostSigner(memberKey: ArchiveMemberKey(secret: Array(repeating: 8, count: 32)))
                .proof(messageID: "web-1@lists.example.org", sender: "alice@example.org", date: date),
        ])),
        ("a form token of the same store in its place", message(proof: [
            "v1 " + FormSigner(memberKey: ArchiveMemberKey(secret: Array(repeating: 7, count: 32))).sign("session\u{0}x"),
        ])),
    ]

    @Test(arguments: forgeries)
    func aForgeryDoesNotVerify(_ what: String, _ message: MailMessage) {
        #expect(!Self.signer.verifies(message), "\(what)")
    }

    static let genuineForms: [(String, MailMessage)] = [
        ("as written", message(proof: [genuine])),
        ("the address in another case", message(from: "Alice@EXAMPLE.org", proof: [genuine])),
        ("the field with space around it", message(proof: ["  " + genuine + " "])),
    ]

    @Test(arguments: genuineForms)
    func theGenuinePostVerifies(_ what: String, _ message: MailMessage) {
        #expect(Self.signer.verifies(message), "\(what)")
    }

    @Test func theProofIsVersionedHexOfHMACSHA256() {
        #expect(Self.genuine.hasPrefix("v1 "))
        let digits = Self.genuine.dropFirst(3)
        #expect(digits.count == 64 && digits.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func theStoreKeepsOneSecretForFormsAndProofs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-proof-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try PraxisDatabase(path: folder.appendingPathComponent("praxis.sqlite").path)
        let proof = try database.webPostSigner().proof(messageID: "a@b", sender: "alice@example.org", date: Self.date)
        let reopened = try PraxisDatabase(path: folder.appendingPathComponent("praxis.sqlite").path)
        #expect(try reopened.webPostSigner().proof(messageID: "a@b", sender: "alice@example.org", date: Self.date) == proof)
        let other = try PraxisDatabase(path: folder.appendingPathComponent("other.sqlite").path)
        #expect(try other.webPostSigner().proof(messageID: "a@b", sender: "alice@example.org", date: Self.date) != proof)
    }
}
