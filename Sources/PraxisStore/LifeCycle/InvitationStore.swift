import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// An invitation as `praxis members invite` reports it.
public enum InvitationResult: Sendable, Hashable {
    case invited
    case alreadyMember
    case invitedRecently(Date)
    case invalidAddress(String)
}

extension PraxisDatabase {
    static func createInvitations(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE invitations (
                id INTEGER PRIMARY KEY,
                address TEXT NOT NULL,
                invited_at REAL NOT NULL,
                token TEXT NOT NULL
            );
            CREATE INDEX invitations_by_address ON invitations(address, invited_at);
            """)
    }

    /// Invites `address` as `decider` decides, in one transaction: the confirmation token (the
    /// same a `subscribe` draws), the invitation in the outbox and its row, or nothing.
    public func invite(
        _ address: String, decider: InvitationDecider, message: String?, token: String, at now: Date
    ) throws(StoreError) -> InvitationResult {
        let normalized = MailAddress(address: address).normalized
        return try write("inviting \(normalized)") { db in
            let isMember = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM members WHERE address = ? AND status = 'active')
                """, arguments: [normalized]) ?? false
            let last = try Double.fetchOne(db, sql: "SELECT max(invited_at) FROM invitations WHERE address = ?", arguments: [normalized])
            switch decider.decide(address: normalized, isMember: isMember, lastInvitedAt: last.map(Date.init(timeIntervalSince1970:)),
                                  message: message, token: token, at: now) {
            case .alreadyMember: return .alreadyMember
            case .invitedRecently(let date): return .invitedRecently(date)
            case .invalidAddress(let problem): return .invalidAddress(problem)
            case .invite(let confirmation, let notice):
                try Self.apply([.requestConfirmation(confirmation), .queueNotice(notice, at: now)], community: decider.community, in: db)
                try db.execute(sql: "INSERT INTO invitations (address, invited_at, token) VALUES (?, ?, ?)",
                               arguments: [normalized, now.timeIntervalSince1970, token])
                return .invited
            }
        }
    }
}
