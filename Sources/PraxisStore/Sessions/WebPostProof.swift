import Foundation
import PraxisMail

/// The proof a post written on the web (`/post`) carries in its `X-Praxis-Web-Proof` field, so
/// that ingest can tell it from mail that only claims to come from the web (issue 20, item 4).
///
/// The field is `v1 ` and 64 hex digits: HMAC-SHA-256 over the Message-ID, the sender's address
/// and the Date field, under a key derived from the store's secret, the one the archive's form
/// tokens and member keys are derived from (`v7-archive-member-key`): the web service that writes
/// the post and the ingest that reads it share the store, and nobody without the store can make a
/// proof. The three are what make a post this member's, written now, and no other: a proof copied
/// onto mail from another address, or with another Message-ID or Date, does not fit; copied with
/// all three, the mail is the same Message-ID again, which ingest records as a duplicate.
public struct WebPostSigner: Sendable {
    /// The field's name; list copies never carry it (`DistributionDecider.removedFields`).
    public static let fieldName = "X-Praxis-Web-Proof"
    static let version = "v1"
    private let key: [UInt8]

    init(memberKey: ArchiveMemberKey) {
        key = ContentHash.hmacSHA256(key: memberKey.secret, message: Array("praxis web posts".utf8))
    }

    /// The field's value for a post with `messageID` (without angle brackets), from `sender`, whose
    /// Date field reads `date`.
    public func proof(messageID: String, sender: String, date: String) -> String {
        let signed = [Self.version, messageID, MailAddress(address: sender).normalized, date.trimmingCharacters(in: .whitespaces)].joined(separator: "\u{0}")
        return Self.version + " " + ContentHash.hex(ContentHash.hmacSHA256(key: key, message: Array(signed.utf8)))
    }

    /// Whether `message` carries a proof that fits it: exactly one proof field, one Message-ID,
    /// one Date and one From mailbox, and the proof made for those three. Anything else (no field,
    /// two, a proof for another message) is not a web post, whatever the message says.
    public func verifies(_ message: MailMessage) -> Bool {
        let proofs = message.headers(Self.fieldName), dates = message.headers("date")
        guard proofs.count == 1, dates.count == 1, message.headers("message-id").count == 1, message.headers("from").count == 1,
              let messageID = message.messageID, message.from.count == 1, let sender = message.from.first
        else { return false }
        let expected = proof(messageID: messageID, sender: sender.address, date: dates[0])
        return ContentHash.sameText(expected, proofs[0].trimmingCharacters(in: .whitespaces))
    }
}

extension PraxisDatabase {
    /// The signer of web posts' proofs, keyed from the store's secret.
    public func webPostSigner() throws(StoreError) -> WebPostSigner { WebPostSigner(memberKey: try archiveMemberKey()) }
}
