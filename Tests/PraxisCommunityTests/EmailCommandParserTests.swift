import PraxisCommunity
import Testing

@Suite("Email command parser")
struct EmailCommandParserTests {
    static let lines: [(String, EmailCommand)] = [
        ("subscribe", .subscribe(name: nil)),
        ("SUBSCRIBE Alice  Smith", .subscribe(name: "Alice  Smith")),
        ("unsubscribe", .unsubscribe),
        ("Confirm 3F2A9bcd00", .confirm(token: "3f2a9bcd00")),
        ("set delivery immediate", .setDelivery(.immediate, subIssue: nil)),
        ("Set Delivery DIGEST cycling", .setDelivery(.digest, subIssue: "cycling")),
        ("set delivery none [Parking]", .setDelivery(.none, subIssue: "parking")),
        ("set digest daily", .setDigest(.daily)),
        ("set digest weekly", .setDigest(.weekly)),
        ("follow #cycling", .follow(subIssue: "cycling")),
        ("MUTE parking", .mute(subIssue: "parking")),
        ("whoami", .whoami),
        ("help", .help),
        ("\tapprove abcdef123456  ", .approve(token: "abcdef123456")),
        ("reject abcdef123456 Off topic, sorry", .reject(token: "abcdef123456", reason: "Off topic, sorry")),
        ("reject abcdef123456", .reject(token: "abcdef123456", reason: nil)),
        ("review decide continue Keep going, but more on parking", .reviewDecide(.continue, note: "Keep going, but more on parking")),
        ("Review Decide REFOCUS  drop parking", .reviewDecide(.refocus, note: "drop parking")),
        ("review decide disband Thank you all", .reviewDecide(.disband, note: "Thank you all")),
        ("product <lanes@example.org> Solution Paint them green", .markProduct(messageID: "lanes@example.org", kind: .solution, note: "Paint them green")),
        ("product lanes@example.org summary", .markProduct(messageID: "lanes@example.org", kind: .summary, note: nil)),
    ]

    @Test(arguments: lines)
    func eachCommandIsRead(line: String, expected: EmailCommand) {
        #expect(EmailCommandParser.parse(subject: nil, newText: line).commands == [expected])
        // What a confirmation stores reads back as the same command.
        #expect(EmailCommandParser.command(in: expected.canonicalText) == expected)
    }

    @Test(arguments: [
        "set delivery sometimes", "set digest hourly", "set colour blue", "set", "confirm", "confirm a\u{0}bcdefgh",
        "confirm abc\rdefgh", "confirm abc", "follow", "mute a b", "unsubscribe bob@example.org", "whoami bob@example.org",
        "approve", "approve ../../etc", "review", "review decide", "review decide continue", "review decide pause why",
        "review continue because", "review decide continue \u{7}", "product", "product <a@b>", "product <a@b> poem",
        "product solution <a@b>",
    ])
    func knownWordWithBadArgumentsIsAProblemNotACommand(line: String) {
        let parsed = EmailCommandParser.parse(subject: nil, newText: line)
        #expect(parsed.commands.isEmpty)
        #expect(parsed.lines.count == 1)
        if case .problem(let problem)? = parsed.lines.first?.outcome {
            for language in Language.allCases { #expect(!problem.sentence(in: language).contains("{")) }
        }
        else { Issue.record("expected a problem for \(line)") }
        // What is quoted back holds no control characters.
        #expect(parsed.lines.allSatisfy { !$0.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" } })
    }

    @Test func readingStopsAtTheFirstLineThatIsNotACommand() {
        let parsed = EmailCommandParser.parse(subject: nil, newText: """


            whoami

            set digest daily
            Hi, could you also unsubscribe my colleague?
            unsubscribe
            """)
        #expect(parsed.commands == [.whoami, .setDigest(.daily)])
        #expect(parsed.stoppedAt == "Hi, could you also unsubscribe my colleague?")
    }

    @Test(arguments: ["end", "END", "--", "-- ", "stop", "Thanks"])
    func endWordsStopWithoutComplaint(word: String) {
        let parsed = EmailCommandParser.parse(subject: nil, newText: "whoami\n\(word)\nunsubscribe\n")
        #expect(parsed.commands == [.whoami])
        #expect(parsed.stoppedAt == nil)
    }

    @Test func crlfLineEndsAreRead() {
        #expect(EmailCommandParser.parse(subject: nil, newText: "whoami\r\nset digest daily\r\n").commands
                == [.whoami, .setDigest(.daily)])
    }

