import Foundation

extension Language {
    /// `value` rounded to `fractionDigits` places with this language's decimal mark: "12.5" in
    /// English, "12,5" in German, French and Spanish; whole part grouped as `number(_:)` does.
    public func decimal(_ value: Double, fractionDigits: Int) -> String {
        guard value.isFinite else { return String(value) }
        let scale = pow(10, Double(max(0, fractionDigits)))
        let scaled = Int((abs(value) * scale).rounded())
        let whole = number(scaled / Int(scale))
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard fractionDigits > 0 else { return sign + whole }
        let fraction = String(scaled % Int(scale))
        let padded = String(repeating: "0", count: fractionDigits - fraction.count) + fraction
        return sign + whole + (self == .en ? "." : ",") + padded
    }

    /// A signed percentage of change, "+25%" or "-40 %" as this language writes it.
    public func percentChange(_ percent: Double) -> String {
        let rounded = Int(percent.rounded())
        let sign = rounded >= 0 ? "+" : "-"
        let space = self == .en ? "" : "\u{202F}"
        return sign + number(abs(rounded)) + space + "%"
    }

    /// The quotation marks this language sets around a quoted subject or name: “…” in English,
    /// „…“ in German, « … » in French (narrow no-break spaces inside, as before its colon, so a
    /// line never breaks between a mark and its word), «…» in Spanish. The one rule: the catalog's
    /// sentences quote the same way (`QuotationMarksTests` checks), templates take these as
    /// `{{quotes.open}}` and `{{quotes.close}}`.
    public var quotationMarks: (open: String, close: String) {
        switch self {
        case .en: ("“", "”")
        case .de: ("„", "“")
        case .fr: ("«\u{202F}", "\u{202F}»")
        case .es: ("«", "»")
        }
    }

    /// The colon after a label as this language sets it: French puts a narrow no-break space before it.
    public var colon: String { self == .fr ? "\u{202F}:" : ":" }

    /// The semicolon between clauses, set the same way as `colon`.
    public var semicolon: String { self == .fr ? "\u{202F};" : ";" }

    /// The header field that says a mail is written in this language (RFC 3282), for every mail
    /// Praxis writes to a reader in their language.
    public var contentLanguageField: (name: String, value: String) { ("Content-Language", rawValue) }

    /// The file name of an operator's template for this language's readers only: `digest.de.txt.mustache`
    /// for `digest.txt.mustache`, `report.fr.html.mustache` for `report.html.mustache`.
    public func templateFileName(_ general: String) -> String {
        guard let dot = general.firstIndex(of: ".") else { return general + "." + rawValue }
        return general[..<dot] + "." + rawValue + general[dot...]
    }
}
