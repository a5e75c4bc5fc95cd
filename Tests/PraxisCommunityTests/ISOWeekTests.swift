import Foundation
import PraxisCommunity
import Testing

@Suite("ISOWeek")
struct ISOWeekTests {
    @Test(arguments: [
        ("2004-W20", 2004, 20), ("2020-W53", 2020, 53), ("2024-W01", 2024, 1), ("2004-w05", 2004, 5),
    ])
    func parses(text: String, year: Int, week: Int) {
        let parsed = ISOWeek(parsing: text)
        #expect(parsed?.year == year && parsed?.week == week)
        #expect(parsed?.description == text.uppercased())
    }

    @Test(arguments: ["2004-20", "2004-W00", "2021-W53", "04-W20", "2004-W5", "2004-W200", "", "2004-W2a"])
    func rejects(text: String) {
        #expect(ISOWeek(parsing: text) == nil)
    }

    @Test func weeksAreCutInTheGivenZone() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let utc = try #require(TimeZone(identifier: "UTC"))
        let week = try #require(ISOWeek(year: 2004, week: 20))
        // Monday 10 May 2004 00:00 CEST is 9 May 22:00 UTC.
        #expect(week.interval(in: berlin).start == Date(timeIntervalSince1970: 1_084_140_000))
        #expect(week.interval(in: berlin).end == Date(timeIntervalSince1970: 1_084_744_800))
        #expect(week.interval(in: utc).start == Date(timeIntervalSince1970: 1_084_147_200))
        // Sunday 23:30 UTC is already Monday in Berlin.
        let lateSunday = Date(timeIntervalSince1970: 1_084_743_000 + 2 * 3600)
        #expect(ISOWeek(containing: lateSunday, in: utc).description == "2004-W20")
        #expect(ISOWeek(containing: lateSunday, in: berlin).description == "2004-W21")
        // The week holding the switch to summer time is an hour short.
        let march = try #require(ISOWeek(year: 2004, week: 13))
        let interval = march.interval(in: berlin)
        #expect(interval.end.timeIntervalSince(interval.start) == 167 * 3600)
    }

    @Test func advancesAcrossYears() throws {
        let week = try #require(ISOWeek(year: 2021, week: 1))
        #expect(week.advanced(by: -1).description == "2020-W53")
        #expect(week.advanced(by: -54).description == "2019-W52")
        #expect(week.advanced(by: 52).description == "2022-W01")
        #expect(try #require(ISOWeek(year: 2004, week: 20)).advanced(by: -11).description == "2004-W09")
    }
}
