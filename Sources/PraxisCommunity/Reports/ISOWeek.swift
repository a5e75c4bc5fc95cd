import Foundation

/// An ISO 8601 week, `YYYY-Www` (weeks start on Monday; week 1 holds the year's first Thursday).
///
/// Reports count by week in the community's time zone, so a post at Sunday 23:30 UTC belongs to
/// the next week in Berlin: `interval(in:)` gives the exact instants.
public struct ISOWeek: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ISO week-numbering year, which differs from the calendar year around New Year.
    public let year: Int
    /// 1–53.
    public let week: Int

    /// Nil when the week does not exist (e.g. week 53 of a year with 52).
    public init?(year: Int, week: Int) {
        guard (1...9999).contains(year), (1...53).contains(week) else { return nil }
        if week == 53 && Self.weeksIn(year: year) < 53 { return nil }
        self.year = year
        self.week = week
    }

    /// Parses `YYYY-Www`, e.g. `2004-W20`; nil for anything else.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 8, bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "W") || bytes[5] == UInt8(ascii: "w"),
              bytes[0..<4].allSatisfy({ (0x30...0x39).contains($0) }),
              bytes[6..<8].allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        let number = { (slice: ArraySlice<UInt8>) in slice.reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        self.init(year: number(bytes[0..<4]), week: number(bytes[6..<8]))
    }

    /// The week holding `date` in `timeZone`.
    public init(containing date: Date, in timeZone: TimeZone) {
        let calendar = Self.calendar(timeZone)
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        year = parts.yearForWeekOfYear ?? 1970
        week = parts.weekOfYear ?? 1
    }

    /// `2004-W20`.
    public var description: String {
        let digits = String(year)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-W" + (week < 10 ? "0" : "") + String(week)
    }

    /// From Monday 00:00 (inclusive) to the next Monday 00:00 (exclusive), local time in `timeZone`.
    /// A day lost or doubled by a daylight-saving change makes the week 167 or 169 hours long.
    public func interval(in timeZone: TimeZone) -> (start: Date, end: Date) {
        let calendar = Self.calendar(timeZone)
        var parts = DateComponents()
        parts.yearForWeekOfYear = year
        parts.weekOfYear = week
        parts.weekday = 2  // Monday in Foundation's numbering (Sunday is 1).
        parts.hour = 0
        let start = calendar.date(from: parts) ?? Date(timeIntervalSince1970: 0)
        let end = calendar.date(byAdding: .weekOfYear, value: 1, to: start) ?? start.addingTimeInterval(7 * 86_400)
        return (start, end)
    }

    /// The week `count` weeks later (earlier when negative).
    public func advanced(by count: Int) -> ISOWeek {
        // Noon on Thursday is in this ISO week in any time zone; UTC avoids daylight-saving gaps.
        let utc = TimeZone(identifier: "UTC") ?? .current
        let thursday = interval(in: utc).start.addingTimeInterval(3.5 * 86_400 + Double(count) * 7 * 86_400)
        return ISOWeek(containing: thursday, in: utc)
    }

    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool { (lhs.year, lhs.week) < (rhs.year, rhs.week) }

    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        calendar.minimumDaysInFirstWeek = 4
        return calendar
    }

    /// 53 when 1 January or 31 December of `year` is a Thursday, else 52.
    static func weeksIn(year: Int) -> Int {
        func weekdayOfJanuaryFirst(_ y: Int) -> Int {
            // Gauss's algorithm: 0 = Sunday … 6 = Saturday.
            let c = y - 1
            return (1 + 5 * (c % 4) + 4 * (c % 100) + 6 * (c % 400)) % 7
        }
        let first = weekdayOfJanuaryFirst(year)
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return first == 4 || (isLeap && first == 3) ? 53 : 52
    }
}
