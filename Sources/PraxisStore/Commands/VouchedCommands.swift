import Foundation
import GRDB
import PraxisCommunity

extension EmailCommandProcessor {
    /// What became of changes asked for on the web.
    public struct VouchedOutcome: Sendable, Hashable {
        /// One line per change: what was done, or why not (the email commands' own sentences).
        public var lines: [String]
        /// Whether anything was carried out.
        public var changed: Bool
    }

    /// Carries out `commands` for `address` as if its owner had sent them by mail and confirmed
    /// them, for the web, where a signed-in session (or a one-click unsubscribe token mailed to
    /// that address) already proves the owner asks. The same rules decide (`EmailCommandDecider`:
    /// membership, protected sub-issues the address is not admitted to, aliases), and the change
    /// is recorded the same way: a confirmation row with the changes as its payload, spent at once.
    /// Only changes of the member's own settings or membership are taken; anything else is refused.
    public func carryOutVouched(_ commands: [EmailCommand], address: String, at now: Date, in db: Database) throws -> VouchedOutcome {
        // What the page says back is in the member's language, as a mailed reply would be.
        let speaker = try speaking(to: address, in: db)
        guard speaker.decider.language == decider.language else {
            return try speaker.carryOutVouched(commands, address: address, at: now, in: db)
        }
        var run = EmailCommandDecider.Run(address: address, fromName: nil, now: now)
        var lines: [String] = []
        for command in commands {
            guard Self.isVouchable(command) else {
                lines.append(decider.language.text(.vouchedNotDone, ["command": command.canonicalText]))
                continue
            }
            let line = EmailCommands.Line(text: command.canonicalText, outcome: .command(command))
            let member = try memberState(address, in: db)
            let pendingBefore = run.pending.count
            let paragraph = decider.answer(line, isMember: member.isActive, run: &run) ?? ""
            // The paragraph quotes the line first; without a change waiting, its second line says why.
            if run.pending.count == pendingBefore { lines.append(paragraph.split(separator: "\n").dropFirst().joined(separator: " ")) }
        }
        guard let confirmation = decider.confirmation(for: run, token: Self.makeToken()) else {
            return VouchedOutcome(lines: lines, changed: false)
        }
        try PraxisDatabase.apply([.requestConfirmation(confirmation)], community: community, in: db)
        let stored = EmailCommandDecider.StoredConfirmation(
            token: confirmation.token, purpose: confirmation.purpose, address: address, payload: confirmation.payload,
            expiresAt: confirmation.expiresAt, usedAt: nil)
        guard case .confirmed(let spend, let steps, _) = decider.confirm(
            stored, from: address, member: try memberState(address, in: db), at: now)
        else { return VouchedOutcome(lines: lines, changed: false) }
        try PraxisDatabase.apply(spend, community: community, in: db)
        for step in steps { lines.append(try carryOut(step, at: now, in: db)) }
        return VouchedOutcome(lines: lines, changed: true)
    }

    /// The changes the web may make for a member: their own membership and settings.
    static func isVouchable(_ command: EmailCommand) -> Bool {
        switch command {
        case .unsubscribe, .setDelivery, .setDigest, .setDigestFormat, .setOwnPosts, .setLanguage, .follow, .mute: true
        case .subscribe, .confirm, .whoami, .help, .approve, .reject, .classify, .reviewDecide, .markProduct: false
        }
    }
}

extension PraxisDatabase {
    /// One-click unsubscribe (RFC 8058): when `token` is the unsubscribe token of an active
    /// member, that member leaves, recorded as a confirmed email `unsubscribe` is; returns the
    /// address, or nil when the token does nothing (malformed, forged, outdated, member gone).
    public func unsubscribe(token: String, signer: MemberLinkSigner, commands: EmailCommandProcessor, at now: Date) throws(StoreError) -> String? {
        try write("unsubscribing by a one-click link") { db in
            guard let subject = try Self.memberLinkSubject(token: token, make: signer.unsubscribeToken, in: db) else { return nil }
            let outcome = try commands.carryOutVouched([.unsubscribe], address: subject.address, at: now, in: db)
            return outcome.changed ? subject.address : nil
        }
    }

    /// The settings of the active member with `address` as `whoami` reads them; nil for anyone else.
    public func memberSettings(address: String, processor: EmailCommandProcessor) throws(StoreError) -> EmailCommandDecider.MemberSettings? {
        try read("reading a member's settings") { db in
            try processor.activeMember(address, in: db).map { try processor.settings(of: $0, in: db) }
        }
    }

    /// Changes asked for on `/settings` by the signed-in member with `address` (`carryOutVouched`).
    public func changeSettings(
        _ commands: [EmailCommand], address: String, processor: EmailCommandProcessor, at now: Date
    ) throws(StoreError) -> EmailCommandProcessor.VouchedOutcome {
        try write("changing settings from the web") { db in try processor.carryOutVouched(commands, address: address, at: now, in: db) }
    }
}
