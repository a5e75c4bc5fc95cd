import Foundation
import GRDB
import PraxisCommunity

extension PraxisDatabase {
    /// Applies what the follow-up deciders of `PraxisCommunity` decided, in order, inside the
    /// caller's transaction (the one recording the message that caused them): the one place their
    /// actions become rows.
    public static func apply(_ actions: [FollowUpAction], community: Community, in db: Database) throws {
        for action in actions {
            switch action {
            case .queueNotice(let notice, let time):
                try enqueueNotice(notice, community: community, at: time, in: db)
            case .scoreBounce(let memberID, let score, let time):
                try db.execute(sql: "UPDATE members SET bounce_score = ?, last_bounce_at = ? WHERE id = ?",
                               arguments: [score, time.timeIntervalSince1970, memberID])
            case .disableDelivery(let memberID, let score, let time):
                try db.execute(sql: """
                    UPDATE members SET bounce_score = ?, last_bounce_at = ?, bounce_disabled_at = ?, status = 'disabled'
                    WHERE id = ?
                    """, arguments: [score, time.timeIntervalSince1970, time.timeIntervalSince1970, memberID])
            }
        }
    }
}
