/// `Config/KEYS.md`, the reference of every key of `praxis.yaml`, written from `ConfigurationKeys`
/// so it cannot drift from what the loader reads. A test compares the committed file with this.
public enum KeysReference {
    /// Where the reference lives in a checkout.
    public static let path = "Config/KEYS.md"

    /// The whole document, in Markdown.
    public static var markdown: String {
        let header = """
            # Configuration keys

            Every key of `praxis.yaml`, with what it may hold, its default and what it means. Written from
            the description the loader reads (`Sources/PraxisDaemon/Configuration/ConfigurationKeys.swift`);
            do not edit it by hand: after changing a key, rewrite it with
            `PRAXIS_WRITE_KEYS_REFERENCE=1 swift test --filter KeysReferenceTests`.
            `praxis check-config` reports a file's problems as `FILE:LINE: KEY: message`.
            [`praxis.yaml`](praxis.yaml) is a complete, commented sample.

            | Key | Value | Default | Meaning |
            |---|---|---|---|

            """
        return header + rows(ConfigurationKeys.root.keys, prefix: "").joined(separator: "\n") + "\n"
    }

    private static func rows(_ keys: [KeyDocumentation], prefix: String) -> [String] {
        keys.flatMap { key in
            let path = prefix + key.key
            let row = "| `\(path)` | \(cell(key.kind)) | \(cell(key.standard)) | \(cell(key.meaning)) |"
            return [row] + rows(key.keys, prefix: path + key.join)
        }
    }

    /// A pipe would end the cell early.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
