import Foundation
import PraxisMail

/// The messages a parse benchmark runs over, split from an mbox before anything is measured.
public struct MailCorpus: Sendable {
    /// The file the messages came from.
    public let path: String
    /// Each message's bytes, as `Mbox` yields them (envelope line removed, `>From ` unquoted).
    public let messages: [[UInt8]]
    /// The bytes handed to the parser: the sum of the messages' sizes, not the file's size, so
    /// that MB/s means bytes of mail parsed (the envelope lines and mbox separators are not).
    public let byteCount: Int

    /// Splits the mbox at `path` into messages; nil when the file cannot be read.
    public init?(mboxAt path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        self.path = path
        self.messages = Array(Mbox([UInt8](data)))
        self.byteCount = messages.reduce(0) { $0 + $1.count }
    }

    /// The corpus every parse benchmark uses, relative to the shared corpora folder.
    public static let standardMbox = "lists/linux-mips-2004.mbox"

    /// Where the shared corpora are looked for: `$PRAXIS_CORPORA` alone when it is set, else `../shared/corpora`
    /// beside the repository (found from this source file's location, so it works from any working
    /// directory), then relative to the working directory from the repository root and from
    /// `Benchmarks/`.
    public static func corporaCandidates() -> [String] {
        // An explicit folder is the only one tried, so that a run can be pointed away on purpose.
        if let explicit = ProcessInfo.processInfo.environment["PRAXIS_CORPORA"], !explicit.isEmpty {
            return [explicit]
        }
        var candidates: [String] = []
        // Sources/ParseWorkload/MailCorpus.swift inside Benchmarks/ inside the repository.
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repository.deletingLastPathComponent().appendingPathComponent("shared/corpora").path)
        candidates.append("../shared/corpora")
        candidates.append("../../shared/corpora")
        return candidates
    }

    /// Loads `standardMbox` (or the mbox at `explicitPath`), or says on stderr why it is skipped.
    ///
    /// A missing corpus is not an error: a clone without `../shared` simply has nothing to measure.
    public static func loadOrExplainSkip(explicitPath: String? = nil) -> MailCorpus? {
        let paths = explicitPath.map { [$0] }
            ?? corporaCandidates().map { ($0 as NSString).appendingPathComponent(standardMbox) }
        for path in paths where FileManager.default.isReadableFile(atPath: path) {
            if let corpus = MailCorpus(mboxAt: path) { return corpus }
        }
        let message = "SKIPPED: parse benchmark corpus not found (looked for \(paths.joined(separator: ", "))); "
            + "set PRAXIS_CORPORA to the shared corpora folder to measure.\n"
        FileHandle.standardError.write(Data(message.utf8))
        return nil
    }
}
