import Foundation

extension EmailCommandDecider {
    /// What a confirmed change needs to know of the member of the confirming address; the store
    /// reads it before the changes, and the decider carries it along as they apply in order.
    public struct MemberState: Sendable, Hashable {
        /// A row exists for the address, whatever its status.
        public var isKnown: Bool
        public var isActive: Bool
        /// The member has the core role in some sub-issue (their rows outlive leaving and rejoining).
        public var hasCoreStanding: Bool

        public init(isKnown: Bool, isActive: Bool, hasCoreStanding: Bool) {
            self.isKnown = isKnown
            self.isActive = isActive
            self.hasCoreStanding = hasCoreStanding
        }

        /// No row for the address.
        public static let stranger = MemberState(isKnown: false, isActive: false, hasCoreStanding: false)
    }

    /// One change a confirmation carries out, in payload order.
    public enum ConfirmedStep: Sendable, Hashable {
        /// Decided here: the rows to write (none when nothing changes) and the line saying what happened.
        case done([FollowUpAction], line: String)
        /// A correction of a post's sub-issue that may go ahead: the store carries it out, since only
        /// it knows how many posts move, and words its line with `reclassified(_:changed:)`.
        case reclassify(messageID: String, subIssue: SubIssue)
        /// A product marking that may go ahead if `by` is of the core group (`byCore`) or a
        /// moderator of the thread's sub-issue, which only the store knows (`productMarked`).
        case markProduct(messageID: String, kind: Product.Kind, note: String?, by: String, byCore: Bool)
    }

    /// The answer to a `confirm` whose token the store did not find usable for this address.
    /// Every refusal reads the same, so a guesser learns nothing from it.
    public func refusedToken(for address: String) -> String {
        say(.tokenRefused, ["address": address])
    }

    /// A confirmation token as the store found it from the token written in `confirm TOKEN`.
    public struct StoredConfirmation: Sendable, Hashable {
        public var token: String
        /// Nil for a token of another kind (a moderator's), which `confirm` never accepts.
        public var purpose: ConfirmationPurpose?
        /// The address it was mailed to.
        public var address: String
        public var payload: String?
        public var expiresAt: Date
        public var usedAt: Date?

        public init(token: String, purpose: ConfirmationPurpose?, address: String, payload: String?, expiresAt: Date, usedAt: Date?) {
            self.token = token
            self.purpose = purpose
            self.address = address
            self.payload = payload
            self.expiresAt = expiresAt
            self.usedAt = usedAt
        }
    }

    /// What a `confirm` comes to.
    public enum ConfirmOutcome: Sendable, Hashable {
        /// The token cannot be used here and nothing changes; the answer says so.
        case refused(String)
        /// The token is usable: `actions` spend it, then `steps` carry out its `payload` in order
        /// (the answer is `confirmedAnswer(lines:payload:)`).
        case confirmed(actions: [FollowUpAction], steps: [ConfirmedStep], payload: String?)
    }

    /// `confirm` with `stored` from `address`, whose member is `member`, at `now`. A token works
    /// once, before it expires, and only when it comes back from the very address it was mailed
    /// to: From can be forged, but a forger does not get that address's mail.
    public func confirm(_ stored: StoredConfirmation?, from address: String, member: MemberState, at now: Date) -> ConfirmOutcome {
        guard let stored, stored.purpose != nil, stored.usedAt == nil, stored.expiresAt > now, stored.address == address else {
            return .refused(refusedToken(for: address))
        }
        // A subscription asked for before the community closed: nobody joins a closed community.
        if community.isClosed, stored.purpose == .subscribe {
            return .refused(say(.closedNoJoining))
        }
        return .confirmed(
            actions: [.spendConfirmation(token: stored.token, at: now)],
            steps: confirmedSteps(payload: stored.payload, address: address, member: member, at: now), payload: stored.payload)
    }

    /// The changes of a usable token's `payload` (one canonical command a line), in order, for
    /// `address` whose member is `member` before the first of them; each change sees the ones before.
    public func confirmedSteps(payload: String?, address: String, member: MemberState, at now: Date) -> [ConfirmedStep] {
        var state = member
        var steps: [ConfirmedStep] = []
        for change in confirmedChanges(payload) where change.needsConfirmation {
            steps.append(step(for: change, address: address, state: &state, at: now))
        }
        return steps
    }

    /// The commands a confirmation's payload holds, whether or not they need confirming.
    public func confirmedChanges(_ payload: String?) -> [EmailCommand] {
        (payload ?? "").split(separator: "\n").compactMap { EmailCommandParser.command(in: String($0)) }
    }

    /// The paragraph answering a usable token: one line a step, `lines` being the steps' lines in order.
    public func confirmedAnswer(lines: [String], payload: String?) -> String {
        var done = [say(.confirmedDone)] + lines.map { "- " + $0 }
        if confirmedChanges(payload).isEmpty { done.append("- " + say(.confirmedNothingWaiting)) }
        return done.joined(separator: "\n")
    }

