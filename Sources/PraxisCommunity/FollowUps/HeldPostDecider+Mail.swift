import Foundation

/// A moderator's decision on a held post.
public enum ModerationDecision: Sendable, Hashable {
    case approve
    case reject(reason: String?)
}

extension HeldPostDecider {
    /// A moderation token as the store found it from the token written in a command.
    public struct MailedToken: Sendable, Hashable {
        /// The moderator it was mailed to, as stored (normalised).
        public var address: String
        /// The held post it stands for; nil when the stored payload is not a number.
        public var heldID: Int64?

        public init(address: String, heldID: Int64?) {
            self.address = address
            self.heldID = heldID
        }
    }

    /// Everything a decision mailed to the request address (`approve TOKEN`, `reject TOKEN
    /// [reason]`) is decided on, as the store read it inside the recording transaction.
    public struct MailedDecision: Sendable, Hashable {
        public var decision: ModerationDecision
        /// The From address of the command, normalised.
        public var moderator: String
        /// The stored token the command names; nil when it is malformed or unknown.
        public var token: MailedToken?
        /// Whether `moderator` is in the core group now.
        public var moderatorIsCore: Bool
        /// The held post `token` stands for; nil when it has no row (or there is no token).
        public var held: Held?

        public init(decision: ModerationDecision, moderator: String, token: MailedToken?, moderatorIsCore: Bool, held: Held?) {
            self.decision = decision
            self.moderator = moderator
            self.token = token
            self.moderatorIsCore = moderatorIsCore
            self.held = held
        }
    }

    /// What a decision by mail comes to. A token is valid only in a command from the moderator it
    /// was mailed to, so a forged From cannot act as a moderator without also having that
    /// moderator's mail; and a token mailed to someone else reads exactly like one that does not
    /// exist, so replies never tell a guesser (or a forger who saw a token) which tokens are real.
    public func decide(_ mailed: MailedDecision, at time: Date) -> Verdict {
        guard let token = mailed.token, token.address == mailed.moderator, let heldID = token.heldID else {
            return .refused(Self.unusableToken(for: mailed.moderator, in: language))
        }
        // Checked now, not when the token was drawn: whoever left the core group since has no say.
        guard mailed.moderatorIsCore else {
            return .refused(language.text(.moderationNotCore, ["moderator": mailed.moderator]))
        }
        guard let held = mailed.held, held.id == heldID else { return Self.unknown(heldID, in: language) }
        return decide(mailed.decision, on: held, by: mailed.moderator, at: time)
    }

    /// Everything a decision on `/moderation` is decided on: the signed-in member stands in for
    /// the token's address (the session is the proof a token's mailbox is by mail).
    public struct WebDecision: Sendable, Hashable {
        public var decision: ModerationDecision
        /// The signed-in member, normalised.
        public var moderator: String
        /// The held post's number, as the form sent it.
        public var heldID: Int64
        /// Whether `moderator` decides on the held post now: in the core group, or a moderator of
        /// its sub-issue (`CoreGroup.moderators(of:)`), read in the deciding transaction.
        public var moderatorDecides: Bool
        /// The held post; nil when it has no row.
        public var held: Held?

        public init(decision: ModerationDecision, moderator: String, heldID: Int64, moderatorDecides: Bool, held: Held?) {
            self.decision = decision
            self.moderator = moderator
            self.heldID = heldID
            self.moderatorDecides = moderatorDecides
            self.held = held
        }
    }

    /// What a decision on the web comes to, by the rules of the mailed one: checked now, not when
    /// the page was shown, so whoever left the core group since has no say. A held post the
    /// member does not decide on reads exactly like one that does not exist.
    public func decide(_ web: WebDecision, at time: Date) -> Verdict {
        guard web.moderatorDecides, let held = web.held, held.id == web.heldID else { return Self.unknown(web.heldID, in: language) }
        return decide(web.decision, on: held, by: web.moderator, at: time)
    }

    private func decide(_ decision: ModerationDecision, on held: Held, by moderator: String, at time: Date) -> Verdict {
        switch decision {
        case .approve: approve(held, by: moderator, at: time)
        case .reject(let reason): reject(held, reason: reason, by: moderator, at: time)
        }
    }

    /// The one answer to a token `moderator` cannot use: malformed, unknown, or mailed to another.
    /// It names both likely slips, so a moderator writing from a second address still sees why.
    public static func unusableToken(for moderator: String, in language: Language = .standard) -> String {
        language.text(.moderationUnusableToken, ["moderator": moderator])
    }

    /// 32 characters without look-alikes (no 0/o, 1/l), so each carries 5 random bits and a
    /// moderator can copy a token from a line of mail.
    public static let tokenAlphabet = Array("abcdefghijkmnpqrstuvwxyz23456789".utf8)

    /// How long a moderation token is, in characters: about 120 bits.
    public static let tokenLength = 24

    /// A token as written in a command, in the form tokens are stored (case does not matter to
    /// whoever copies it); nil when it cannot be one, so the store need not look it up.
    public static func storedToken(_ written: String) -> String? {
        let token = written.trimmingCharacters(in: .whitespaces).lowercased()
        guard token.utf8.count == tokenLength, token.utf8.allSatisfy({ tokenAlphabet.contains($0) }) else { return nil }
        return token
    }
}
