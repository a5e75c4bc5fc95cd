import Foundation
import Glibc
import PraxisSystem
import Testing

/// `praxis import mbox` of a year of a real list archive.
@Suite("praxis import mbox")
struct ImportMboxTests {
    /// Counted with Python's `mailbox` and `email.utils.parseaddr` (lower-cased): 2,814 messages,
    /// 2,814 distinct Message-IDs (none missing, none repeated) and 441 distinct author addresses.
    static let expectedPosts = 2_814
    static let expectedAuthors = 441

    @Test func linuxMipsArchiveOnceAndAgain() throws {
        guard FileManager.default.fileExists(atPath: TestMessages.corpusPath) else {
            print("skipped: \(TestMessages.corpusPath) is absent")
            return
        }
        let community = try CommunityFixture()
        let arguments = ["import", "mbox", TestMessages.corpusPath, "--add-authors", "--config", community.configPath]
        guard let first = try PraxisChild.run(arguments, in: community.url) else { return }
        #expect(first.0 == 0, "\(first.2)")
        #expect(first.1 == "imported 2814 messages: recorded 2814, already known 0, new members \(Self.expectedAuthors)\n")
        // stderr is a file, not a terminal: plain progress lines, no carriage-return bar.
        let progress = first.2.split(separator: "\n")
        #expect(!progress.isEmpty && progress.allSatisfy { $0.hasPrefix("import: \(TestMessages.corpusPath): ") }, "\(first.2)")
        #expect(progress.last?.contains("100%, 2814 messages") == true)
        #expect(!first.2.contains("\r"))

        #expect(try community.count("SELECT COUNT(*) FROM posts") == Self.expectedPosts)
        #expect(try community.count("SELECT COUNT(DISTINCT message_id) FROM posts") == Self.expectedPosts)
        #expect(try community.count("SELECT COUNT(*) FROM members") == Self.expectedAuthors)
        #expect(try community.count("SELECT COUNT(*) FROM members WHERE address NOT IN (SELECT author_address FROM posts)") == 0)
        // History only: nothing queued to send.
        #expect(try community.count("SELECT COUNT(*) FROM outbox") == 0)
        // Each message's bytes kept in cur/ under the name its post records, none left in tmp/.
        let kept = try FileManager.default.contentsOfDirectory(atPath: community.curPath)
        #expect(kept.count == Self.expectedPosts)
        #expect(try community.count("SELECT COUNT(*) FROM posts WHERE file_name IN (\(kept.map { "'\(Maildir.uniquePart(of: $0))'" }.joined(separator: ",")))")
            == Self.expectedPosts)
        #expect(try FileManager.default.contentsOfDirectory(atPath: community.tmpPath).isEmpty)

        guard let second = try PraxisChild.run(arguments, in: community.url) else { return }
        #expect(second.0 == 0)
        #expect(second.1 == "imported 2814 messages: recorded 0, already known 2814, new members 0\n")
        #expect(try community.count("SELECT COUNT(*) FROM posts") == Self.expectedPosts)
        #expect(try community.count("SELECT COUNT(*) FROM members") == Self.expectedAuthors)
        #expect(try community.count("SELECT COUNT(*) FROM duplicates") == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: community.curPath).count == Self.expectedPosts, "no second copy")
    }

    @Test func unreadableArchiveExitsOneWithASentence() throws {
        let community = try CommunityFixture()
        let missing = community.url.path + "/absent.mbox"
        guard let outcome = try PraxisChild.run(["import", "mbox", missing, "--config", community.configPath], in: community.url) else { return }
        #expect(outcome.0 == 1)
        #expect(outcome.2.hasPrefix("praxis: cannot import \(missing): "))
        #expect(try community.count("SELECT COUNT(*) FROM posts") == 0)
    }

    /// Every batch an import records adds a segment to the search index; the import merges them
    /// before it exits, since `praxis web` may read the store without a daemon to merge them.
    /// Six files of one message each: six transactions, six segments unmerged.
    @Test func leavesTheSearchIndexMerged() throws {
        let community = try CommunityFixture()
        let files = try (1...6).map { n in
            let file = community.url.appendingPathComponent("part\(n).mbox")
            try Data("""
                From ana@example.org Sat Jan 10 12:00:00 2004
                Message-ID: <part\(n)@x>
                From: Ana Lima <ana@example.org>
                Date: Sat, 10 Jan 2004 12:0\(n):00 +0000
                Subject: Part \(n)

                The tender's word\(n) and the shared word.

                """.utf8).write(to: file)
            return file.path
        }
        guard let outcome = try PraxisChild.run(["import", "mbox"] + files + ["--config", community.configPath], in: community.url)
        else { return }
        #expect(outcome.0 == 0, "\(outcome.2)")
        #expect(try community.count("SELECT COUNT(*) FROM posts") == 6)
        #expect(try community.count("SELECT COUNT(DISTINCT segid) FROM post_search_idx") < 4)
        #expect(try community.count("SELECT COUNT(*) FROM post_search WHERE post_search MATCH 'shared'") == 6)
        for n in 1...6 {
            #expect(try community.count("SELECT COUNT(*) FROM post_search WHERE post_search MATCH 'word\(n)'") == 1)
        }
    }
}
