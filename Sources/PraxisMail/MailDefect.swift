/// Something wrong with a message that the parser worked around.
///
/// Real mail is full of small violations; the parser never refuses a message for them. Each one it
/// notices is recorded as a defect so that `praxis parse` can show it and ingest can log it.
public struct MailDefect: Hashable, Sendable, CustomStringConvertible {
    /// A short, stable, kebab-case name for the kind of defect, e.g. `bad-base64`.
    public let code: String
    /// What exactly was wrong and where, for a human reader.
    public let detail: String

    public init(_ code: String, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }
}
