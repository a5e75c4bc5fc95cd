import Foundation

/// A calendar quarter, `YYYY-Qn` (Q1 is January to March), cut in the community's time zone: the
/// period a review (DESIGN.md §9) judges.
public struct Quarter: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let year: Int
    /// 1–4.
    public let number: Int

    /// Nil when the year or the quarter is out of range.
    public init?(year: Int, number: Int) {
        guard (1...9999).contains(year), (1...4).contains(number) else { return nil }
        self.year = year
        self.number = number
    }

    /// Parses `YYYY-Qn`, e.g. `2004-Q2` (`q` accepted); nil for anything else.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "Q") || bytes[5] == UInt8(ascii: "q"),
              bytes[0..<4].allSatisfy({ (0x30...0x39).contains($0) }), (0x31...0x34).contains(bytes[6])
        else { return nil }
        self.init(year: bytes[0..<4].reduce(0) { $0 * 10 + Int($1 - 0x30) }, number: Int(bytes[6] - 0x30))
    }

    /// The quarter holding `date` in `timeZone`.
    public init(containing date: Date, in timeZone: TimeZone) {
        let parts = Self.calendar(timeZone).dateComponents([.year, .month], from: date)
        year = parts.year ?? 1970
        number = ((parts.month ?? 1) - 1) / 3 + 1
    }

    /// `2004-Q2`.
    public var description: String {
        let digits = String(year)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-Q\(number)"
    }

    /// From the first day of its first month 00:00 (inclusive) to the next quarter's (exclusive),
    /// local time in `timeZone`.
    public func interval(in timeZone: TimeZone) -> (start: Date, end: Date) {
        (Self.start(year: year, number: number, in: timeZone), Self.start(year: next.year, number: next.number, in: timeZone))
    }

    /// The quarter before.
    public var previous: Quarter {
        number == 1 ? Quarter(unchecked: year - 1, 4) : Quarter(unchecked: year, number - 1)
    }

    /// The quarter after.
    public var next: Quarter {
        number == 4 ? Quarter(unchecked: year + 1, 1) : Quarter(unchecked: year, number + 1)
    }

    /// The last quarter that had ended by `time` in `timeZone`: what a review looks at by default.
    public static func lastComplete(before time: Date, in timeZone: TimeZone) -> Quarter {
        Quarter(containing: time, in: timeZone).previous
    }

    public static func < (lhs: Quarter, rhs: Quarter) -> Bool { (lhs.year, lhs.number) < (rhs.year, rhs.number) }

    private init(unchecked year: Int, _ number: Int) {
        self.year = year
        self.number = number
    }

    private static func start(year: Int, number: Int, in timeZone: TimeZone) -> Date {
        var parts = DateComponents()
        parts.year = year
        parts.month = (number - 1) * 3 + 1
        parts.day = 1
        parts.hour = 0
        return calendar(timeZone).date(from: parts) ?? Date(timeIntervalSince1970: 0)
    }

    private static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    // Encoded as its text form, the way JSON and the store write it.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let quarter = Quarter(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a quarter (YYYY-Qn)"))
        }
        self = quarter
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
