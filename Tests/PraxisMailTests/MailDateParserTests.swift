import Foundation
import Testing
@testable import PraxisMail

/// Expectations are Python 3.11's `email.utils.parsedate_to_datetime` in UTC (naive results read as
/// UTC, as our measuring tool does), except where a comment says `python:`.
@Suite struct MailDateParserTests {
    private static func utc(_ raw: String) -> String? {
        guard let date = MailDateParser.parse(Array(raw.utf8)[...]) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static let rfcForms: [(String, String)] = [
        ("Thu, 6 May 2004 07:08:09 -0700", "2004-05-06T14:08:09Z"),
        ("Thu, 06 May 2004 07:08:09 +0000", "2004-05-06T07:08:09Z"),
        ("Thu, 31 Dec 1999 23:59:59 -0100", "2000-01-01T00:59:59Z"),
        ("Sun, 29 Feb 2004 12:00:00 +0000", "2004-02-29T12:00:00Z"),
        ("Fri, 1 Jan 1970 00:00:00 +0000", "1970-01-01T00:00:00Z"),
        ("Wed, 31 Dec 1969 23:59:59 +0000", "1969-12-31T23:59:59Z"),
        ("Mon, 1 Mar 2100 00:00:00 +0000", "2100-03-01T00:00:00Z"),
        ("Thu, 6 May 2004 07:08:09 +0530", "2004-05-06T01:38:09Z"),
    ]

    static let lenientForms: [(String, String)] = [
        ("6 May 2004 07:08:09 -0700", "2004-05-06T14:08:09Z"),
        ("Thu 6 May 2004 07:08:09 -0700", "2004-05-06T14:08:09Z"),
        ("Thu,6 May 2004 07:08:09 -0700", "2004-05-06T14:08:09Z"),
        ("Thursday, 6 May 2004 07:08:09 -0700", "2004-05-06T14:08:09Z"),
        ("Thu, 6 May 2004 07:08 -0700", "2004-05-06T14:08:00Z"),
        ("Thu, 6 May 04 07:08:09 -0700", "2004-05-06T14:08:09Z"),
        ("Thu, 6 May 99 07:08:09 -0700", "1999-05-06T14:08:09Z"),
        ("Thu, 6 May 49 07:08:09 +0000", "2049-05-06T07:08:09Z"),
        ("Thu, 6 May 50 07:08:09 +0000", "1950-05-06T07:08:09Z"),  // python: 2050 (POSIX pivot 69)
        ("Thu, 6 May 104 07:08:09 +0000", "2004-05-06T07:08:09Z"),  // python: year 104
        ("THU, 6 MAY 2004 07:08:09 -0700", "2004-05-06T14:08:09Z"),
        ("Thu, 6 may 2004 07:08:09 -0700", "2004-05-06T14:08:09Z"),
        ("Thu, 6 September 2004 07:08:09 -0700", "2004-09-06T14:08:09Z"),
        ("Thu, 6 May 2004 12.30.00 +0000", "2004-05-06T12:30:00Z"),
        ("Thu, 6 May 2004 12.30 +0000", "2004-05-06T12:30:00Z"),
        ("Thu, 6 May 2004 07:08:09-0700", "2004-05-06T14:08:09Z"),
        ("Thursday, 06-May-04 07:08:09 GMT", "2004-05-06T07:08:09Z"),
        ("May 6 2004 07:08:09 -0700", "2004-05-06T14:08:09Z"),
        ("Thu May  6 07:08:09 2004", "2004-05-06T07:08:09Z"),
        ("  Thu, 6 May 2004 07:08:09 -0700\r\n", "2004-05-06T14:08:09Z"),
        ("2004-05-06 07:08:09", "2004-05-06T07:08:09Z"),  // python: None
        ("2004-05-06T07:08:09Z", "2004-05-06T07:08:09Z"),  // python: None
        ("2004-05-06T07:08:09+02:00", "2004-05-06T05:08:09Z"),  // python: None
        ("Thu, 6 May 2004 07:08:60 -0700", "2004-05-06T14:08:59Z"),  // python: None; leap second clamped
    ]

    static let zones: [(String, String)] = [
        ("GMT", "2004-05-06T07:08:09Z"), ("UT", "2004-05-06T07:08:09Z"), ("UTC", "2004-05-06T07:08:09Z"),
        ("Z", "2004-05-06T07:08:09Z"), ("EST", "2004-05-06T12:08:09Z"), ("EDT", "2004-05-06T11:08:09Z"),
        ("CST", "2004-05-06T13:08:09Z"), ("CDT", "2004-05-06T12:08:09Z"), ("MST", "2004-05-06T14:08:09Z"),
        ("MDT", "2004-05-06T13:08:09Z"), ("PST", "2004-05-06T15:08:09Z"), ("PDT", "2004-05-06T14:08:09Z"),
        ("pdt", "2004-05-06T14:08:09Z"), ("A", "2004-05-06T07:08:09Z"), ("M", "2004-05-06T07:08:09Z"),
        ("MET", "2004-05-06T07:08:09Z"), ("-0000", "2004-05-06T07:08:09Z"),
        ("+05:30", "2004-05-06T01:38:09Z"),  // python: ignores the zone (07:08:09Z)
        ("", "2004-05-06T07:08:09Z"),
        ("-0700 (PDT)", "2004-05-06T14:08:09Z"), ("+0100 (MET DST)", "2004-05-06T06:08:09Z"),
        ("(PDT)", "2004-05-06T07:08:09Z"), ("+0100 junk junk", "2004-05-06T06:08:09Z"),
        ("!!junk", "2004-05-06T07:08:09Z"),
    ]

    @Test(arguments: rfcForms + lenientForms)
    func parses(_ raw: String, _ expected: String) {
        #expect(Self.utc(raw) == expected)
    }

    @Test(arguments: zones)
    func readsZones(_ zone: String, _ expected: String) {
        #expect(Self.utc("Thu, 6 May 2004 07:08:09 " + zone) == expected)
    }

    static let unparsable: [String] = [
        "", "   ", "garbage", "6 May 2004", "Thu, 0 May 2004 07:08:09 -0700", "Thu, 6 Mab 2004 07:08:09 -0700",
        "Thu, 32 May 2004 07:08:09 -0700", "Thu, 6 May 2004 25:08:09 -0700", "Thu, 6 May 2004 24:00:00 -0700",
        "Thu, 6 May 2004 07:61:09 -0700", "Thu, 6 May 2004 07:08:61 -0700", "Sat, 29 Feb 2003 12:00:00 +0000",
        "Thu, 6 13 2004 07:08:09", "2004-13-06 07:08:09", "2004-05-06", "Thu, 6 May 2004 07:08:09.123 +0000",
        "Thu, 6 May 0000 07:08:09 +0000", "Thu, 6 May 99999 07:08:09 +0000", "07:08:09",
    ]

    @Test(arguments: unparsable)
    func refuses(_ raw: String) {
        #expect(MailDateParser.parse(Array(raw.utf8)[...]) == nil)
    }

    @Test func daysFromCivilMatchesKnownDays() {
        #expect(MailDateParser.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(MailDateParser.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(MailDateParser.daysFromCivil(year: 1969, month: 12, day: 31) == -1)
        #expect(MailDateParser.daysFromCivil(year: 1600, month: 1, day: 1) == -135_140)
    }

    static let hostile: [HostileHeaderValue] = [
        HostileHeaderValue("NUL bytes", bytes: Array("Thu, 6 May 2004 07:08:09 +0000".utf8).map { $0 == 0x20 ? 0 : $0 }),
        HostileHeaderValue("truncated", bytes: Array("Thu, 6 May 2004 07:".utf8)),
        HostileHeaderValue("8-bit", bytes: [0xFF, 0xFE, 0x20, 0x36, 0x20, 0xE9]),
        HostileHeaderValue("huge digits", repeating: "9"),
        HostileHeaderValue("many words", repeating: "May "),
        HostileHeaderValue("open comments", prefix: "Thu, 6 May 2004 07:08:09 ", repeating: "("),
        HostileHeaderValue("long time", prefix: "Thu, 6 May 2004 ", repeating: "1:"),
    ]

    @Test(arguments: hostile)
    func survivesHostileInput(_ input: HostileHeaderValue) {
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = MailDateParser.parse(input.bytes[...]) }
        #expect(elapsed < .seconds(10), "\(input.name) took \(elapsed)")
    }

    @Test func parsesEveryTruncationWithoutCrashing() {
        let full = Array("Thursday, 06 May 2004 07:08:09 -0700 (PDT)".utf8)
        for end in 0...full.count { _ = MailDateParser.parse(full[..<end]) }
    }

    /// Every Date header of a year of a real list's archive (linux-mips, 2004) must parse, and to
    /// an instant in that year (give or take the odd misset clock).
    @Test func parsesEveryDateOfARealArchive() throws {
        guard let values = ListArchive.headerValues(named: "Date") else { return }
        let earliest = Date(timeIntervalSince1970: 1_072_915_200 - 40 * 86_400)  // 2004-01-01 less 40 days
        let latest = Date(timeIntervalSince1970: 1_104_537_600 + 40 * 86_400)  // 2005-01-01 plus 40 days
        let failures = values.filter { value in
            guard let date = MailDateParser.parse(value) else { return true }
            return date < earliest || date > latest
        }
        #expect(values.count > 2_500)
        #expect(failures.isEmpty, "\(failures.prefix(10).map { String(decoding: $0, as: UTF8.self) })")
    }
}
