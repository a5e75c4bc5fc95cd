import Foundation
import PraxisCommunity

/// How pages write dates, sizes and counts.
struct PageFormat: Sendable {
    let timeZone: TimeZone

    /// `6 Dec 2026 10:58`, in the community's time zone.
    func date(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let month = Self.monthNames[((parts.month ?? 1) - 1) % 12].prefix(3)
        return String(format: "%d %@ %04d %02d:%02d", parts.day ?? 1, String(month), parts.year ?? 1970, parts.hour ?? 0, parts.minute ?? 0)
    }

    /// RFC 3339, UTC, for Atom.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", p.year ?? 1970, p.month ?? 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0)
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// `March 2004`.
    static func monthLabel(year: Int, month: Int) -> String { "\(monthNames[(month - 1) % 12]) \(year)" }

    /// `1 post`, `3 posts`.
    static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) " + (number == 1 ? singular : plural ?? singular + "s")
    }

    /// `812 bytes`, `14 KB`, `2.3 MB`.
    static func size(_ bytes: Int) -> String { AttachmentLabel.size(bytes) }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