    @Test(arguments: [
        ("Re: confirm 3F2A9BCD00", EmailCommand.confirm(token: "3f2a9bcd00")),
        ("RE: Fwd: AW: Confirm abcdef0123", .confirm(token: "abcdef0123")),
        ("subscribe me please", .subscribe(name: nil)),
        ("whoami", .whoami),
    ])
    func subjectCarriesACommand(subject: String, expected: EmailCommand) {
        #expect(EmailCommandParser.parse(subject: subject, newText: "").commands == [expected])
    }

    @Test(arguments: ["Question about bike lanes", "Re: set delivery sometimes", "confirm", ""])
    func proseSubjectIsIgnoredAndStopsNothing(subject: String) {
        let parsed = EmailCommandParser.parse(subject: subject, newText: "whoami")
        #expect(parsed.commands == [.whoami])
        #expect(parsed.stoppedAt == nil)
    }

    @Test func subjectAndTextSayingTheSameAreDoneOnce() {
        let parsed = EmailCommandParser.parse(subject: "Re: confirm abcdef0123", newText: "confirm ABCDEF0123\nsubscribe\nsubscribe Alice")
        #expect(parsed.commands == [.confirm(token: "abcdef0123"), .subscribe(name: "Alice")])
    }

    @Test func atMostTwentyCommandsAreRead() {
        let text = (0..<10_000).map { "follow topic\($0)" }.joined(separator: "\n")
        let parsed = EmailCommandParser.parse(subject: nil, newText: text)
        #expect(parsed.commands.count == EmailCommandParser.maximumCommands)
        #expect(parsed.wasCut)
    }

    @Test func hostileLinesAreBoundedAndQuotedSafely() {
        let long = String(repeating: "x", count: 100_000)
        #expect(EmailCommandParser.parse(subject: long, newText: "help " + long).commands.isEmpty)
        let blank = String(repeating: "\n", count: 10_000) + "whoami"
        // Only the first lines are looked at: a command after 10,000 blank lines is not read.
        #expect(EmailCommandParser.parse(subject: nil, newText: blank).commands.isEmpty)
        let nul = EmailCommandParser.parse(subject: nil, newText: "subscribe \u{0}\u{202E}Eve\u{7}")
        #expect(nul.commands == [.subscribe(name: "Eve")])
        #expect(nul.lines.first?.text == "subscribe ??Eve?")
        let name = EmailCommandParser.parse(subject: nil, newText: "subscribe " + String(repeating: "é", count: 200))
        #expect(name.commands == [.subscribe(name: String(repeating: "é", count: 100))])
    }

    @Test func helpNamesEveryCommandAndOnlyTheSubIssuesGiven() {
        let community = Community(name: "Mobility CoP", listAddress: "mobility@lists.example.org")
        let text = EmailCommandHelp.text(
            community: community, subIssues: [SubIssue.general, SubIssue(id: "cycling", name: "Cycling")], confirmationDays: 7)
        for word in ["subscribe", "unsubscribe", "confirm TOKEN", "set delivery immediate", "set delivery digest",
                     "set delivery none", "set digest daily", "set digest weekly", "follow SUB-ISSUE", "mute SUB-ISSUE",
                     "whoami", "help", "approve TOKEN", "reject TOKEN", "cycling", "mobility-request@lists.example.org",
                     "7 days", "Anybody can send a message that pretends to come from your address"] {
            #expect(text.contains(word), "help lacks \(word)")
        }
    }
}
