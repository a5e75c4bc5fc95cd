import Foundation
import Testing
@testable import PraxisCommunity

/// `EmailCommandDecider` as pure functions: a command line, whether its sender is a member and what
/// the message has asked so far in; the paragraph answering it, the changes left waiting, the
/// confirmation and the reply out.
@Suite("Email command decider")
struct EmailCommandDeciderTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let community = Community(name: "Test CoP", listAddress: "cop@example.org")
    static let decider = EmailCommandDecider(
        community: community,
        subIssues: [
            SubIssue(id: "cycling", aliases: ["bikes"]),
            SubIssue(id: "board", isProtected: true, members: ["Bea@Example.org"]),
        ],
        coreGroup: ["Core@Example.org"], confirmationDays: 3, repliesPerHour: 2)

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var line: String
        var from = "ann@example.org"
        var fromName: String?
        var isMember: Bool
        /// Changes already waiting from earlier lines of the same message.
        var pending: [EmailCommand] = []
        /// The paragraph after the quoted line; nil: the store answers this command.
        var expected: String?
        /// What waits for confirmation afterwards (beyond `pending`).
        var added: [EmailCommand] = []
        var wantsHelp = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "help", line: "help", isMember: false,
             expected: "The list of commands is at the end of this message.", wantsHelp: true),
        Case(name: "subscribe takes the From name", line: "subscribe", fromName: "Ann Example", isMember: false,
             expected: "Waiting for your confirmation: you will join Test CoP.", added: [.subscribe(name: "Ann Example")]),
        Case(name: "subscribe a member", line: "subscribe", isMember: true,
             expected: "You are already a member of Test CoP: nothing to do."),
        Case(name: "unsubscribe a stranger", line: "unsubscribe", isMember: false,
             expected: "You are not a member of Test CoP, so there is nothing to leave."),
        Case(name: "unsubscribe a member", line: "unsubscribe", isMember: true,
             expected: "Waiting for your confirmation: you will leave Test CoP.", added: [.unsubscribe]),
        Case(name: "settings of a stranger", line: "set digest weekly", isMember: false,
             expected: "Only members can change settings. Send “subscribe” to join Test CoP first."),
        Case(name: "settings with a subscription waiting", line: "set digest weekly", isMember: false,
             pending: [.subscribe(name: nil)], expected: "Waiting for your confirmation: your digest will come once a week.",
             added: [.setDigest(.weekly)]),
        Case(name: "an alias is written as its id", line: "follow bikes", isMember: true,
             expected: "Waiting for your confirmation: you will always get the posts of “cycling”.",
             added: [.follow(subIssue: "cycling")]),
        Case(name: "a protected sub-issue reads as unknown to a stranger", line: "mute board", isMember: true,
             expected: "There is no sub-issue “board”. The sub-issues are: general, cycling."),
        Case(name: "a protected sub-issue to an admitted member", line: "set delivery digest board", from: "bea@example.org",
             isMember: true, expected: "Waiting for your confirmation: posts of “board” will come in a digest.",
             added: [.setDelivery(.digest, subIssue: "board")]),
        Case(name: "a protected sub-issue to the core group", line: "mute board", from: "core@example.org", isMember: true,
             expected: "Waiting for your confirmation: you will no longer get the posts of “board”.",
             added: [.mute(subIssue: "board")]),
        Case(name: "whoami is the store's", line: "whoami", isMember: true, expected: nil),
        Case(name: "confirm is the store's", line: "confirm abcdefghjkmnpqrstvwxyz234", isMember: true, expected: nil),
        Case(name: "approve is the store's", line: "approve abcdefghjkmnpqrstvwxyz234", isMember: true, expected: nil),
    ]

    @Test(arguments: cases)
    func answer(_ test: Case) throws {
        let line = try #require(EmailCommandParser.line(Substring(test.line)))
        var run = EmailCommandDecider.Run(address: test.from, fromName: test.fromName, now: Self.now)
        run.pending = test.pending
        let paragraph = Self.decider.answer(line, isMember: test.isMember, run: &run)
        #expect(paragraph == test.expected.map { "> \(test.line)\n" + $0 })
        #expect(run.pending == test.pending + test.added)
        #expect(run.wantsHelp == test.wantsHelp)
    }

    @Test func aLineThatIsNoCommandIsQuotedWithWhatWasNotUnderstood() {
        var run = EmailCommandDecider.Run(address: "ann@example.org", fromName: nil, now: Self.now)
        let line = EmailCommands.Line(text: "set colour blue", outcome: .problem(.init(.problemSetUsage, ["languages": "en|de"])))
        #expect(Self.decider.answer(line, isMember: true, run: &run) == "> set colour blue\nNot understood: “set” reads "
            + "“set delivery immediate|digest|none [SUB-ISSUE]”, “set digest daily|weekly”, “set format text|html|mime|rfc1153”, “set own-posts on|off” or “set language en|de”.")
        #expect(Self.decider.speaking(.fr).answer(line, isMember: true, run: &run)?.hasPrefix("> set colour blue\nNon compris : « set » s’écrit") == true)
        #expect(run.pending.isEmpty)
    }

    @Test(arguments: [
        ([EmailCommand](), nil as EmailCommandDecider.ConfirmationPurpose?),
        ([.setDigest(.daily), .subscribe(name: nil)], .subscribe),
        ([.setDigest(.daily), .unsubscribe], .unsubscribe),
        ([.setDigest(.daily), .follow(subIssue: "cycling")], .settings),
        ([.classify(messageID: "a@b", subIssue: "cycling")], .settings),
    ])
    func confirmation(pending: [EmailCommand], purpose: EmailCommandDecider.ConfirmationPurpose?) {
        var run = EmailCommandDecider.Run(address: "ann@example.org", fromName: nil, now: Self.now)
        run.pending = pending
        let confirmation = Self.decider.confirmation(for: run, token: "TOKEN")
        #expect(confirmation?.purpose == purpose)
        if let confirmation {
            #expect(confirmation.payload == pending.map(\.canonicalText).joined(separator: "\n"))
            #expect(confirmation.address == "ann@example.org" && confirmation.token == "TOKEN")
            #expect(confirmation.expiresAt == Self.now.addingTimeInterval(3 * 86_400))
        }
    }

    @Test(arguments: [(nil as String?, nil as Date?), ("TOKEN", nil), (nil, now.addingTimeInterval(600)), ("TOKEN", now)])
    func reply(token: String?, lastUntil: Date?) {
        var run = EmailCommandDecider.Run(address: "ann@example.org", fromName: nil, now: Self.now)
        run.paragraphs = ["> unsubscribe\nWaiting for your confirmation: you will leave Test CoP."]
        run.pending = [.unsubscribe]
        let confirmation = token.flatMap { Self.decider.confirmation(for: run, token: $0) }
        let commands = EmailCommands(lines: [EmailCommands.Line(text: "unsubscribe", outcome: .command(.unsubscribe))])
        let reply = Self.decider.reply(
            run, commands: commands, confirmation: confirmation, lastUntil: lastUntil,
            inReplyTo: "m1@example.org", references: (1...12).map { "r\($0)@example.org" })
        #expect(reply.recipient == "ann@example.org")
        #expect(reply.subject == (token.map { "confirm \($0)" } ?? "Your commands to Test CoP"))
        #expect(reply.text.hasPrefix("This is what became of the commands in your message:\n\n> unsubscribe\n"))
        #expect(reply.text.contains("    confirm TOKEN\n") == (token != nil))
        #expect(reply.text.contains("this is the last answer to ann@example.org until ") == (lastUntil != nil))
        #expect(reply.text.hasSuffix("Send “help” to cop-request@example.org for the list of commands."))
        #expect(reply.references.count == 10 && reply.inReplyTo == "m1@example.org")
    }

    @Test func aMessageWithoutCommandsIsAnsweredWithTheHelpNamingOnlyOpenSubIssues() {
        let run = EmailCommandDecider.Run(address: "ann@example.org", fromName: nil, now: Self.now)
        let reply = Self.decider.reply(run, commands: EmailCommands(), confirmation: nil, lastUntil: nil, inReplyTo: nil, references: [])
        #expect(reply.text.hasPrefix("We found no commands in your message, so here is what you can send.\n\n"))
        #expect(reply.text.contains("cycling") && !reply.text.contains("board"))
    }

    @Test(arguments: [
        ("ann@example.org", nil as String?, [String: EmailCommandDecider.SubIssueSettings](), [
            "Delivery: as your circle has it (inner circle immediate, outer circle digest).",
            "  general: outer circle", "  cycling: outer circle"]),
        ("ann@example.org", "digest", ["cycling": .init(standing: "inner", deliveryOverride: "none", follows: false)], [
            "Delivery: digest, unless you chose otherwise for a sub-issue.",
            "  general: outer circle", "  cycling: inner circle, delivery none, muted"]),
        ("bea@example.org", nil, ["board": .init(standing: "outer", deliveryOverride: nil, follows: true)], [
            "  board (closed group): outer circle, followed"]),
        ("core@example.org", "none", [:], ["  general: core group", "  cycling: core group", "  board (closed group): core group"]),
    ])
    func whoami(address: String, delivery: String?, rows: [String: EmailCommandDecider.SubIssueSettings], lines: [String]) {
        let member = EmailCommandDecider.MemberSettings(
            address: address, name: "Ann\u{7}", joinedAt: Self.now, delivery: delivery, digest: "weekly", subIssues: rows)
        let text = Self.decider.whoami(member).split(separator: "\n").map(String.init)
        #expect(text.first?.hasSuffix(", a member of Test CoP since 14 November 2023.") == true)
        #expect(text.contains("Digests: weekly.") && text.contains("Your sub-issues:"))
        for line in lines { #expect(text.contains(line)) }
        // A protected sub-issue is not mentioned to whom it is closed.
        #expect(text.contains { $0.contains("board") } == (address != "ann@example.org"))
    }
}
