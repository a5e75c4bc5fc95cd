import Foundation
import PraxisMail
import PraxisTestSupport
import Testing

/// `list.from_rewrite: dmarc` through the real binary, against a real DNS server on 127.0.0.1
/// (`list.dmarc_resolver`): From becomes the list's only for authors whose domain publishes
/// `quarantine` or `reject`; a domain that never answers costs at most the timeout and keeps its From.
@Suite("DMARC From rewriting through the binary")
struct DMARCRewriteTests {
    static var table: [String: Any] { [
        "_dmarc.reject.test": ["v=DMARC1; p=reject; rua=mailto:d@reject.test"],
        "_dmarc.none.test": ["v=DMARC1; p=none"],
        // No record at mail.quarantine.test: its parent's sp= applies.
        "_dmarc.quarantine.test": [["v=DMARC1; p=none; ", "sp=quarantine"]],
        // A multi-label suffix, as gov.uk: the last two labels (gov.test) publish p=none, the
        // organisation under it p=reject; an author at a department of it must get reject.
        "_dmarc.gov.test": ["v=DMARC1; p=none"],
        "_dmarc.city.gov.test": ["v=DMARC1; p=reject"],
        "_dmarc.silent.test": "silent",
        "_dmarc.broken.test": "malformed",
    ] }

    static let members = """
        address,name,role,delivery
        alice@reject.test,Alice Reject,inner,immediate
        nora@none.test,Nora None,inner,immediate
        quinn@mail.quarantine.test,Quinn Sub,inner,immediate
        olga@dept.city.gov.test,Olga Dept,inner,immediate
        sam@silent.test,Sam Silent,inner,immediate
        bea@broken.test,Bea Broken,inner,immediate
        reader@example.org,Reader,inner,immediate

        """

    static func configuration(resolver: String) -> String {
        """
        community:
          name: Test CoP
          list_address: list@example.org
        paths:
          maildir: Maildir
          database: praxis.sqlite
        smtp: {url: "maildir:outgoing"}
        delivery: {inner: immediate, outer: immediate}
        list:
          reply_to: author
          dmarc_resolver: "\(resolver)"
        """
    }

    func praxis(_ fixture: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    @Test func fromIsRewrittenOnlyForQuarantineAndReject() throws {
        let server = try FakeDNSServer(table: Self.table)
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(Self.configuration(resolver: server.address))
        let csv = fixture.url.appendingPathComponent("members.csv")
        try Data(Self.members.utf8).write(to: csv)
        var run = try praxis(fixture, ["members", "import", csv.path])
        try #require(run.status == 0, "\(run.err)")
        let authors = [
            ("alice", "Alice Reject <alice@reject.test>"), ("nora", "Nora None <nora@none.test>"),
            ("quinn", "Quinn Sub <quinn@mail.quarantine.test>"), ("olga", "Olga Dept <olga@dept.city.gov.test>"),
            ("sam", "Sam Silent <sam@silent.test>"),
            ("bea", "Bea Broken <bea@broken.test>"),
        ]
        for (index, author) in authors.enumerated() {
            // Two posts each: the second must not ask DNS again.
            for round in 0..<2 {
                let text = post(from: author.1, subject: "From \(author.0) \(round)", id: "\(author.0)-\(round)@example.org")
                try fixture.deliver(Array(text.utf8), as: CommunityFixture.uniqueName(index * 2 + round))
            }
        }
        let started = ContinuousClock.now
        run = try praxis(fixture, ["ingest", "--once", "--verbose"])
        let took = ContinuousClock.now - started
        try #require(run.status == 0, "\(run.err)")
        let log = run.err
        // One batch: the silent domain's lookup waits out the 2-second timeout once, not per post.
        #expect(took < .seconds(8), "ingest took \(took)")
        run = try praxis(fixture, ["outbox", "flush", "--json"])
        #expect(run.status == 0, "\(run.err)")

        let copies = try Self.readerCopies(fixture)
        let list = "list@example.org"
        let expected: [String: (from: String, replyTo: String?)] = [
            "alice": (list, "alice@reject.test"), "quinn": (list, "quinn@mail.quarantine.test"),
            "olga": (list, "olga@dept.city.gov.test"),
            "nora": ("nora@none.test", nil), "sam": ("sam@silent.test", nil), "bea": ("bea@broken.test", nil),
        ]
        for (author, want) in expected {
            for round in 0..<2 {
                let copy = try #require(copies["\(author)-\(round)@example.org"], "no copy of \(author)'s post \(round)")
                #expect(copy.from.map(\.address) == [want.from], "\(author)")
                #expect(copy.replyTo.map(\.address) == (want.replyTo.map { [$0] } ?? []), "\(author)")
                if want.from == list {
                    #expect(copy.from.first?.name?.hasSuffix(" via Test CoP") == true, "\(author)")
                }
            }
        }
        // Once per domain and process: each `_dmarc` name at most twice (one retransmission
        // for the silent one); parent domains are asked only for subdomains.
        let queries = server.queries
        for name in ["_dmarc.reject.test", "_dmarc.none.test", "_dmarc.mail.quarantine.test", "_dmarc.broken.test",
                     "_dmarc.dept.city.gov.test", "_dmarc.city.gov.test", "_dmarc.gov.test"] {
            #expect(queries.filter { $0 == name }.count == 1, "\(name) in \(queries)")
        }
        #expect(queries.filter { $0 == "_dmarc.quarantine.test" }.count == 1, "\(queries)")
        // The failed lookups are logged, once per domain; the answered ones not at all.
        let warnings = log.split(separator: "\n").filter { $0.contains("no DMARC policy known") }
        #expect(warnings.count == 2, "\(log)")
        #expect(warnings.contains { $0.contains("silent.test") } && warnings.contains { $0.contains("broken.test") }, "\(log)")
    }

    /// A held post (its author is no member) is looked up when a moderator approves it: ingest
    /// asks nothing for held mail, and the copy of a `p=reject` author must still carry the list's
    /// From; a `p=none` author's keeps theirs.
    @Test func anApprovedHeldPostIsLookedUpWhenReleased() throws {
        let server = try FakeDNSServer(table: Self.table)
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(Self.configuration(resolver: server.address))
        let csv = fixture.url.appendingPathComponent("members.csv")
        try Data("address,name,role,delivery\nreader@example.org,Reader,inner,immediate\n".utf8).write(to: csv)
        var run = try praxis(fixture, ["members", "import", csv.path])
        try #require(run.status == 0, "\(run.err)")
        for (index, author) in ["Zed Outsider <zed@reject.test>", "Nina Outsider <nina@none.test>"].enumerated() {
            let text = post(from: author, subject: "Held \(index)", id: "held-\(index)@example.org")
            try fixture.deliver(Array(text.utf8), as: CommunityFixture.uniqueName(index))
        }
        run = try praxis(fixture, ["ingest", "--once"])
        try #require(run.status == 0, "\(run.err)")
        #expect(!server.queries.contains { $0.hasSuffix("reject.test") || $0.hasSuffix("none.test") },
                "held mail was looked up at ingest: \(server.queries)")
        let held = try fixture.strings("SELECT h.id FROM held_messages h JOIN posts p ON p.id = h.post_id ORDER BY p.message_id")
        try #require(held.count == 2, "\(held)")
        for id in held {
            run = try praxis(fixture, ["moderation", "approve", id])
            #expect(run.status == 0, "\(run.out) \(run.err)")
        }
        run = try praxis(fixture, ["outbox", "flush"])
        #expect(run.status == 0, "\(run.err)")
        let copies = try Self.readerCopies(fixture)
        let zed = try #require(copies["held-0@example.org"], "no copy of the approved post from reject.test")
        #expect(zed.from.map(\.address) == ["list@example.org"])
        #expect(zed.replyTo.map(\.address) == ["zed@reject.test"])
        let nina = try #require(copies["held-1@example.org"], "no copy of the approved post from none.test")
        #expect(nina.from.map(\.address) == ["nina@none.test"])
        #expect(server.queries.filter { $0 == "_dmarc.reject.test" }.count == 1, "\(server.queries)")
    }

