import Foundation
import PraxisMail

/// A language Praxis writes its members' mail in (issue 22 §1): `community.language` and each
/// member's own `language` choose among these.
///
/// Everything a member reads comes from `MessageCatalog` through `text(_:_:)` and `plural(_:count:_:)`;
/// dates and numbers are written here from the catalog's own month and weekday names, so they do not
/// depend on locale data a minimal system may lack.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    case en, de, fr, es

    /// What `community.language` is when the configuration names none.
    public static let standard = Language.en

    /// The values `language` accepts, for messages that list them.
    public static let listed = allCases.map(\.rawValue).joined(separator: ", ")

    /// `de`, `DE`, ` de ` all name German; nil for anything else.
    public init?(code: String) {
        self.init(rawValue: code.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// The catalog's entries for this language.
    var entries: [MessageKey: Phrase] {
        switch self {
        case .en: MessageCatalog.english
        case .de: MessageCatalog.german
        case .fr: MessageCatalog.french
        case .es: MessageCatalog.spanish
        }
    }

    var calendarNames: CalendarNames {
        switch self {
        case .en: MessageCatalog.englishCalendar
        case .de: MessageCatalog.germanCalendar
        case .fr: MessageCatalog.frenchCalendar
        case .es: MessageCatalog.spanishCalendar
        }
    }

    /// A language as a member may name it in a command: its code, its English name or its own
    /// name, accents optional ("de", "deutsch", "german", "francais").
    public init?(word: String) {
        let folded = CommandWords.folded(word.lowercased())
        if let language = Language(code: folded) {
            self = language
            return
        }
        let names: [String: Language] = [
            "english": .en, "englisch": .en, "anglais": .en, "ingles": .en,
            "deutsch": .de, "german": .de, "allemand": .de, "aleman": .de,
            "francais": .fr, "french": .fr, "franzosisch": .fr, "frances": .fr,
            "espanol": .es, "spanish": .es, "spanisch": .es, "espagnol": .es, "castellano": .es,
        ]
        guard let language = names[folded] else { return nil }
        self = language
    }

    // MARK: Texts

    /// The text of `key` with its `{placeholders}` filled from `values`. A plural key gives its
    /// "other" form here; use `plural(_:count:_:)` for those.
    public func text(_ key: MessageKey, _ values: KeyValuePairs<String, String> = [:]) -> String {
        Self.fill(template(key, count: nil), values)
    }

    /// `text(_:_:)` with the values as a list built at run time.
    public func text(_ key: MessageKey, pairs: [(String, String)]) -> String {
        Self.fill(template(key, count: nil), pairs)
    }

    /// The text of a plural `key` in the form `count` asks for, with `{count}` written as a number
    /// of this language and the other placeholders filled from `values`.
    public func plural(_ key: MessageKey, count: Int, _ values: KeyValuePairs<String, String> = [:]) -> String {
        var all = Array(values.map { ($0.key, $0.value) })
        all.append(("count", number(count)))
        return Self.fill(template(key, count: count), all)
    }

    /// The raw text of `key`; English when a language lacks it (the catalog test forbids that).
    func template(_ key: MessageKey, count: Int?) -> String {
        let phrase = entries[key] ?? MessageCatalog.english[key] ?? .text(key.rawValue)
        switch phrase {
        case .text(let text): return text
        case .plural(let one, let other):
            guard let count else { return other }
            return pluralCategory(count) == .one ? one : other
        }
    }

    enum PluralCategory { case one, other }

    /// CLDR's rule for these four languages: French counts 0 and 1 as singular, the others only 1.
    func pluralCategory(_ count: Int) -> PluralCategory {
        switch self {
        case .fr: (count == 0 || count == 1) ? .one : .other
        case .en, .de, .es: count == 1 ? .one : .other
        }
    }

    /// `template` with every `{name}` that `values` names replaced; other braces are left as written,
    /// so a value may hold braces without being read again.
    static func fill(_ template: String, _ values: some Sequence<(String, String)>) -> String {
        let lookup = Dictionary(values.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        guard template.contains("{") else { return template }
        var out = ""
        out.reserveCapacity(template.utf8.count)
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}"), let value = lookup[String(rest[afterOpen..<close])] else {
                out.append("{")
                rest = rest[afterOpen...]
                continue
            }
            out += value
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    static func fill(_ template: String, _ values: KeyValuePairs<String, String>) -> String {
        fill(template, values.map { ($0.key, $0.value) })
    }

    /// The `{name}` placeholders `text` holds, for the catalog test.
    static func placeholders(in text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
            names.insert(String(rest[afterOpen..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    // MARK: Numbers and dates

    /// `1234` as this language writes it: "1,234", "1.234", "1 234" (narrow no-break space), "1.234".
    public func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        guard digits.count > 3 else { return value < 0 ? "-" + digits : digits }
        let separator: Character = switch self {
        case .en: ","
        case .de, .es: "."
        case .fr: "\u{202F}"
        }
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(separator) }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// The civil date of `date` in `timeZone`: "6 December 2026", "6. Dezember 2026",
    /// "6 décembre 2026", "6 de diciembre de 2026".
    public func day(_ date: Date, in timeZone: TimeZone) -> String {
        let civil = civilDate(fromDaysSince1970: WallClock.localDay(of: date, in: timeZone))
        return Self.fill(calendarNames.dayPattern, [
            ("day", String(civil.day)), ("month", calendarNames.months[civil.month - 1]), ("year", String(civil.year)),
        ])
    }

    /// Day and month without the year, for ranges within one year: "6 December", "6. Dezember".
    public func dayAndMonth(_ date: Date, in timeZone: TimeZone) -> String {
        let civil = civilDate(fromDaysSince1970: WallClock.localDay(of: date, in: timeZone))
        return Self.fill(calendarNames.dayMonthPattern, [("day", String(civil.day)), ("month", calendarNames.months[civil.month - 1])])
    }

    /// Weekday, date and time of day: "Sunday 6 December 2026, 14:05", "Sonntag, 6. Dezember 2026, 14:05".
    public func dateTime(_ date: Date, in timeZone: TimeZone) -> String {
        guard date.timeIntervalSince1970.isFinite, abs(date.timeIntervalSince1970) < 1e11 else { return "" }
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let dayNumber = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = local - dayNumber * 86_400
        let hour = seconds / 3600, minute = seconds / 60 % 60
        let time = (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
        return Self.fill(calendarNames.dateTimePattern, [
            ("weekday", calendarNames.weekdays[WallClock.weekday(ofDay: dayNumber).rawValue - 1]),
            ("date", day(date, in: timeZone)), ("time", time),
        ])
    }

    /// The name of `month` (1 for January) as this language writes it in a date: "März", "mars".
    public func monthName(_ month: Int) -> String { calendarNames.months[(month - 1 + 1200) % 12] }

    /// The language's own name, as its speakers write it ("Deutsch").
    public var ownName: String { text(.languageName) }

    /// `other`'s name as this language writes it in a sentence: German "Französisch", French "allemand".
    public func name(of other: Language) -> String {
        switch other {
        case .en: text(.nameEnglish)
        case .de: text(.nameGerman)
        case .fr: text(.nameFrench)
        case .es: text(.nameSpanish)
        }
    }
}

/// One entry of the catalog: a text, or a text with a singular and a plural form.
public enum Phrase: Sendable, Hashable, ExpressibleByStringLiteral {
    case text(String)
    /// `one` for the counts the language treats as singular, `other` for the rest; both hold `{count}`
    /// (or leave it out where the word says it, as "one post" may).
    case plural(one: String, other: String)

    public init(stringLiteral value: String) { self = .text(value) }

    var forms: [String] {
        switch self {
        case .text(let text): [text]
        case .plural(let one, let other): [one, other]
        }
    }
}

/// The names and patterns a language writes dates with; part of the catalog.
struct CalendarNames: Sendable {
    /// January first.
    var months: [String]
    /// Monday first.
    var weekdays: [String]
    /// With `{day}`, `{month}`, `{year}`.
    var dayPattern: String
    /// With `{day}`, `{month}`.
    var dayMonthPattern: String
    /// With `{weekday}`, `{date}` (the day pattern), `{time}`.
    var dateTimePattern: String
}
