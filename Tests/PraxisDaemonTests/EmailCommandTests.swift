import Foundation
import GRDB
import Logging
import PraxisCommunity
import PraxisDaemon
import PraxisMail
import PraxisStore
import Testing

/// Email commands to the request address, through real ingest of real message files from a
/// temporary maildir into a real SQLite store; every reply is read back from the outbox and parsed.
@Suite("Email commands")
struct EmailCommandTests {
    static let request = "list-request@example.org"
    static let configuration = CommunityFixture.configuration(extra: """
        sub_issues:
          - {id: cycling, name: Cycling infrastructure, aliases: [bikes]}
          - {id: parking, name: Parking}
          - {id: procurement, name: Joint procurement, protected: true, members: [Carol@Example.org]}
        circles:
          core: [mod@example.org]
        """)

    /// A community with its store and maildir, ingesting in-process as the daemon does.
    final class Setup {
        let fixture: CommunityFixture
        let ingestor: Ingestor
        private var delivered = 0

        init(moderation: (any MailedModeration)? = nil) throws {
            fixture = try CommunityFixture()
            try fixture.writeConfiguration(EmailCommandTests.configuration)
            let configuration = try ConfigurationLoader.load(path: fixture.configPath)
            var logger = Logger(label: "email-command-tests")
            logger.logLevel = .critical
            let instance = try CommunityInstance(configuration: configuration, logger: logger)
            let processor = EmailCommandProcessor(
                community: configuration.community, subIssues: configuration.allSubIssues,
                coreGroup: configuration.circles.core, delivery: configuration.delivery, moderation: moderation)
            ingestor = Ingestor(
                maildir: instance.maildir, database: instance.database, community: configuration.community,
                followUps: [processor], logger: logger)
        }

        /// Delivers one message and ingests it; returns its Message-ID.
        @discardableResult
        func send(
            from: String, subject: String = "", body: String, to: String = EmailCommandTests.request,
            headers: String = ""
        ) async throws -> String {
            delivered += 1
            let id = "cmd-\(delivered)-\(UUID().uuidString.prefix(8))@example.net"
            let message = "From: \(from)\r\nTo: \(to)\r\nSubject: \(subject)\r\n"
                + "Date: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <\(id)>\r\n\(headers)\r\n"
                + body.replacingOccurrences(of: "\n", with: "\r\n")
            try fixture.deliver(Array(message.utf8), as: CommunityFixture.uniqueName(delivered))
            try await ingestor.drainNew()
            return id
        }

        func sendBytes(_ bytes: [UInt8]) async throws {
            delivered += 1
            try fixture.deliver(bytes, as: CommunityFixture.uniqueName(delivered))
            try await ingestor.drainNew()
        }

        /// Every reply in the outbox, oldest first, parsed back.
        func replies() throws -> [(recipients: String, message: MailMessage)] {
            try fixture.database().read("reading replies") { db in
                try Row.fetchAll(db, sql: "SELECT recipients, message FROM outbox WHERE kind = 'reply' ORDER BY id").map {
                    (recipients: $0["recipients"], message: MailMessage(Array($0["message"] as Data)))
                }
            }
        }

        /// The one reply to `messageID`; records an issue unless there is exactly one.
        func reply(to messageID: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> MailMessage? {
            let found = try replies().filter { $0.message.inReplyTo == [messageID] }
            #expect(found.count == 1, "replies to \(messageID): \(found.count)", sourceLocation: sourceLocation)
            return found.first?.message
        }

        func member(_ address: String) throws -> MemberRecord? { try fixture.database().member(address: address) }

        func addMember(_ address: String) throws {
            try fixture.database().addMember(address: address, joinedAt: Date(timeIntervalSince1970: 1_700_000_000))
        }
    }

    static func token(in reply: MailMessage?) -> String? {
        guard let subject = reply?.subject, subject.hasPrefix("confirm ") else { return nil }
        return String(subject.dropFirst("confirm ".count))
    }

    // MARK: Subscribe

