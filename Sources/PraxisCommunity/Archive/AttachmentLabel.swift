import Foundation

/// How an attachment is named and sized wherever Praxis shows it: the archive's pages and
/// download names, and digests. The name comes from the message and is never trusted.
public enum AttachmentLabel {
    /// Longer names are cut: a name is a label, not a place to hide a text.
    public static let maxNameCharacters = 200

    /// The attachment's own file name without any folder, control or format characters (line
    /// breaks, bidi overrides) or quotes, cut to `maxNameCharacters`; `attachment-N` when nothing
    /// usable is left.
    public static func fileName(_ filename: String?, number: Int) -> String {
        let base = (filename ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let kept = base.unicodeScalars.filter { scalar in
            let category = scalar.properties.generalCategory
            return category != .control && category != .format && category != .lineSeparator
                && category != .paragraphSeparator && scalar != "\""
        }
        let clean = String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespaces)
        return clean.isEmpty || clean == "." || clean == ".." ? "attachment-\(number)" : String(clean.prefix(maxNameCharacters))
    }

    /// `812 bytes`, `14 KB`, `2.3 MB`.
    public static func size(_ bytes: Int) -> String {
        if bytes < 1_000 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        if bytes < 1_000_000 { return "\(bytes / 1_000) KB" }
        return String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
