import Foundation
import GRDB
import PraxisMail
import PraxisStore
import PraxisSystem
import Testing

/// A community with a protected sub-issue, run through the real `praxis` binary: mail is
/// delivered into the maildir, `praxis ingest --once` records it, digests and reports are queued
/// by `praxis digest send` / `praxis report send`, and `praxis outbox flush` writes every outgoing
/// message into a local maildir (the `maildir:` transport), where each file names its recipients
/// in `X-Original-To:`. Inside the protected space are the core group and the sub-issue's
/// members; everyone else is outside.
final class ProtectedSpaceCommunity {
    static let core = "mod@example.org"
    /// Admitted to `procurement`; reads list copies at once.
    static let buyer = "buyer@example.org"
    /// Admitted to `procurement`, and writes only there: her name and address are protected too.
    static let petra = "petra.hidden@example.org"
    static let petraName = "Petra Hiddenmark"
    static let inside: Set<String> = [core, buyer, petra]
    /// Outside: one reading list copies at once, one per digest format, and the organisation.
    static let immediate = "outer-now@example.org"
    static let digestReaders = ["text": "outer-text@example.org", "html": "outer-html@example.org",
                                "mime": "outer-mime@example.org", "rfc1153": "outer-rfc@example.org"]
    static let organisation = "all-staff@example.org"

    /// `tenders` is open until a test closes it, as an operator may decide later.
    static func configuration(tendersProtected: Bool = false) -> String { """
        community:
          name: Test CoP
          list_address: list@example.org
          timezone: UTC
        paths:
          maildir: Maildir
          database: praxis.sqlite
        smtp: {url: "maildir:Outgoing"}
        sub_issues:
          - {id: cycling, name: Cycling}
          - {id: procurement, name: Joint procurement, protected: true, members: [\(buyer), \(petra)]}
          - {id: tenders, name: Tenders\(tendersProtected ? ", protected: true, members: [\(buyer)]" : "")}
        circles:
          core: [\(core)]
        delivery: {inner: immediate, outer: digest}
        digests:
          - {name: weekly, schedule: "weekly mon 07:00", audience: subscribers}
        reports: {moderators: {schedule: "weekly mon 08:00"}}
        organisation: {address: \(organisation), schedule: "weekly mon 09:00", format: mime}
        """ }

    let fixture: CommunityFixture
    private var delivered = 0
    /// Posts are dated in the last complete week, so that `report send --now` reports on them;
    /// digests go by the time of arrival, which is now.
    let postDate = Date().addingTimeInterval(-7 * 86_400)

    init() throws {
        fixture = try CommunityFixture()
        try fixture.writeConfiguration(Self.configuration())
        let database = try fixture.database()
        let joined = Date().addingTimeInterval(-86_400 * 30)
        var addresses = [Self.core, Self.buyer, Self.petra, Self.immediate, "alice@example.org", "bob@example.org"]
        addresses += Self.digestReaders.values.sorted()
        for address in addresses {
            let member = try database.addMember(address: address, name: address == Self.petra ? Self.petraName : nil, joinedAt: joined)
            let format = Self.digestReaders.first { $0.value == address }?.key
            let delivery = address == Self.immediate || address == Self.buyer ? "immediate" : "digest"
            try database.write("setting up a member") { db in
                try db.execute(sql: "UPDATE members SET delivery = ?, digest_format = ? WHERE id = ?",
                               arguments: [delivery, format, member.id])
            }
        }
    }

    /// Delivers one message as an MTA would (tmp/, then new/).
    func deliver(
        id: String, from: String, subject: String, body: String, inReplyTo: String? = nil, references: String? = nil,
        to: String = "list@example.org"
    ) throws {
        delivered += 1
        var header = """
            From: \(from)
            To: \(to)
            Subject: \(subject)
            Date: \(formatMailDate(postDate.addingTimeInterval(Double(delivered) * 60)))
            Message-ID: <\(id)>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            """
        if let inReplyTo { header += "In-Reply-To: \(inReplyTo)\n" }
        if let references { header += "References: \(references)\n" }
        try fixture.deliver(Array((header + "\n" + body + "\n").utf8), as: CommunityFixture.uniqueName(delivered))
    }

