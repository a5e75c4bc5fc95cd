import Foundation
import GRDB
import PraxisDaemon
import PraxisMail
import PraxisStore
import PraxisTestSupport
import Testing

/// Issue 16: a post's bytes are stored once, whoever gets it. A 46 MB attachment sent to 4
/// members made a 265 MB database, one full copy per outbox row. Run through the real binary:
/// `praxis ingest --once` records the post and queues its copies, the store's size is read from
/// the disk, then `praxis outbox flush` delivers to an SMTP server in this process, which keeps
/// every line it is sent.
@Suite("Large mail stored once", .serialized)
struct LargeMailStorageTests {
    static let recipients = (1...4).map { "member\($0)@example.org" }

    /// A post from a member with an attachment of `attachmentBytes` random bytes (base64, so
    /// about 4/3 of that on disk), LF line ends as maildir files have them.
    static func largePost(attachmentBytes: Int) -> [UInt8] {
        // SplitMix64: the same bytes on every run, and nothing a page could compress.
        var state: UInt64 = 0x5eed_1234_abcd_0016
        var raw = [UInt8]()
        raw.reserveCapacity(attachmentBytes + 8)
        while raw.count < attachmentBytes {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            z ^= z >> 31
            withUnsafeBytes(of: z) { raw.append(contentsOf: $0) }
        }
        raw.removeLast(raw.count - attachmentBytes)
        let encoded = Data(raw).base64EncodedString(options: .lineLength76Characters)
            .replacingOccurrences(of: "\r\n", with: "\n")
        let text = """
            From: Alice Example <alice@example.org>
            To: list@example.org
            Subject: Site survey: all the photos
            Date: \(formatMailDate(Date()))
            Message-ID: <survey-photos@example.org>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="survey-boundary"

            --survey-boundary
            Content-Type: text/plain; charset=utf-8

            Hello all,
            the photos of Tuesday's survey are attached, as promised.
            .a line that starts with a dot, to be stuffed on the way out
            --survey-boundary
            Content-Type: application/octet-stream; name="survey.bin"
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="survey.bin"

            \(encoded)
            --survey-boundary--

            """
        return Array(text.utf8)
    }

    /// The lines of a message as an SMTP server sees them: split at LF, a CR before it dropped.
    static func lines(of bytes: [UInt8]) -> [[UInt8]] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : Array(line)
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Bytes on disk of the store: the database file and its WAL, if one is left.
    static func storeSize(_ fixture: CommunityFixture) -> Int {
        [fixture.databasePath, fixture.databasePath + "-wal"].reduce(0) { total, path in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return total + size
        }
    }

    @Test func anEightMegabytePostToFourMembersIsStoredOnceAndDeliveredUnchanged() throws {
        let server = try RecordingSMTPServer(recordsData: true)
        defer { server.stop() }
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(CommunityFixture.configuration(extra: """
            smtp:
              url: smtp://127.0.0.1:\(server.port)
              tls: off
              connect_timeout: 5
            """))
        // Set up through a connection of its own, closed before praxis runs, so that what is on
        // disk afterwards is what praxis left (its last connection checkpoints the WAL).
        do {
            let database = try PraxisDatabase(path: fixture.databasePath)
            _ = try database.addMember(address: "alice@example.org", joinedAt: Date(timeIntervalSince1970: 0))
            for address in Self.recipients {
                _ = try database.addMember(address: address, joinedAt: Date(timeIntervalSince1970: 0))
            }
            try database.write("everyone gets posts at once") { db in
                try db.execute(sql: "UPDATE members SET delivery = 'immediate' WHERE address <> 'alice@example.org'")
            }
        }
        let message = Self.largePost(attachmentBytes: 6_000_000)
        #expect(message.count > 8_000_000)
        try fixture.deliver(message, as: CommunityFixture.uniqueName(1))
        let emptyStore = Self.storeSize(fixture)

        guard let ingest = try PraxisChild.run(["ingest", "--once", "--config", fixture.configPath], in: fixture.url)
        else { return }
        #expect(ingest.0 == 0, "praxis ingest --once: \(ingest.2)")
        #expect(ingest.1.contains("recorded 1"), "\(ingest.1)")

        // One copy in the store, not one per member: before, 4 copies made it over 4 times the post.
        let stored = Self.storeSize(fixture)
        print("store: \(emptyStore) bytes empty, \(stored) bytes after queueing 4 copies of a \(message.count)-byte post")
        #expect(stored < 2 * message.count + (1 << 20),
                "the store holds \(stored) bytes for a \(message.count)-byte post queued for 4 members")

        guard let flush = try PraxisChild.run(["outbox", "flush", "--config", fixture.configPath], in: fixture.url)
        else { return }
        #expect(flush.0 == 0, "praxis outbox flush: \(flush.1) \(flush.2)")
        #expect(flush.1.hasPrefix("sent 4, deferred 0, failed 0"), "\(flush.1)")

        // What arrived is what the list copy always was: the original rewritten once for the list.
        let configuration = try ConfigurationLoader.load(path: fixture.configPath)
        let copy = configuration.postDistribution.listCopy(of: MailMessage(message), subIssue: "general")
        let expected = Self.lines(of: copy)
        let accepted = server.accepted
        #expect(accepted.count == 4)
        #expect(Set(accepted.flatMap(\.recipients)) == Set(Self.recipients))
        for delivery in accepted {
            #expect(delivery.lines.count == expected.count)
            #expect(delivery.lines == expected, "the copy to \(delivery.recipients) differs from the list copy")
        }
        // The attachment itself came through: its first base64 line is in every copy.
        let firstLine = Array(Self.lines(of: message).first { $0.count == 76 } ?? [])
        #expect(accepted.allSatisfy { $0.lines.contains(firstLine) })
    }
}