    /// The line of a correction the store carried out, moving `changed` posts.
    public func reclassified(_ change: EmailCommand, changed: Int) -> String {
        language.plural(.reclassified, count: changed, ["change": describe(change)])
    }

    /// Whether `address` is of the core group, `member` being its member as the store read it (and
    /// as the changes before in the same token left it): standing counts only while active.
    public func isCore(_ address: String, member: MemberState) -> Bool {
        coreGroup.contains(address, hasCoreStanding: member.isActive && member.hasCoreStanding)
    }

    private func step(for change: EmailCommand, address: String, state: inout MemberState, at now: Date) -> ConfirmedStep {
        if case .subscribe(let name) = change {
            if state.isActive { return .done([], line: say(.wasAlreadyMember)) }
            defer { state.isKnown = true; state.isActive = true }
            if state.isKnown {
                return .done([.changeMember(address: address, .rejoin(name: name), at: now)],
                             line: say(.welcomeBack))
            }
            return .done([.changeMember(address: address, .join(name: name), at: now)],
                         line: say(.welcome, ["mode": describe(delivery.outer)]))
        }
        if case .classify(let messageID, let subIssue) = change {
            // The core group is checked again: the configuration may have changed since the request.
            guard isCore(address, member: state), let found = subIssues.first(where: { $0.id == subIssue }) else {
                return .done([], line: say(.notDoneCoreClassify, ["command": change.canonicalText]))
            }
            return .reclassify(messageID: messageID, subIssue: found)
        }
        if case .markProduct(let messageID, let kind, let note) = change {
            return .markProduct(messageID: messageID, kind: kind, note: note, by: address, byCore: isCore(address, member: state))
        }
        if case .reviewDecide(let decision, let note) = change {
            // Checked again at confirmation, as for a correction: the core group may have changed.
            guard isCore(address, member: state) else {
                return .done([], line: say(.notDoneCoreReview, ["command": change.canonicalText]))
            }
            // The decision answers the last review, that of the quarter that has ended.
            let quarter = Quarter.lastComplete(before: now, in: community.timeZone)
            return .done([.recordReviewDecision(ReviewDecision(quarter: quarter, decision: decision, note: note, by: address,
                                                               decidedAt: now))],
                         line: say(.reviewRecorded, ["decision": decision.rawValue, "quarter": "\(quarter)"]))
        }
        guard state.isActive else { return .done([], line: say(.notDoneNotMember, ["command": change.canonicalText])) }
        let memberChange: MemberChange
        switch change {
        case .unsubscribe:
            state.isActive = false
            return .done([.changeMember(address: address, .leave, at: now)],
                         line: say(.leftCommunity))
        case .setDelivery(let mode, nil):
            memberChange = .delivery(mode)
        case .setDigest(let cadence):
            memberChange = .digest(cadence)
        case .setDigestFormat(let format):
            memberChange = .digestFormat(format)
        case .setOwnPosts(let wanted):
            memberChange = .ownPosts(wanted)
        case .setLanguage(let language):
            memberChange = .language(language)
        case .setDelivery(let mode, let subIssue?):
            // Admission is checked again: the configuration may have changed since the request.
            guard let found = visibleSubIssue(subIssue, for: address) else {
                return .done([], line: say(.notDoneBecause, ["reason": unknownSubIssue(subIssue)]))
            }
            memberChange = .subIssueDelivery(subIssue: found.id, mode)
        case .follow(let subIssue), .mute(let subIssue):
            guard let found = visibleSubIssue(subIssue, for: address) else {
                return .done([], line: say(.notDoneBecause, ["reason": unknownSubIssue(subIssue)]))
            }
            let follow: DeliveryChoice.Follow = if case .follow = change { .follows } else { .mutes }
            memberChange = .subIssueFollow(subIssue: found.id, follow)
        default:
            return .done([], line: say(.notDone, ["command": change.canonicalText]))
        }
        return .done([.changeMember(address: address, memberChange, at: now)], line: describe(change) + ".")
    }
}

extension EmailCommandDecider {
    /// A change of one member's row or settings that a confirmed email command carries out.
    public enum MemberChange: Sendable, Hashable {
        /// A new member joins, named `name`.
        case join(name: String?)
        /// A former member is active again, keeping their name unless `name` gives one.
        case rejoin(name: String?)
        case leave
        case delivery(DeliveryMode)
        case digest(EmailCommand.DigestCadence)
        case digestFormat(DigestPlan.Format)
        /// Whether the member's own posts come back to them (`members.own_posts`).
        case ownPosts(Bool)
        /// The language of what the member receives.
        case language(Language)
        /// An override of the delivery mode in one sub-issue.
        case subIssueDelivery(subIssue: String, DeliveryMode)
        case subIssueFollow(subIssue: String, DeliveryChoice.Follow)
    }
}