    /// `praxis ARGUMENTS --config …`, which must succeed.
    @discardableResult
    func praxis(_ arguments: [String], expectingSuccess: Bool = true) throws -> PraxisBinary.Outcome {
        guard let outcome = try PraxisBinary.run(arguments + ["--config", fixture.configPath]) else {
            Issue.record("the praxis executable was not found beside the test bundle (\(Bundle.main.bundleURL.path))")
            return PraxisBinary.Outcome(status: -1, standardOutput: "", standardError: "")
        }
        if expectingSuccess {
            #expect(outcome.status == 0, "praxis \(arguments.joined(separator: " ")): \(outcome.standardError)")
        }
        return outcome
    }

    func ingest() throws { try praxis(["ingest", "--once"]) }

    /// Every message the outbox flush wrote, with the recipients its envelope named.
    func outgoing() throws -> [(recipients: [String], text: String)] {
        let folder = fixture.url.appendingPathComponent("Outgoing/new").path
        return try fixture.files(in: folder).map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            let text = String(decoding: data, as: UTF8.self)
            let recipients = text.split(separator: "\n").prefix { !$0.isEmpty && $0 != "\r" }
                .filter { $0.hasPrefix("X-Original-To: ") }
                .map { String($0.dropFirst("X-Original-To: ".count)).trimmingCharacters(in: .whitespacesAndNewlines) }
            return (recipients, text)
        }
    }

    /// Whether the post with this Message-ID was recorded protected, and in which sub-issue.
    func stored(_ id: String) throws -> (subIssue: String, isProtected: Bool)? {
        try fixture.database().read("reading a post") { db in
            try Row.fetchOne(db, sql: "SELECT sub_issue, is_protected FROM posts WHERE message_id = ?", arguments: [id])
                .map { ($0[0], $0[1]) }
        }
    }

    /// The number `praxis moderation list` shows for the held post with this Message-ID.
    func heldID(of id: String) throws -> Int64 {
        try fixture.database().read("reading a held post") { db in
            try Int64.fetchOne(db, sql: """
                SELECT h.id FROM held_messages h JOIN posts p ON p.id = h.post_id WHERE p.message_id = ?
                """, arguments: [id]) ?? -1
        }
    }

    func threadIsProtected(of id: String) throws -> Bool? {
        try fixture.database().read("reading a thread") { db in
            try Bool.fetchOne(db, sql: """
                SELECT t.is_protected FROM threads t JOIN posts p ON p.thread_id = t.id WHERE p.message_id = ?
                """, arguments: [id])
        }
    }

    /// The text as a reader gets it: quoted-printable and base64 parts decoded (MIME digests
    /// carry the originals as they came, other parts may be encoded), and percent-encoding undone
    /// (digest reply links are mailto: URLs), besides the raw text, so a marker hides in no form.
    static func readable(_ text: String) -> String {
        let message = MailMessage(Array(text.utf8))
        var parts = [text, message.text]
        // Every part, HTML included, through a rough quoted-printable decoding: soft line breaks
        // could split a marker in the raw text.
        let unsoftened = text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "")
            .replacingOccurrences(of: "=40", with: "@").replacingOccurrences(of: "=3D", with: "=")
        for part in [text, message.text, unsoftened] {
            parts.append(part.replacingOccurrences(of: "%40", with: "@").replacingOccurrences(of: "%3C", with: "<"))
        }
        for attachment in message.attachments { parts.append(attachment.filename ?? "") }
        return parts.joined(separator: "\n")
    }

    /// The markers of protected content in `text`, for a reader outside.
    static func leaks(in text: String, markers: [String]) -> [String] {
        let readable = readable(text)
        return markers.filter { readable.contains($0) }
    }
}

