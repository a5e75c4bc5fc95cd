import Foundation
@testable import PraxisCommunity
import Testing

/// The catalog of member-facing texts (issue 22 §1): complete in every language, placeholders
/// alike, plurals by each language's rule, dates and numbers written without locale data.
@Suite("Message catalog")
struct MessageCatalogTests {
    // MARK: Completeness

    @Test(arguments: Language.allCases)
    func everyKeyExistsInEveryLanguage(_ language: Language) {
        let missing = MessageKey.allCases.filter { language.entries[$0] == nil }
        #expect(missing.isEmpty, "\(language.rawValue) lacks \(missing.map(\.rawValue))")
        #expect(language.entries.count == MessageKey.allCases.count)
    }

    /// A translation that drops `{count}` or `{address}` (or invents a placeholder) would print
    /// wrong or leave a brace in a member's mail.
    @Test(arguments: Language.allCases.filter { $0 != .en })
    func placeholdersMatchTheEnglish(_ language: Language) {
        for key in MessageKey.allCases {
            guard let english = MessageCatalog.english[key], let translated = language.entries[key] else { continue }
            let expected = english.forms.map(Language.placeholders(in:)).reduce(Set(), { $0.union($1) })
            let found = translated.forms.map(Language.placeholders(in:)).reduce(Set(), { $0.union($1) })
            #expect(found == expected, "\(language.rawValue) \(key.rawValue): \(found.sorted()) against \(expected.sorted())")
            // Plural keys stay plural: a language cannot quietly drop the singular.
            if case .plural = english {
                guard case .plural = translated else {
                    Issue.record("\(language.rawValue) \(key.rawValue) is not plural")
                    continue
                }
            }
        }
    }

    @Test func aTranslationLackingAPlaceholderIsCaught() {
        let english: Phrase = .plural(one: "{count} post", other: "{count} posts")
        let broken: Phrase = .plural(one: "ein Beitrag", other: "Beiträge")
        let expected = english.forms.map(Language.placeholders(in:)).reduce(Set(), { $0.union($1) })
        let found = broken.forms.map(Language.placeholders(in:)).reduce(Set(), { $0.union($1) })
        #expect(found != expected)
    }

    @Test(arguments: Language.allCases)
    func everyTextIsFilledCompletely(_ language: Language) {
        // Every placeholder given a value: nothing in braces is left for a member to see.
        for key in MessageKey.allCases {
            guard let phrase = language.entries[key] else { continue }
            for form in phrase.forms {
                let values = Language.placeholders(in: form).map { ($0, "X") }
                #expect(!Language.fill(form, values).contains("{"), "\(language.rawValue) \(key.rawValue)")
            }
        }
    }

    @Test(arguments: Language.allCases)
    func calendarNamesAreComplete(_ language: Language) {
        #expect(language.calendarNames.months.count == 12)
        #expect(language.calendarNames.weekdays.count == 7)
        #expect(Set(language.calendarNames.months).count == 12)
    }

    // MARK: Filling

    /// A value (a subject, a name) that holds braces is inserted as it is, never read again.
    @Test func valuesAreNotReadAsPlaceholders() {
        let text = Language.de.text(.replyStoppedAt, ["line": "{community} {count} {"])
        #expect(text == "Bei „{community} {count} {“ haben wir aufgehört zu lesen: Das ist kein Befehl.")
    }

    @Test(arguments: [
        (Language.en, 0, "0 posts"), (.en, 1, "1 post"), (.en, 2, "2 posts"),
        (.de, 0, "0 Beiträge"), (.de, 1, "1 Beitrag"), (.de, 1234, "1.234 Beiträge"),
        (.fr, 0, "0 message"), (.fr, 1, "1 message"), (.fr, 2, "2 messages"), (.fr, 1234, "1\u{202F}234 messages"),
        (.es, 1, "1 publicación"), (.es, 2, "2 publicaciones"), (.es, 1234, "1.234 publicaciones"),
    ])
    func pluralsFollowTheLanguage(language: Language, count: Int, expected: String) {
        #expect(language.plural(.digestPosts, count: count) == expected)
    }

    @Test(arguments: [
        (Language.en, 1234567, "1,234,567"), (.de, 1234, "1.234"), (.fr, 1234, "1\u{202F}234"), (.es, 1234, "1.234"),
        (.en, 999, "999"), (.de, -1234, "-1.234"), (.fr, 0, "0"),
    ])
    func numbersFollowTheLanguage(language: Language, value: Int, expected: String) {
        #expect(language.number(value) == expected)
    }

    /// Sunday 6 December 2026, 14:05 UTC.
    static let sunday = Date(timeIntervalSince1970: 1_796_565_900)

    @Test(arguments: [
        (Language.en, "6 December 2026", "Sunday 6 December 2026, 14:05"),
        (.de, "6. Dezember 2026", "Sonntag, 6. Dezember 2026, 14:05 Uhr"),
        (.fr, "6 décembre 2026", "dimanche 6 décembre 2026, 14:05"),
        (.es, "6 de diciembre de 2026", "domingo 6 de diciembre de 2026, 14:05"),
    ])
    func datesFollowTheLanguage(language: Language, day: String, dateTime: String) throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(language.day(Self.sunday, in: utc) == day)
        #expect(language.dateTime(Self.sunday, in: utc) == dateTime)
    }

    @Test func datesAreInTheCommunitysTimeZone() throws {
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        // 14:05 UTC is 23:05 in Tokyo, the same day; 16:00 UTC is the next day there.
        #expect(Language.de.day(Self.sunday.addingTimeInterval(7_000), in: tokyo) == "7. Dezember 2026")
    }

    @Test(arguments: [
        ("de", Language.de), ("DE", .de), (" fr ", .fr), ("deutsch", .de), ("Français", .fr), ("francais", .fr),
        ("español", .es), ("espanol", .es), ("english", .en), ("klingon", nil), ("", nil), ("d e", nil),
    ] as [(String, Language?)])
    func languagesAreNamedByCodeOrName(word: String, expected: Language?) {
        #expect(Language(word: word) == expected)
    }
}
