import Foundation
import Glibc
import PraxisMail
import Testing

// Nested without indenting, so the diff stays one line at each end; see BlockingSuites.
extension BlockingSuites {
/// One community as an operator runs it: a real Postfix on loopback delivering the list's
/// addresses into Praxis's maildir and each member's mail into their own, `praxis run` as a child
/// under a stand-in for systemd's notify socket, and members posting by SMTP. Every message in
/// these tests crosses Postfix twice: once on its way in, once on its way out.
@Suite("End to end with Postfix", .serialized)
struct PostfixEndToEndTests {
    /// A Postfix, a configuration and a store, in one temporary folder.
    final class Setup {
        let folder: URL
        let postfix: PostfixInstance
        var configPath: String { folder.path + "/praxis.yaml" }
        var databasePath: String { folder.path + "/praxis.sqlite" }
        let community: CommunityFixture

        init(members: [String], extra: String = "") throws {
            community = try CommunityFixture()
            folder = community.url
            postfix = try PostfixInstance(members: members, in: folder.appendingPathComponent("postfix"))
            try writeConfiguration(extra: extra)
        }

        /// The community's praxis.yaml: list addresses at the Postfix's list domain, the maildir
        /// Postfix delivers to, mail out through Postfix's smtpd.
        func writeConfiguration(subjectPrefix: String = "[Mobility]", extra: String = "", port: Int? = nil) throws {
            try community.writeConfiguration("""
                community:
                  name: Mobility CoP
                  list_address: list@\(PostfixInstance.listDomain)
                paths:
                  maildir: \(postfix.praxisMaildir)
                  database: praxis.sqlite
                smtp:
                  url: smtp://127.0.0.1:\(port ?? postfix.port)
                  tls: off
                  connections: 2
                  connect_timeout: 10
                sub_issues:
                  - {id: cycling, name: Cycling infrastructure, keywords: [bike lane]}
                  - {id: procurement, name: Joint procurement, protected: true, members: [alice@\(PostfixInstance.memberDomain), frank@\(PostfixInstance.memberDomain)]}
                circles:
                  core: [mod@\(PostfixInstance.memberDomain)]
                delivery: {inner: immediate, outer: digest}
                digests:
                  - {name: weekly, schedule: "weekly mon 07:00", audience: outer}
                list:
                  subject_prefix: "\(subjectPrefix)"
                \(extra)
                """)
        }

        @discardableResult
        func praxis(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
            guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", configPath], in: folder) else {
                return (-1, "", "the praxis binary is missing")
            }
            return (status, out, err)
        }

        /// `praxis run` under a notify socket, returned once it said READY=1.
        func startDaemon() throws -> (PraxisChild, NotifySocket)? {
            try PraxisChild.startDaemon(config: configPath, in: folder)
        }

        static func address(_ member: String) -> String { "\(member)@\(PostfixInstance.memberDomain)" }
        static let list = "list@\(PostfixInstance.listDomain)"
        static let request = "list-request@\(PostfixInstance.listDomain)"

        /// `member` writes to `to` through Postfix, as their mail client would.
        func send(from member: String, to: String = Setup.list, subject: String, id: String, body: String, headers: String = "") throws {
            let message = """
                From: \(member.capitalized) <\(Self.address(member))>
                To: \(to)
                Subject: \(subject)
                Date: \(Self.now())
                Message-ID: <\(id)>
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8
                \(headers.isEmpty ? "" : headers + "\n")
                \(body)
                """
            try SMTPSubmission.send(message, from: Self.address(member), to: [to], port: postfix.port)
        }

        static func now() -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
            return formatter.string(from: Date())
        }

        /// The copy of Message-ID `id` in `member`'s mailbox, waiting for it up to `timeout`.
        func copy(of id: String, for member: String, timeout: Duration = .seconds(30)) -> MailMessage? {
            var found: MailMessage?
            _ = eventually(timeout: timeout) {
                found = postfix.mailbox(member).first { $0.messageID == id }
                return found != nil
            }
            return found
        }