    @Test func subscribeWaitsForTheConfirmationThenMakesAnActiveMember() async throws {
        let setup = try Setup()
        let id = try await setup.send(from: "Alice Liddell <alice@example.org>", subject: "subscribe", body: "")
        let reply = try setup.reply(to: id)
        #expect(reply?.to.map(\.address) == ["alice@example.org"])
        #expect(reply?.from.first?.address == Self.request)
        #expect(reply?.header("auto-submitted") == "auto-replied")
        #expect(reply?.text.contains("Waiting for your confirmation: you will join Test CoP.") == true)
        #expect(try setup.member("alice@example.org") == nil)
        let token = try #require(Self.token(in: reply))

        // The Mailman way: reply, keep the subject, quote our text.
        let confirmID = try await setup.send(
            from: "alice@example.org", subject: "Re: confirm \(token)",
            body: "On Fri, Test CoP wrote:\n> To confirm, reply to this message\n>     confirm \(token)\n")
        let done = try setup.reply(to: confirmID)
        #expect(done?.text.contains("welcome: you are now a member of Test CoP") == true)
        let member = try #require(try setup.member("alice@example.org"))
        #expect(member.status == .active)
        #expect(member.name == "Alice Liddell")

        // The token works once.
        let again = try await setup.send(from: "alice@example.org", body: "confirm \(token)")
        #expect(try setup.reply(to: again)?.text.contains("That token is unknown, used already, expired") == true)
        #expect(try setup.fixture.count("SELECT count(*) FROM members") == 1)
    }

    @Test func aConfirmationTokenFromAnotherAddressIsRefused() async throws {
        let setup = try Setup()
        let id = try await setup.send(from: "alice@example.org", body: "subscribe")
        let token = try #require(Self.token(in: try setup.reply(to: id)))
        let stolen = try await setup.send(from: "mallory@example.net", body: "confirm \(token)")
        #expect(try setup.reply(to: stolen)?.text.contains("was not sent to mallory@example.net. Nothing was changed.") == true)
        #expect(try setup.fixture.count("SELECT count(*) FROM members") == 0)
        // Refused, not used up: the real address can still confirm.
        _ = try await setup.send(from: "alice@example.org", body: "confirm \(token)")
        #expect(try setup.member("alice@example.org")?.status == .active)
    }

    @Test func anExpiredTokenIsRefused() async throws {
        let setup = try Setup()
        let id = try await setup.send(from: "alice@example.org", body: "subscribe")
        let token = try #require(Self.token(in: try setup.reply(to: id)))
        try await setup.fixture.database().write("expiring") { db in
            try db.execute(sql: "UPDATE confirmations SET expires_at = 1")
        }
        let late = try await setup.send(from: "alice@example.org", body: "confirm \(token)")
        #expect(try setup.reply(to: late)?.text.contains("Nothing was changed.") == true)
        #expect(try setup.member("alice@example.org") == nil)
    }

    // MARK: Forged From

    @Test func aForgedSetDeliveryChangesNothingUntilTheRealAddressConfirms() async throws {
        let setup = try Setup()
        try setup.addMember("bob@example.org")
        let forged = try await setup.send(
            from: "Bob <bob@example.org>", body: "set delivery none\nunsubscribe",
            headers: "Reply-To: mallory@example.net\r\nCc: mallory@example.net\r\n")
        let replies = try setup.replies()
        // One reply, to the From address only: the forger sees nothing.
        #expect(replies.count == 1)
        #expect(replies.first?.recipients == "bob@example.org")
        #expect(replies.first.map { !String(decoding: $0.message.bytes, as: UTF8.self).contains("mallory") } == true)
        #expect(try setup.member("bob@example.org")?.delivery == .default)
        #expect(try setup.member("bob@example.org")?.status == .active)

        // The forger guessing at a token gets nowhere either.
        _ = try await setup.send(from: "bob@example.org", body: "confirm aaaaaaaaaaaaaaaaaaaaaaaaaa")
        #expect(try setup.member("bob@example.org")?.delivery == .default)

        let token = try #require(Self.token(in: try setup.reply(to: forged)))
        let confirm = try await setup.send(from: "bob@example.org", body: "confirm \(token)")
        let text = try setup.reply(to: confirm)?.text ?? ""
        #expect(text.contains("posts of every sub-issue will come not at all by mail."))
        #expect(text.contains("you have left Test CoP."))
        #expect(try setup.member("bob@example.org")?.delivery == DeliveryPreference.none)
        #expect(try setup.member("bob@example.org")?.status == .unsubscribed)
    }

