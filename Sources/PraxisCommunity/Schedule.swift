/// When a digest or report goes out, as written in the configuration: `daily HH:MM`,
/// `weekly DAY HH:MM`, `monthly N HH:MM` or `quarterly N HH:MM`, in the community's time zone.
/// `init(parsing:)` reads the text form and `description` writes it.
public enum Schedule: Sendable, Hashable, CustomStringConvertible {
    /// Every day at the given time.
    case daily(TimeOfDay)
    /// Every week on the given day at the given time.
    case weekly(Weekday, TimeOfDay)
    /// Every month on the given day (1–28) at the given time.
    case monthly(day: Int, TimeOfDay)
    /// Every quarter on the given day (1–28) of its first month (January, April, July, October).
    case quarterly(day: Int, TimeOfDay)

    /// Parses the configuration's text form; the error says what is wrong and how to write it.
    public init(parsing text: String) throws(CommunityError) {
        // Bounded so a hostile megabyte of text never gets split into words.
        guard text.utf8.count <= 200 else {
            throw CommunityError(.scheduleSyntax, "a schedule is at most a few words, e.g. \"weekly mon 07:00\"")
        }
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let kind = words.first else {
            throw CommunityError(.scheduleSyntax,
                "the schedule is empty; write e.g. \"daily 18:00\", \"weekly mon 07:00\", \"monthly 1 09:00\" or \"quarterly 1 09:00\"")
        }
        switch kind {
        case "daily":
            guard words.count == 2 else {
                throw CommunityError(.scheduleSyntax, "\"daily\" takes just a time, e.g. \"daily 18:00\"")
            }
            self = .daily(try TimeOfDay(parsing: words[1]))
        case "weekly":
            guard words.count == 3 else {
                throw CommunityError(.scheduleSyntax, "\"weekly\" takes a day and a time, e.g. \"weekly mon 07:00\"")
            }
            guard let day = Weekday(name: words[1]) else {
                throw CommunityError(.scheduleSyntax,
                    "\"\(words[1])\" is not a day of the week; use mon, tue, wed, thu, fri, sat or sun")
            }
            self = .weekly(day, try TimeOfDay(parsing: words[2]))
        case "monthly":
            guard words.count == 3 else {
                throw CommunityError(.scheduleSyntax, "\"monthly\" takes a day of the month and a time, e.g. \"monthly 1 09:00\"")
            }
            // Days 29–31 do not exist in every month; refusing them keeps "once a month" true.
            guard let day = Self.smallNumber(words[1]), (1...28).contains(day) else {
                throw CommunityError(.scheduleSyntax,
                    "\"\(words[1])\" is not a day for a monthly schedule; use 1 to 28, which exist in every month")
            }
            self = .monthly(day: day, try TimeOfDay(parsing: words[2]))
        case "quarterly":
            guard words.count == 3 else {
                throw CommunityError(.scheduleSyntax,
                    "\"quarterly\" takes a day of the quarter's first month and a time, e.g. \"quarterly 1 09:00\"")
            }
            guard let day = Self.smallNumber(words[1]), (1...28).contains(day) else {
                throw CommunityError(.scheduleSyntax,
                    "\"\(words[1])\" is not a day for a quarterly schedule; use 1 to 28, which exist in every month")
            }
            self = .quarterly(day: day, try TimeOfDay(parsing: words[2]))
        default:
            throw CommunityError(.scheduleSyntax,
                "\"\(kind)\" is not a kind of schedule; use daily, weekly, monthly or quarterly")
        }
    }

    /// The canonical text form, e.g. `weekly mon 07:00`; parsing it gives the same schedule.
    public var description: String {
        switch self {
        case .daily(let time): "daily \(time)"
        case .weekly(let day, let time): "weekly \(day.shortName) \(time)"
        case .monthly(let day, let time): "monthly \(day) \(time)"
        case .quarterly(let day, let time): "quarterly \(day) \(time)"
        }
    }

    /// One or two ASCII digits, so that "0000000000000000000001" is not quietly accepted as 1.
    static func smallNumber(_ word: String) -> Int? {
        let bytes = Array(word.utf8)
        guard (1...2).contains(bytes.count), bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}

/// A wall-clock time of day, minute precision.
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 0–23.
    public let hour: Int
    /// 0–59.
    public let minute: Int

    /// Returns nil when the hour or minute is out of range.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Parses `H:MM` or `HH:MM`.
    public init(parsing word: String) throws(CommunityError) {
        let parts = word.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].utf8.count == 2,
              let hour = Schedule.smallNumber(String(parts[0])),
              let minute = Schedule.smallNumber(String(parts[1])),
              let time = TimeOfDay(hour: hour, minute: minute)
        else {
            throw CommunityError(.scheduleSyntax, "\"\(word)\" is not a time; use HH:MM from 00:00 to 23:59")
        }
        self = time
    }

    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool {
        (lhs.hour, lhs.minute) < (rhs.hour, rhs.minute)
    }
}

/// A day of the week; raw values follow ISO 8601 (Monday is 1).
public enum Weekday: Int, Sendable, Hashable, CaseIterable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Accepts the three-letter and the full English name, lower-case.
    public init?(name: String) {
        guard let day = Weekday.allCases.first(where: { $0.shortName == name || $0.fullName == name }) else {
            return nil
        }
        self = day
    }

    /// `mon` … `sun`, the form the configuration uses.
    public var shortName: String { String(fullName.prefix(3)) }

    /// `monday` … `sunday`.
    public var fullName: String {
        switch self {
        case .monday: "monday"
        case .tuesday: "tuesday"
        case .wednesday: "wednesday"
        case .thursday: "thursday"
        case .friday: "friday"
        case .saturday: "saturday"
        case .sunday: "sunday"
        }
    }
}
