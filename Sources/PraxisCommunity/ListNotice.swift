import Foundation
import PraxisMail

/// A short message from the list to one person: a command reply, a confirmation request, a
/// moderation request, a promotion note, a bounce notice. One way of writing them all, so every
/// such message carries the same loop-protection headers and reaches the outbox in the same shape.
public struct ListNotice: Sendable, Hashable {
    /// Which of the community's addresses the notice comes from.
    public enum Sender: Sendable, Hashable {
        /// The request address: replies to commands and confirmations, so a reply lands there again.
        case request
        /// The owner address: notes from the people running the list.
        case owner
    }

    public var recipient: String
    public var subject: String
    public var text: String
    public var sender: Sender
    /// The message this answers, without angle brackets, so mail clients thread the reply.
    public var inReplyTo: String?
    public var references: [String]
    /// The language `subject` and `text` are written in, said in `Content-Language`; nil for a
    /// notice in no reader's language (the English notes to the core group).
    public var language: Language?

    public init(
        to recipient: String, subject: String, text: String, from sender: Sender = .request,
        inReplyTo: String? = nil, references: [String] = [], language: Language? = nil
    ) {
        self.language = language
        self.recipient = recipient
        self.subject = subject
        self.text = text
        self.sender = sender
        self.inReplyTo = inReplyTo
        self.references = references
    }

    /// The message on the wire. `Auto-Submitted: auto-replied` and our `X-Loop` keep auto-responders
    /// (and our own screening) from answering it in turn (RFC 3834).
    public func rendered(for community: Community, at time: Date) -> [UInt8] {
        let fromAddress = sender == .request ? community.requestAddress : community.ownerAddress
        let domain = AddressSyntax.split(community.listAddress).map { String($0.domain) } ?? "praxis.invalid"
        let message = OutgoingMessage(
            from: MailAddress(name: community.name, address: fromAddress),
            to: [MailAddress(name: nil, address: recipient)],
            subject: subject,
            date: time,
            messageID: MessageIDGenerator.make(domain: domain),
            inReplyTo: inReplyTo,
            references: references + (inReplyTo.map { [$0] } ?? []).filter { !references.contains($0) },
            extraHeaders: [
                ("Auto-Submitted", inReplyTo == nil ? "auto-generated" : "auto-replied"),
                ("X-Loop", community.listAddress),
                ("Precedence", "list"),
            ] + (language.map { [$0.contentLanguageField] } ?? []),
            body: .plain(text))
        return message.rendered()
    }
}