    // MARK: Corrections

    /// `classify MESSAGE-ID SUB-ISSUE` from the core group: confirmed by the token mailed to that
    /// core address, then the post (and the replies that followed it) move; anyone else is refused.
    @Test func aCoreMemberCorrectsASubIssueByEmailAfterConfirming() async throws {
        let setup = try Setup()
        try setup.addMember("alice@example.org")
        let post = try await setup.send(
            from: "alice@example.org", subject: "Kerbside loading", body: "How do you price loading bays?\n",
            to: "list@example.org")
        func subIssue() throws -> String? {
            try setup.fixture.database().post(messageID: post)?.subIssue
        }
        #expect(try subIssue() == "general")

        // Not in the core group: refused, nothing pending.
        let refused = try await setup.send(from: "alice@example.org", body: "classify <\(post)> parking")
        #expect(try setup.reply(to: refused)?.text.contains("Only the core group") == true)
        #expect(Self.token(in: try setup.reply(to: refused)) == nil)

        // A forged From of the moderator: the token goes to the moderator, so nothing changes.
        let request = try await setup.send(
            from: "Mod <mod@example.org>", body: "classify \(post) parking",
            headers: "Reply-To: mallory@example.net\r\n")
        let reply = try #require(try setup.reply(to: request))
        #expect(try setup.replies().last?.recipients == "mod@example.org")
        #expect(reply.text.contains("Waiting for your confirmation: the post <\(post)> goes to “parking”"))
        #expect(try subIssue() == "general")
        let token = try #require(Self.token(in: reply))
        // The token from another address does nothing.
        _ = try await setup.send(from: "mallory@example.net", body: "confirm \(token)")
        #expect(try subIssue() == "general")

        let confirm = try await setup.send(from: "mod@example.org", body: "confirm \(token)")
        #expect(try setup.reply(to: confirm)?.text.contains("(1 post changed") == true)
        #expect(try subIssue() == "parking")
        let stage = try setup.fixture.database().read("reading") { db in
            try String.fetchOne(db, sql: "SELECT classification_stage FROM posts WHERE message_id = ?", arguments: [post])
        }
        #expect(stage == "moderator")

        // Unknown post or sub-issue: a clear line, nothing pending.
        let unknown = try await setup.send(from: "mod@example.org", body: "classify <nothing@example.org> parking\nclassify <\(post)> nowhere")
        let text = try setup.reply(to: unknown)?.text ?? ""
        #expect(text.contains("No post has the Message-ID <nothing@example.org>."))
        #expect(text.contains("There is no sub-issue “nowhere”"))
    }

    /// `review decide ...` from the core group: confirmed by the token mailed to that core address,
    /// then kept with its author and the quarter; anyone else gets a polite refusal.
    @Test func aCoreMemberRecordsAReviewDecisionAfterConfirming() async throws {
        let setup = try Setup()
        try setup.addMember("alice@example.org")
        let refused = try await setup.send(from: "alice@example.org", body: "review decide disband We are done")
        #expect(try setup.reply(to: refused)?.text.contains("Only the core group records the decision") == true)
        #expect(Self.token(in: try setup.reply(to: refused)) == nil)

        let request = try await setup.send(from: "Mod <mod@example.org>", body: "review decide refocus Less talk, more parking")
        let reply = try #require(try setup.reply(to: request))
        #expect(reply.text.contains("Waiting for your confirmation: the core group's decision after the review is recorded: refocus"))
        #expect(try setup.fixture.database().reviewDecisions().isEmpty)
        let token = try #require(Self.token(in: reply))
        let confirm = try await setup.send(from: "mod@example.org", body: "confirm \(token)")
        #expect(try setup.reply(to: confirm)?.text.contains("recorded: refocus after the review of") == true)
        let decisions = try setup.fixture.database().reviewDecisions()
        #expect(decisions.map(\.note) == ["Less talk, more parking"])
        #expect(decisions.first?.by == "mod@example.org" && decisions.first?.decision == .refocus)
    }

