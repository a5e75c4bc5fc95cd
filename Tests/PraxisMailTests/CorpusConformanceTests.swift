import Foundation
import Testing
@testable import PraxisMail

/// Where the shared corpora are: `../shared/corpora` beside the repository, as in CI.
enum Corpora {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpora")

    static func directory(_ name: String) -> URL? {
        let url = root.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("SKIPPED: \(url.path) is absent, so the corpus tests over it did not run")
            return nil
        }
        return url
    }

    /// Every message file under `directory`, sorted; the corpora's README/LICENSE files skipped.
    static func messageFiles(under directory: URL) -> [URL] {
        let skipped = ["readme", "license", "copying", "notice", "commit", "source"]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            if skipped.contains(where: { url.lastPathComponent.lowercased().hasPrefix($0) }) { continue }
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}

@Suite("Conformance over real mail")
struct CorpusConformanceTests {
    /// Touches everything a reader or the daemon would ask of a message.
    static func exercise(_ message: MailMessage) -> Int {
        var total = 0
        total += message.messageID?.count ?? 0
        total += message.subject?.count ?? 0
        total += message.from.count + message.to.count + message.cc.count + message.replyTo.count
        total += message.date == nil ? 0 : 1
        total += message.inReplyTo.count + message.references.count
        total += message.listID?.count ?? 0
        total += message.text.utf8.count
        total += message.attachments.count
        total += message.defects.count
        total += NewText.trimmed(message.body.readerText).utf8.count
        return total
    }

    @Test func everyMIMEEdgeCaseParsesQuickly() throws {
        guard let directory = Corpora.directory("mime") else { return }
        let files = Corpora.messageFiles(under: directory)
        #expect(files.count > 400)
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            // CPU time of this thread, not wall time: tests run in parallel on a shared machine,
            // and what is bounded is the parser's work, not the scheduler's.
            let started = Self.threadCPUSeconds()
            _ = Self.exercise(MailMessage(bytes))
            let elapsed = Self.threadCPUSeconds() - started
            #expect(elapsed < 1, "\(file.path) took \(elapsed) s of CPU time")
        }
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test func notmuchMaildirsParse() throws {
        guard let directory = Corpora.directory("notmuch-maildirs") else { return }
        let files = Corpora.messageFiles(under: directory)
        #expect(files.count > 50)
        for file in files {
            let message = MailMessage(try [UInt8](Data(contentsOf: file)))
            _ = Self.exercise(message)
        }
    }

    @Test func aYearOfListMailParses() throws {
        guard let directory = Corpora.directory("lists") else { return }
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("linux-mips-2004.mbox")))
        var count = 0
        var withMessageID = 0
        var withDate = 0
        var withSender = 0
        for raw in Mbox(bytes) {
            let message = MailMessage(raw)
            _ = Self.exercise(message)
            count += 1
            if message.messageID != nil { withMessageID += 1 }
            if message.date != nil { withDate += 1 }
            if !message.from.isEmpty { withSender += 1 }
        }
        #expect(count > 1_000)
        // Every message of a real list archive has these; a parser that loses them is broken.
        #expect(withMessageID == count)
        #expect(withDate == count)
        #expect(withSender == count)
    }
}
