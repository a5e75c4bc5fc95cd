import Foundation
import GRDB
import Logging
import PraxisDaemon
import PraxisMail
import Testing

/// `praxis classify FILE` must say what recording stores (issue 17): the same sub-issue and the
/// same stage (explicit, thread, model, general) for the messages of the linux-mips archive.
///
/// `everyMessageAgrees` checks every message in-process, through the code the two commands run.
/// `sampledMessagesAgree` runs the real binary on a sample, which proves the commands wire that code.
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

    /// Every message in mbox order: first asked of `CommunityInstance.classify(messageBytes:explain:)`,
    /// the call `praxis classify FILE` makes, against the store as it stands (every earlier message
    /// and no later one); then recorded by an `MboxImporter` built as `praxis import mbox` builds it,
    /// from a file holding that one message; then its stored row is compared. A message recorded
    /// as the duplicate of an earlier one (same Message-ID or content) has no row of its own and
    /// is left out; a message without a Message-ID gets a row, so it is compared.
    ///
    /// The command also replays standings after an import; that is left out here, as it is
    /// between the messages of one `import mbox` of the whole archive: both sides see the same store.
    @Test(.enabled(if: corpusIsPresent, "skipped: the corpus ../shared/corpora/lists/linux-mips-2004.mbox is absent"))
    func everyMessageAgrees() async throws {
        let started = ContinuousClock.now
        let raw = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestMessages.corpusPath)))
        let messages = Array(Mbox(raw))
        let starts = Self.envelopeOffsets(raw)
        try #require(starts.count == messages.count, "the slices must be the messages Mbox reads")

        let community = try CommunityFixture()
        try community.writeConfiguration(Self.configuration)
        let instance = try CommunityInstance(
            configuration: ConfigurationLoader.load(path: community.configPath), logger: Logger(label: "classify-agrees"))
        try await instance.loadClassifier()
        let importer = MboxImporter(
            database: instance.database, addAuthors: false, followUps: instance.recordingFollowUps,
            classifier: instance.incomingClassifier(instance.configuration), community: instance.configuration.community)
        let file = community.url.appendingPathComponent("message.mbox")

        var tally = Tally()
        for index in messages.indices {
            let classified = try await instance.classify(messageBytes: messages[index], explain: false)
            let end = index + 1 < starts.count ? starts[index + 1] : raw.count
            try Data(raw[starts[index]..<end]).write(to: file)
            var progress = MboxImporter.Progress()
            try await importer.importFile(file.path, progress: &progress) { _ in }
            try #require(progress.messages == 1, "#\(index) must be one message of the archive")
            guard progress.recorded == 1 else { tally.duplicates += 1; continue }
            try tally.compare(index, messages[index], classified, against: Self.latestPost(in: community))
        }

        print("""
            compared \(tally.compared) of \(messages.count) messages (\(tally.withoutMessageID) without a Message-ID) \
            in \(ContinuousClock.now - started); left out \(tally.duplicates) recorded as duplicates of earlier ones
            """)
        #expect(tally.compared + tally.duplicates == messages.count)
        #expect(tally.compared > messages.count * 95 / 100, "nearly every message of the archive gets its own row")
        #expect(tally.disagreements.count == 0, """
            \(tally.disagreements.count) of \(tally.compared) disagree:
            \(tally.disagreements.prefix(20).joined(separator: "\n"))
            """)
        #expect(tally.stages.isSuperset(of: ["explicit", "thread", "general"]), "\(tally.stages)")
    }

    /// What `everyMessageAgrees` found so far.
    struct Tally {
        var compared = 0
        var duplicates = 0
        /// Compared though they have no Message-ID: the store keeps them all the same.
        var withoutMessageID = 0
        var disagreements: [String] = []
        var stages: Set<String> = []

        /// Holds what classify said of message `index` against the row just recorded for it.
        mutating func compare(
            _ index: Int, _ message: [UInt8], _ classified: MessageClassification?, against row: Row?
        ) throws {
            let row = try #require(row, "#\(index) was recorded but the store has no post")
            let messageID = MailMessage(message).messageID.flatMap { $0.isEmpty ? nil : $0 }
            let storedID: String? = row["message_id"]
            try #require(storedID == messageID, "#\(index): the latest post is <\(storedID ?? "none")>")
            compared += 1
            if messageID == nil { withoutMessageID += 1 }
            let said = classified.map { "\($0.subIssue)/\($0.stage)" } ?? "not a mail message"
            let recorded = "\(row["sub_issue"] as String)/\(row["classification_stage"] as String)"
            if let classified { stages.insert(classified.stage) }
            if said != recorded {
                disagreements.append("#\(index) <\(messageID ?? "no Message-ID")>: classify \(said), recorded \(recorded)")
            }
        }
    }

    /// The post recorded last: the one `MboxImporter` just recorded, Message-ID or not.
    static func latestPost(in community: CommunityFixture) throws -> Row? {
        try community.database().read("reading the post just recorded") { db in
            try Row.fetchOne(db, sql: "SELECT message_id, sub_issue, classification_stage FROM posts ORDER BY id DESC LIMIT 1")
        }
    }

    /// The archive is imported with the real binary in slices, and each message of the sample is
    /// shown to `praxis classify FILE --json` just before the slice that records it, so the command
    /// sees the store exactly as recording did (every earlier message and no later one). The sample:
    /// every 25th message, plus every message that joined a thread without a parent post (by a
    /// reference it shared with earlier posts, or by subject within the window), found by a first,
    /// whole import into a scratch store. Every message is checked by `everyMessageAgrees`; this
    /// sample is what proves the two commands run that code. Messages without a Message-ID, or
    /// whose Message-ID an earlier message already had, are left out, and so is a message recorded
    /// as the duplicate of an earlier one's content: the store has no row of their own to find.
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
        let sample = messages.indices.filter { recordable[$0] && ($0 % 25 == 0 || joinedWithoutParent.contains(ids[$0])) }
        print("comparing \(sample.count) of \(messages.count) messages: every 25th, and \(joinedWithoutParent.count) joined without a parent")
        #expect(sample.count > messages.count / 25, "every 25th message and the fallbacks")
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