    /// `product MESSAGE-ID KIND NOTE` from the core group: confirmed by the token mailed to that
    /// core address, then stored with its author; a member outside it gets a polite refusal and
    /// no token, whether or not the post exists.
    @Test func aCoreMemberMarksAProductAfterConfirming() async throws {
        let setup = try Setup()
        try setup.addMember("alice@example.org")
        let post = try await setup.send(from: "alice@example.org", subject: "[cycling] Green lanes", body: "Paint them green.",
                                        to: "list@example.org")
        for id in [post, "nothing@example.org"] {
            let refused = try await setup.send(from: "alice@example.org", body: "product <\(id)> solution Mine")
            #expect(try setup.reply(to: refused)?.text.contains("Only the core group and the moderators of the thread's sub-issue mark products") == true)
            #expect(Self.token(in: try setup.reply(to: refused)) == nil)
        }
        let unknown = try await setup.send(from: "mod@example.org", body: "product <nothing@example.org> summary")
        #expect(try setup.reply(to: unknown)?.text.contains("No post in the archive has that Message-ID") == true)

        let request = try await setup.send(from: "Mod <mod@example.org>", body: "product <\(post)> solution Green it is")
        let reply = try #require(try setup.reply(to: request))
        #expect(reply.text.contains("Waiting for your confirmation: the thread of <\(post)> is marked as a solution"), "\(reply.text)")
        #expect(try setup.fixture.database().products(protectedSubIssues: []).isEmpty)
        let token = try #require(Self.token(in: reply))
        let confirm = try await setup.send(from: "mod@example.org", body: "confirm \(token)")
        #expect(try setup.reply(to: confirm)?.text.contains("marked the thread “[cycling] Green lanes” as a solution") == true)
        let products = try setup.fixture.database().products(protectedSubIssues: [])
        #expect(products.map(\.note) == ["Green it is"] && products.first?.markedBy == "mod@example.org")
    }

    // MARK: Every setting

    @Test func settingsCommandsTakeEffectAfterOneConfirmation() async throws {
        let setup = try Setup()
        try setup.addMember("dan@example.org")
        let id = try await setup.send(from: "dan@example.org", body: """
            Set Delivery digest
            set digest daily
            set delivery immediate BIKES
            follow parking
            mute cycling
            """)
        let reply = try setup.reply(to: id)
        #expect(reply?.text.components(separatedBy: "Waiting for your confirmation").count == 6)
        #expect(try setup.fixture.count("SELECT count(*) FROM confirmations WHERE purpose = 'settings'") == 1)
        #expect(try setup.fixture.count("SELECT count(*) FROM member_sub_issue") == 0)
        let token = try #require(Self.token(in: reply))
        _ = try await setup.send(from: "dan@example.org", subject: "Re: confirm \(token)", body: "Thanks!")
        let member = try #require(try setup.member("dan@example.org"))
        #expect(member.delivery == .digest)
        #expect(member.digestFrequency == .daily)
        let rows = try setup.fixture.strings("""
            SELECT sub_issue || ':' || standing || ':' || coalesce(delivery_override, '-') || ':' || follow
            FROM member_sub_issue ORDER BY sub_issue
            """)
        #expect(rows == ["cycling:outer:immediate:mutes", "parking:outer:-:follows"])
    }

