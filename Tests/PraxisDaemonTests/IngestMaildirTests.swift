import Foundation
import Glibc
import Testing

/// `praxis ingest --once` against real maildirs: the power-cut rescan of `cur/`, quarantine of
/// hostile files, and duplicates.
@Suite("Ingest of a maildir")
struct IngestMaildirTests {
    /// With `--verbose`: these tests read the daemon's log lines, which a plain `ingest --once` keeps quiet.
    static func ingest(_ community: CommunityFixture) throws -> (Int32, String, String)? {
        try PraxisChild.run(["ingest", "--once", "--verbose", "--config", community.configPath], in: community.url)
    }

    // MARK: Power cut

    /// Files claimed into `cur/` whose commit never reached the disk are recorded by the next
    /// run, exactly once, beside normal deliveries in `new/`.
    @Test func filesInCurTheStoreDoesNotKnowAreRecordedOnce() throws {
        let community = try CommunityFixture()
        for index in 0..<5 { try community.placeInCur(TestMessages.synthetic(index), as: CommunityFixture.uniqueName(index)) }
        for index in 5..<8 { try community.deliver(TestMessages.synthetic(index), as: CommunityFixture.uniqueName(index)) }
        guard let first = try Self.ingest(community) else { return }
        #expect(first.0 == 0, "\(first.2)")
        #expect(first.1.hasPrefix("recorded 8, duplicates 0, quarantined 0 in "))
        #expect(first.2.contains("recorded files found in cur/ that the store did not know"))
        #expect(try community.count("SELECT COUNT(*) FROM posts") == 8)
        #expect(community.files(in: community.newPath).isEmpty)
        // The files already in cur/ keep their names: recording them claims nothing.
        #expect(community.files(in: community.curPath) == (0..<8).map { CommunityFixture.uniqueName($0) + ":2,S" })

        guard let second = try Self.ingest(community) else { return }
        #expect(second.1 == "recorded 0, duplicates 0, quarantined 0\n")
        #expect(try community.count("SELECT COUNT(*) FROM posts") == 8)
        #expect(try community.count("SELECT COUNT(*) FROM duplicates") == 0)
    }

    // MARK: Duplicates

    enum Redelivery: String, CaseIterable, CustomTestStringConvertible {
        /// The very same bytes under a second name (an MTA delivering twice).
        case sameBytes
        /// The same Message-ID with other bytes (another Received line on a second path).
        case sameMessageID
        /// The same bytes of a message without a Message-ID: only the content hash can tell.
        case sameBytesWithoutMessageID
        var testDescription: String { rawValue }
    }

    @Test(arguments: Redelivery.allCases)
    func sameMessageTwiceIsOnePostAndOneDuplicate(redelivery: Redelivery) throws {
        let community = try CommunityFixture()
        var original = TestMessages.synthetic(1)
        if redelivery == .sameBytesWithoutMessageID {
            original = Array(String(decoding: original, as: UTF8.self)
                .replacingOccurrences(of: "Message-ID: <synthetic-1@example.org>\r\n", with: "").utf8)
        }
        let again = redelivery == .sameMessageID
            ? Array("Received: from relay2.example.net by mx.example.org; Mon, 3 May 2004 10:05:00 +0000\r\n".utf8) + original
            : original
        try community.deliver(original, as: CommunityFixture.uniqueName(1))
        try community.deliver(again, as: CommunityFixture.uniqueName(2))
        guard let outcome = try Self.ingest(community) else { return }
        #expect(outcome.1.hasPrefix("recorded 1, duplicates 1, quarantined 0 in "))
        #expect(try community.count("SELECT COUNT(*) FROM posts") == 1)
        // The Message-ID is looked up first, so identical bytes with one count as a Message-ID match.
        #expect(try community.strings("SELECT reason FROM duplicates")
                == [redelivery == .sameBytesWithoutMessageID ? "content-hash" : "message-id"])
        #expect(try community.strings("SELECT file_name FROM duplicates") == [CommunityFixture.uniqueName(2)])
        #expect(community.files(in: community.curPath) == [1, 2].map { CommunityFixture.uniqueName($0) + ":2,S" })
        #expect(community.files(in: community.newPath).isEmpty)

