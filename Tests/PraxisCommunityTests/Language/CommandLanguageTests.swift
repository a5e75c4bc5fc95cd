import Foundation
@testable import PraxisCommunity
import Testing

/// Email commands in every language (issue 22 §1): the words of all four languages are read
/// whatever the member's language, and the answers come in the member's language.
@Suite("Commands in every language")
struct CommandLanguageTests {
    @Test(arguments: [
        ("hilfe", EmailCommand.help), ("Hilfe", .help), ("aide", .help), ("ayuda", .help),
        ("einstellungen", .whoami), ("réglages", .whoami), ("reglages", .whoami), ("paramètres", .whoami),
        ("parametres", .whoami), ("ajustes", .whoami), ("configuracion", .whoami),
        ("abmelden", .unsubscribe), ("désabonner", .unsubscribe), ("desabonner", .unsubscribe), ("baja", .unsubscribe),
        ("anmelden", .subscribe(name: nil)), ("abonner", .subscribe(name: nil)), ("alta", .subscribe(name: nil)),
        ("bestätigen 7hq3abcd", .confirm(token: "7hq3abcd")), ("bestaetigen 7hq3abcd", .confirm(token: "7hq3abcd")),
        ("confirmer 7hq3abcd", .confirm(token: "7hq3abcd")), ("confirmar 7hq3abcd", .confirm(token: "7hq3abcd")),
        ("folgen cycling", .follow(subIssue: "cycling")), ("ignorer cycling", .mute(subIssue: "cycling")),
        ("silenciar cycling", .mute(subIssue: "cycling")),
        ("sprache de", .setLanguage(.de)), ("langue français", .setLanguage(.fr)), ("idioma es", .setLanguage(.es)),
        ("set language fr", .setLanguage(.fr)), ("set language Deutsch", .setLanguage(.de)), ("language en", .setLanguage(.en)),
    ])
    func commandWordsOfEveryLanguageAreRead(line: String, expected: EmailCommand) {
        #expect(EmailCommandParser.command(in: line) == expected)
    }

    /// A language Praxis does not write is refused with the usage, naming the four.
    @Test(arguments: ["sprache klingon", "set language", "set language de fr", "langue"])
    func anUnknownLanguageIsAProblem(line: String) throws {
        let parsed = try #require(EmailCommandParser.line(Substring(line)))
        guard case .problem(let problem) = parsed.outcome else {
            Issue.record("\(line) read as \(parsed.outcome)")
            return
        }
        #expect(problem.sentence(in: .en).contains("set language en|de|fr|es"), "\(problem)")
        #expect(problem.sentence(in: .de).hasPrefix("„set“ lautet"))
    }

    /// Each translated word stands for one command, and never for another command's English verb:
    /// "status" or "info" in one language must not quietly mean something else in another.
    @Test func noWordStandsForTwoCommands() {
        var seen: [String: String] = [:]
        let english: Set<String> = ["subscribe", "join", "unsubscribe", "leave", "signoff", "confirm", "set", "follow", "mute",
                                    "whoami", "help", "info", "classify", "reclassify", "review", "approve", "reject"]
        for (verb, words) in CommandWords.translations {
            for word in words.values.joined() where !(verb == "language" && word == "language") {
                let folded = CommandWords.folded(word)
                #expect(seen[folded] == nil, "\(word) is read as both \(seen[folded] ?? "") and \(verb)")
                #expect(!english.contains(folded), "\(word) is an English command word")
                seen[folded] = verb
            }
        }
    }

    @Test func theStoredFormReadsBack() {
        for language in Language.allCases {
            let command = EmailCommand.setLanguage(language)
            #expect(EmailCommandParser.command(in: command.canonicalText) == command)
            #expect(command.needsConfirmation)
        }
    }

    @Test(arguments: ["danke", "Merci", "gracias", "fin", "ende"])
    func thanksInAnyLanguageEndTheCommands(word: String) {
        let parsed = EmailCommandParser.parse(subject: nil, newText: "hilfe\n\(word)\nanmelden\n")
        #expect(parsed.commands == [.help])
        #expect(parsed.stoppedAt == nil)
    }

    // MARK: Answers

    static let community = Community(name: "Mobilität", listAddress: "list@example.org", language: .fr)
    static let decider = EmailCommandDecider(
        community: community, subIssues: [SubIssue(id: "cycling", name: "Radverkehr")], coreGroup: [])

    /// The reply to "hilfe" from a German member is German from its first line to its last, and
    /// lists the words of the other languages.
    @Test func aGermanMemberGetsGermanHelp() throws {
        let german = Self.decider.speaking(.de)
        let commands = EmailCommandParser.parse(subject: nil, newText: "hilfe")
        var run = EmailCommandDecider.Run(address: "anna@example.org", fromName: nil, now: MessageCatalogTests.sunday)
        let line = try #require(commands.lines.first)
        run.paragraphs.append(german.answer(line, isMember: true, run: &run) ?? "")
        let reply = german.reply(run, commands: commands, confirmation: nil, lastUntil: nil, inReplyTo: nil, references: [])
        #expect(reply.subject == "Ihre Befehle an Mobilität")
        #expect(reply.text.contains("Das ist aus den Befehlen in Ihrer Nachricht geworden:"))
        #expect(reply.text.contains("Die Übersicht der Befehle finden Sie am Ende dieser Nachricht."))
        #expect(reply.text.contains("Ihre Mitgliedschaft in Mobilität verwalten Sie"))
        #expect(reply.text.contains("nur\n7 Tage lang"), "\(reply.text)")
        #expect(reply.text.contains("  Französisch: aide (help), réglages, paramètres (whoami)"), "\(reply.text)")
        for english in ["This is what became", "You can manage", "Why we ask you to confirm", "Questions go to"] {
            #expect(!reply.text.contains(english), "English left: \(english)")
        }
    }

