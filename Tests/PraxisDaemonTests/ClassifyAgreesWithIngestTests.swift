import Foundation
import GRDB
import PraxisMail
import Testing

/// `praxis classify FILE` must say what recording stores (issue 17): the same sub-issue and the
/// same stage (explicit, thread, model, general) for the messages of the linux-mips archive.
///
/// The archive is imported with the real binary in slices, and each message of the sample is
/// shown to `praxis classify FILE --json` just before the slice that records it, so the command
/// sees the store exactly as recording did (every earlier message and no later one). The sample:
/// every 10th message, plus every message that joined a thread without a parent post (by a
/// reference it shared with earlier posts, or by subject within the window), found by a first,
/// whole import into a scratch store. Messages without a Message-ID, or whose Message-ID an earlier
/// message already had, are left out, and so is a message recorded as the duplicate of an earlier
/// one's content: the store has no row of their own.
@Suite("praxis classify FILE agrees with what import records", .serialized)
struct ClassifyAgreesWithIngestTests {
    static let configuration = CommunityFixture.configuration(name: "linux-mips", extra: """
        sub_issues:
          - {id: patches, name: Patches, aliases: [patch], keywords: [patch, diff, signed-off-by]}
          - {id: linux-26, name: "2.6", keywords: [kernel, "2.6"]}
          - {id: linux-24, name: "2.4", keywords: ["2.4"]}
          - {id: toolchain, name: Toolchain, aliases: [uclibc], keywords: [gcc, binutils, glibc, uclibc]}
          - {id: announcements, name: Announcements, aliases: [announce], protected: true, members: [ralf@linux-mips.org]}
        """)

    static var corpusIsPresent: Bool { FileManager.default.fileExists(atPath: TestMessages.corpusPath) }

    @Test(.enabled(if: corpusIsPresent, "skipped: the corpus ../shared/corpora/lists/linux-mips-2004.mbox is absent"))
    func sampledMessagesAgree() throws {
        let raw = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestMessages.corpusPath)))
        let messages = Array(Mbox(raw))
        let starts = Self.envelopeOffsets(raw)
        try #require(starts.count == messages.count, "the slices must be the messages Mbox reads")
        let ids = messages.map { MailMessage($0).messageID ?? "" }
        var seen = Set<String>()
        let recordable = ids.map { !$0.isEmpty && seen.insert($0).inserted }

        let scratch = try CommunityFixture()
        try scratch.writeConfiguration(Self.configuration)
        try Self.praxis(["import", "mbox", TestMessages.corpusPath], in: scratch)
        let joinedWithoutParent = Set(try scratch.strings("""
            SELECT p.message_id FROM posts p JOIN threads t ON t.id = p.thread_id
            WHERE p.parent_post_id IS NULL AND t.root_post_id != p.id
            """))
        let sample = messages.indices.filter { recordable[$0] && ($0 % 10 == 0 || joinedWithoutParent.contains(ids[$0])) }
        print("comparing \(sample.count) of \(messages.count) messages: every 10th, and \(joinedWithoutParent.count) joined without a parent")
        #expect(sample.count > messages.count / 10, "every 10th message and the fallbacks")
        #expect(joinedWithoutParent.count > 20, "the archive exercises the subject and shared-reference fallbacks")

        let community = try CommunityFixture()
        try community.writeConfiguration(Self.configuration)
        var answers: [Int: String] = [:]
        var imported = 0
        for index in sample {
            if index > imported {
                try Self.importSlice(raw[starts[imported]..<starts[index]], into: community)
                imported = index
            }
            answers[index] = try Self.classify(messages[index], in: community)
        }
        try Self.importSlice(raw[starts[imported]...], into: community)

        let stored = try community.database().read("reading the recorded classifications") { db in
            try Row.fetchAll(db, sql: "SELECT message_id, sub_issue, classification_stage FROM posts")
                .reduce(into: [String: String]()) { result, row in result[row[0]] = "\(row[1] as String)/\(row[2] as String)" }
        }
        // A message whose content an earlier one had is recorded as that one's duplicate.
        let compared = sample.filter { stored[ids[$0]] != nil }
        #expect(compared.count > sample.count * 99 / 100, "\(sample.count - compared.count) sampled messages were not recorded")
        var disagreements: [String] = []
        for index in compared where answers[index] != stored[ids[index]] {
            disagreements.append("#\(index) <\(ids[index])>: classify \(answers[index] ?? "?"), recorded \(stored[ids[index]] ?? "?")")
        }
        #expect(disagreements.count == 0, "of \(compared.count):\n\(disagreements.prefix(20).joined(separator: "\n"))")
        let stages = Set(answers.values.map { $0.split(separator: "/").last.map(String.init) ?? "" })
        #expect(stages.isSuperset(of: ["explicit", "thread", "general"]), "\(stages)")
    }

    /// Where each message's `From ` envelope line starts: at the start of the file or after a
    /// blank line, the rule `Mbox` reads by.
    static func envelopeOffsets(_ raw: [UInt8]) -> [Int] {
        let envelope = Array("From ".utf8)
        var offsets: [Int] = []
        var lineStart = 0
        var previousLineBlank = true
        while lineStart < raw.count {
            let end = raw[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? raw.count
            if previousLineBlank, raw[lineStart...].starts(with: envelope) { offsets.append(lineStart) }
            let line = raw[lineStart..<end]
            previousLineBlank = line.isEmpty || line == [UInt8(ascii: "\r")]
            lineStart = end + 1
        }
        return offsets
    }

    static func importSlice(_ slice: ArraySlice<UInt8>, into community: CommunityFixture) throws {
        let file = community.url.appendingPathComponent("slice.mbox")
        try Data(slice).write(to: file)
        try praxis(["import", "mbox", file.path], in: community)
    }

    /// `sub_issue/stage` as `praxis classify FILE --json` gives them.
    static func classify(_ message: [UInt8], in community: CommunityFixture) throws -> String {
        let file = community.url.appendingPathComponent("message.eml")
        try Data(message).write(to: file)
        let output = try praxis(["classify", file.path, "--json"], in: community)
        let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        return "\(object?["sub_issue"] as? String ?? "?")/\(object?["stage"] as? String ?? "?")"
    }

    @discardableResult
    static func praxis(_ arguments: [String], in community: CommunityFixture) throws -> String {
        let outcome = try #require(try PraxisChild.run(arguments + ["--config", community.configPath], in: community.url))
        try #require(outcome.0 == 0, "praxis \(arguments.joined(separator: " ")): \(outcome.2)")
        return outcome.1
    }
}
