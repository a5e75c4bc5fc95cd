import Foundation
import GRDB
import PraxisMail
import PraxisTestSupport
import Testing

extension BlockingSuites {
    /// A member shapes their digests (issue 22 §2, issue 20 item 3) through the real binary: the
    /// `digest_format` and `own_posts` columns of `praxis members import`, the mailed commands
    /// `set format rfc1153` and `set own-posts off` confirmed by token, `praxis members show --json`
    /// showing both, and what `praxis digest send` and immediate delivery then write into the
    /// outgoing maildir.
    @Suite("praxis: digest format and own posts", .serialized)
    struct DigestChoicesCommandTests {
        static func praxis(_ fixture: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String)? {
            try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url)
        }

        /// Runs each command, expecting success; false without the binary.
        static func run(_ fixture: CommunityFixture, _ commands: [[String]]) throws -> Bool {
            for arguments in commands {
                guard let (code, _, err) = try praxis(fixture, arguments) else { return false }
                #expect(code == 0, "\(arguments): \(err)")
            }
            return true
        }

        /// Every message in the outgoing maildir for the envelope recipient `address`.
        static func outgoing(_ fixture: CommunityFixture, to address: String) throws -> [MailMessage] {
            let folder = fixture.url.appendingPathComponent("Outbox/new").path
            guard FileManager.default.fileExists(atPath: folder) else { return [] }
            return try fixture.files(in: folder).sorted().compactMap { name in
                let message = MailMessage(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))))
                return message.header("X-Original-To") == address ? message : nil
            }
        }

        static func member(_ fixture: CommunityFixture, _ address: String) throws -> [String: Any]? {
            guard let (code, out, err) = try praxis(fixture, ["members", "show", address, "--json"]) else { return nil }
            #expect(code == 0, "\(err)")
            return try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        }

        static func mail(_ fixture: CommunityFixture, from: String, to: String = "list@example.org", subject: String, body: String) throws {
            let number = Int.random(in: 1_000...999_999_999)
            let text = "From: \(from)\r\nTo: \(to)\r\nSubject: \(subject)\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <choice-\(number)-\(UUID().uuidString.prefix(8))@example.net>\r\n\r\n"
                + body.replacingOccurrences(of: "\n", with: "\r\n")
            try fixture.deliver(Array(text.utf8), as: CommunityFixture.uniqueName(number))
        }

        static let configuration = CommunityFixture.configuration(name: "Mobility", extra: """
            smtp:
              url: maildir:Outbox
            sub_issues:
              - {id: cycling, name: Cycling}
            list:
              deliver_to_author: true
            digests:
              - {name: weekly, schedule: "weekly mon 07:00", audience: outer, format: html}
            """)

        static let members = """
            address,name,delivery,digest_format,own_posts
            alice@example.org,Alice,,,
            bob@example.org,Bob,,text,
            carol@example.org,Carol,immediate,,no
            dave@example.org,Dave,immediate,MIME,yes

            """

        @Test func aBadDigestColumnRefusesTheWholeFileNamingTheLine() throws {
            let fixture = try CommunityFixture()
            try fixture.writeConfiguration(Self.configuration)
            let file = fixture.url.appendingPathComponent("bad.csv").path
            try "address,digest_format,own_posts\nann@example.org,rfc822,\nben@example.org,,maybe\n"
                .write(toFile: file, atomically: true, encoding: .utf8)
            guard let (code, _, err) = try Self.praxis(fixture, ["members", "import", file]) else { return }
            #expect(code != 0)
            #expect(err.contains("line 2") && err.contains("digest_format \"rfc822\" is not one of text, html, mime, rfc1153"), "\(err)")
            #expect(err.contains("line 3") && err.contains("own_posts \"maybe\" is neither yes nor no"), "\(err)")
            guard let (_, list, _) = try Self.praxis(fixture, ["members", "list"]) else { return }
            #expect(!list.contains("ann@example.org"), "nothing imported")
        }

        @Test func choicesByCSVAndByMailShapeDigestsAndCopies() throws {
            let fixture = try CommunityFixture()
            try fixture.writeConfiguration(Self.configuration)
            let csv = fixture.url.appendingPathComponent("members.csv").path
            try Self.members.write(toFile: csv, atomically: true, encoding: .utf8)
            guard try Self.run(fixture, [["members", "import", csv]]) else { return }
            #expect(try Self.member(fixture, "bob@example.org")?["digest_format"] as? String == "text")
            #expect(try Self.member(fixture, "dave@example.org")?["digest_format"] as? String == "mime")
            #expect(try Self.member(fixture, "alice@example.org")?["digest_format"] is NSNull, "not said: the configured format")
            #expect(try Self.member(fixture, "carol@example.org")?["own_posts"] as? Bool == false)
            #expect(try Self.member(fixture, "dave@example.org")?["own_posts"] as? Bool == true)

            // Alice asks by mail; nothing changes until she confirms.
            try Self.mail(fixture, from: "Alice <alice@example.org>", to: "list-request@example.org", subject: "",
                          body: "SET Format RFC1153\nset own-posts off\n")
            guard try Self.run(fixture, [["ingest", "--once"], ["outbox", "flush"]]) else { return }
            #expect(try Self.member(fixture, "alice@example.org")?["digest_format"] is NSNull, "waits for the confirmation")
            let request = try #require(try Self.outgoing(fixture, to: "alice@example.org").first { $0.subject?.hasPrefix("confirm ") == true })
            let token = String(try #require(request.subject).dropFirst("confirm ".count))
            #expect(request.text.contains("your digests will come as rfc1153"), "\(request.text)")
            try Self.mail(fixture, from: "alice@example.org", to: "list-request@example.org", subject: "Re: confirm \(token)", body: "")
            guard try Self.run(fixture, [["ingest", "--once"]]) else { return }
            let alice = try #require(try Self.member(fixture, "alice@example.org"))
            #expect(alice["digest_format"] as? String == "rfc1153")
            #expect(alice["own_posts"] as? Bool == false)

            for (author, subject) in [("alice", "Alice on lanes"), ("bob", "Bob on lanes"), ("carol", "Carol on racks"), ("dave", "Dave on racks")] {
                try Self.mail(fixture, from: "\(author)@example.org", subject: subject, body: "Some words from \(author) about cycling.\n")
            }
            guard try Self.run(fixture, [["ingest", "--once"], ["digest", "send", "--schedule", "weekly", "--now"], ["outbox", "flush"]])
            else { return }

            // Immediate copies: with deliver_to_author on, Dave gets his own post, Carol (own posts off) does not.
            let copies = { (address: String) in
                try Self.outgoing(fixture, to: address).filter { $0.header("X-Praxis-Sub-Issue") != nil }.compactMap(\.subject)
            }
            let carolCopies = try copies("carol@example.org"), daveCopies = try copies("dave@example.org")
            #expect(daveCopies.contains { $0.contains("Dave on racks") }, "\(daveCopies)")
            #expect(daveCopies.contains { $0.contains("Carol on racks") }, "\(daveCopies)")
            #expect(!carolCopies.contains { $0.contains("Carol on racks") }, "\(carolCopies)")
            #expect(carolCopies.contains { $0.contains("Dave on racks") }, "\(carolCopies)")

            // Alice's digest is RFC 1153 and leaves out her own post.
            let digest = try #require(try Self.outgoing(fixture, to: "alice@example.org").first { $0.subject?.contains("Weekly digest") == true })
            #expect(digest.header("Content-Type")?.lowercased().hasPrefix("text/plain") == true)
            let text = digest.text
            #expect(text.contains("\nToday's Topics:\n"), "\(text)")
            let separator = "\n" + String(repeating: "-", count: 30) + "\n"
            #expect(text.components(separatedBy: separator).count - 1 == 3, "one separator after each of the 3 posts:\n\(text)")
            #expect(text.contains("Subject: Bob on lanes") && text.contains("Subject: Dave on racks"))
            #expect(!text.contains("Alice on lanes"), "her own post is left out:\n\(text)")
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let end = try #require(lines.lastIndex { $0.hasPrefix("End of Mobility Weekly digest") })
            #expect(lines.count > end + 1 && lines[end + 1] == String(repeating: "*", count: lines[end].count))

            // Bob (own posts on, format text) reads everyone's, Alice's included.
            let bobs = try #require(try Self.outgoing(fixture, to: "bob@example.org").first { $0.subject?.contains("Weekly digest") == true })
            #expect(bobs.text.contains("Alice on lanes") && !bobs.text.contains("Today's Topics:"))
            #expect(bobs.header("Content-Type")?.lowercased().hasPrefix("text/plain") == true)
        }

        /// An mbox of two posts by Alice dated yesterday: history, however recent its dates.
        static func history(_ now: Date) -> String {
            let date = formatMailDate(now.addingTimeInterval(-86_400), timeZoneOffsetSeconds: 0)
            return (1...2).map { number in
                "From alice@example.org Mon Nov 30 10:00:00 2026\nFrom: alice@example.org\nTo: list@example.org\n"
                    + "Subject: Old news \(number)\nDate: \(date)\nMessage-ID: <old-\(number)@example.org>\n\nFrom the old list.\n\n"
            }.joined()
        }

        /// Imported history stays out of digests and of "you wrote N posts"; an attachment of a
        /// digested post is listed and linked; a reply written as the plain-text digest says
        /// (no In-Reply-To) joins the thread.
        @Test func historyStaysOutAttachmentsAreLinkedAndTheInstructedReplyJoinsTheThread() throws {
            let fixture = try CommunityFixture()
            try fixture.writeConfiguration(Self.configuration + """

                web:
                  base_url: https://cop.example.org/mobility/
                  audience: public
                """)
            let mbox = fixture.url.appendingPathComponent("old.mbox").path
            try Self.history(Date()).write(toFile: mbox, atomically: true, encoding: .utf8)
            guard try Self.run(fixture, [["members", "add", "alice@example.org"], ["members", "add", "bob@example.org"],
                                         ["import", "mbox", mbox]]) else { return }
            let attached = """
                From: bob@example.org\r\nTo: list@example.org\r\nSubject: Bob's plan\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\n\
                Message-ID: <plan@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
                --b\r\nContent-Type: text/plain\r\n\r\nThe plan is attached.\r\n\
                --b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename*=UTF-8''plan%0D%0ABcc%3A%20x%E2%80%AE.pdf\r\n\
                Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOfCg==\r\n--b--\r\n
                """
            try fixture.deliver(Array(attached.utf8), as: CommunityFixture.uniqueName(77))
            guard try Self.run(fixture, [["ingest", "--once"], ["members", "set", "alice@example.org", "--delivery", "digest"],
                                         ["digest", "send", "--schedule", "weekly", "--now"], ["outbox", "flush"]]) else { return }
            let digest = try #require(try Self.outgoing(fixture, to: "alice@example.org").first { $0.subject?.contains("Weekly digest") == true })
            let text = digest.text
            #expect(text.contains("Bob's plan"))
            #expect(!text.contains("Old news"), "imported history in a digest")
            #expect(!text.lowercased().contains("you wrote"), "imported history counted as Alice's posts:\n\(text)")
            #expect(text.contains("https://cop.example.org/mobility/m/plan@example.org/a/1/"), "the attachment's link:\n\(text)")
            // The name's CR LF and bidi override are gone: one line, read left to right.
            #expect(text.contains("  - planBcc: x.pdf (19 bytes)\n"), "\(text)")
            #expect(digest.subject?.contains("1 post") == true, "\(digest.subject ?? "")")
            let instruction = try #require(digest.text.split(separator: "\n").first { $0.hasPrefix("To reply, write to list@example.org") })
            let subject = String(try #require(instruction.components(separatedBy: "with the subject: ").last))

            try Self.mail(fixture, from: "alice@example.org", subject: subject, body: "Agreed.\n")
            guard try Self.run(fixture, [["ingest", "--once"]]) else { return }
            let threads = try fixture.database().read("reading threads") { db in
                try Row.fetchAll(db, sql: "SELECT subject, thread_id FROM posts WHERE subject LIKE '%plan%'")
                    .map { ($0[0] as String, $0[1] as Int64) }
            }
            #expect(threads.count == 2 && Set(threads.map(\.1)).count == 1, "\(threads)")
        }
    }
}
