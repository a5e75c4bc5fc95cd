import Foundation
import GRDB
import PraxisCommunity
import PraxisDaemon
import PraxisMail
import PraxisStore
import Testing

/// Immediate distribution through real ingest: a temporary maildir and SQLite file, the copies
/// read back from the outbox and parsed with `MailMessage`.
@Suite("Immediate distribution")
struct DistributionTests {
    static let config = """
        circles:
          core: [mod@example.org]
        sub_issues:
          - {id: cycling, name: Cycling infrastructure, aliases: [bikes]}
          - {id: procurement, name: Joint procurement, protected: true, members: [buyer@example.org]}
        list:
          subject_prefix: "[Mobility]"
          archive_url: https://lists.example.org/mobility
          # No DNS here: From by DMARC policy is DMARCRewriteTests' (against a server of its own).
          from_rewrite: never
        """

    /// Who gets a post at once: core and inner by default, preferences and overrides, mutes,
    /// only active members, never the author unless configured; each with their VERP envelope.
    @Test func recipientsFollowStandingAndPreferences() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("alice@example.org", standings: ["general": "inner"])  // the author
        try fixture.addMember("mod@example.org")                                      // core by config
        try fixture.addMember("inner@example.org", standings: ["general": "inner"])
        try fixture.addMember("outer@example.org")
        try fixture.addMember("eager@example.org", delivery: "immediate")
        try fixture.addMember("muted@example.org", standings: ["general": "inner"], follow: ["general": "mutes"])
        try fixture.addMember("follower@example.org", follow: ["general": "follows"])
        try fixture.addMember("digester@example.org", standings: ["general": "inner"], override: ["general": "digest"])
        try fixture.addMember("left@example.org", status: "unsubscribed", standings: ["general": "inner"])
        try fixture.addMember("off@example.org", status: "disabled", standings: ["general": "inner"])
        try await fixture.ingest(post(subject: "New bike lane", id: "p1@example.org"))

