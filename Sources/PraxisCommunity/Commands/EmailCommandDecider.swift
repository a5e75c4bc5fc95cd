import Foundation
import PraxisMail

/// What the email commands of one message come to (DESIGN.md §2.2), as far as it can be decided
/// from values: the paragraph answering each command that needs nothing from the store, the changes
/// left waiting for the sender's confirmation, the confirmation to store, and the reply's text. The
/// store looks up what the other commands need (membership, tokens, posts) and applies the result
/// in the transaction that records the message.
public struct EmailCommandDecider: Sendable, Hashable {
    public let community: Community
    /// Every sub-issue a post can land in, `general` included.
    public let subIssues: [SubIssue]
    /// The configured core group (`circles.core`): admitted to every protected sub-issue.
    public let coreGroup: CoreGroup
    public let delivery: DeliveryDefaults
    /// How long a confirmation token works, in days (at least 1).
    public let confirmationDays: Int
    /// Command messages answered per address in any hour; 0 answers none.
    public let repliesPerHour: Int
    /// The language the answers are written in: the sender's, set by `speaking(_:)`; the
    /// community's until then.
    public private(set) var language: Language

    public init(community: Community, subIssues: [SubIssue], coreGroup: [String], delivery: DeliveryDefaults = DeliveryDefaults(),
                confirmationDays: Int = 7, repliesPerHour: Int = 10) {
        self.community = community
        self.subIssues = subIssues.contains { $0.id == SubIssue.generalID } ? subIssues : [SubIssue.general] + subIssues
        self.coreGroup = CoreGroup(configured: coreGroup)
        self.delivery = delivery
        self.confirmationDays = max(1, confirmationDays)
        self.repliesPerHour = max(0, repliesPerHour)
        self.language = community.language
    }

    /// The same decider answering in `language` (the sender's own, or the community's for a
    /// stranger).
    public func speaking(_ language: Language) -> EmailCommandDecider {
        var decider = self
        decider.language = language
        return decider
    }

    /// `key` in the answers' language, with the community's name as `{community}`.
    func say(_ key: MessageKey, _ values: KeyValuePairs<String, String> = [:]) -> String {
        language.text(key, pairs: [("community", community.name)] + values.map { ($0.key, $0.value) })
    }

    /// What one message has done so far.
    public struct Run: Sendable, Hashable {
        public var address: String
        public var fromName: String?
        public var now: Date
        /// One paragraph per command line: the line quoted, then what became of it.
        public var paragraphs: [String] = []
        /// Changes that wait for the sender's confirmation, in order.
        public var pending: [EmailCommand] = []
        public var wantsHelp = false

        public init(address: String, fromName: String?, now: Date) {
            self.address = address
            self.fromName = fromName
            self.now = now
        }

        /// Whether a subscription in this very message waits for its confirmation.
        var subscribes: Bool { pending.contains { if case .subscribe = $0 { true } else { false } } }
    }

    /// The paragraph answering `line` (quoted first) when it needs nothing from the store, with
    /// `run` updated; nil for the commands the store must look up (whoami, confirm, approve,
    /// reject, classify, review decide). `isMember`: the sender is an active member now.
    public func answer(_ line: EmailCommands.Line, isMember: Bool, run: inout Run) -> String? {
        let quoted = "> \(line.text)\n"
        guard let command = line.command else {
            if case .problem(let problem) = line.outcome { return quoted + say(.notUnderstood, ["problem": problem.sentence(in: language)]) }
            return quoted
        }
        switch command {
        case .whoami, .confirm, .approve, .reject, .classify, .reviewDecide, .markProduct:
            return nil
        case .help:
            run.wantsHelp = true
            return quoted + say(.helpAtEnd)
        case .subscribe(let name):
            if isMember { return quoted + say(.alreadyMember) }
            // Without a name given, the From name; the owner of the address confirms it anyway.
            run.pending.append(.subscribe(name: name ?? run.fromName.flatMap { EmailCommandParser.cleanName(Substring($0)) }))
            return quoted + say(.waitingToJoin)
        case .unsubscribe:
            guard isMember else { return quoted + say(.nothingToLeave) }
            run.pending.append(command)
            return quoted + say(.waitingToLeave)
        case .setDelivery, .setDigest, .setDigestFormat, .setOwnPosts, .setLanguage, .follow, .mute:
            // Settings may be changed by a member, or by someone whose subscription in this very
            // message is waiting for the same confirmation.
            guard isMember || run.subscribes else { return quoted + notMember }
            var resolved = command
            if let subIssue = command.subIssue {
                guard let found = visibleSubIssue(subIssue, for: run.address) else { return quoted + unknownSubIssue(subIssue) }
                resolved = command.with(subIssue: found.id)
            }
            run.pending.append(resolved)
            return quoted + say(.waitingForChange, ["change": describe(resolved)])
        }
    }

