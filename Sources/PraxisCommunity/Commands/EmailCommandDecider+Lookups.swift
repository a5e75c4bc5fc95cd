import Foundation

extension EmailCommandDecider {
    /// Why `approve`/`reject` from `address` goes no further than this, or nil when the token is
    /// to be read and `HeldPostDecider` asked. Members get as far as the token check, which answers
    /// them as it answers a guesser; only the core group is ever mailed a token. `isMember`: the
    /// sender is an active member now; `isSetUp`: moderation by email is set up.
    public func moderationRefusal(from address: String, isMember: Bool, isSetUp: Bool) -> String? {
        guard isMember || coreGroup.isConfigured(address) else { return say(.moderationCoreOnly) }
        guard isSetUp else {
            return say(.moderationNotSetUp, ["ownerAddress": community.ownerAddress])
        }
        return nil
    }

    /// The answer to `review decide continue|refocus|disband NOTE`: a core member's record of what
    /// the core group agreed waits for their confirmation (added to `run`); anyone else is thanked
    /// and told who records decisions.
    public func reviewDecisionRequest(_ command: EmailCommand, senderIsCore: Bool, run: inout Run) -> String {
        guard senderIsCore else {
            return say(.reviewNotCore, ["ownerAddress": community.ownerAddress])
        }
        run.pending.append(command)
        return say(.waitingForChange, ["change": describe(command)])
    }

    /// The answer to `product MESSAGE-ID KIND [NOTE]`: from a core member or a moderator of the
    /// thread's sub-issue (`subIssue`, nil when no archived post has the Message-ID) the marking
    /// waits for their confirmation (added to `run`); anyone else is thanked and told who marks
    /// products, whatever the Message-ID, so nobody learns from it which posts exist.
    public func productRequest(_ command: EmailCommand, subIssue: String?, senderIsCore: Bool, run: inout Run) -> String {
        let mayMark = senderIsCore || subIssue.map { ProductMarking.mayMark(run.address, subIssue: $0, core: [], subIssues: subIssues) } == true
        guard mayMark else {
            return say(.productNotMarker, ["ownerAddress": community.ownerAddress])
        }
        guard subIssue != nil else { return say(.productNoPost) }
        run.pending.append(command)
        return say(.waitingForChange, ["change": describe(command)])
    }

    /// The answer to `classify MESSAGE-ID SUB-ISSUE`: a core member's correction of a post's
    /// sub-issue waits for their confirmation (added to `run`). Whoever is not of the core group
    /// hears only that, whatever the Message-ID, so nobody learns from it which posts (protected
    /// ones included) exist. `postExists`: exactly one post has `messageID`.
    public func classifyRequest(
        messageID: String, subIssue: String, senderIsCore: Bool, postExists: Bool, run: inout Run
    ) -> String {
        guard senderIsCore else { return say(.classifyNotCore) }
        guard let found = subIssues.first(where: { $0.id == subIssue || $0.aliases.contains(subIssue) }) else {
            return say(.unknownSubIssue, ["word": subIssue, "list": subIssues.map(\.id).joined(separator: ", ")])
        }
        guard postExists else { return say(.classifyNoPost, ["messageID": messageID]) }
        let resolved = EmailCommand.classify(messageID: messageID, subIssue: found.id)
        run.pending.append(resolved)
        return say(.waitingForChange, ["change": describe(resolved)])
    }
}