    /// The changes of one token apply in order, each to the member as the ones before left it:
    /// settings right after joining reach the new row, and a member who left and comes back keeps it.
    @Test func aConfirmationAppliesItsChangesInOrderAndAFormerMemberRejoins() async throws {
        let setup = try Setup()
        let id = try await setup.send(from: "Fay <fay@example.org>", body: "subscribe\nset digest daily\nmute cycling")
        let token = try #require(Self.token(in: try setup.reply(to: id)))
        let confirmID = try await setup.send(from: "fay@example.org", body: "confirm \(token)")
        let done = try setup.reply(to: confirmID)?.text ?? ""
        #expect(done.contains("- welcome: you are now a member of Test CoP."))
        #expect(done.contains("- your digest will come every day."))
        #expect(done.contains("- you will no longer get the posts of “cycling”."))
        #expect(try setup.member("fay@example.org")?.digestFrequency == .daily)
        #expect(try setup.fixture.strings("SELECT sub_issue || ':' || follow FROM member_sub_issue") == ["cycling:mutes"])

        let leave = try await setup.send(from: "fay@example.org", body: "unsubscribe")
        let leaveToken = try #require(Self.token(in: try setup.reply(to: leave)))
        _ = try await setup.send(from: "fay@example.org", body: "confirm \(leaveToken)")
        #expect(try setup.member("fay@example.org")?.status == .unsubscribed)

        let back = try await setup.send(from: "Fay Again <fay@example.org>", body: "subscribe")
        let backToken = try #require(Self.token(in: try setup.reply(to: back)))
        let backDone = try await setup.send(from: "fay@example.org", body: "confirm \(backToken)")
        #expect(try setup.reply(to: backDone)?.text.contains("- welcome back: you are a member of Test CoP again.") == true)
        let member = try #require(try setup.member("fay@example.org"))
        #expect(member.status == .active)
        #expect(member.leftAt == nil)
        #expect(member.name == "Fay Again")
        #expect(member.digestFrequency == .daily)
        #expect(try setup.fixture.count("SELECT count(*) FROM members") == 1)
    }

    @Test func unknownSubIssueNamesOnlyTheOpenOnes() async throws {
        let setup = try Setup()
        try setup.addMember("bob@example.org")
        let id = try await setup.send(from: "bob@example.org", body: "follow procurement\nmute skating")
        let text = try setup.reply(to: id)?.text ?? ""
        // The protected one reads exactly like one that does not exist.
        #expect(text.contains("There is no sub-issue “procurement”. The sub-issues are: general, cycling, parking."))
        #expect(text.contains("There is no sub-issue “skating”. The sub-issues are: general, cycling, parking."))
        #expect(try setup.fixture.count("SELECT count(*) FROM confirmations") == 0)
    }

    // MARK: Non-members

    @Test func nonMembersCanOnlySubscribeAndGetHelp() async throws {
        let setup = try Setup()
        let id = try await setup.send(from: "eve@example.net", body: """
            set delivery none
            follow cycling
            set digest daily
            unsubscribe
            whoami
            approve abcdefghijkl
            help
            """)
        let text = try setup.reply(to: id)?.text ?? ""
        #expect(text.components(separatedBy: "Only members can change settings.").count == 4)
        #expect(text.contains("You are not a member of Test CoP, so there is nothing to leave."))
        #expect(text.contains("You (eve@example.net) are not a member of Test CoP."))
        #expect(text.contains("Only the core group can approve or reject held posts."))
        #expect(text.contains("set delivery MODE SUB-ISSUE"))
        #expect(try setup.fixture.count("SELECT count(*) FROM confirmations") == 0)
        #expect(try setup.fixture.count("SELECT count(*) FROM members") == 0)
    }

    // MARK: whoami and help