    public var notMember: String {
        say(.onlyMembersChangeSettings)
    }

    // MARK: Confirmation

    /// What a confirmation token is for; the store keeps it as the row's `purpose`.
    public enum ConfirmationPurpose: String, Sendable, Hashable, CaseIterable {
        case subscribe, unsubscribe, settings
    }

    /// One token for all the pending changes of a message.
    public struct Confirmation: Sendable, Hashable {
        public var token: String
        public var purpose: ConfirmationPurpose
        public var address: String
        /// The changes, one canonical command a line.
        public var payload: String
        public var createdAt: Date
        public var expiresAt: Date
    }

    /// The confirmation the pending changes of `run` wait for, with `token`; nil when none wait.
    public func confirmation(for run: Run, token: String) -> Confirmation? {
        guard !run.pending.isEmpty else { return nil }
        let purpose: ConfirmationPurpose =
            if run.subscribes { .subscribe } else if run.pending.contains(.unsubscribe) { .unsubscribe } else { .settings }
        return Confirmation(
            token: token, purpose: purpose, address: run.address,
            payload: run.pending.map(\.canonicalText).joined(separator: "\n"),
            createdAt: run.now, expiresAt: expiry(from: run.now))
    }

    func expiry(from time: Date) -> Date { time.addingTimeInterval(Double(confirmationDays) * 86_400) }

    // MARK: Sub-issues

    /// The sub-issue `word` names (by id or alias), if this address may see it.
    public func visibleSubIssue(_ word: String, for address: String) -> SubIssue? {
        subIssues.first { ($0.id == word || $0.aliases.contains(word)) && (!$0.isProtected || isAdmitted(address, to: $0)) }
    }

    public func isAdmitted(_ address: String, to subIssue: SubIssue) -> Bool {
        coreGroup.isConfigured(address) || subIssue.members.contains { MailAddress(address: $0).normalized == address }
    }

    /// The same sentence for an id that does not exist and for a protected one the sender may not
    /// see, listing only sub-issues open to everyone.
    public func unknownSubIssue(_ word: String) -> String {
        let open = subIssues.filter { !$0.isProtected }.map(\.id).joined(separator: ", ")
        return say(.unknownSubIssue, ["word": EmailCommandParser.echo(Substring(word)), "list": open])
    }

    public func describe(_ change: EmailCommand) -> String {
        switch change {
        case .setDelivery(let mode, nil): say(.changeDeliveryAll, ["mode": describe(mode)])
        case .setDelivery(let mode, let subIssue?): say(.changeDeliverySubIssue, ["subIssue": subIssue, "mode": describe(mode)])
        case .setDigest(let cadence): say(cadence == .daily ? .changeDigestDaily : .changeDigestWeekly)
        case .setDigestFormat(let format): DigestChoiceTexts.formatChange(format, in: language)
        case .setOwnPosts(let wanted): DigestChoiceTexts.ownPostsChange(wanted, in: language)
        case .setLanguage(let chosen): say(.changeLanguage, ["language": language.name(of: chosen)])
        case .follow(let subIssue): say(.changeFollow, ["subIssue": subIssue])
        case .mute(let subIssue): say(.changeMute, ["subIssue": subIssue])
        case .classify(let messageID, let subIssue): say(.changeClassify, ["messageID": messageID, "subIssue": subIssue])
        case .reviewDecide(let decision, let note): say(.changeReviewDecision, ["decision": decision.rawValue, "note": note])
        case .markProduct(let messageID, let kind, _): say(.changeMarkProduct, ["messageID": messageID, "kind": kind.rawValue])
        default: change.canonicalText
        }
    }

    public func describe(_ mode: DeliveryMode) -> String {
        switch mode {
        case .immediate: say(.modeImmediate)
        case .digest: say(.modeDigest)
        case .none: say(.modeNone)
        }
    }
}

extension EmailCommand {
    /// The same command with the sub-issue written as its canonical id.
    public func with(subIssue id: String) -> EmailCommand {
        switch self {
        case .setDelivery(let mode, _): .setDelivery(mode, subIssue: id)
        case .follow: .follow(subIssue: id)
        case .mute: .mute(subIssue: id)
        default: self
        }
    }
}