    /// A policy too large for a datagram: the truncated UDP answer is asked again over TCP, and
    /// a TCP answer that is garbage, or a server that refuses TCP, keeps the author's From with
    /// the reason logged.
    @Test(arguments: [true, false])
    func aTruncatedAnswerIsAskedAgainOverTCP(serverTakesTCP: Bool) throws {
        let server = try FakeDNSServer(table: [
            "_dmarc.big.test": ["udp": "truncated", "tcp": ["v=DMARC1; p=reject"]],
            "_dmarc.junk.test": ["udp": "truncated", "tcp": "garbage"],
        ], tcp: serverTakesTCP)
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(Self.configuration(resolver: server.address))
        let csv = fixture.url.appendingPathComponent("members.csv")
        try Data("""
            address,name,role,delivery
            bo@big.test,Bo Big,inner,immediate
            jo@junk.test,Jo Junk,inner,immediate
            reader@example.org,Reader,inner,immediate

            """.utf8).write(to: csv)
        var run = try praxis(fixture, ["members", "import", csv.path])
        try #require(run.status == 0, "\(run.err)")
        for (index, author) in ["Bo Big <bo@big.test>", "Jo Junk <jo@junk.test>"].enumerated() {
            try fixture.deliver(Array(post(from: author, subject: "Post \(index)", id: "tcp-\(index)@example.org").utf8),
                                as: CommunityFixture.uniqueName(index))
        }
        run = try praxis(fixture, ["ingest", "--once", "--verbose"])
        try #require(run.status == 0, "\(run.err)")
        let warnings = run.err.split(separator: "\n").filter { $0.contains("no DMARC policy known") }
        #expect(try praxis(fixture, ["outbox", "flush"]).status == 0)
        let copies = try Self.readerCopies(fixture)
        let big = try #require(copies["tcp-0@example.org"])
        let junk = try #require(copies["tcp-1@example.org"])
        #expect(junk.from.map(\.address) == ["jo@junk.test"])
        #expect(warnings.contains { $0.contains("junk.test") && $0.contains("over TCP") }, "\(run.err)")
        if serverTakesTCP {
            #expect(big.from.map(\.address) == ["list@example.org"])
            #expect(big.replyTo.map(\.address) == ["bo@big.test"])
            #expect(!warnings.contains { $0.contains("big.test") }, "\(run.err)")
            #expect(server.queries.filter { $0.hasPrefix("tcp ") }.sorted() == ["tcp _dmarc.big.test", "tcp _dmarc.junk.test"])
        } else {
            #expect(big.from.map(\.address) == ["bo@big.test"])
            #expect(warnings.contains { $0.contains("big.test") && $0.contains("Connection refused") }, "\(run.err)")
        }
    }

    /// The copies `reader@example.org` got, by the original Message-ID.
    static func readerCopies(_ fixture: CommunityFixture) throws -> [String: MailMessage] {
        let outgoing = fixture.url.appendingPathComponent("outgoing/new").path
        var copies: [String: MailMessage] = [:]
        for file in fixture.files(in: outgoing) {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: outgoing + "/" + file)))
            let (recipients, message) = HeaderInjectionTests.withoutTransportEnvelope(bytes)
            guard recipients == ["reader@example.org"] else { continue }
            let parsed = MailMessage(message)
            if let id = parsed.messageID { copies[id] = parsed }
        }
        return copies
    }
}