        func message(for member: String, timeout: Duration = .seconds(30), where matches: (MailMessage) -> Bool) -> MailMessage? {
            var found: MailMessage?
            _ = eventually(timeout: timeout) {
                found = postfix.mailbox(member).first(where: matches)
                return found != nil
            }
            return found
        }

        func diagnostics(_ daemon: PraxisChild?) -> String {
            "praxis stderr:\n\(daemon?.standardError.suffix(4000) ?? "")\npostfix log:\n\(postfix.log.suffix(4000))"
        }
    }

    /// The first match of `pattern`'s first group in `text`.
    static func capture(_ pattern: String, in text: String) -> String? {
        guard let expression = try? NSRegularExpression(pattern: pattern),
              let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    static func raw(_ message: MailMessage) -> String { String(decoding: message.bytes, as: UTF8.self) }

    /// A digest of the community (its subject says "[Mobility CoP] ... in ...").
    static func isDigest(_ message: MailMessage) -> Bool {
        message.subject?.hasPrefix("[Mobility CoP]") == true && message.subject?.contains(" in ") == true
    }

    @Test func aCommunityRunsThroughPostfix() throws {
        guard PostfixInstance.isInstalled(for: "the Postfix end-to-end test") else { return }
        let setup = try Setup(members: ["alice", "bob", "carol", "mod", "dave", "erin", "frank"])
        try setup.postfix.start()
        defer { setup.postfix.stop() }
        for (member, role) in [("alice", "inner"), ("bob", "inner"), ("carol", "outer"), ("frank", "outer"), ("ghost", "inner"), ("mod", "core")] {
            let added = try setup.praxis(["members", "add", Setup.address(member), "--role", role])
            try #require(added.status == 0, "members add \(member): \(added.err)")
        }
        guard let (daemon, socket) = try setup.startDaemon() else { return }
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }

        try Self.listCopyReachesTheInnerCircle(setup, daemon)
        try Self.bounceIsTracedToTheMember(setup, daemon)
        try Self.heldPostIsApprovedByMail(setup, daemon)
        try Self.subscriptionIsConfirmedByMail(setup, daemon)
        try Self.protectedPostsStayInTheirSpace(setup, daemon)

        // The weekly report goes to the core group.
        let report = try setup.praxis(["report", "send", "--now"])
        #expect(report.status == 0, "\(report.err)")
        #expect(setup.message(for: "mod") { $0.subject?.contains("Weekly report") == true } != nil,
                "no weekly report reached the core group. \(setup.diagnostics(daemon))")

        // SIGHUP: a changed configuration applies to the next post.
        try setup.writeConfiguration(subjectPrefix: "[Mob2]")
        // The STATUS lines of every batch so far fill the socket's small queue; a READY=1 that
        // finds it full is dropped, so read them first, as systemd would have.
        var seen = socket.drain()
        daemon.signal(SIGHUP)
        #expect(socket.receive(until: { $0.split(separator: "\n").contains("READY=1") }, timeout: .seconds(10), seen: &seen) != nil, "\(seen)")
        #expect(eventually { daemon.standardError.contains("configuration reloaded") })
        try setup.send(from: "alice", subject: "Second lane", id: "e2e-post-2@members.test", body: "And a second one.\n")
        let second = setup.copy(of: "e2e-post-2@members.test", for: "bob")
        #expect(second?.subject?.hasPrefix("[Mob2]") == true, "subject after reload: \(second?.subject ?? "no copy")")

        // Nobody got what was not theirs: carol (outer, digest) no post at once, bob no protected
        // post, alice not her own posts.
        #expect(setup.postfix.mailbox("bob").allSatisfy { $0.messageID != "e2e-protected-1@members.test" })
        #expect(setup.postfix.mailbox("carol").allSatisfy { !($0.messageID ?? "").hasPrefix("e2e-") })
        #expect(setup.postfix.mailbox("alice").allSatisfy { $0.messageID != "e2e-post-1@members.test" })
        // One digest for carol, and none for an inner member, who had every post at once.
        #expect(setup.postfix.mailbox("carol").filter(Self.isDigest).count == 1)
        #expect(setup.postfix.mailbox("bob").filter(Self.isDigest).isEmpty)
        // Every copy exactly once.
        #expect(setup.postfix.mailbox("bob").filter { $0.messageID == "e2e-post-1@members.test" }.count == 1)

        // SIGTERM drains and exits 0, with nothing left queued.
        daemon.signal(SIGTERM)
        daemon.wait(timeout: .seconds(30))
        #expect(daemon.exitStatus == 0, "\(setup.diagnostics(daemon))")
        #expect(!daemon.wasKilledBySignal)
        #expect(try setup.community.count("SELECT COUNT(*) FROM outbox WHERE state NOT IN ('sent', 'failed')") == 0)
        #expect(try setup.community.count("SELECT COUNT(*) FROM quarantine") == 0)
        #expect(eventually { setup.postfix.queueIsEmpty })
    }

    private static func listCopyReachesTheInnerCircle(_ setup: Setup, _ daemon: PraxisChild) throws {
        // A member's post reaches the inner circle at once, with the list's headers, each copy
        // with its own VERP envelope sender; the outer circle waits for its digest.
        try setup.send(from: "alice", subject: "New bike lane on Main Street", id: "e2e-post-1@members.test",
                       body: "Hello all,\nthe bike lane on Main Street opened today.\n")
        let copy = setup.copy(of: "e2e-post-1@members.test", for: "bob")
        try #require(copy != nil, "bob received no copy of alice's post. \(setup.diagnostics(daemon))")
        if let copy {
            #expect(copy.subject == "[Mobility] New bike lane on Main Street")
            #expect(copy.header("List-Id")?.contains("<list.lists.test>") == true, "\(copy.header("List-Id") ?? "no List-Id")")
            #expect(copy.header("List-Post") == "<mailto:\(Setup.list)>")
            #expect(copy.header("List-Unsubscribe")?.contains(Setup.request) == true)
            #expect(copy.header("Precedence") == "list")
            #expect(copy.header("X-Loop")?.contains(Setup.list) == true)
            #expect(copy.header("Return-Path") == "<list-bounces+bob=members.test@lists.test>")
            #expect(copy.header("Delivered-To") == Setup.address("bob"))
            #expect(copy.from.first?.address == Setup.address("alice"))
            #expect(copy.text.contains("the bike lane on Main Street opened today."))
        }
    }

    private static func bounceIsTracedToTheMember(_ setup: Setup, _ daemon: PraxisChild) throws {
        // The inner member without a mailbox: Postfix accepted the copy, bounced it to the VERP
        // address, and Praxis traced the DSN back to the member.
        let bounced = try eventually(timeout: .seconds(30)) {
            try setup.community.count("SELECT COUNT(*) FROM members WHERE address = 'ghost@members.test' AND bounce_score > 0") == 1
        }
        #expect(bounced, "ghost's bounce score did not rise. \(setup.diagnostics(daemon))")
    }

    private static func heldPostIsApprovedByMail(_ setup: Setup, _ daemon: PraxisChild) throws {
        // A non-member's post is held; the moderator approves it by email with the token from
        // the request in their mailbox; then it is distributed.
        try setup.send(from: "dave", subject: "Question about parking", id: "e2e-held-1@members.test",
                       body: "Can anyone share their kerbside rules?\n")
        let request = setup.message(for: "mod") { $0.subject?.hasPrefix("Held for moderation") == true }
        try #require(request != nil, "the moderator got no request. \(setup.diagnostics(daemon))")
        let token = request.flatMap { Self.capture("\\napprove ([A-Za-z0-9]+)\\r?\\n", in: Self.raw($0)) }
        try #require(token != nil, "no approve line in the request: \(request.map(Self.raw) ?? "")")
        #expect(setup.postfix.mailbox("bob").allSatisfy { $0.messageID != "e2e-held-1@members.test" })
        try setup.send(from: "mod", to: Setup.request, subject: "Re: Held for moderation", id: "e2e-approve-1@members.test",
                       body: "approve \(token ?? "")\n")
        #expect(setup.copy(of: "e2e-held-1@members.test", for: "bob") != nil, "the approved post did not reach bob. \(setup.diagnostics(daemon))")
    }

    private static func subscriptionIsConfirmedByMail(_ setup: Setup, _ daemon: PraxisChild) throws {
        // Subscription by email: a confirmation with a token, answered, makes an active member.
        try setup.send(from: "erin", to: Setup.request, subject: "subscribe", id: "e2e-subscribe-1@members.test", body: "subscribe Erin\n")
        let confirmation = setup.message(for: "erin") { $0.subject?.hasPrefix("confirm ") == true }
        try #require(confirmation != nil, "erin got no confirmation request. \(setup.diagnostics(daemon))")
        let confirmToken = String(confirmation?.subject?.dropFirst("confirm ".count) ?? "")
        #expect(try setup.community.count("SELECT COUNT(*) FROM members WHERE address = 'erin@members.test' AND status = 'active'") == 0)
        try setup.send(from: "erin", to: Setup.request, subject: "Re: confirm \(confirmToken)", id: "e2e-confirm-1@members.test",
                       body: "Yes please.\n")
        let joined = try eventually(timeout: .seconds(30)) {
            try setup.community.count("SELECT COUNT(*) FROM members WHERE address = 'erin@members.test' AND status = 'active'") == 1
        }
        #expect(joined, "erin did not become a member. \(setup.diagnostics(daemon))")
        #expect(setup.message(for: "erin") { $0.text.contains("welcome") } != nil, "erin got no welcome")
    }

    private static func protectedPostsStayInTheirSpace(_ setup: Setup, _ daemon: PraxisChild) throws {
        // A protected post reaches the core group (alice, the admitted member, wrote it) and
        // never an inner member who is not admitted.
        try setup.send(from: "alice", subject: "[procurement] Tender prices", id: "e2e-protected-1@members.test",
                       body: "The framework agreement prices are in.\n")
        #expect(setup.copy(of: "e2e-protected-1@members.test", for: "mod") != nil, "the core group did not get the protected post")
        // Protected by its address alone: list+procurement@, no tag in the subject.
        try setup.send(from: "alice", to: "list+procurement@\(PostfixInstance.listDomain)", subject: "Delivery slots",
                       id: "e2e-protected-2@members.test", body: "The supplier offers delivery slots on Tuesdays.\n")
        #expect(setup.copy(of: "e2e-protected-2@members.test", for: "mod") != nil, "the core group did not get the list+procurement@ post")

        // The digest, run by hand: the outer circle gets the open posts, never a protected one;
        // frank, outer but admitted to procurement, gets those too.
        let digest = try setup.praxis(["digest", "send", "--schedule", "weekly", "--now"])
        #expect(digest.status == 0, "\(digest.err)")
        let carolsDigest = setup.message(for: "carol", where: Self.isDigest)
        try #require(carolsDigest != nil, "carol got no digest: \(digest.out) \(setup.diagnostics(daemon))")
        if let text = carolsDigest?.text {
            #expect(text.contains("the bike lane on Main Street opened today."), "\(text)")
            #expect(text.contains("kerbside rules"), "the approved post is not in the digest: \(text)")
            #expect(!text.contains("Tender prices"), "\(text)")
            #expect(!text.contains("framework agreement prices"), "\(text)")
            #expect(!text.contains("Delivery slots"), "\(text)")
            #expect(!text.contains("delivery slots on Tuesdays"), "\(text)")
        }
        let franksDigest = setup.message(for: "frank", where: Self.isDigest)
        try #require(franksDigest != nil, "frank got no digest. \(setup.diagnostics(daemon))")
        if let text = franksDigest?.text {
            #expect(text.contains("framework agreement prices"), "\(text)")
            #expect(text.contains("delivery slots on Tuesdays"), "\(text)")
            #expect(text.contains("the bike lane on Main Street opened today."), "\(text)")
        }
    }
}
}
