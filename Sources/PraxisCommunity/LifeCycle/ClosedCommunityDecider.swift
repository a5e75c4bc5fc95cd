import Foundation
import PraxisMail

/// A closed community (`community.state: closed`, DESIGN.md §9), decided: what becomes of a
/// message that arrives after it closed, the one automatic reply a sender gets a day, and the
/// farewell notice every member gets once.
///
/// Nothing is distributed any more and nothing is deleted: posts are still recorded (the archive
/// keeps them beside the rest, no member gets them), commands are carried out only when they
/// help someone leave or look (`unsubscribe`, `confirm`, `whoami`, `help`). Everything else that a
/// person wrote gets the automatic reply, at most once per sender and calendar day in the
/// community's time zone, never to automatic mail, bounces, mail from another list or our own
/// addresses (RFC 3834 §2), so two robots cannot keep answering each other.
public struct ClosedCommunityDecider: Sendable, Hashable {
    public var community: Community
    /// The archive's home page, quoted in the reply and the farewell; nil when there is no archive.
    public var archiveHome: String?

    public init(community: Community, archiveHome: String? = nil) {
        self.community = community
        self.archiveHome = archiveHome
    }

    /// What to do with one message that arrived while the community is closed.
    public enum Handling: Sendable, Hashable {
        /// Not answered: automatic mail, a bounce, another list's mail, our own address, no usable sender.
        case ignore
        /// A command message asking only what a closed community still does: the command processor
        /// carries it out and answers it as always.
        case carryOut
        /// The sender was told already today.
        case toldToday
        /// The day's automatic reply to `address`.
        case reply(ListNotice)
    }

    /// Whether a closed community still carries out `command`: leaving must keep working, and
    /// looking at one's own settings or the help does no harm. Joining and changing settings are
    /// pointless where nothing is sent.
    public static func isStillCarriedOut(_ command: EmailCommand) -> Bool {
        switch command {
        case .unsubscribe, .confirm, .whoami, .help: true
        default: false
        }
    }

    /// A message as the decision needs it.
    public struct Arrival: Sendable, Hashable {
        public var kind: MessageKind
        /// The screened sender (normalised); nil when the message has none usable.
        public var author: String?
        /// The recognised commands of a command message, in order (empty for a post).
        public var commands: [EmailCommand]
        /// The message carries a `List-Id`: mail from a list is never auto-answered (RFC 3834 §2).
        public var isFromAList: Bool
        public var subject: String
        public var messageID: String?
        public var references: [String]

        public init(
            kind: MessageKind, author: String?, commands: [EmailCommand] = [], isFromAList: Bool = false,
            subject: String = "", messageID: String? = nil, references: [String] = []
        ) {
            self.kind = kind
            self.author = author
            self.commands = commands
            self.isFromAList = isFromAList
            self.subject = subject
            self.messageID = messageID
            self.references = references
        }
    }

    /// What becomes of `arrival`, given whether its sender already got the day's reply.
    /// `language`: the author's own, when they are a member who chose one.
    public func handling(of arrival: Arrival, toldToday: Bool, language: Language? = nil) -> Handling {
        guard arrival.kind == .post || arrival.kind == .held || arrival.kind == .command, !arrival.isFromAList,
              let author = arrival.author, MailAddress(address: author).isComposable, !community.isOwnAddress(author)
        else { return .ignore }
        if arrival.kind == .command, !arrival.commands.isEmpty, arrival.commands.allSatisfy(Self.isStillCarriedOut) {
            return .carryOut
        }
        if toldToday { return .toldToday }
        return .reply(reply(to: author, arrival: arrival, language: language))
    }

    /// The calendar day `time` falls on in the community's time zone, `YYYY-MM-DD`: the unit of
    /// "one automatic reply per sender per day", as the store keeps it.
    public func day(of time: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = community.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: time)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The automatic reply: polite, says where the conversation went, and that this is the only one today.
    /// `language`: the sender's own, when they are a member who chose one; else the community's.
    public func reply(to address: String, arrival: Arrival, language: Language? = nil) -> ListNotice {
        let language = language ?? community.language
        let text = [
            language.text(.closedThanks, ["community": community.name]),
            closedSentence(language),
            language.text(arrival.kind == .command ? .closedKeptCommands : .closedKeptPost),
            archiveSentence(language),
            language.text(.closedUnsubscribe, ["requestAddress": community.requestAddress]),
            language.text(.closedAutomatic, ["community": community.name]),
        ].compactMap { $0 }.joined(separator: "\n\n")
        let subject = arrival.subject.isEmpty ? language.text(.closedSubjectNone, ["community": community.name])
            : language.text(.closedSubject, ["subject": arrival.subject])
        return ListNotice(to: address, subject: subject, text: text + "\n", from: .owner,
                          inReplyTo: arrival.messageID, references: arrival.references, language: language)
    }

    /// The farewell every active member gets once, after the last digest.
    /// `language`: the member's own, when they chose one; else the community's.
    public func farewell(to address: String, language: Language? = nil) -> ListNotice {
        let language = language ?? community.language
        let text = [
            language.text(.farewellThanks, ["community": community.name]),
            closedSentence(language),
            language.text(.farewellLastDigest),
            archiveSentence(language),
            language.text(.farewellNothingDeleted, ["requestAddress": community.requestAddress]),
        ].compactMap { $0 }.joined(separator: "\n\n")
        return ListNotice(to: address, subject: language.text(.farewellSubject, ["community": community.name]),
                          text: text + "\n", from: .owner, language: language)
    }

    private func closedSentence(_ language: Language) -> String {
        guard let successor = community.successor else { return language.text(.closedPlain) }
        return language.text(.closedWithSuccessor, ["successor": successor])
    }

    private func archiveSentence(_ language: Language) -> String? {
        archiveHome.map { language.text(.closedArchive, ["link": $0]) }
    }
}
