import Foundation
import GRDB

/// A run of a named schedule for one due time; the unique pair makes "made up once, never twice"
/// a constraint rather than a hope.
public struct ScheduleRunRecord: StoreRecord, Hashable {
    public static let databaseTableName = "schedule_runs"
    public var id: Int64?
    public var schedule: String
    public var dueAt: Date
    public var ranAt: Date

    public init(id: Int64? = nil, schedule: String, dueAt: Date, ranAt: Date) {
        self.id = id
        self.schedule = schedule
        self.dueAt = dueAt
        self.ranAt = ranAt
    }

    enum CodingKeys: String, CodingKey {
        case id, schedule
        case dueAt = "due_at", ranAt = "ran_at"
    }
}
