import Foundation
import Testing
@testable import PraxisCommunity

@Suite("Schedule")
struct ScheduleTests {
    static func time(_ hour: Int, _ minute: Int) -> TimeOfDay {
        guard let time = TimeOfDay(hour: hour, minute: minute) else {
            Issue.record("bad fixture time \(hour):\(minute)")
            return TimeOfDay.eightOClock
        }
        return time
    }

    static let valid: [(String, Schedule, String)] = [
        ("daily 18:00", .daily(time(18, 0)), "daily 18:00"),
        ("daily 7:05", .daily(time(7, 5)), "daily 07:05"),
        ("daily 00:00", .daily(time(0, 0)), "daily 00:00"),
        ("daily 23:59", .daily(time(23, 59)), "daily 23:59"),
        ("weekly mon 07:00", .weekly(.monday, time(7, 0)), "weekly mon 07:00"),
        ("Weekly  Sunday\t21:30", .weekly(.sunday, time(21, 30)), "weekly sun 21:30"),
        ("  weekly fri 12:00  ", .weekly(.friday, time(12, 0)), "weekly fri 12:00"),
        ("monthly 1 09:00", .monthly(day: 1, time(9, 0)), "monthly 1 09:00"),
        ("monthly 28 23:00", .monthly(day: 28, time(23, 0)), "monthly 28 23:00"),
        ("quarterly 1 09:00", .quarterly(day: 1, time(9, 0)), "quarterly 1 09:00"),
        ("Quarterly 15 7:30", .quarterly(day: 15, time(7, 30)), "quarterly 15 07:30"),
    ]

    @Test(arguments: valid)
    func parsesAndPrintsCanonically(text: String, expected: Schedule, canonical: String) throws {
        let schedule = try Schedule(parsing: text)
        #expect(schedule == expected)
        #expect(schedule.description == canonical)
        #expect(try Schedule(parsing: schedule.description) == schedule)
    }

    static let invalid: [(String, String)] = [
        ("", "the schedule is empty"),
        ("   ", "the schedule is empty"),
        ("hourly 10:00", "\"hourly\" is not a kind of schedule"),
        ("daily", "\"daily\" takes just a time"),
        ("daily 18:00 extra", "\"daily\" takes just a time"),
        ("daily 24:00", "\"24:00\" is not a time"),
        ("daily 12:60", "\"12:60\" is not a time"),
        ("daily 1800", "\"1800\" is not a time"),
        ("daily 18:0", "\"18:0\" is not a time"),
        ("daily -1:00", "\"-1:00\" is not a time"),
        ("daily 018:00", "\"018:00\" is not a time"),
        ("daily 18:00:00", "\"18:00:00\" is not a time"),
        ("daily ١٨:٠٠", "is not a time"),
        ("weekly 07:00", "\"weekly\" takes a day and a time"),
        ("weekly mo 07:00", "\"mo\" is not a day of the week"),
        ("weekly 07:00 mon", "\"07:00\" is not a day of the week"),
        ("monthly 0 09:00", "\"0\" is not a day for a monthly schedule"),
        ("monthly 29 09:00", "\"29\" is not a day for a monthly schedule"),
        ("monthly 31 09:00", "\"31\" is not a day for a monthly schedule"),
        ("monthly 001 09:00", "\"001\" is not a day for a monthly schedule"),
        ("monthly first 09:00", "\"first\" is not a day for a monthly schedule"),
        ("quarterly 09:00", "\"quarterly\" takes a day of the quarter's first month and a time"),
        ("quarterly 29 09:00", "\"29\" is not a day for a quarterly schedule"),
        ("quarterly jan 09:00", "\"jan\" is not a day for a quarterly schedule"),
        ("yearly 1 09:00", "use daily, weekly, monthly or quarterly"),
        ("daily 18:00\u{0}", "is not a time"),
        (String(repeating: "daily ", count: 1000), "at most a few words"),
    ]

    @Test(arguments: invalid)
    func rejectsWithAReason(text: String, reason: String) {
        #expect(throws: CommunityError.self) { try Schedule(parsing: text) }
        do {
            _ = try Schedule(parsing: text)
        } catch {
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(error.code == .scheduleSyntax && !error.isTransient)
        }
    }

    @Test func textFormRoundTrips() throws {
        let schedule = Schedule.weekly(.wednesday, Self.time(6, 30))
        #expect(schedule.description == "weekly wed 06:30")
        #expect(try Schedule(parsing: schedule.description) == schedule)
    }

    @Test func weekdayNames() {
        #expect(Weekday(name: "mon") == .monday)
        #expect(Weekday(name: "thursday") == .thursday)
        #expect(Weekday(name: "thu") == .thursday)
        #expect(Weekday(name: "Mon") == nil)  // callers lower-case first
        #expect(Weekday(name: "") == nil)
        #expect(Weekday.allCases.map(\.shortName) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    }
}
