import Foundation

/// Date header values to instants.
///
/// Accepts RFC 5322 §3.3 dates and the obsolete and broken forms real mail carries: missing
/// day-of-week or comma, missing seconds, two- and three-digit years, full month names, named and
/// military zones, `+hh:mm`, dots for colons, RFC 850 `06-May-04`, asctime, and ISO 8601 as a last
/// resort. Results agree with Python's `email.utils.parsedate_to_datetime` on everything Python
/// accepts, except where RFC 5322 says otherwise (two-digit years 50–68, leap seconds, `+hh:mm`).
enum MailDateParser {
    /// Parses an RFC 5322 date (and obsolete forms) to a UTC instant; nil when unparsable.
    static func parse(_ raw: ArraySlice<UInt8>) -> Date? {
        var fields = DateFields()
        guard let seconds = fields.read(raw) ?? isoSeconds(raw) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `2004-05-06 07:08:09`, `2004-05-06T07:08:09Z`, `2004-05-06T07:08:09+02:00`.
    private static func isoSeconds(_ raw: ArraySlice<UInt8>) -> Int64? {
        var index = raw.startIndex
        while index < raw.endIndex, raw[index] <= DateByte.space { index += 1 }
        func number(_ length: Int) -> Int? {
            guard raw.endIndex - index >= length else { return nil }
            var value = 0
            for _ in 0..<length {
                let byte = raw[index]
                guard DateByte.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - DateByte.zero)
                index += 1
            }
            return value
        }
        func expect(_ accepted: (UInt8) -> Bool) -> Bool {
            guard index < raw.endIndex, accepted(raw[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect({ $0 == DateByte.minus }), let month = number(2),
              expect({ $0 == DateByte.minus }), let day = number(2),
              expect({ $0 == DateByte.space || $0 == 0x54 || $0 == 0x74 }),
              let hour = number(2), expect({ $0 == DateByte.colon }), let minute = number(2) else { return nil }
        var second = 0
        if index < raw.endIndex, raw[index] == DateByte.colon {
            index += 1
            guard let parsed = number(2) else { return nil }
            second = parsed
            // Fractions of a second carry no meaning for mail.
            if index < raw.endIndex, raw[index] == DateByte.dot {
                index += 1
                while index < raw.endIndex, DateByte.isDigit(raw[index]) { index += 1 }
            }
        }
        while index < raw.endIndex, raw[index] == DateByte.space { index += 1 }
        var offset = 0
        if index < raw.endIndex {
            var zoneEnd = index
            while zoneEnd < raw.endIndex, raw[zoneEnd] > DateByte.space { zoneEnd += 1 }
            guard let zone = zoneOffset(raw[index..<zoneEnd]) else { return nil }
            offset = zone
        }
        return instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                       offset: offset)
    }

    /// Seconds since 1970 for a civil date and time at `offset` seconds east of UTC; nil when a field
    /// is out of range. A leap second (60) is clamped to 59: `Date` cannot hold it.
    fileprivate static func instant(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
                        offset: Int) -> Int64? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= daysInMonth(year: year, month: month),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59) - offset)
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm): plain
    /// arithmetic, because Calendar is far too slow for a per-message hot path.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// A zone token's offset in seconds east of UTC: `+hhmm`, `+hh:mm`, `+hh`, or a name. Unknown
    /// names and military letters mean UTC (RFC 5322 §4.3: their sense was never reliable). Nil only
    /// for a token that is neither a number nor a name.
    fileprivate static func zoneOffset(_ token: ArraySlice<UInt8>) -> Int? {
        guard let first = token.first else { return 0 }
        if first == DateByte.plus || first == DateByte.minus {
            var value = 0
            var digits = 0
            var index = token.startIndex + 1
            while index < token.endIndex, digits < 4 {
                let byte = token[index]
                if DateByte.isDigit(byte) {
                    value = value * 10 + Int(byte - DateByte.zero)
                    digits += 1
                } else if byte != DateByte.colon || digits != 2 {
                    break
                }
                index += 1
            }
            guard digits > 0 else { return nil }
            // `+02` and `+2` are hours; `+0200`, `+02:00` and Python's reading of `+530` are hhmm.
            let hhmm = digits <= 2 ? value * 100 : value
            // Python refuses offsets of a day or more; a bad minute count is as broken.
            guard hhmm / 100 <= 23, hhmm % 100 <= 59 else { return nil }
            let seconds = (hhmm / 100) * 3600 + (hhmm % 100) * 60
            return first == DateByte.minus ? -seconds : seconds
        }
        var letters = 0
        var key: UInt32 = 0
        for byte in token {
            guard DateByte.isLetter(byte) else { break }
            letters += 1
            if letters <= 4 { key = key << 8 | UInt32(byte | 0x20) }
        }
        guard letters > 0 else { return nil }
        guard letters <= 4 else { return 0 }
        return namedZones[key].map { $0 * 60 } ?? 0
    }

    /// North American zone names (RFC 5322 §4.3, plus Python's AST/ADT) in minutes east of UTC,
    /// keyed by their lower-case letters packed into an integer.
    private static let namedZones: [UInt32: Int] = {
        let zones: [(String, Int)] = [
            ("ast", -240), ("adt", -180), ("est", -300), ("edt", -240), ("cst", -360), ("cdt", -300),
            ("mst", -420), ("mdt", -360), ("pst", -480), ("pdt", -420),
        ]
        var table: [UInt32: Int] = [:]
        for (name, minutes) in zones {
            table[name.utf8.reduce(0) { $0 << 8 | UInt32($1) }] = minutes
        }
        return table
    }()
}

