import Testing

@testable import PraxisMail

/// A post's text and exactly what `NewText.trimmed` must leave of it.
struct NewTextFixture: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    let expected: String
    init(_ name: String, _ text: String, _ expected: String) {
        self.name = name
        self.text = text
        self.expected = expected
    }
    var testDescription: String { name }
}

@Suite("NewText")
struct NewTextTests {
    static let attributions: [NewTextFixture] = [
        .init(
            "Gmail reply",
            """
            Sounds good, see you there.

            Anna

            On Mon, May 3, 2021 at 10:00 AM Bob Smith <bob@example.org> wrote:

            > Shall we meet at 10?
            >
            > Bob

            """,
            "Sounds good, see you there.\n\nAnna"),
        .init(
            "Gmail attribution over two lines",
            """
            Yes.

            On Mon, May 3, 2021 at 10:00 AM Roberta Maximiliana Example-Smith <
            roberta.example-smith@example.org> wrote:

            > Shall we?
            """,
            "Yes."),
        .init(
            "German Thunderbird reply",
            """
            Hallo zusammen,

            das passt mir gut.

            Viele Grüße
            Hans

            Am 03.05.21 um 10:00 schrieb Bob Smith:
            > Sollen wir uns um 10 treffen?
            """,
            "Hallo zusammen,\n\ndas passt mir gut.\n\nViele Grüße\nHans"),
        .init(
            "German with address after the verb",
            "Ja.\n\nAm Mo., 3. Mai 2021 um 10:00 Uhr schrieb Bob <bob@example.org>:\n> Frage?", "Ja."),
        .init(
            "French", "D'accord.\n\nLe lun. 3 mai 2021 à 10:00, Bob <bob@example.org> a écrit :\n> On se voit ?",
            "D'accord."),
        .init(
            "Spanish", "Vale.\n\nEl lun, 3 may 2021 a las 10:00, Bob (<bob@example.org>) escribió:\n> ¿Nos vemos?",
            "Vale."),
        .init(
            "Dutch", "Prima.\n\nOp ma 3 mei 2021 om 10:00 schreef Bob <bob@example.org>:\n> Zien we elkaar?",
            "Prima."),
        .init("CRLF", "Reply\r\n\r\nOn Mon, Bob wrote:\r\n> q\r\n", "Reply"),
        .init("attribution without a quote is prose", "He wrote:\nthe best book on it.\n", "He wrote:\nthe best book on it."),
        .init(
            "attribution opening without ending stays",
            "On Monday we met.\nIt went well.\n> quoted", "On Monday we met.\nIt went well."),
    ]

    static let quotes: [NewTextFixture] = [
        .init(
            "interleaved reply keeps the answers",
            """
            Bob wrote:
            > First question?

            First answer.

            > Second question?
            > More.

            Second answer.
            """,
            "First answer.\n\nSecond answer."),
        .init("nested quotes", ">> old\n> mid\nnew", "new"),
        .init("indented quote", "  > indented quote\nReply", "Reply"),
        .init(
            "only a quote is kept as it was", "On Mon, Bob wrote:\n> only quoted\n",
            "On Mon, Bob wrote:\n> only quoted"),
    ]

    static let topPosted: [NewTextFixture] = [
        .init(
            "Outlook original message",
            """
            Thanks, agreed.

            -----Original Message-----
            From: Bob <bob@example.org>
            Sent: Monday, May 3, 2021 10:00 AM
            To: list@example.org
            Subject: Meeting

            Shall we meet?
            """,
            "Thanks, agreed."),
        .init(
            "Outlook header block",
            """
            Works for me.

            From: Bob Smith <bob@example.org>
            Sent: Monday, May 3, 2021 10:00
            To: Mobility <mobility@lists.example.org>
            Subject: Re: Meeting

            Shall we meet?
            """,
            "Works for me."),
        .init(
            "German Outlook",
            """
            Passt.

            -----Ursprüngliche Nachricht-----
            Von: Bob <bob@example.org>
            Gesendet: Montag, 3. Mai 2021 10:00
            An: liste@example.org
            Betreff: Treffen

            Treffen wir uns?
            """,
            "Passt."),
        .init(
            "Outlook on the web rule",
            """
            Agreed.

            ________________________________
            From: Bob <bob@example.org>
            Sent: 03 May 2021 10:00
            To: list
            Subject: Meeting

            Body
            """,
            "Agreed."),
        .init(
            "bold headers from HTML",
            "Ok.\n\n*From:* Bob\n*Sent:* Monday\n*Subject:* Meeting\n\nBody", "Ok."),
        .init(
            "forwarded message is kept",
            """
            FYI, see below.

            ---------- Forwarded message ---------
            From: Carol <carol@example.org>
            Date: Mon, 3 May 2021 at 10:00
            Subject: Counts
            To: Anna <anna@example.org>

            The counts are attached.
            """,
            """
            FYI, see below.

            ---------- Forwarded message ---------
            From: Carol <carol@example.org>
            Date: Mon, 3 May 2021 at 10:00
            Subject: Counts
            To: Anna <anna@example.org>

            The counts are attached.
            """),
        .init("lone From: line is prose", "From: the council, no answer yet.\nMore text.", "From: the council, no answer yet.\nMore text."),
        .init(
            "header block inside a quote is just quote",
            "Answer\n\n> -----Original Message-----\n> From: x\n\nMore answer", "Answer\n\nMore answer"),
    ]

