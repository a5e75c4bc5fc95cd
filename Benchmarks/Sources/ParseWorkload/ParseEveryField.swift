import Foundation
import PraxisMail

extension MailCorpus {
    /// Parses every message and reads every field a reader of the list needs, once each.
    ///
    /// Returns a checksum folded from what was read so that the optimiser cannot drop any of the
    /// work; callers pass it to a black hole (or print it).
    public func parseEveryField() -> Int {
        var checksum = 0
        for bytes in messages {
            checksum &+= Self.readEveryField(MailMessage(bytes))
        }
        return checksum
    }

    /// `defects` is left out on purpose: it re-derives every field, and a reader never asks for it.
    static func readEveryField(_ message: MailMessage) -> Int {
        var checksum = 0
        checksum &+= message.messageID?.utf8.count ?? 0
        checksum &+= message.subject?.utf8.count ?? 0
        for address in message.from + message.to + message.cc {
            checksum &+= address.address.utf8.count &+ (address.name?.utf8.count ?? 0)
        }
        checksum &+= Int(message.date?.timeIntervalSince1970 ?? 0)
        for id in message.inReplyTo + message.references { checksum &+= id.utf8.count }
        checksum &+= message.listID?.utf8.count ?? 0
        checksum &+= message.body.text.utf8.count
        for attachment in message.attachments {
            checksum &+= attachment.size &+ attachment.contentType.utf8.count
        }
        return checksum
    }
}