private enum DateByte {
    static let space: UInt8 = 0x20
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let colon: UInt8 = 0x3A
    static let openParen: UInt8 = 0x28
    static let closeParen: UInt8 = 0x29

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
}

/// The fields of an RFC 5322-style date, filled from its words in whatever order they come.
private struct DateFields {
    var day: Int?
    var month: Int?
    var year: Int?
    var yearDigits = 0
    var hour: Int?
    var minute = 0
    var second = 0
    var offset: Int?

    /// At most this many words are looked at: a date never has more, and junk after it is ignored.
    static let maximumWords = 12

    /// Seconds since 1970, or nil when the words do not make a date.
    mutating func read(_ raw: ArraySlice<UInt8>) -> Int64? {
        var index = raw.startIndex
        var wordCount = 0
        var isFirstWord = true
        words: while index < raw.endIndex, wordCount < DateFields.maximumWords {
            let byte = raw[index]
            if byte <= DateByte.space || byte == DateByte.comma {
                index += 1
                continue
            }
            if byte == DateByte.openParen {
                // A comment such as `(PDT)` or `(MET DST)`: ignored, like Python ignores words past
                // the zone. Python reads a comment in the zone's place as no zone (UTC), and so do we.
                var depth = 0
                while index < raw.endIndex {
                    if raw[index] == DateByte.openParen { depth += 1 }
                    if raw[index] == DateByte.closeParen { depth -= 1 }
                    index += 1
                    if depth == 0 { break }
                }
                if hour != nil { break words }
                continue
            }
            var end = index
            while end < raw.endIndex, raw[end] > DateByte.space, raw[end] != DateByte.comma,
                  raw[end] != DateByte.openParen { end += 1 }
            wordCount += 1
            if day != nil, month != nil, year != nil, hour != nil {
                // The date is complete: this word is the zone or junk, and nothing after it counts.
                if offset == nil { offset = MailDateParser.zoneOffset(raw[index..<end]) ?? 0 }
                break
            }
            guard accept(raw[index..<end], isFirstWord: isFirstWord) else { return nil }
            isFirstWord = false
            index = end
            if hour != nil, offset != nil, year != nil { break }
        }
        guard let day, let month, var year, let hour else { return nil }
        if yearDigits <= 2 {
            year += year < 50 ? 2000 : 1900
        } else if yearDigits == 3 {
            year += 1900
        }
        return MailDateParser.instant(year: year, month: month, day: day, hour: hour, minute: minute,
                                      second: second, offset: offset ?? 0)
    }