    /// Without a language of its own, the decider speaks the community's: a stranger's reply.
    @Test func aStrangerHearsTheCommunitysLanguage() {
        var run = EmailCommandDecider.Run(address: "x@example.net", fromName: nil, now: MessageCatalogTests.sunday)
        let line = EmailCommands.Line(text: "unsubscribe", outcome: .command(.unsubscribe))
        #expect(Self.decider.answer(line, isMember: false, run: &run)
            == "> unsubscribe\nVous n’êtes pas membre de Mobilität : il n’y a donc rien à quitter.")
    }

    @Test(arguments: [
        (Language.en, "Waiting for your confirmation: what we send you will be in German."),
        (.de, "Wartet auf Ihre Bestätigung: was wir Ihnen senden, ist künftig auf Deutsch."),
        (.fr, "En attente de votre confirmation : nous vous écrirons désormais en allemand."),
        (.es, "Pendiente de su confirmación: le escribiremos en alemán."),
    ])
    func setLanguageWaitsForConfirmation(language: Language, expected: String) {
        var run = EmailCommandDecider.Run(address: "anna@example.org", fromName: nil, now: MessageCatalogTests.sunday)
        let line = EmailCommands.Line(text: "sprache de", outcome: .command(.setLanguage(.de)))
        #expect(Self.decider.speaking(language).answer(line, isMember: true, run: &run) == "> sprache de\n" + expected)
        #expect(run.pending == [.setLanguage(.de)])
    }

    @Test func aConfirmedLanguageIsWritten() {
        let steps = Self.decider.speaking(.es).confirmedSteps(
            payload: "set language de", address: "anna@example.org",
            member: .init(isKnown: true, isActive: true, hasCoreStanding: false), at: MessageCatalogTests.sunday)
        #expect(steps == [.done([.changeMember(address: "anna@example.org", .language(.de), at: MessageCatalogTests.sunday)],
                                line: "le escribiremos en alemán.")])
    }

    @Test func whoamiSaysTheLanguage() {
        let settings = EmailCommandDecider.MemberSettings(
            address: "anna@example.org", name: "Anna", joinedAt: MessageCatalogTests.sunday, delivery: "digest",
            digest: "weekly", subIssues: [:], language: .de)
        let text = Self.decider.speaking(.de).whoami(settings)
        #expect(text.hasPrefix("Sie sind anna@example.org (Anna), Mitglied von Mobilität seit dem 6. Dezember 2026."), "\(text)")
        #expect(text.contains("Zustellung: digest, sofern"))
        #expect(text.contains("Zusammenfassungen: wöchentlich."))
        #expect(text.contains("Sprache: Deutsch."))
        #expect(text.contains("  general: äußerer Kreis"), "\(text)")
    }

    static let productDecider = EmailCommandDecider(
        community: Community(name: "Mobilität", listAddress: "list@example.org"),
        subIssues: [SubIssue(id: "cycling")], coreGroup: ["core@example.org"], confirmationDays: 3, repliesPerHour: 2)

    /// The product command's answers in each language: a stranger is thanked and told who marks
    /// products whatever the Message-ID (so nobody learns which posts exist), a core member is
    /// told of a Message-ID the archive lacks, and a marking waits for confirmation.
    @Test(arguments: [
        (Language.de, "eve@example.org", "cycling", "Danke für den Hinweis auf ein Ergebnis der Gemeinschaft. Ergebnisse markieren nur die Kerngruppe und die Moderatoren des Teilthemas der Diskussion; bitte sagen Sie einem von ihnen Bescheid oder schreiben Sie an list-owner@example.org."),
        (.de, "eve@example.org", nil, "Danke für den Hinweis auf ein Ergebnis der Gemeinschaft. Ergebnisse markieren nur die Kerngruppe und die Moderatoren des Teilthemas der Diskussion; bitte sagen Sie einem von ihnen Bescheid oder schreiben Sie an list-owner@example.org."),
        (.fr, "core@example.org", nil, "Aucun message des archives ne porte ce Message-ID ; rien n’a été marqué."),
        (.es, "core@example.org", "cycling", "Pendiente de su confirmación: la conversación de <a@example.org> queda marcada como resultado de la comunidad (solution)."),
        (.en, "core@example.org", nil, "No post in the archive has that Message-ID; nothing was marked."),
    ] as [(Language, String, String?, String)])
    func theProductCommandIsAnsweredInTheMembersLanguage(language: Language, from: String, subIssue: String?, expected: String) {
        var run = EmailCommandDecider.Run(address: from, fromName: nil, now: Date(timeIntervalSince1970: 1_700_000_000))
        let command = EmailCommand.markProduct(messageID: "a@example.org", kind: .solution, note: nil)
        let answer = Self.productDecider.speaking(language).productRequest(
            command, subIssue: subIssue, senderIsCore: from.hasPrefix("core@"), run: &run)
        #expect(answer == expected)
        #expect(run.pending == (expected.hasPrefix("Pendiente") ? [command] : []))
    }
}