        // The duplicate's file is known now: a rescan of cur/ neither records nor notes it again.
        guard let rerun = try Self.ingest(community) else { return }
        #expect(rerun.1 == "recorded 0, duplicates 0, quarantined 0\n")
        #expect(try community.count("SELECT COUNT(*) FROM duplicates") == 1)
    }

    // MARK: Hostile input

    /// Bytes that are no mail at all: high-bit bytes and NULs, never a colon, so no header field.
    static func binaryGarbage(count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let byte = UInt8(truncatingIfNeeded: state >> 56)
            return byte == UInt8(ascii: ":") || byte == UInt8(ascii: "\n") ? 0 : byte | 0x80
        }
    }

    static func deeplyNestedMultipart(depth: Int) -> [UInt8] {
        var text = "From: deep@example.org\r\nTo: list@example.org\r\nSubject: nested\r\nMessage-ID: <deep@example.org>\r\n"
        text += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        // The same boundary at every level: each part opens another multipart.
        let level = "--b\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        text.reserveCapacity(text.utf8.count + level.utf8.count * depth + 100)
        for _ in 0..<depth { text += level }
        text += "--b\r\nContent-Type: text/plain\r\n\r\ninnermost\r\n--b--\r\n"
        return Array(text.utf8)
    }

    /// Each hostile file is recorded or quarantined with its reason (store and log), and a good
    /// message delivered after all of them is recorded in the same run: nothing blocks the queue.
    @Test func hostileFilesAreQuarantinedWithTheirReasonAndBlockNothing() throws {
        let community = try CommunityFixture()
        let names = (0..<9).map(CommunityFixture.uniqueName)
        try community.deliver([], as: names[0])
        try community.deliver(Self.binaryGarbage(count: 20_000), as: names[1])
        // Over the 64 MiB limit; sparse, so the test costs no disk and a reader that honours the
        // limit costs no memory.
        let huge = community.newPath + "/" + names[2]
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        #expect(truncate(huge, 100 << 20) == 0)
        // A dangling symlink: quarantined as a link, like any other (MaildirEntryTests).
        #expect(symlink(community.url.path + "/nowhere", community.newPath + "/" + names[3]) == 0)
        var withNULs = TestMessages.synthetic(4)
        withNULs.insert(contentsOf: [0, 0, 0], at: withNULs.count - 10)
        try community.deliver(withNULs, as: names[4])
        try community.deliver(Self.deeplyNestedMultipart(depth: 100_000), as: names[5])
        // A directory named like a message can never be one: quarantined, so it is seen.
        #expect(mkdir(community.newPath + "/" + names[6], 0o700) == 0)
        try community.deliver(Array("Subject only\r\n\r\nno colon here either".utf8).map { $0 == 0x3A ? 0x20 : $0 }, as: names[7])
        try community.deliver(TestMessages.synthetic(8), as: names[8])

        guard let outcome = try Self.ingest(community) else { return }
        #expect(outcome.0 == 0, "\(outcome.2)")
        #expect(outcome.1.hasPrefix("recorded 3, duplicates 0, quarantined 6 in "), "\(outcome.1)")

        let reasons = try community.database().quarantineRecords().reduce(into: [String: String]()) { $0[$1.fileName] = $1.reason }
        #expect(reasons[names[0]] == "the file is empty")
        #expect(reasons[names[1]] == "not a mail message: it has no header fields")
        #expect(reasons[names[2]] == "the message is \(100 << 20) bytes, over the limit of \(64 << 20) (limits.message_bytes)")
        #expect(reasons[names[3]] == "not a regular file: it is a symbolic link")
        #expect(reasons[names[6]] == "not a regular file: it is a directory")
        #expect(reasons[names[7]] == "not a mail message: it has no header fields")
        #expect(reasons.count == 6)
        #expect(community.files(in: community.quarantineNewPath) == [0, 1, 2, 3, 6, 7].map { names[$0] })
        for index in [0, 1, 2, 3, 6, 7] {
            #expect(outcome.2.contains("quarantined a message") && outcome.2.contains(names[index]), "no log line for \(names[index])")
        }
        #expect(community.files(in: community.curPath) == [4, 5, 8].map { names[$0] + ":2,S" })
        #expect(community.files(in: community.newPath).isEmpty)
        #expect(try community.strings("SELECT message_id FROM posts ORDER BY file_name")
                == ["synthetic-4@example.org", "deep@example.org", "synthetic-8@example.org"])
        // NULs never reach the store's text.
        #expect(try community.count("SELECT COUNT(*) FROM post_texts WHERE instr(text, char(0)) > 0") == 0)
    }

    // MARK: limits.message_bytes

    /// `limits.message_bytes` is the size limit: a larger message is quarantined with the reason
    /// naming the key, unread; one of exactly the limit is recorded.
    @Test func messageOverTheConfiguredLimitIsQuarantined() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: "limits: {message_bytes: 4096}"))
        let header = TestMessages.synthetic(0)
        let atLimit = header + Array(repeating: UInt8(ascii: "a"), count: 4096 - header.count)
        let over = TestMessages.synthetic(1) + Array(repeating: UInt8(ascii: "b"), count: 4096)
        try community.deliver(atLimit, as: CommunityFixture.uniqueName(0))
        try community.deliver(over, as: CommunityFixture.uniqueName(1))

        guard let outcome = try Self.ingest(community) else { return }
        #expect(outcome.0 == 0, "\(outcome.2)")
        #expect(outcome.1.hasPrefix("recorded 1, duplicates 0, quarantined 1 in "), "\(outcome.1)")
        let reason = "the message is \(over.count) bytes, over the limit of 4096 (limits.message_bytes)"
        #expect(try community.database().quarantineRecords().map(\.reason) == [reason])
        #expect(outcome.2.contains("quarantined a message") && outcome.2.contains(reason))
        #expect(community.files(in: community.quarantineNewPath) == [CommunityFixture.uniqueName(1)])
        #expect(try community.strings("SELECT message_id FROM posts") == ["synthetic-0@example.org"])
    }
}