    /// Files one word into its field; false when it fits nowhere and the value is not a date.
    private mutating func accept(_ word: ArraySlice<UInt8>, isFirstWord: Bool) -> Bool {
        guard let first = word.first else { return true }
        if DateByte.isDigit(first) {
            if word.contains(DateByte.colon) || (hour == nil && day != nil && word.contains(DateByte.dot)) {
                return hour == nil && acceptTime(word)
            }
            if word.contains(DateByte.minus), day == nil, month == nil {
                return acceptDashedDate(word)
            }
            return acceptNumber(word)
        }
        if DateByte.isLetter(first) {
            if month == nil, let parsed = DateFields.monthNumber(word) {
                month = parsed
                return true
            }
            if day == nil, month == nil, year == nil, hour == nil, DateFields.isDayName(word) { return true }
            // An unknown first word is a misspelt or foreign day name far more often than anything.
            if isFirstWord { return true }
            if hour != nil, offset == nil {
                offset = MailDateParser.zoneOffset(word) ?? 0
                return true
            }
            return false
        }
        if first == DateByte.plus || first == DateByte.minus {
            guard hour != nil, offset == nil, let zone = MailDateParser.zoneOffset(word) else { return false }
            offset = zone
            return true
        }
        return false
    }

    private mutating func acceptNumber(_ word: ArraySlice<UInt8>) -> Bool {
        guard word.count <= 4, let value = DateFields.decimal(word) else { return false }
        if day == nil, word.count <= 2 {
            day = value
            return true
        }
        if year == nil {
            year = value
            yearDigits = word.count
            return true
        }
        return false
    }

    /// `hh:mm[:ss]` or `hh.mm[.ss]`, maybe with the zone glued on (`07:08:09-0700`, `07:08:09Z`).
    private mutating func acceptTime(_ word: ArraySlice<UInt8>) -> Bool {
        var parts: [Int] = []
        var index = word.startIndex
        var separator: UInt8?
        while index < word.endIndex, parts.count < 3 {
            var value = 0
            var digits = 0
            while index < word.endIndex, DateByte.isDigit(word[index]), digits < 3 {
                value = value * 10 + Int(word[index] - DateByte.zero)
                digits += 1
                index += 1
            }
            guard digits > 0, digits <= 2 else { return false }
            parts.append(value)
            guard index < word.endIndex else { break }
            let byte = word[index]
            guard byte == DateByte.colon || byte == DateByte.dot, separator == nil || separator == byte,
                  parts.count < 3 else { break }
            separator = byte
            index += 1
        }
        guard parts.count >= 2 else { return false }
        hour = parts[0]
        minute = parts[1]
        second = parts.count > 2 ? parts[2] : 0
        if index < word.endIndex {
            guard let zone = MailDateParser.zoneOffset(word[index...]) else { return false }
            offset = zone
        }
        return true
    }

    /// RFC 850's `06-May-04` (and `06-05-2004`'s look-alikes are refused: their order is unknowable).
    private mutating func acceptDashedDate(_ word: ArraySlice<UInt8>) -> Bool {
        let parts = word.split(separator: DateByte.minus, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count <= 2, let dayValue = DateFields.decimal(parts[0]),
              let monthValue = DateFields.monthNumber(parts[1]), parts[2].count <= 4,
              let yearValue = DateFields.decimal(parts[2]) else { return false }
        day = dayValue
        month = monthValue
        year = yearValue
        yearDigits = parts[2].count
        return true
    }

    private static func decimal(_ word: ArraySlice<UInt8>) -> Int? {
        guard !word.isEmpty, word.count <= 9 else { return nil }
        var value = 0
        for byte in word {
            guard DateByte.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - DateByte.zero)
        }
        return value
    }

    private static let monthNames: [[UInt8]] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ].map { Array($0.utf8) }

    /// 1…12 for a month's three-letter abbreviation or its full English name, any case.
    private static func monthNumber(_ word: ArraySlice<UInt8>) -> Int? {
        guard word.count >= 3 else { return nil }
        for (number, name) in monthNames.enumerated() where word.count == 3 || word.count == name.count {
            if matchesPrefix(word, of: name) { return number + 1 }
        }
        return nil
    }

    private static let dayNames: [[UInt8]] = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ].map { Array($0.utf8) }

    private static func isDayName(_ word: ArraySlice<UInt8>) -> Bool {
        guard word.count >= 3 else { return false }
        return dayNames.contains { name in
            (word.count == 3 || word.count == name.count) && matchesPrefix(word, of: name)
        }
    }

    /// Whether the word, lower-cased, is the start of `name` (ASCII letters only).
    private static func matchesPrefix(_ word: ArraySlice<UInt8>, of name: [UInt8]) -> Bool {
        guard word.count <= name.count else { return false }
        var nameIndex = 0
        for byte in word {
            guard byte | 0x20 == name[nameIndex] else { return false }
            nameIndex += 1
        }
        return true
    }
}
