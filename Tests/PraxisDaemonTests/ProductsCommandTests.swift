import Foundation
import PraxisCommunity
import PraxisStore
import Testing

/// `praxis products` on the real binary, with posts delivered to the maildir and ingested, and
/// issue 21's must-hold for products: nothing of a protected thread marked as a product reaches
/// the review, the management summary, the organisation digest or the export outside `protected/`.
@Suite("praxis products")
struct ProductsCommandTests {
    /// A protected sub-issue whose thread has a distinctive subject, text and author name. The
    /// number carries a point: random tokens (unsubscribe, moderation) are letters and digits and
    /// once held "4711" by chance, which read as a leak.
    static let secrets = ["ZANZIBAR", "QUOKKA", "4711.93", "Xerxes", "xerxes", "Quillfeather", "quillfeather"]

    static func community() throws -> CommunityFixture {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: """
            sub_issues:
              - {id: cycling, keywords: [bike lane], moderators: [cyc@example.org]}
              - {id: procurement, protected: true, members: [xerxes.quillfeather@example.org], moderators: [pm@example.org]}
            circles:
              core: [chair@example.org]
            organisation: {address: all-staff@example.org, schedule: "weekly mon 08:00", format: text, sponsor: boss@example.org}
            web: {base_url: "https://cop.example.org/archive/"}
            """))
        return community
    }

    func praxis(_ community: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", community.configPath], in: community.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    static func post(from author: String, subject: String, id: String, body: String, inReplyTo: String? = nil) -> [UInt8] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        let reply = inReplyTo.map { "In-Reply-To: <\($0)>\r\n" } ?? ""
        return Array("""
            From: \(author)\r
            To: list@example.org\r
            Subject: \(subject)\r
            Message-ID: <\(id)>\r
            \(reply)Date: \(formatter.string(from: Date().addingTimeInterval(-60)))\r
            \r
            \(body)\r

            """.utf8)
    }

    /// Two threads, one open and one protected, delivered and ingested, both marked as products.
    func populated() throws -> CommunityFixture {
        let community = try Self.community()
        for address in ["chair@example.org", "alice@example.org", "xerxes.quillfeather@example.org", "pm@example.org"] {
            #expect(try praxis(community, ["members", "add", address]).status == 0)
        }
        let posts: [[UInt8]] = [
            Self.post(from: "Alice <alice@example.org>", subject: "[cycling] Bike lanes on Main Street", id: "lanes@example.org",
                      body: "Paint them green."),
            Self.post(from: "Xerxes Quillfeather <xerxes.quillfeather@example.org>", subject: "[procurement] ZANZIBAR tender ceiling",
                      id: "tender@example.org", body: "Our QUOKKA bid ceiling is 4711.93 euros."),
            Self.post(from: "pm@example.org", subject: "Re: [procurement] ZANZIBAR tender ceiling", id: "tender-2@example.org",
                      body: "Agreed.", inReplyTo: "tender@example.org"),
        ]
        for (index, bytes) in posts.enumerated() { try community.deliver(bytes, as: CommunityFixture.uniqueName(index)) }
        let ingested = try praxis(community, ["ingest", "--once"])
        #expect(ingested.status == 0 && ingested.out.hasPrefix("recorded 3"), "\(ingested.out) \(ingested.err)")
        let open = try praxis(community, ["products", "add", "<lanes@example.org>", "--kind", "solution", "--note", "Green lanes it is",
                                          "--by", "cyc@example.org"])
        #expect(open.status == 0, "\(open.err)")
        #expect(open.out.contains("marked the thread “[cycling] Bike lanes on Main Street” (cycling) as a solution"), "\(open.out)")
        // Named by the reply: the protected thread, marked by its own moderator.
        let hidden = try praxis(community, ["products", "add", "tender-2@example.org", "--kind", "decision", "--note",
                                            "QUOKKA ceiling set", "--by", "pm@example.org"])
        #expect(hidden.status == 0, "\(hidden.err)")
        return community
    }

    @Test func marksListsReplacesAndRemoves() throws {
        let community = try populated()
        let listed = try praxis(community, ["products", "list", "--json"])
        #expect(listed.status == 0, "\(listed.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [String: Any])
        let products = try #require(object["products"] as? [[String: Any]])
        // The operator's list shows both, newest first, the protected one marked so.
        #expect(products.compactMap { $0["thread_message_id"] as? String } == ["tender@example.org", "lanes@example.org"])
        #expect(products.compactMap { $0["protected"] as? Bool } == [true, false])
        #expect(products.last?["kind"] as? String == "solution" && products.last?["marked_by"] as? String == "cyc@example.org")

        // A cycling moderator may not mark a procurement thread; nor a member outside the core group.
        let moderatorElsewhere = try praxis(community, ["products", "add", "tender@example.org", "--kind", "summary", "--by", "cyc@example.org"])
        #expect(moderatorElsewhere.status == 1)
        #expect(moderatorElsewhere.err.contains("--by cyc@example.org is neither of the core group nor a moderator of procurement"))
        #expect(try praxis(community, ["products", "add", "lanes@example.org", "--kind", "summary", "--by", "alice@example.org"]).status == 1)
        let unknown = try praxis(community, ["products", "add", "nobody@example.org", "--kind", "summary"])
        #expect(unknown.status == 1 && unknown.err == "praxis: no archived post has the Message-ID <nobody@example.org>\n", "\(unknown.err)")
        let badKind = try praxis(community, ["products", "add", "lanes@example.org", "--kind", "poem"])
        #expect(badKind.status == 2 && badKind.err.contains("\"poem\" is not a kind of product"), "\(badKind.err)")

        // Marking the thread again replaces its mark; removing it by any of its posts unmarks it.
        let again = try praxis(community, ["products", "add", "lanes@example.org", "--kind", "summary"])
        #expect(again.status == 0 && again.out.hasPrefix("re-marked"), "\(again.out)")
        #expect(try praxis(community, ["products", "remove", "tender@example.org"]).out.hasPrefix("unmarked"))
        #expect(try praxis(community, ["products", "remove", "tender-2@example.org"]).out.contains("was not a product"))
        let text = try praxis(community, ["products", "list"])
        #expect(text.out.contains("summary  <lanes@example.org>  cycling") && !text.out.contains("tender"), "\(text.out)")
    }

    /// Issue 21's must-hold: a protected thread marked as a product appears in none of the review
    /// (text, HTML, JSON), the management summary, the organisation digest, nor the export outside
    /// `protected/`; the open product appears in each. (The archive's home page: `ProductsPageTests`.)
    @Test func noProtectedProductLeaksAnywhere() throws {
        let community = try populated()
        let quarter = Quarter(containing: Date(), in: TimeZone(identifier: "UTC") ?? .gmt).description
        var outputs: [(String, String)] = []
        for format in ["text", "html", "json"] {
            let review = try praxis(community, ["review", "--quarter", quarter, "--format", format])
            #expect(review.status == 0, "\(review.err)")
            outputs.append(("review \(format)", review.out))
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outputs[2].1.utf8)) as? [String: Any])
        let products = try #require(json["products"] as? [[String: Any]])
        #expect(products.count == 1 && products.first?["thread_message_id"] as? String == "lanes@example.org")
        #expect(outputs[0].1.contains("Solution: [cycling] Bike lanes on Main Street (cycling, marked "))
        #expect(outputs[1].1.contains("https://cop.example.org/archive/t/lanes@example.org/"), "\(outputs[1].1)")

        let sent = try praxis(community, ["review", "send", "--quarter", quarter])
        #expect(sent.status == 0, "\(sent.err)")
        let mails = try community.database().read("reading the outbox") { db in
            try Data.fetchAll(db, sql: "SELECT message FROM outbox ORDER BY id").map { String(decoding: $0, as: UTF8.self) }
        }
        let summary = try #require(mails.first { $0.contains("Management summary") })
        #expect(summary.contains("Bike lanes on Main Street"), "\(summary)")
        outputs += mails.map { ("review mail", $0) }

        let digest = try praxis(community, ["digest", "preview", "--schedule", "organisation", "--format", "text"])
        #expect(digest.status == 0, "\(digest.err)")
        #expect(digest.out.contains("=== What the community produced ===\nSolution: [cycling] Bike lanes on Main Street - Green lanes it is"),
                "\(digest.out)")
        outputs.append(("organisation digest", digest.out))

        let folder = community.url.appendingPathComponent("export").path
        let export = try praxis(community, ["export", "--to", folder])
        #expect(export.status == 0, "\(export.err)")
        let openProducts = try String(contentsOfFile: folder + "/products.json", encoding: .utf8)
        let protectedProducts = try String(contentsOfFile: folder + "/protected/products.json", encoding: .utf8)
        #expect(openProducts.contains("lanes@example.org") && protectedProducts.contains("ZANZIBAR tender ceiling"))
        let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        for path in files where !path.hasPrefix("protected") {
            guard let text = try? String(contentsOfFile: folder + "/" + path, encoding: .utf8) else { continue }
            outputs.append(("export \(path)", text))
        }
        #expect(outputs.count > 10)
        for (name, output) in outputs {
            for secret in Self.secrets { #expect(!output.contains(secret), "\(secret) leaked into the \(name)") }
        }
    }
}