@Suite("Protected space: no leak to the outside", .serialized)
struct ProtectedSpaceLeakTests {
    /// Issue 16, finding 1: a reply that names a protected post only in References (its
    /// In-Reply-To a public post, or no In-Reply-To at all) was recorded public, and its list copies,
    /// digests and the organisation digest carried `References: <p1>` and its text outside.
    @Test func aReplyNamingAProtectedPostOnlyInReferencesIsProtected() throws {
        let space = try ProtectedSpaceCommunity()
        try space.deliver(id: "p1@example.org", from: "\(ProtectedSpaceCommunity.petraName) <\(ProtectedSpaceCommunity.petra)>",
                          subject: "[procurement] SECRETSUBJ-1 tender prices", body: "SECRETTEXT-1 the ceiling is 4711.")
        try space.deliver(id: "pub6@example.org", from: "alice@example.org", subject: "Bike lanes on Main Street",
                          body: "PUBLICTEXT-6 the lane opens in May.")
        try space.ingest()
        try space.deliver(id: "a1@example.org", from: "bob@example.org", subject: "Re: Bike lanes on Main Street",
                          body: "SECRETTEXT-A1 see the tender.", inReplyTo: "<pub6@example.org>", references: "<p1@example.org>")
        try space.deliver(id: "b1@example.org", from: "bob@example.org", subject: "Re: Bike lanes on Main Street",
                          body: "SECRETTEXT-B1 as in the tender.", references: "<p1@example.org> <pub6@example.org>")
        try space.ingest()

        for id in ["a1@example.org", "b1@example.org"] {
            let stored = try space.stored(id)
            #expect(stored?.isProtected == true, "\(id) names a protected post and must be protected")
            #expect(stored?.subIssue == "procurement", "\(id)")
        }
        #expect(try space.stored("pub6@example.org")?.isProtected == false)

        try space.praxis(["digest", "send", "--schedule", "weekly", "--now"])
        try space.praxis(["digest", "send", "--schedule", "organisation", "--now"])
        try space.praxis(["outbox", "flush"])
        let mail = try space.outgoing()
        let markers = ["p1@example.org", "a1@example.org", "b1@example.org", "SECRETTEXT", "SECRETSUBJ"]
        var outsideCount = 0
        for message in mail {
            for recipient in message.recipients where !ProtectedSpaceCommunity.inside.contains(recipient) {
                outsideCount += 1
                let leaked = ProtectedSpaceCommunity.leaks(in: message.text, markers: markers)
                #expect(leaked.isEmpty, "\(recipient) got \(leaked) in:\n\(message.text.prefix(3000))")
            }
        }
        // The checks above looked at something: the public post reached the outside, and the
        // protected replies reached the admitted buyer.
        #expect(outsideCount > 0)
        #expect(mail.contains { $0.recipients == [ProtectedSpaceCommunity.immediate] && $0.text.contains("PUBLICTEXT-6") })
        #expect(mail.contains { $0.recipients == [ProtectedSpaceCommunity.organisation] && $0.text.contains("PUBLICTEXT-6") })
        #expect(mail.contains { $0.recipients == [ProtectedSpaceCommunity.buyer] && $0.text.contains("SECRETTEXT-A1") })
        #expect(mail.contains { $0.recipients == [ProtectedSpaceCommunity.buyer] && $0.text.contains("SECRETTEXT-B1") })
    }

