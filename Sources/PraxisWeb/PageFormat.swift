import Foundation
import PraxisCommunity

/// How pages write dates, months, sizes and counts, in the reader's language (issue 22 §1).
struct PageFormat: Sendable {
    let timeZone: TimeZone
    let language: Language

    /// `6 December 2026 10:58`, `6. Dezember 2026 10:58`, `6 décembre 2026 10:58`, in the
    /// community's time zone.
    func date(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e11 else { return "" }
        let local = Int(seconds.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let ofDay = ((local % 86_400) + 86_400) % 86_400
        let hour = ofDay / 3600, minute = ofDay / 60 % 60
        return language.day(date, in: timeZone) + " " + (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    /// `March 2004`, `März 2004`, `Mars 2004`, `Marzo de 2004`: a heading or a link of its own,
    /// so it begins with a capital in every language.
    func month(year: Int, month: Int) -> String {
        let label = language.text(.webMonthYear, ["month": language.monthName(month), "year": String(year)])
        return label.prefix(1).uppercased() + label.dropFirst()
    }

    /// `1 post`, `3 Beiträge`: `key` is a plural entry of the catalog.
    func count(_ key: MessageKey, _ number: Int) -> String { language.plural(key, count: number) }

    /// RFC 3339, UTC, for Atom.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", p.year ?? 1970, p.month ?? 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0)
    }

    /// `812 bytes`, `14 KB`, `2.3 MB`.
    static func size(_ bytes: Int) -> String { AttachmentLabel.size(bytes) }
}

/// The fixed words of the archive's pages in one language, as the templates' `{{labels.…}}`:
/// every `web…` key of the catalog, named without its prefix (`webSignIn` is `labels.signIn`),
/// with the community's name and addresses filled in. Built once per language when the site
/// starts, so a page costs no catalog lookups for them.
struct PageWords: Sendable {
    let language: Language
    let labels: [String: String]

    init(_ language: Language, community: Community) {
        self.language = language
        let values = Self.communityValues(community)
        var labels: [String: String] = [:]
        for key in MessageKey.allCases where key.rawValue.hasPrefix("web") {
            let name = key.rawValue.dropFirst(3)
            labels[name.prefix(1).lowercased() + name.dropFirst()] = language.text(key, pairs: values)
        }
        self.labels = labels
    }

    /// The placeholders every page text may hold, from the configuration.
    static func communityValues(_ community: Community) -> [(String, String)] {
        [("community", community.name), ("requestAddress", community.requestAddress), ("listAddress", community.listAddress),
         ("ownerAddress", community.ownerAddress)]
    }
}