    @Test func whoamiShowsSettingsAndNeverAProtectedSubIssueTheMemberIsNotAdmittedTo() async throws {
        let setup = try Setup()
        for address in ["bob@example.org", "carol@example.org"] { try setup.addMember(address) }
        let bob = try await setup.send(from: "bob@example.org", body: "WhoAmI")
        let bobText = try setup.reply(to: bob)?.text ?? ""
        #expect(bobText.contains("You are bob@example.org, a member of Test CoP since 14 November 2023."), "\(bobText)")
        #expect(bobText.contains("Digests: weekly."))
        #expect(bobText.contains("  cycling: outer circle"))
        #expect(!bobText.lowercased().contains("procurement"))

        let carol = try await setup.send(from: "carol@example.org", body: "whoami")
        #expect(try setup.reply(to: carol)?.text.contains("  procurement (closed group): outer circle") == true)
    }

    @Test func helpIsCompleteAndNamesNoProtectedSubIssue() async throws {
        let setup = try Setup()
        let id = try await setup.send(from: "someone@example.net", subject: "help", body: "")
        let text = try setup.reply(to: id)?.text ?? ""
        for word in ["subscribe [NAME]", "unsubscribe", "confirm TOKEN", "set delivery immediate", "set digest weekly",
                     "follow SUB-ISSUE", "mute SUB-ISSUE", "whoami", "Why we ask you to confirm", "cycling – Cycling infrastructure"] {
            #expect(text.contains(word), "help lacks \(word)")
        }
        #expect(!text.lowercased().contains("procurement"))
    }

    @Test func aMessageWithoutCommandsGetsTheHelp() async throws {
        let setup = try Setup()
        let id = try await setup.send(from: "someone@example.net", subject: "Question", body: "How do I join?\n")
        let text = try setup.reply(to: id)?.text ?? ""
        #expect(text.hasPrefix("We found no commands in your message"))
        #expect(text.contains("Why we ask you to confirm"))
    }

    // MARK: Quotes, history, automatic mail

    @Test func quotedCommandsInAReplyAreIgnored() async throws {
        let setup = try Setup()
        try setup.addMember("bob@example.org")
        let id = try await setup.send(from: "bob@example.org", subject: "Re: our chat", body: """
            Sounds good to me.

            On Thu, 26 Nov 2026, Alice wrote:
            > unsubscribe
            > set delivery none

            --
            Bob
            """)
        let text = try setup.reply(to: id)?.text ?? ""
        #expect(text.contains("We stopped reading at “Sounds good to me.”") || text.hasPrefix("We found no commands"))
        #expect(try setup.fixture.count("SELECT count(*) FROM confirmations") == 0)
    }

    @Test func automaticMailAndBouncesAreNeverAnswered() async throws {
        let setup = try Setup()
        try await setup.send(from: "alice@example.org", subject: "Out of office", body: "subscribe",
                             headers: "Auto-Submitted: auto-replied\r\n")
        try await setup.send(from: "MAILER-DAEMON@example.org", subject: "Undelivered", body: "help",
                             headers: "Return-Path: <>\r\n")
        try await setup.send(from: "list-request@example.org", subject: "help", body: "help")
        try await setup.send(from: "alice@example.org", body: "help", headers: "X-Loop: list@example.org\r\n")
        #expect(try setup.replies().isEmpty)
        #expect(try setup.fixture.count("SELECT count(*) FROM posts") == 4)
    }

    @Test func historyIsNeverAnswered() throws {
        let setup = try Setup()
        let processor = EmailCommandProcessor(
            community: Community(name: "Test CoP", listAddress: "list@example.org"), subIssues: [], coreGroup: [],
            moderation: nil)
        let message = MailMessage(Array("From: alice@example.org\r\nTo: list-request@example.org\r\nSubject: help\r\n\r\nhelp\r\n".utf8))
        let post = NewPost(messageID: nil, contentHash: "x", author: nil, date: nil, receivedAt: Date(), subject: "help",
                           trimmedText: "help", size: 1)
        let reply = try setup.fixture.database().read("answering history") { db in
            try processor.reply(to: RecordedMessage(post: post, postID: 1, threadID: 1, message: message, screening: nil), in: db)
        }
        #expect(reply == nil)
    }

    // MARK: Hostile input