    /// Issue 16, finding 2: a reply tagged `[procurement]` inside a public thread set the whole
    /// thread's protected flag, so the public thread vanished from every outer and organisation
    /// digest, and later public replies were never digested.
    @Test func aProtectedReplyLeavesItsPublicThreadInTheDigests() throws {
        let space = try ProtectedSpaceCommunity()
        try space.deliver(id: "r1@example.org", from: "alice@example.org", subject: "Depot charging schedule",
                          body: "PUBLICTEXT-R1 chargers run at night.")
        try space.ingest()
        try space.deliver(id: "protected-q1@example.org", from: "\(ProtectedSpaceCommunity.petraName) <\(ProtectedSpaceCommunity.petra)>",
                          subject: "Re: [procurement] Depot charging schedule SECRETSUBJ-Q1",
                          body: "SECRETTEXT-Q1 the supplier offered 12% off.", inReplyTo: "<r1@example.org>",
                          references: "<r1@example.org>")
        try space.ingest()
        try space.deliver(id: "r2@example.org", from: "bob@example.org", subject: "Re: Depot charging schedule",
                          body: "PUBLICTEXT-R2 and by day on weekends.", inReplyTo: "<r1@example.org>",
                          references: "<r1@example.org>")
        // A reply to the protected reply, untagged: protected all the same (DESIGN §2.3).
        try space.deliver(id: "protected-q2@example.org", from: "\(ProtectedSpaceCommunity.buyer)", subject: "Re: Depot charging schedule",
                          body: "SECRETTEXT-Q2 take it.", inReplyTo: "<protected-q1@example.org>",
                          references: "<r1@example.org> <protected-q1@example.org>")
        try space.ingest()

        #expect(try space.threadIsProtected(of: "r1@example.org") == false, "a protected reply must not protect its thread")
        #expect(try space.stored("r2@example.org")?.isProtected == false)
        #expect(try space.stored("protected-q1@example.org")?.isProtected == true)
        #expect(try space.stored("protected-q2@example.org")?.isProtected == true)
        #expect(try space.stored("protected-q2@example.org")?.subIssue == "procurement")

        let markers = ["protected-q1@example.org", "protected-q2@example.org", "SECRETTEXT", "SECRETSUBJ", ProtectedSpaceCommunity.petraName]
        for (format, reader) in ProtectedSpaceCommunity.digestReaders.sorted(by: { $0.key < $1.key }) {
            let preview = try space.praxis(["digest", "preview", "--member", reader, "--format", format])
            let readable = ProtectedSpaceCommunity.readable(preview.standardOutput)
            #expect(readable.contains("PUBLICTEXT-R1") && readable.contains("PUBLICTEXT-R2"),
                    "the public thread is missing from the \(format) digest:\n\(preview.standardOutput.prefix(3000))")
            let leaked = ProtectedSpaceCommunity.leaks(in: preview.standardOutput, markers: markers)
            #expect(leaked.isEmpty, "\(format) digest preview for \(reader) shows \(leaked)")
        }
        let organisation = try space.praxis(["digest", "preview", "--schedule", "organisation", "--member", ProtectedSpaceCommunity.core,
                                             "--format", "text"])
        #expect(organisation.standardOutput.contains("PUBLICTEXT-R2"), "\(organisation.standardOutput.prefix(3000))")
        // Admitted readers still see the protected replies in their thread.
        try space.praxis(["digest", "send", "--schedule", "weekly", "--now"])
        try space.praxis(["digest", "send", "--schedule", "organisation", "--now"])
        try space.praxis(["outbox", "flush"])
        let mail = try space.outgoing()
        #expect(mail.contains { $0.recipients == [ProtectedSpaceCommunity.organisation] && ProtectedSpaceCommunity.readable($0.text).contains("PUBLICTEXT-R2") })
        #expect(mail.contains { $0.recipients == [ProtectedSpaceCommunity.core] && ProtectedSpaceCommunity.readable($0.text).contains("SECRETTEXT-Q2") })
        for message in mail {
            for recipient in message.recipients where !ProtectedSpaceCommunity.inside.contains(recipient) {
                var readable = ProtectedSpaceCommunity.readable(message.text)
                // The guest may read about the reply he wrote himself, nothing else of the space.
                if recipient == "guest@elsewhere.example" {
                    for own in ["secret-w1@example.org", "SECRETTEXT-W1"] { readable = readable.replacingOccurrences(of: own, with: "") }
                }
                let leaked = markers.filter { readable.contains($0) }
                #expect(leaked.isEmpty, "\(recipient) got \(leaked) in:\n\(message.text.prefix(3000))")
            }
        }
    }

    /// The whole outbox after a mix of protected and public threads that point at each other in
    /// every way recording knows (In-Reply-To, References, tags, the subject window, a parent
    /// never received, a References list too long to follow): list copies, digests in every
    /// format, the organisation digest, the weekly report, notices and command replies. No
    /// recipient outside the protected sub-issue may find a protected Message-ID, subject, text
    /// or author in any of them.
    @Test func everyOutgoingMessageKeepsTheProtectedSpaceClosed() throws {
        let space = try ProtectedSpaceCommunity()
        try Self.sendMailAcrossTheBoundary(to: space)

        let protectedIDs = ["secret-p1", "secret-t1", "secret-x1", "secret-u1", "secret-h1", "secret-s1", "secret-q1", "secret-q2",
                            "secret-w1"]
            .map { $0 + "@example.org" }
        for id in protectedIDs {
            #expect(try space.stored(id)?.isProtected == true, "\(id) must be recorded protected")
        }
        for id in ["pub-r1", "pub-r2", "pub-r3"].map({ $0 + "@example.org" }) {
            #expect(try space.stored(id)?.isProtected == false, "\(id) must stay public")
        }

        let (checked, sent) = try Self.everythingThatGoesOut(of: space)

        let markers = protectedIDs + ["SECRETTEXT", "SECRETSUBJ", ProtectedSpaceCommunity.petraName, ProtectedSpaceCommunity.petra]
        var kinds = Set<String>()
        for message in sent {
            for recipient in message.recipients where !ProtectedSpaceCommunity.inside.contains(recipient) {
                kinds.insert(Self.kind(of: message.text))
            }
        }
        for message in checked {
            for recipient in message.recipients where !ProtectedSpaceCommunity.inside.contains(recipient) {
                var readable = ProtectedSpaceCommunity.readable(message.text)
                // The guest may read about the reply he wrote himself, nothing else of the space.
                if recipient == "guest@elsewhere.example" {
                    for own in ["secret-w1@example.org", "SECRETTEXT-W1"] { readable = readable.replacingOccurrences(of: own, with: "") }
                }
                let leaked = markers.filter { readable.contains($0) }
                #expect(leaked.isEmpty, "\(recipient) got \(leaked) in:\n\(message.text.prefix(4000))")
            }
        }
        // The walk covered every kind of mail that leaves for the outside.
        #expect(kinds.isSuperset(of: ["list copy", "digest", "command reply", "notice", "report"]), "\(kinds.sorted())")
        // And the public posts did reach the outside (the digests are not simply empty).
        let outside = checked.filter { !$0.recipients.allSatisfy(ProtectedSpaceCommunity.inside.contains) }
        for text in ["PUBLICTEXT-R1", "PUBLICTEXT-R2", "PUBLICTEXT-R3"] {
            #expect(outside.contains { ProtectedSpaceCommunity.readable($0.text).contains(text) }, "\(text) reached nobody outside")
        }
    }

    /// The posts of `everyOutgoingMessageKeepsTheProtectedSpaceClosed`, in three rounds of ingest,
    /// and the moderators' decisions on the two held ones.
    private static func sendMailAcrossTheBoundary(to space: ProtectedSpaceCommunity) throws {
        let petra = "\(ProtectedSpaceCommunity.petraName) <\(ProtectedSpaceCommunity.petra)>"
        // Round 1: protected and public roots.
        try space.deliver(id: "secret-p1@example.org", from: petra, subject: "[procurement] SECRETSUBJ-P1 Tender for buses",
                          body: "SECRETTEXT-P1 the ceiling is 4711.")
        try space.deliver(id: "pub-r1@example.org", from: "alice@example.org", subject: "[cycling] Junction redesign",
                          body: "PUBLICTEXT-R1 the junction opens in May.")
        try space.deliver(id: "pub-r2@example.org", from: "bob@example.org", subject: "Parking permits",
                          body: "PUBLICTEXT-R2 permits go digital.")
        try space.ingest()
        // Round 2: replies across the boundary.
        // A public-tagged reply to the protected root: protected, whatever its tag.
        try space.deliver(id: "secret-t1@example.org", from: "bob@example.org", subject: "Re: [cycling] SECRETSUBJ-P1 Tender for buses",
                          body: "SECRETTEXT-T1 bikes on buses?", inReplyTo: "<secret-p1@example.org>")
        // In-Reply-To a public post, References the protected one.
        try space.deliver(id: "secret-x1@example.org", from: "alice@example.org", subject: "Re: [cycling] Junction redesign",
                          body: "SECRETTEXT-X1 as the tender says.", inReplyTo: "<pub-r1@example.org>",
                          references: "<secret-p1@example.org> <pub-r1@example.org>")
        // A parent never received, the protected post further up.
        try space.deliver(id: "secret-u1@example.org", from: "bob@example.org", subject: "Re: Parking permits",
                          body: "SECRETTEXT-U1 unknown parent.", inReplyTo: "<never-arrived@example.org>",
                          references: "<secret-p1@example.org> <never-arrived@example.org>")
        // The protected id first in a References list longer than recording follows, then a public parent.
        let filler = (1...80).map { "<filler-\($0)@example.org>" }.joined(separator: " ")
        try space.deliver(id: "secret-h1@example.org", from: "alice@example.org", subject: "Re: Parking permits",
                          body: "SECRETTEXT-H1 hostile references.", inReplyTo: "<pub-r2@example.org>",
                          references: "<secret-p1@example.org> \(filler) <pub-r2@example.org>")
        // The subject window: an untagged reply without references joins the protected thread.
        try space.deliver(id: "secret-s1@example.org", from: "bob@example.org", subject: "Re: SECRETSUBJ-P1 Tender for buses",
                          body: "SECRETTEXT-S1 by subject.")
        // A protected reply in a public thread, and a public reply after it.
        try space.deliver(id: "secret-q1@example.org", from: petra, subject: "Re: [procurement] Junction redesign SECRETSUBJ-Q1",
                          body: "SECRETTEXT-Q1 the signal supplier.", inReplyTo: "<pub-r1@example.org>",
                          references: "<pub-r1@example.org>")
        try space.ingest()
        try space.deliver(id: "pub-r3@example.org", from: "bob@example.org", subject: "Re: [cycling] Junction redesign",
                          body: "PUBLICTEXT-R3 cyclists get a head start.", inReplyTo: "<pub-r1@example.org>",
                          references: "<pub-r1@example.org>")
        // Deep in the protected sub-thread below the protected reply.
        try space.deliver(id: "secret-q2@example.org", from: "alice@example.org", subject: "Re: Junction redesign",
                          body: "SECRETTEXT-Q2 deeper.", inReplyTo: "<secret-q1@example.org>",
                          references: "<pub-r1@example.org> <secret-q1@example.org>")
        // Mail that is answered rather than distributed: commands from outside, a non-member's post.
        try space.deliver(id: "cmd1@example.org", from: ProtectedSpaceCommunity.immediate, subject: "whoami",
                          body: "whoami\nhelp\nfollow procurement", to: "list-request@example.org")
        try space.deliver(id: "stranger1@example.org", from: "stranger@elsewhere.example", subject: "Question about lanes",
                          body: "PUBLICTEXT-STRANGER who do I ask?")
        // A non-member's reply to the protected root: held, then approved by a moderator.
        try space.deliver(id: "secret-w1@example.org", from: "guest@elsewhere.example", subject: "Re: buses",
                          body: "SECRETTEXT-W1 a guest's offer.", references: "<secret-p1@example.org>")
        try space.ingest()
        // The moderators decide: the stranger is told of the rejection, the guest's reply goes out.
        try space.praxis(["moderation", "reject", String(try space.heldID(of: "stranger1@example.org")), "--reason", "ask the owner"])
        try space.praxis(["moderation", "approve", String(try space.heldID(of: "secret-w1@example.org"))])
    }

    /// Digest previews in every format (before sending moves the marks), then everything sent:
    /// digests, the organisation digest, the report, and what was queued before.
    private static func everythingThatGoesOut(
        of space: ProtectedSpaceCommunity
    ) throws -> (checked: [(recipients: [String], text: String)], sent: [(recipients: [String], text: String)]) {
        // Previews first (a sent digest moves the marks): what each format would carry, also the
        // formats no member is sent here.
        var checked: [(recipients: [String], text: String)] = []
        for (format, reader) in ProtectedSpaceCommunity.digestReaders {
            for shown in ["text", "html", "mime", "rfc1153"] where shown != format {
                checked.append(([reader], try space.praxis(["digest", "preview", "--member", reader, "--format", shown]).standardOutput))
            }
        }
        for format in ["text", "html", "mime", "rfc1153"] {
            let preview = try space.praxis(["digest", "preview", "--schedule", "organisation", "--member", ProtectedSpaceCommunity.core,
                                            "--format", format])
            checked.append(([ProtectedSpaceCommunity.organisation], preview.standardOutput))
        }
        // Everything that goes out: digests in every format, the organisation digest, the report.
        try space.praxis(["digest", "send", "--schedule", "weekly", "--now"])
        try space.praxis(["digest", "send", "--schedule", "organisation", "--now"])
        try space.praxis(["report", "send", "--now"])
        try space.praxis(["outbox", "flush"])
        let sent = try space.outgoing()
        checked += sent
        return (checked, sent)
    }

    /// Where recording cannot know: a post a moderator moves into a protected sub-issue after a
    /// tagged public reply answered it, and a sub-issue the operator closes after its posts were
    /// recorded. The public replies stay public, but no list copy, embedded original or digest
    /// reply link that reaches the outside names the now protected posts.
    @Test func copiesAndDigestsNameNoPostThatBecameProtectedLater() throws {
        let space = try ProtectedSpaceCommunity()
        try space.deliver(id: "root-r@example.org", from: "alice@example.org", subject: "Signal timing",
                          body: "PUBLICTEXT-R the signals change in June.")
        try space.deliver(id: "tender-t@example.org", from: "alice@example.org", subject: "[tenders] Bus shelters",
                          body: "PUBLICTEXT-T the shelters go out to tender.")
        try space.ingest()
        try space.deliver(id: "later-a@example.org", from: "bob@example.org", subject: "Re: Signal timing",
                          body: "LATERTEXT-A the supplier's price.", inReplyTo: "<root-r@example.org>",
                          references: "<root-r@example.org>")
        try space.ingest()
        try space.deliver(id: "public-b@example.org", from: "alice@example.org", subject: "Re: [cycling] Signal timing",
                          body: "PUBLICTEXT-B cyclists first.", inReplyTo: "<later-a@example.org>",
                          references: "<root-r@example.org> <later-a@example.org>")
        try space.ingest()
        // The moderator moves the reply into the protected sub-issue; the tagged reply below it stays.
        try space.praxis(["classify", "set", "later-a@example.org", "procurement"])
        #expect(try space.stored("later-a@example.org")?.isProtected == true)
        #expect(try space.stored("public-b@example.org")?.isProtected == false)
        // The operator closes `tenders`; then a public reply names its post in References.
        try space.fixture.writeConfiguration(ProtectedSpaceCommunity.configuration(tendersProtected: true))
        try space.deliver(id: "public-d@example.org", from: "bob@example.org", subject: "Re: [cycling] Signal timing",
                          body: "PUBLICTEXT-D shelters at the signals too.", inReplyTo: "<root-r@example.org>",
                          references: "<tender-t@example.org> <root-r@example.org>")
        try space.ingest()
        #expect(try space.stored("public-d@example.org")?.isProtected == false)

        let hidden = ["later-a@example.org", "LATERTEXT-A", "tender-t@example.org", "PUBLICTEXT-T"]
        var previews: [(format: String, text: String)] = []
        for format in ["text", "html", "mime", "rfc1153"] {
            let reader = ProtectedSpaceCommunity.digestReaders[format] ?? ""
            previews.append((format, try space.praxis(["digest", "preview", "--member", reader, "--format", format]).standardOutput))
        }
        let organisation = try space.praxis(["digest", "preview", "--schedule", "organisation", "--member", ProtectedSpaceCommunity.core,
                                             "--format", "mime"])
        previews.append(("organisation mime", organisation.standardOutput))
        for preview in previews {
            #expect(ProtectedSpaceCommunity.readable(preview.text).contains("PUBLICTEXT-B"), "\(preview.format): \(preview.text.prefix(2000))")
            let leaked = ProtectedSpaceCommunity.leaks(in: preview.text, markers: hidden)
            #expect(leaked.isEmpty, "the \(preview.format) digest names \(leaked):\n\(preview.text.prefix(4000))")
        }
        try space.praxis(["outbox", "flush"])
        let copies = try space.outgoing().filter { $0.recipients == [ProtectedSpaceCommunity.immediate] }
        let copyOfD = try #require(copies.first { $0.text.contains("PUBLICTEXT-D") })
        let message = MailMessage(Array(copyOfD.text.utf8))
        #expect(message.references == ["root-r@example.org"], "\(copyOfD.text.prefix(2000))")
        #expect(message.inReplyTo == ["root-r@example.org"])
        // Copies that left before the reclassification named what was public then; later ones do not.
        let leaked = ProtectedSpaceCommunity.leaks(in: copyOfD.text, markers: hidden)
        #expect(leaked.isEmpty, "\(leaked)")
    }

    /// Which kind of outgoing mail a message is, told apart by the marks each kind carries.
    static func kind(of text: String) -> String {
        let message = MailMessage(Array(text.utf8))
        let subject = message.subject ?? ""
        if message.header("list-id") != nil && message.header("x-loop") != nil && !subject.lowercased().contains("digest") {
            return "list copy"
        }
        if subject.lowercased().contains("digest") || text.contains("Today's Topics") { return "digest" }
        if subject.lowercased().contains("report") { return "report" }
        if message.inReplyTo.contains("cmd1@example.org") { return "command reply" }
        if message.inReplyTo.contains("stranger1@example.org") || message.to.contains(where: { $0.address.contains("stranger") }) {
            return "notice"
        }
        return "other: " + subject
    }
}