        let copies = try fixture.postCopies()
        #expect(Set(copies.map(\.recipient)) == ["mod@example.org", "inner@example.org", "eager@example.org", "follower@example.org"])
        #expect(copies.count == 4)
        for copy in copies {
            let (local, domain) = try #require(AddressSyntax.split(copy.recipient))
            #expect(copy.envelope == "list-bounces+\(local)=\(domain)@example.org")
            #expect(Screener.verpMember(String(copy.envelope.split(separator: "+")[1].split(separator: "@")[0])) == copy.recipient)
        }
        // Held posts, commands and bounces are never distributed.
        try await fixture.ingest(post(from: "stranger@elsewhere.org", subject: "Spam", id: "p2@example.org"))
        #expect(try fixture.postCopies().count == 4)
    }

    /// With `web.base_url`, a copy names its post's page (RFC 5064) and the archive (RFC 2369),
    /// the Message-ID percent-encoded so that `/`, `%` and `?` in it stay one path segment.
    @Test func copiesLinkToTheirPageInTheArchive() async throws {
        let fixture = try OutboundFixture(extra: Self.config + "\nweb:\n  base_url: https://cop.example.org/mobility")
        try fixture.addMember("alice@example.org")
        try fixture.addMember("mod@example.org")
        try await fixture.ingest(post(subject: "Lanes", id: "r1/x%y?z@example.org"))
        try await fixture.ingest(post(subject: "Spaces", id: "sp ace@example.org"))
        let copies = try fixture.postCopies().map(\.message)
        #expect(copies.count == 2)
        let linked = try #require(copies.first { $0.subject?.hasSuffix("Lanes") == true })
        #expect(linked.headers("archived-at") == ["<https://cop.example.org/mobility/m/r1%2Fx%25y%3Fz@example.org/>"])
        #expect(linked.headers("list-archive") == ["<https://cop.example.org/mobility/>"], "web.base_url wins over list.archive_url")
        #expect(linked.text.contains("Archive: https://cop.example.org/mobility/"))
        // The parser drops the space, as the store does: the link names the ID the post is stored under.
        let spaced = try #require(copies.first { $0.subject?.hasSuffix("Spaces") == true })
        #expect(spaced.headers("archived-at") == ["<https://cop.example.org/mobility/m/space@example.org/>"])
        let stored = try fixture.database.read("the stored IDs") { db in try String.fetchAll(db, sql: "SELECT message_id FROM posts") }
        #expect(Set(stored) == ["r1/x%y?z@example.org", "space@example.org"])
    }

    @Test func authorGetsACopyWhenConfigured() async throws {
        let fixture = try OutboundFixture(extra: Self.config + "\n  deliver_to_author: true")
        try fixture.addMember("alice@example.org", standings: ["general": "inner"])
        try await fixture.ingest(post(subject: "Mine", id: "own@example.org"))
        #expect(try fixture.postCopies().map(\.recipient) == ["alice@example.org"])
    }

    /// A protected post reaches only the core group and the admitted members, whatever their
    /// preferences: a stranger's post, held, moved to the protected sub-issue and then approved,
    /// goes out the way every approved post does (`ModerationQueue.approve` releases it).
    @Test func protectedPostReachesOnlyAdmittedMembers() async throws {
        let fixture = try OutboundFixture(extra: Self.config + "\ndelivery: {inner: immediate, outer: immediate}")
        try fixture.addMember("alice@example.org")
        try fixture.addMember("mod@example.org")
        try fixture.addMember("buyer@example.org")
        try fixture.addMember("inner@example.org", standings: ["procurement": "inner", "general": "inner"])
        try fixture.addMember("eager@example.org", delivery: "immediate")
        try await fixture.ingest(post(from: "stranger@elsewhere.org", subject: "Tender prices", id: "tender@example.org"))
        #expect(try fixture.postCopies().isEmpty)  // held

        let queue = fixture.instance.moderationQueue
        let outcome = try await fixture.database.write("approving a protected post") { db in
            try db.execute(sql: """
                UPDATE posts SET sub_issue = 'procurement', is_protected = 1, classification_stage = 'explicit'
                WHERE message_id = 'tender@example.org'
                """)
            let heldID = try Int64.fetchOne(db, sql: "SELECT id FROM held_messages") ?? -1
            return try queue.approve(heldID: heldID, by: "mod@example.org", at: Date(), in: db)
        }
        #expect(outcome == .done("Approved: “Tender prices” from stranger@elsewhere.org."))
        let copies = try fixture.postCopies()
        #expect(copies.count == 2)
        #expect(Set(copies.map(\.recipient)) == ["mod@example.org", "buyer@example.org"])
        #expect(copies.first?.message.subject == "[Mobility] [procurement] Tender prices")
    }

    /// The copy's header: prefix and tag once (also on replies and with an alias tag), the RFC
    /// 2369/2919 fields, Precedence, X-Loop, Reply-To the list; Message-ID and body kept; the
    /// original's list and trace fields gone.
    @Test func copyHeadersAreTheListsAndTheOriginalsIdentityIsKept() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("alice@example.org")
        try fixture.addMember("mod@example.org")
        let hostile = """
            List-Id: Other list <other.lists.example.net>
            List-Unsubscribe: <mailto:evil@example.net>
            DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=x; b=abc
            Return-Path: <alice@example.org>
            Delivered-To: list@example.org
            Approved: secret-password
            Precedence: bulk-ish
            """
        try await fixture.ingest(post(subject: "Re: [Mobility] AW: New bike lane", id: "r1@example.org", extraHeaders: hostile))
        let copy = try #require(try fixture.postCopies().first?.message)
        #expect(copy.subject == "Re: [Mobility] New bike lane")
        #expect(copy.messageID == "r1@example.org")
        #expect(copy.from.first?.address == "alice@example.org")
        #expect(copy.listID == "list.example.org")
        #expect(copy.headers("list-id").count == 1)
        #expect(copy.header("list-post") == "<mailto:list@example.org>")
        #expect(copy.header("list-help") == "<mailto:list-request@example.org?subject=help>")
        #expect(copy.headers("list-unsubscribe") == ["<mailto:list-request@example.org?subject=unsubscribe>"])
        #expect(copy.header("list-archive") == "<https://lists.example.org/mobility>")
        #expect(copy.headers("precedence") == ["list"])
        #expect(copy.header("x-loop") == "list@example.org")
        #expect(copy.replyTo.map(\.address) == ["list@example.org"])
        for gone in ["dkim-signature", "return-path", "delivered-to", "approved"] { #expect(copy.header(gone) == nil, "\(gone)") }
        #expect(copy.text.hasPrefix("Hello all,\nwe opened the new bike lane.\n"))
        #expect(Self.everyLineEndIsCRLF(copy.bytes))
        // Our own copy coming back is a loop, not a post.
        try await fixture.ingest(copy.bytes)
        #expect(try fixture.postCopies().count == 1)
    }

    /// Members filter on the sub-issue: its id in X-Praxis-Sub-Issue and its name in Keywords. A
    /// sender's own X-Praxis-Sub-Issue never survives into the copy.
    @Test func copyNamesItsSubIssueForFilters() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("alice@example.org")
        try fixture.addMember("mod@example.org")
        try await fixture.ingest(post(subject: "[cycling] Widths", id: "k1@example.org",
                                      extraHeaders: "X-Praxis-Sub-Issue: procurement\nKeywords: own, words"))
        let copy = try #require(try fixture.postCopies().first?.message)
        #expect(copy.headers("x-praxis-sub-issue") == ["cycling"])
        #expect(copy.headers("keywords") == ["own, words", "Cycling infrastructure"])
        try await fixture.ingest(post(subject: "Parking", id: "k2@example.org"))
        let general = try #require(try fixture.postCopies().last?.message)
        #expect(general.headers("x-praxis-sub-issue") == ["general"])
    }

    @Test(arguments: [
        ("Cycling infrastructure", "Cycling infrastructure"),
        ("Roads, bridges", "\"Roads, bridges\""),
        ("Say \"hi\"", "\"Say \\\"hi\\\"\""),
        ("Rad- und Fußverkehr", "Rad- und Fußverkehr"),
    ])
    func subIssueNameIsOneKeyword(name: String, written: String) {
        #expect(MessageComposer.keyword(name) == written)
    }

    /// The copy is rewritten before the transaction, for the sub-issue the post was classified
    /// under then; a reply that the store puts under its thread's sub-issue is rewritten again.
    @Test func replyCarriesTheSubIssueItInheritsFromItsThread() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("alice@example.org")  // the author
        try fixture.addMember("inner@example.org", standings: ["general": "inner", "cycling": "inner"])
        try await fixture.ingest(post(subject: "[cycling] Bike lanes", id: "root@example.org"))
        try await fixture.ingest(post(
            subject: "Re: Bike lanes", id: "reply@example.org",
            extraHeaders: "In-Reply-To: <root@example.org>\nReferences: <root@example.org>"))
        try await fixture.ingest(post(subject: "Parking", id: "other@example.org"))
        let subjects = try fixture.postCopies().map { $0.message.subject ?? "" }
        #expect(subjects == ["[Mobility] [cycling] Bike lanes", "Re: [Mobility] [cycling] Bike lanes", "[Mobility] Parking"])
    }

    @Test(arguments: [
        ("Bike lanes", "cycling", "[Mobility] [cycling] Bike lanes"),
        ("[cycling] Bike lanes", "cycling", "[Mobility] [cycling] Bike lanes"),
        ("Re: [Mobility] [cycling] Bike lanes", "cycling", "Re: [Mobility] [cycling] Bike lanes"),
        ("RE: Re[2]: [mobility] [bikes] Bike lanes", "cycling", "Re: [Mobility] [cycling] Bike lanes"),
        ("[Mobility] Re: [Mobility] Bike lanes", "general", "Re: [Mobility] Bike lanes"),
        ("Fwd: Bike lanes", "general", "[Mobility] Fwd: Bike lanes"),
        ("", "general", "[Mobility]"),
    ])
    func subjectGetsPrefixAndTagOnce(subject: String, subIssue: String, expected: String) {
        #expect(ListSubject.rewritten(subject, prefix: "[Mobility]", tag: subIssue == "general" ? nil : subIssue,
                                      aliases: subIssue == "cycling" ? ["bikes"] : []) == expected)
    }

    /// DMARC: From becomes "Alice via Mobility CoP" at the list address, Reply-To the author.
    @Test func fromIsRewrittenForDMARC() async throws {
        let fixture = try OutboundFixture(
            extra: Self.config.replacingOccurrences(of: "from_rewrite: never", with: "from_rewrite: always")
                + "\n  reply_to: author\n  tag_in_subject: false")
        try fixture.addMember("alice@example.org")
        try fixture.addMember("mod@example.org")
        try await fixture.ingest(post(subject: "Hello", id: "d1@example.org", extraHeaders: "Sender: agent@example.org"))
        let copy = try #require(try fixture.postCopies().first?.message)
        #expect(copy.from == [MailAddress(name: "Alice Example via Mobility CoP", address: "list@example.org")])
        #expect(copy.replyTo == [MailAddress(name: "Alice Example", address: "alice@example.org")])
        #expect(copy.header("sender") == nil)
        #expect(copy.subject == "[Mobility] Hello")
    }

    static let footerLine = "You get posts like this one as they arrive."

    /// The footer lands in the text a reader sees, for each common body shape; attachments and
    /// signed bodies stay byte for byte.
    @Test func footerIsAddedTheRightWayForEachBodyShape() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("alice@example.org")
        try fixture.addMember("mod@example.org")
        // text/plain
        try await fixture.ingest(post(subject: "Plain", id: "f1@example.org"))
        // multipart/alternative: plain quoted-printable, HTML base64
        let html = Data("<html><body><p>Hello all, caf\u{e9}</p></body></html>\n".utf8).base64EncodedString()
        try await fixture.ingest(post(subject: "Alternative", id: "f2@example.org", contentType: "multipart/alternative; boundary=\"alt\"", body: """
            --alt
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Hello all, caf=C3=A9
            --alt
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: base64

            \(html)
            --alt--
            """))
        // multipart/mixed: text and a PDF
        let pdf = Data((0..<300).map { UInt8($0 % 256) }).base64EncodedString(options: .lineLength76Characters)
        try await fixture.ingest(post(subject: "Mixed", id: "f3@example.org", contentType: "multipart/mixed; boundary=\"mix\"", body: """
            --mix
            Content-Type: text/plain; charset=iso-8859-1

            See the plan attached.
            --mix
            Content-Type: application/pdf; name="plan.pdf"
            Content-Disposition: attachment; filename="plan.pdf"
            Content-Transfer-Encoding: base64

            \(pdf)
            --mix--
            """))
        // multipart/signed: untouched
        let signedBody = """
            --sig
            Content-Type: text/plain; charset=us-ascii

            Signed words.
            --sig
            Content-Type: application/pgp-signature

            -----BEGIN PGP SIGNATURE-----
            abc
            -----END PGP SIGNATURE-----
            --sig--

            """
        try await fixture.ingest(post(subject: "Signed", id: "f4@example.org",
                                contentType: "multipart/signed; protocol=\"application/pgp-signature\"; boundary=\"sig\"", body: signedBody))
        // A body whose charset cannot carry a non-ASCII footer gets a part of its own.
        let copies = try fixture.postCopies().map(\.message)
        try #require(copies.count == 4)

        #expect(copies[0].text.contains(Self.footerLine))
        #expect(copies[0].text.hasPrefix("Hello all,\nwe opened the new bike lane.\n"))

        #expect(copies[1].text.hasPrefix("Hello all, caf\u{e9}\n"))
        #expect(copies[1].text.contains(Self.footerLine))
        #expect(copies[1].mediaType == "multipart/alternative")
        let htmlPart = try #require(Self.base64Part(after: "Content-Type: text/html", in: copies[1].bytes))
        let htmlText = String(decoding: htmlPart, as: UTF8.self)
        let footerAt = try #require(htmlText.range(of: "<hr>"))
        let bodyEnd = try #require(htmlText.range(of: "</body>"))
        #expect(footerAt.lowerBound < bodyEnd.lowerBound)
        #expect(htmlText.contains("caf\u{e9}"))

        #expect(copies[2].text.hasPrefix("See the plan attached.\n"))
        #expect(copies[2].text.contains(Self.footerLine))
        #expect(copies[2].attachments.map { "\($0.filename ?? "") \($0.contentType) \($0.size)" } == ["plan.pdf application/pdf 300"])

        let signedCopy = String(decoding: copies[3].bodyBytes, as: UTF8.self)
        #expect(signedCopy.trimmingCharacters(in: .newlines)
                == signedBody.replacingOccurrences(of: "\n", with: "\r\n").trimmingCharacters(in: .newlines))
        #expect(!signedCopy.contains(Self.footerLine))
    }

    /// A non-ASCII footer (the community's name) cannot go into an ISO-8859-1 body: the post is
    /// wrapped in a multipart/mixed with the footer as a UTF-8 part.
    @Test func footerThatTheBodysCharsetCannotCarryGetsItsOwnPart() async throws {
        let fixture = try OutboundFixture(name: "Mobilit\u{e4}t CoP", extra: Self.config)
        try fixture.addMember("alice@example.org")
        try fixture.addMember("mod@example.org")
        var latin = Array(post(subject: "Latin", id: "l1@example.org", contentType: "text/plain; charset=iso-8859-1",
                               body: "Gr??e\n").utf8)
        // "Grüße" in ISO-8859-1.
        if let at = latin.firstIndex(of: UInt8(ascii: "?")) { latin[at] = 0xFC; latin[at + 1] = 0xDF }
        try await fixture.ingest(latin)
        let copy = try #require(try fixture.postCopies().first?.message)
        #expect(copy.mediaType == "multipart/mixed")
        #expect(copy.text == "Gr\u{fc}\u{df}e\n")
        let raw = String(decoding: copy.bytes, as: UTF8.self)
        #expect(raw.contains("Content-Type: text/plain; charset=iso-8859-1\r\n\r\nGr"))
        #expect(raw.contains("Mobilit=C3=A4t CoP") || raw.contains("Content-Transfer-Encoding: base64"))
    }

    /// The figure the daemon needs for its 100 ms rename-to-delivery budget: one post to 100
    /// inner-circle members, rewritten once and queued, in well under 10 ms (release build).
    @Test func hundredInnerMembersAreQueuedQuickly() async throws {
        let fixture = try OutboundFixture(extra: Self.config)
        try fixture.addMember("alice@example.org")
        for index in 0..<100 { try fixture.addMember("member\(index)@example.org", standings: ["general": "inner"]) }
        try await fixture.ingest(post(subject: "Warm-up", id: "w@example.org"))
        let message = MailMessage(Array(post(subject: "Timed", id: "t@example.org", body: String(repeating: "A line of a post.\n", count: 200)).utf8))
        let distribution = fixture.instance.configuration.postDistribution
        let screening = Screener(community: fixture.instance.configuration.community).screen(message) { _ in .member }
        var best = Duration.seconds(1)
        for round in 0..<5 {
            let elapsed = try await fixture.database.write("timing") { db in
                // The warm-up post, recorded again as if just received: what ingest hands distribution.
                let stored = try #require(try PostRecord.filter(Column("message_id") == "w@example.org").fetchOne(db))
                let recorded = RecordedMessage(
                    post: NewPost(message: message, receivedAt: Date(), trimmedText: "", classification: PostClassification(
                        subIssue: stored.subIssue, stage: stored.classificationStage, confidence: nil), kind: .post),
                    postID: try #require(stored.id), threadID: stored.threadID, message: message, screening: screening)
                let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox") ?? 0
                let elapsed = try ContinuousClock().measure { try distribution.followUp([recorded], in: db) }
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox") == before + 100, "round \(round)")
                return elapsed
            }
            best = min(best, elapsed)
        }
        print("distribution: 100 copies queued in \(best) (best of 5, this build)")
        #expect(best < .milliseconds(50))
    }

    static func everyLineEndIsCRLF(_ bytes: [UInt8]) -> Bool {
        bytes.indices.allSatisfy { bytes[$0] != 0x0A || ($0 > 0 && bytes[$0 - 1] == 0x0D) }
    }

    /// The decoded base64 body of the part whose header starts with `header`.
    static func base64Part(after header: String, in bytes: [UInt8]) -> [UInt8]? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start = text.range(of: header),
              let blank = text.range(of: "\r\n\r\n", range: start.upperBound..<text.endIndex),
              let end = text.range(of: "\r\n--", range: blank.upperBound..<text.endIndex)
        else { return nil }
        let encoded = text[blank.upperBound..<end.lowerBound].replacingOccurrences(of: "\r\n", with: "")
        return Data(base64Encoded: encoded).map { [UInt8]($0) }
    }
}