    @Test func hostileMessagesGetOneBoundedReplyAndChangeNothing() async throws {
        let setup = try Setup()
        try setup.addMember("bob@example.org")
        let tenThousand = (0..<10_000).map { "follow topic\($0)" }.joined(separator: "\n")
        let big = try await setup.send(from: "bob@example.org", body: tenThousand)
        let bigReply = try #require(try setup.reply(to: big))
        #expect(bigReply.text.components(separatedBy: "There is no sub-issue").count == EmailCommandParser.maximumCommands + 1)
        #expect(bigReply.text.contains("We read only the first 20 commands"))
        #expect(bigReply.bytes.count < 20_000)

        let crToken = try await setup.send(from: "bob@example.org", body: "confirm abc\rdefghij\nset delivery none\u{0}")
        let crText = try setup.reply(to: crToken)?.text ?? ""
        #expect(crText.contains("Not understood: “confirm” needs the token"))
        #expect(!crText.contains("\r\n\r\ndefghij"))

        // NULs and high bytes in the header and body: read, answered once, nothing changed.
        var bytes = Array("From: bob@example.org\r\nTo: list-request@example.org\r\nSubject: \u{0}whoami\r\nMessage-ID: <nul@example.net>\r\n\r\n".utf8)
        bytes += [0, 0, 0xFF, 0xFE] + Array("\r\nunsubscribe\u{0}\r\n".utf8)
        try await setup.sendBytes(bytes)
        _ = try setup.reply(to: "nul@example.net")
        #expect(try setup.fixture.count("SELECT count(*) FROM confirmations") == 0)
        #expect(try setup.member("bob@example.org")?.status == .active)
    }

    // MARK: Moderation

    /// Stands in for the moderation side (issue 5, item 4): accepts only its token from
    /// its moderator, so the test sees that the sender is passed on for the check.
    struct TokenDecider: MailedModeration {
        func decide(
            token: String, decision: ModerationDecision, by moderator: String, at time: Date, language: Language, in db: Database
        ) throws -> String {
            guard token == "heldtoken1", moderator == "mod@example.org" else {
                return "That moderation token is not valid for \(moderator)."
            }
            return decision == .approve ? "Approved." : "Rejected."
        }
    }

    @Test func moderatorCommandsGoToTheDeciderWithTheSender() async throws {
        let setup = try Setup(moderation: TokenDecider())
        try setup.addMember("bob@example.org")
        let real = try await setup.send(from: "mod@example.org", body: "approve HELDTOKEN1\nreject heldtoken1 off topic")
        let realText = try setup.reply(to: real)?.text ?? ""
        #expect(realText.contains("> approve HELDTOKEN1\nApproved."))
        #expect(realText.contains("Rejected."))
        let forged = try await setup.send(from: "bob@example.org", body: "approve heldtoken1")
        #expect(try setup.reply(to: forged)?.text.contains("not valid for bob@example.org") == true)
    }

    @Test func withoutADeciderModerationByEmailIsNotSetUp() async throws {
        let setup = try Setup()
        let id = try await setup.send(from: "mod@example.org", body: "approve heldtoken1")
        #expect(try setup.reply(to: id)?.text.contains("Moderation by email is not set up") == true)
    }

    // MARK: The binary

    /// `praxis ingest --once` answers commands: the daemon's follow-ups include them.
    @Test func theIngestCommandAnswersCommands() throws {
        let fixture = try CommunityFixture()
        try fixture.deliver(Array("""
            From: alice@example.org\r
            To: list-request@example.org\r
            Subject: help\r
            Message-ID: <binary-help@example.net>\r
            \r
            help\r

            """.utf8), as: CommunityFixture.uniqueName(1))
        guard let outcome = try PraxisChild.run(["ingest", "--once", "--config", fixture.configPath], in: fixture.url) else { return }
        #expect(outcome.0 == 0, "\(outcome.2)")
        let replies = try fixture.strings("SELECT recipients FROM outbox WHERE kind = 'reply'")
        #expect(replies == ["alice@example.org"])
    }
}
