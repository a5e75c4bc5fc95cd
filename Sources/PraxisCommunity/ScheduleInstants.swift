import Foundation
import PraxisMail

/// When a schedule is due, as instants: the wall-clock rule read in the community's time zone.
///
/// Daylight-saving changes are handled the way people expect of an alarm clock:
/// - a time that does not exist that day (the hour skipped in spring) is due at the same distance
///   after the gap, e.g. 02:30 on the spring-forward night in Berlin is due at 03:30 CEST;
/// - a time that exists twice (the hour repeated in autumn) is due at its first occurrence only,
///   so a schedule never runs twice in one day.
extension Schedule {
    /// The first due instant strictly after `instant`.
    public func nextDue(after instant: Date, in timeZone: TimeZone) -> Date {
        let today = WallClock.localDay(of: instant, in: timeZone)
        for offset in -1...Self.longestGapDays {
            let day = today + offset
            guard isDue(onDay: day) else { continue }
            let due = WallClock.instant(day: day, time: time, in: timeZone)
            if due > instant { return due }
        }
        // Unreachable for valid schedules; a safe answer rather than a crash.
        return instant.addingTimeInterval(86_400)
    }

    /// The last due instant at or before `instant`.
    public func lastDue(atOrBefore instant: Date, in timeZone: TimeZone) -> Date {
        let today = WallClock.localDay(of: instant, in: timeZone)
        for offset in -1...Self.longestGapDays {
            let day = today + 1 - offset
            guard isDue(onDay: day) else { continue }
            let due = WallClock.instant(day: day, time: time, in: timeZone)
            if due <= instant { return due }
        }
        return instant.addingTimeInterval(-86_400)
    }

    /// Quarterly schedules are due at most 92 days apart; a little more is always enough.
    static let longestGapDays = 100

    /// The time of day the schedule names.
    public var time: TimeOfDay {
        switch self {
        case .daily(let time), .weekly(_, let time), .monthly(_, let time), .quarterly(_, let time): time
        }
    }

    /// Whether the local calendar day (days since 1970-01-01) is one the schedule runs on.
    func isDue(onDay day: Int) -> Bool {
        switch self {
        case .daily: true
        case .weekly(let weekday, _): WallClock.weekday(ofDay: day) == weekday
        case .monthly(let dayOfMonth, _): civilDate(fromDaysSince1970: day).day == dayOfMonth
        case .quarterly(let dayOfMonth, _):
            civilDate(fromDaysSince1970: day).day == dayOfMonth && civilDate(fromDaysSince1970: day).month % 3 == 1
        }
    }
}

/// Calendar arithmetic on local days, done on plain integers so no calendar API has to guess what
/// a skipped or repeated wall-clock time means.
enum WallClock {
    /// Days since 1970-01-01 of the local date of `instant`.
    static func localDay(of instant: Date, in timeZone: TimeZone) -> Int {
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }

    /// The instant at which the wall clock in `timeZone` shows `time` on local `day`.
    static func instant(day: Int, time: TimeOfDay, in timeZone: TimeZone) -> Date {
        let wall = day * 86_400 + time.hour * 3600 + time.minute * 60
        // The offsets in force well before and well after: around a change they differ.
        let before = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall - 86_400)))
        let after = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall + 86_400)))
        let candidates = Set([wall - before, wall - after]).sorted()
        for candidate in candidates {
            let date = Date(timeIntervalSince1970: Double(candidate))
            if timeZone.secondsFromGMT(for: date) == wall - candidate { return date }
        }
        // In the gap: the clock jumped over this time; the old offset lands just as far past the jump.
        return Date(timeIntervalSince1970: Double(wall - before))
    }

    static func weekday(ofDay day: Int) -> Weekday {
        // 1970-01-01 was a Thursday (ISO 4).
        let iso = ((day % 7) + 7 + 3) % 7 + 1
        return Weekday(rawValue: iso) ?? .monday
    }
}
