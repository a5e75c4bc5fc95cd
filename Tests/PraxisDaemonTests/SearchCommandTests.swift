import Foundation
import PraxisStore
import Testing

/// `praxis search`, through the real binary: what it prints, with `--json` and without, and how it
/// refuses what it cannot use.
@Suite("praxis search", .serialized)
struct SearchCommandTests {
    static let archive = """
        From ana@example.org Sat Jan 10 12:00:00 2004
        Message-ID: <cache@x>
        From: Ralf Bächle <ralf@linux-mips.org>
        Date: Sat, 10 Jan 2004 12:00:00 +0000
        Subject: Cache flush on R4000

        The network driver breaks when the cache is flushed.

        From ana@example.org Tue Feb 10 12:00:00 2004
        Message-ID: <cafe@x>
        From: Ana Lima <ana@example.org>
        Date: Tue, 10 Feb 2004 12:00:00 +0000
        Subject: [secret] Café network tender

        The secret budget for the network.

        """

    static func community() async throws -> CommunityFixture {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: """
            sub_issues:
              - {id: secret, name: Secret, protected: true, members: [ana@example.org]}
            """))
        let file = community.url.appendingPathComponent("archive.mbox")
        try Data(archive.utf8).write(to: file)
        guard let (status, _, error) = try PraxisChild.run(
            ["import", "mbox", file.path, "--config", community.configPath], in: community.url) else { return community }
        #expect(status == 0, "import failed: \(error)")
        return community
    }

    static func search(_ arguments: [String], in community: CommunityFixture) throws -> (Int32, String, String)? {
        try PraxisChild.run(["search", "--config", community.configPath] + arguments, in: community.url)
    }

    @Test func printsHitsAsJSONWithTheirMarkedSnippets() async throws {
        let community = try await Self.community()
        guard let (status, output, error) = try Self.search(["network", "--json"], in: community) else { return }
        #expect(status == 0 && error.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(object["total"] as? Int == 1)
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(hits.map { $0["message_id"] as? String } == ["cache@x"])
        #expect(hits.first?["author_name"] as? String == "Ralf Bächle")
        #expect(hits.first?["date"] as? String == "2004-01-10T12:00:00Z")
        let snippet = try #require(hits.first?["snippet"] as? [[String: Any]])
        #expect(snippet.filter { $0["match"] as? Bool == true }.map { $0["text"] as? String } == ["network"])
        #expect(!output.contains("secret"))

        guard let (_, inside, _) = try Self.search(["network", "--protected", "--json", "--order", "best"], in: community) else { return }
        let all = try #require(try JSONSerialization.jsonObject(with: Data(inside.utf8)) as? [String: Any])
        #expect(all["total"] as? Int == 2)
    }

    @Test func printsTextForPeople() async throws {
        let community = try await Self.community()
        guard let (status, output, _) = try Self.search(["from:bachle", "flushed"], in: community) else { return }
        #expect(status == 0)
        #expect(output.hasPrefix("1 posts found; 1–1 shown\n"))
        #expect(output.contains("2004-01-10T12:00:00Z  [general]  Cache flush on R4000"))
        #expect(output.contains("from Ralf Bächle <ralf@linux-mips.org>"))
        #expect(output.contains("the cache is [[flushed]]."))
    }

    /// A query or option value it cannot use: status 2, whether the query or the argument parser
    /// (an option out of range, in `validate()`) refuses it.
    @Test(arguments: [
        (["before:2004-02-30", "x"], 2, "praxis: the query: before: needs a day as YYYY-MM-DD"),
        (["x", "--order", "random"], 2, "praxis: --order \"random\" is not one of newest, best"),
        (["x", "--limit", "0"], 2, "--limit must be from 1 to 100, not 0"),
        (["x", "--page", "0"], 2, "--page must be 1 or more, not 0"),
    ])
    func refusesWhatItCannotUse(arguments: [String], expectedStatus: Int32, message: String) async throws {
        let community = try await Self.community()
        guard let (status, output, error) = try Self.search(arguments, in: community) else { return }
        #expect(status == expectedStatus && output.isEmpty)
        #expect(error.contains(message), "stderr: \(error)")
    }

    @Test func nothingToSearchForSaysSo() async throws {
        let community = try await Self.community()
        guard let (status, output, _) = try Self.search(["--", "-- ()"], in: community) else { return }
        #expect(status == 0)
        #expect(output.hasPrefix("note: Nothing to search for"))
        #expect(output.hasSuffix("0 posts found\n"))
    }
}
