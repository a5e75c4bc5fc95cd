import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
import PraxisMail
import PraxisTestSupport
import Testing

extension BlockingSuites {
    /// One-click unsubscribe against the real binary (issue 20's "must hold": Gmail's and Yahoo's
    /// bulk-sender rules): a list copy and a digest as `praxis outbox flush` wrote them into the
    /// outgoing maildir each carry the member's own https link next to the mailto and
    /// `List-Unsubscribe-Post`; one POST of RFC 8058's body to that link, to `praxis run`, and
    /// `praxis members show` has the member unsubscribed.
    @Suite("praxis run: one-click unsubscribe", .serialized)
    struct OneClickUnsubscribeCommandTests {
        static func praxis(_ fixture: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String)? {
            try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url)
        }

        /// The messages the outgoing maildir holds for `address`.
        static func outgoing(_ fixture: CommunityFixture, to address: String) throws -> [MailMessage] {
            let folder = fixture.url.appendingPathComponent("Outbox/new").path
            return try fixture.files(in: folder).sorted().compactMap { name in
                let message = MailMessage(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))))
                // The envelope recipient (a list copy keeps the To of the original).
                return message.header("X-Original-To") == address ? message : nil
            }
        }

        /// The https link of a message's one `List-Unsubscribe`, as a path under `base`, after
        /// checking the fields Gmail and Yahoo ask for.
        static func oneClickPath(_ message: MailMessage, base: String, what: String) -> String? {
            let fields = message.headers("List-Unsubscribe")
            #expect(fields.count == 1, "\(what): one List-Unsubscribe, not \(fields)")
            #expect(message.headers("List-Unsubscribe-Post") == ["List-Unsubscribe=One-Click"], "\(what)")
            guard let field = fields.first else { return nil }
            let uris = field.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(uris.count == 2 && uris[1] == "<mailto:list-request@example.org?subject=unsubscribe>", "\(what): \(field)")
            guard let first = uris.first, first.hasPrefix("<" + base + "u/"), first.hasSuffix(">") else {
                Issue.record("\(what): the first URI is not the archive's https link: \(field)")
                return nil
            }
            return String(first.dropFirst(1 + base.count).dropLast())
        }

        static func status(_ fixture: CommunityFixture, _ address: String) throws -> String? {
            guard let (code, out, err) = try praxis(fixture, ["members", "show", address, "--json"]) else { return nil }
            #expect(code == 0, "\(err)")
            let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
            return object?["status"] as? String
        }

        /// A community at `base` (`http://127.0.0.1:PORT/mobility/`, served by `praxis run` on
        /// PORT) with members alice, bob (immediate delivery) and carol, carol admitted to the
        /// protected `hr`; one post ingested, the weekly digest sent and the outbox flushed into
        /// the outgoing maildir `Outbox/`. Nil without the binary.
        static func community() throws -> (fixture: CommunityFixture, base: String)? {
            let fixture = try CommunityFixture()
            let port = try freePort()
            let base = "http://127.0.0.1:\(port)/mobility/"
            try fixture.writeConfiguration(CommunityFixture.configuration(name: "Mobility", extra: """
                smtp:
                  url: maildir:Outbox
                sub_issues:
                  - id: cycling
                    name: Cycling
                  - id: hr
                    name: Staffing
                    protected: true
                    members: [carol@example.org]
                digests:
                  - {name: weekly, schedule: "weekly mon 07:00", audience: outer, format: text}
                web:
                  listen: 127.0.0.1:\(port)
                  base_url: \(base)
                  audience: public
                """))
            let steps = [["members", "add", "alice@example.org"], ["members", "add", "bob@example.org"], ["members", "add", "carol@example.org"],
                         ["members", "set", "bob@example.org", "--delivery", "immediate"]]
            for arguments in steps {
                guard let (code, _, err) = try praxis(fixture, arguments) else { return nil }
                #expect(code == 0, "\(arguments): \(err)")
            }
            for message in WebArchiveCommandTests.messages.prefix(1) {
                try fixture.deliver(Array(message.text.replacingOccurrences(of: "\n", with: "\r\n").utf8), as: message.name)
            }
            for arguments in [["ingest", "--once"], ["digest", "send", "--schedule", "weekly", "--now"], ["outbox", "flush"]] {
                guard let (code, _, err) = try praxis(fixture, arguments) else { return nil }
                #expect(code == 0, "\(arguments): \(err)")
            }
            return (fixture, base)
        }

        @Test func aListCopyAndADigestEachUnsubscribeTheirMemberInOnePost() async throws {
            guard let (fixture, base) = try Self.community() else { return }
            let copy = try #require(try Self.outgoing(fixture, to: "bob@example.org").first { $0.header("Auto-Submitted") == nil },
                                    "bob's list copy in the outgoing maildir")
            #expect(copy.subject?.contains("Bike lanes") == true)
            let digest = try #require(try Self.outgoing(fixture, to: "carol@example.org").first { $0.header("Auto-Submitted") != nil },
                                      "carol's digest in the outgoing maildir")
            let bobPath = try #require(Self.oneClickPath(copy, base: base, what: "list copy"))
            let carolPath = try #require(Self.oneClickPath(digest, base: base, what: "digest"))
            #expect(bobPath != carolPath)

            guard let daemon = try PraxisChild(["run", "--config", fixture.configPath], in: fixture.url) else { return }
            defer { daemon.signal(SIGTERM); daemon.wait(timeout: .seconds(60)) }
            try await SignInCommandTests.waitForServer(base, daemon)
            let provider = FormBrowser(base: base)
            // A scanner following the link changes nothing.
            let page = try await provider.request(bobPath)
            #expect(page.status == 200 && page.body.contains("bob@example.org"))
            #expect(try Self.status(fixture, "bob@example.org") == "active")

            for (path, address) in [(bobPath, "bob@example.org"), (carolPath, "carol@example.org")] {
                let done = try await provider.request(path, form: ["List-Unsubscribe": "One-Click"])
                #expect(done.status == 200 && done.body.contains("You have left Mobility"), "\(address)")
                #expect(try Self.status(fixture, address) == "unsubscribed", "\(address)")
            }
            #expect(try Self.status(fixture, "alice@example.org") == "active", "nobody else")
            #expect(try await provider.request(bobPath, form: ["List-Unsubscribe": "One-Click"]).status == 404, "the link is spent")
            daemon.signal(SIGTERM)
            #expect(daemon.wait(timeout: .seconds(60)) && daemon.exitStatus == 0, "\(daemon.standardError)")
        }
    }
}