    static let signatures: [NewTextFixture] = [
        .init("dash dash space", "Text here.\n\n-- \nAnna Example\nCity of Example\n", "Text here."),
        .init("dash dash space with a long rest", "Text\n-- \n" + String(repeating: "sig line\n", count: 20), "Text"),
        .init("bare dash dash, short rest", "Text.\n--\nAnna\n", "Text."),
        .init(
            "bare dash dash in long prose",
            "Intro\n--\n" + (1...12).map { "line \($0)" }.joined(separator: "\n"),
            "Intro\n--\n" + (1...12).map { "line \($0)" }.joined(separator: "\n")),
        .init(
            "signature then quote", "Answer\n\n--\nAnna\n\nOn Mon, Bob wrote:\n" + String(repeating: "> q\n", count: 50),
            "Answer"),
        .init(
            "Google Groups footer after separator",
            "Post\n\n-- \nYou received this message because you are subscribed to the Google Groups \"x\" group.\nTo unsubscribe from this group, send email to x+unsubscribe@googlegroups.com.\n",
            "Post"),
    ]

    static let footers: [NewTextFixture] = [
        .init(
            "Mailman footer",
            "Hello all,\nnew counts are in.\n\n_______________________________________________\nMobility mailing list\nMobility@lists.example.org\nhttps://lists.example.org/mailman/listinfo/mobility\n",
            "Hello all,\nnew counts are in."),
        .init(
            "dashes and To unsubscribe", "Post\n\n---\nTo unsubscribe, e-mail: x-unsubscribe@example.org\n", "Post"),
        .init("rule without list words stays", "Table\n-----\nrow\n", "Table\n-----\nrow"),
        .init(
            "footer far from the end stays",
            "A\n_____\nmailing list\n" + (1...11).map { "more \($0)" }.joined(separator: "\n"),
            "A\n_____\nmailing list\n" + (1...11).map { "more \($0)" }.joined(separator: "\n")),
        .init(
            "reply, quote and footer",
            "Me too.\n\nOn Mon, Bob wrote:\n> Anyone?\n\n_______________________________________________\nMobility mailing list\nhttps://lists.example.org/mailman/listinfo/mobility",
            "Me too."),
    ]

    static let layout: [NewTextFixture] = [
        .init("blank runs collapse, ends trimmed", "\n\n a\n\n\n\nb  \n\n", " a\n\nb"),
        .init("empty", "", ""),
        .init("whitespace only", " \n\t\n", ""),
    ]

    /// Lines the byte-level prefilters must still recognise: any case, non-ASCII header names, a ":"
    /// at the edge of the first 16 bytes, and prose that only matters as a forwarding marker.
    /// (Expected values checked against the earlier String-based implementation.)
    static let lineShapes: [NewTextFixture] = [
        .init("upper-case attribution", "Yes.\n\nON MON, 3 MAY 2021, BOB <BOB@X.ORG> WROTE:\n> q", "Yes."),
        .init("upper-case header block", "Ok.\n\nFROM: Bob\nSENT: Monday\nSUBJECT: Meeting\n\nBody", "Ok."),
        .init("Swedish header block", "Ok.\n\nFrån: Bob\nSkickat: måndag\nÄmne: Möte\n\nBody", "Ok."),
        .init(
            "forward marker in plain prose",
            "FYI\n\nMy forwarded message follows\nFrom: a\nDate: b\nSubject: c\n\nbody",
            "FYI\n\nMy forwarded message follows\nFrom: a\nDate: b\nSubject: c\n\nbody"),
        .init(
            "colon as the 16th byte", "Text\n123456789012345:x\nFrom: a\nDate: b\nSubject: c\n\nbody",
            "Text\n123456789012345:x"),
        .init("colon as the 17th byte is prose", "Text\n\n0123456789abcdefFrom: a\n", "Text\n\n0123456789abcdefFrom: a"),
        .init(
            "Gmail split attribution with CRLF",
            "Text\r\n\r\nEl lun, 3 may 2021, Bob <\r\nbob@x.org> escribió:\r\n> q\r\n", "Text"),
    ]

    @Test(arguments: attributions) func attributionLines(_ f: NewTextFixture) { #expect(NewText.trimmed(f.text) == f.expected) }
    @Test(arguments: quotes) func quotedBlocks(_ f: NewTextFixture) { #expect(NewText.trimmed(f.text) == f.expected) }
    @Test(arguments: topPosted) func topPostedQuotes(_ f: NewTextFixture) { #expect(NewText.trimmed(f.text) == f.expected) }
    @Test(arguments: signatures) func signatureBlocks(_ f: NewTextFixture) { #expect(NewText.trimmed(f.text) == f.expected) }
    @Test(arguments: footers) func listFooters(_ f: NewTextFixture) { #expect(NewText.trimmed(f.text) == f.expected) }
    @Test(arguments: lineShapes) func lineShapePrefilters(_ f: NewTextFixture) {
        #expect(NewText.trimmed(f.text) == f.expected)
    }
    @Test(arguments: layout) func blankLines(_ f: NewTextFixture) { #expect(NewText.trimmed(f.text) == f.expected) }

    // MARK: Hostile input

    @Test func manyAttributionsAndSeparators() {
        let text = "Real text\n" + String(repeating: "On Mon, x wrote:\n> q\n\n", count: 50_000)
        #expect(NewText.trimmed(text) == "Real text")
        let separators = "Top\n" + String(repeating: "-- \n", count: 50_000)
        #expect(NewText.trimmed(separators) == "Top")
        let rules = String(repeating: "_____\nunsubscribe\n", count: 50_000)
        #expect(NewText.trimmed(rules).utf8.count > 0)
    }

    @Test func megabyteOfQuotesFallsBackToTheOriginal() {
        let text = String(repeating: ">", count: 1 << 20)
        #expect(NewText.trimmed(text) == text)
    }

    @Test func nulBytesAndLongLines() {
        let long = String(repeating: "word ", count: 200_000)
        #expect(NewText.trimmed("\u{0}\n" + long + "\n> q") == "\u{0}\n" + long.dropLast())
    }
}
