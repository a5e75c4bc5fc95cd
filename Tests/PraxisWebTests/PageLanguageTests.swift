import Foundation
import GRDB
import Logging
@testable import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisTestSupport
import Testing
@testable import PraxisWeb

/// Every page of the archive in the reader's language (issue 22 §1), over real HTTP on port 0
/// against a real store: anonymous readers in `community.language`, a signed-in member in their
/// own, and a protected page answering exactly as a missing one in the community's language.
@Suite("The archive's pages in the reader's language")
struct PageLanguageTests {
    static let subIssues = [
        SubIssue.general,
        SubIssue(id: "velo", name: "Vélo"),
        SubIssue(id: "rh", name: "Ressources humaines", isProtected: true, members: ["chef@example.org"]),
    ]

    /// English the pages used to show, each a word or phrase that must not survive on a French
    /// page. `everyEnglishLabelIsStillInTheCatalog` keeps the list honest.
    static let englishLabels = [
        "Search the archive", "Search", "Sub-issues", "Sub-issue", "Threads", "Posts", "Latest", "Core group", "How to join",
        "By month", "What we work on", "Sign in", "Atom feed", "an archive kept by Praxis", "Go to the start page", "Page not found",
        "There is no page at this address", "No threads yet", "download as mbox", "link here", "permalink", "raw source",
        "Quoted text", "How to search", "Every part must match", "Newest first", "Best match first", "Email address",
        "Send me a sign-in link", "Send a message with the word", "Posts go to", "latest", "posts", "post", "threads", "thread",
        "lines", "found", "the whole thread", "March", "Members of", "There is no password", "Someone", "no subject",
    ]

    /// A French community: two public posts in a thread (the second quoting the first, and with
    /// neither a subject nor a name), one protected post; members `chef` (core, admitted to rh)
    /// and `anna`.
    static func fixture() throws -> ArchiveFixture {
        let fixture = try ArchiveFixture()
        try fixture.add(ArchiveFixture.message(
            id: "piste@example.org", from: "Claire Dupont <claire@example.org>", subject: "Pistes cyclables rue Principale",
            body: "Faut-il les peindre en vert ?\n\nÀ bientôt"), subIssue: "velo")
        try fixture.add(ArchiveFixture.message(
            id: "reponse@example.org", from: "<jules@example.org>", subject: "", body: "> Faut-il les peindre\n> en vert ?\nOui.",
            inReplyTo: "piste@example.org", date: "Tue, 02 Mar 2004 10:00:00 +0000"), subIssue: "velo")
        try fixture.add(ArchiveFixture.message(
            id: "secret@example.org", from: "Chef <chef@example.org>", subject: "Réorganisation", body: "Confidentiel",
            date: "Wed, 03 Mar 2004 10:00:00 +0000"), subIssue: "rh")
        for address in ["chef@example.org", "anna@example.org"] {
            _ = try fixture.database.addMember(address, change: MemberChange(), subIssues: subIssues, at: Date())
        }
        return fixture
    }

    static func site(_ fixture: ArchiveFixture) throws -> ArchiveSite {
        let community = Community(name: "Mobilité", listAddress: "mobilite@lists.example.org", language: .fr)
        let maildir = fixture.maildir
        let queue = ModerationQueue(community: community, configuredCore: ["chef@example.org"], subIssues: subIssues,
                                    loadMessage: { maildir.message(uniqueName: $0) })
        let settings = ArchiveSettings(
            community: community, subIssues: subIssues, coreAddresses: ["chef@example.org"], access: ArchiveAccess(audience: .public),
            baseURL: "http://archive.test/", signIn: SignInPolicy(linksPerHour: 5, linksPerClientPerHour: 20),
            memberCommands: EmailCommandProcessor(community: community, subIssues: subIssues, coreGroup: ["chef@example.org"], moderation: nil))
        return try ArchiveSite(settings: settings, database: fixture.database, maildir: maildir, templates: .builtIn, moderation: queue,
                               logger: Logger(label: "language-test"))
    }

    static func chooseLanguage(_ language: Language, for address: String, _ database: PraxisDatabase) throws {
        try database.write("choosing a language") { db in
            try db.execute(sql: "UPDATE members SET language = ? WHERE address = ?", arguments: [language.rawValue, address])
        }
    }

    /// What a reader sees of `html`: the text between the tags, entities as characters.
    static func visibleText(_ html: String) -> String {
        let text = html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        return text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
    }

    /// The English labels found in `html`'s visible text as whole words.
    static func englishLeft(in html: String) -> [String] {
        let text = visibleText(html)
        return englishLabels.filter { label in
            text.range(of: "(?<![\\p{L}-])" + NSRegularExpression.escapedPattern(for: label) + "(?![\\p{L}-])", options: .regularExpression) != nil
        }
    }

    // MARK: The list of English words stays true

    @Test func everyEnglishLabelIsStillInTheCatalog() {
        let english = MessageCatalog.english.values.flatMap(\.forms) + MessageCatalog.englishCalendar.months
        for label in Self.englishLabels {
            #expect(english.contains { $0.contains(label) }, "“\(label)” is no English text of the catalog: the list is stale")
        }
    }

    // MARK: Anonymous readers

    @Test func aFrenchCommunityServesEveryPageInFrenchAndAProtectedPageLikeAMissingOne() async throws {
        let fixture = try Self.fixture()
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let reader = FormBrowser(base: base)
            let missing = try await reader.request("/m/nowhere@example.org/")
            let protected = try await reader.request("/m/secret@example.org/")
            // The nasty case first: the hidden post's page is the missing page, byte for byte, in French.
            #expect(missing.status == 404 && protected.status == 404 && protected.body == missing.body)
            #expect(missing.body.contains("Page introuvable") && missing.body.contains("<html lang=\"fr\">"))
            #expect(try await reader.request("/t/secret@example.org/").body == missing.body)

            let pages: [(path: String, french: [String])] = [
                ("/", ["Rechercher dans les archives", "Sous-thèmes", "Comment nous rejoindre", "Par mois", "Mars 2004", "flux Atom"]),
                ("/s/velo/", ["1 discussion", "2 messages", "dernier message le 2 mars 2004 10:00"]),
                ("/t/piste@example.org/", ["2 messages", "télécharger au format mbox", "Texte cité (2 lignes)", "(sans objet)",
                                          "lien permanent", "1 mars 2004 10:00"]),
                ("/search?q=peindre", ["1 message trouvé", "Les plus récents d’abord"]),
                ("/search", ["Comment rechercher", "Chaque élément doit correspondre"]),
                ("/2004/03/", ["Mars 2004", "2 messages", "Février 2004", "Avril 2004"]),
                ("/sign-in", ["Se connecter", "Adresse e-mail", "Recevoir un lien de connexion"]),
                ("/no-such-page", ["Page introuvable", "Aller à la page d’accueil de Mobilité"]),
            ]
            for (path, french) in pages {
                let page = try await reader.request(path)
                #expect(page.body.contains("<html lang=\"fr\">"), "\(path)")
                #expect(Self.englishLeft(in: page.body).isEmpty, "\(path) still says \(Self.englishLeft(in: page.body))")
                for words in french { #expect(page.body.contains(words), "\(path) lacks “\(words)”") }
                #expect(!page.body.contains("Réorganisation") && !page.body.contains("Ressources humaines"), "\(path) shows the protected space")
            }
        }
    }

    // MARK: A member in their own language

    @Test func aGermanMemberReadsSettingsAndModerationInGermanWhileAnonymousReadersStayFrench() async throws {
        let fixture = try Self.fixture()
        let database = fixture.database
        try Self.chooseLanguage(.de, for: "chef@example.org", database)
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let chef = try await SignInTests.signIn("chef@example.org", base: base, database: database, reading: .fr, signedInLanguage: .de)
            // The mailed link was in German, though the page asking for it was French.
            let mailed = try database.read("reading the outbox") { db in
                try Row.fetchAll(db, sql: "SELECT message FROM outbox WHERE kind = 'notice' AND recipients = 'chef@example.org'")
            }.map { MailMessage(Array($0[0] as Data)) }
            #expect(mailed.count == 1 && mailed.first?.subject == "Bei Mobilité anmelden")
            #expect(mailed.first?.body.readerText.contains("innerhalb von 15 Minuten") == true)
            let settings = try await chef.request("/settings")
            #expect(settings.status == 200 && settings.body.contains("<html lang=\"de\">"))
            for words in ["Ihre Einstellungen", "Wie oft Zusammenfassungen kommen", "Einstellungen speichern", "Ihr privater Feed", "Abmelden"] {
                #expect(settings.body.contains(words), "/settings lacks “\(words)”")
            }
            let saved = try await chef.request("/settings", form: [
                "form_token": try FormBrowser.formToken(settings.body), "action": "save", "digest": "daily",
            ])
            let confirmation = ArchiveSite.sentence(Language.de.text(.changeDigestDaily))
            #expect(saved.status == 200 && saved.body.contains("Gespeichert") && saved.body.contains(confirmation), "\(saved.body)")

            let moderation = try await chef.request("/moderation")
            #expect(moderation.status == 200 && moderation.body.contains("<html lang=\"de\">"))
            #expect(moderation.body.contains("<h1>Moderation</h1>") && moderation.body.contains("Kein Beitrag wartet auf Sie."))

            // The thread in German for the member; a page that is not there in the community's language.
            let thread = try await chef.request("/t/piste@example.org/")
            #expect(thread.body.contains("Zitierter Text (2 Zeilen)") && thread.body.contains("1. März 2004 10:00"))
            let missing = try await chef.request("/no-such-page")
            #expect(missing.status == 404 && missing.body.contains("Page introuvable") && missing.body.contains("<html lang=\"fr\">"))

            let reader = FormBrowser(base: base)
            let home = try await reader.request("/")
            #expect(home.body.contains("<html lang=\"fr\">") && Self.englishLeft(in: home.body).isEmpty)
            #expect(!home.body.contains("Teilthemen") && home.body.contains("Sous-thèmes"))
        }
    }

    @Test func aGermanModeratorsDecisionIsAnsweredInGerman() async throws {
        let setting = try await WebModerationTests.setting()
        let database = setting.fixture.database
        let cycling = try #require(setting.held["cycling"])
        try Self.chooseLanguage(.de, for: "cyclemod@example.org", database)
        try await LiveArchiveTests.serving(setting.site) { base in
            let moderator = try await SignInTests.signIn("cyclemod@example.org", base: base, database: database, signedInLanguage: .de)
            let page = try await moderator.request("/moderation")
            #expect(page.body.contains("<html lang=\"de\">") && page.body.contains("1 Beitrag wartet.") && page.body.contains("Zahlen der letzten Woche"))
            let approved = try await moderator.request("/moderation", form: [
                "form_token": try FormBrowser.formToken(page.body), "held": "\(cycling)", "decision": "approve",
            ])
            #expect(approved.status == 200 && approved.body.contains("Freigegeben: „[cycling] From outside“"), "\(approved.body)")
        }
    }

    @Test func choosingAnotherLanguageOnSettingsAnswersInIt() async throws {
        let fixture = try Self.fixture()
        let database = fixture.database
        try await LiveArchiveTests.serving(try Self.site(fixture)) { base in
            let anna = try await SignInTests.signIn("anna@example.org", base: base, database: database, reading: .fr)
            let settings = try await anna.request("/settings")
            #expect(settings.body.contains("<html lang=\"fr\">") && settings.body.contains("Vos paramètres"))
            let saved = try await anna.request("/settings", form: [
                "form_token": try FormBrowser.formToken(settings.body), "action": "save", "language": "es",
            ])
            #expect(saved.body.contains("<html lang=\"es\">") && saved.body.contains("Sus ajustes"), "\(saved.body)")
            #expect(try await anna.request("/").body.contains("Buscar en el archivo"))
        }
    }

    // MARK: Pure parts

    @Test(arguments: [
        (Language.en, 3, 2004, "March 2004"), (.de, 3, 2004, "März 2004"), (.fr, 3, 2004, "Mars 2004"), (.es, 3, 2004, "Marzo de 2004"),
        (.fr, 12, 1999, "Décembre 1999"), (.de, 1, 2026, "Januar 2026"),
    ])
    func monthsAreNamedInTheLanguage(language: Language, month: Int, year: Int, expected: String) {
        #expect(PageFormat(timeZone: Community.standardTimeZone, language: language).month(year: year, month: month) == expected)
    }

    @Test(arguments: [
        (Language.fr, "", "Saisissez un objet"), (.de, "[rh] Geheim", "Der Betreff nennt ein anderes Teilthema (rh)"),
        (.es, String(repeating: "x", count: WebPostPolicy.subjectLimit + 1), "El asunto debe tener como máximo"),
    ])
    func aPostFormsProblemsAreInTheWritersLanguage(language: Language, subject: String, expected: String) {
        let draft = WebPostPolicy.Draft(subIssue: "velo", subject: subject, text: "")
        let problems = WebPostPolicy.problems(draft, writable: ["velo"], language: language) { $0.hasPrefix("[rh]") ? "rh" : nil }
        #expect(problems.contains { $0.field == "subject" && $0.message.hasPrefix(expected) }, "\(problems)")
        #expect(problems.contains { $0.field == "text" && $0.message == language.text(.webProblemNoText) })
    }

    @Test(arguments: [(Language.de, "before: braucht einen Tag als JJJJ-MM-TT"), (.fr, "after: attend un jour"), (.en, "after: needs a day")])
    func aMalformedDayIsExplainedInTheReadersLanguage(language: Language, expected: String) {
        let query = language == .de ? "before:2004-02-30 x" : "after:gestern x"
        #expect(throws: CommunityError.self) { try SearchQuery(parsing: query, language: language) }
        do {
            _ = try SearchQuery(parsing: query, language: language)
        } catch {
            #expect(error.message.hasPrefix(expected), "\(error.message)")
        }
    }

    /// Every `{{labels.…}}` the built-in templates name exists in every language and is complete:
    /// a template cannot fill a placeholder, so one left in a label would reach the reader.
    @Test(arguments: Language.allCases)
    func everyLabelTheTemplatesUseIsThereAndFilled(_ language: Language) throws {
        let words = PageWords(language, community: Community(name: "Mobilité", listAddress: "m@lists.example.org"))
        let pattern = try NSRegularExpression(pattern: "\\{\\{labels\\.([A-Za-z]+)\\}\\}")
        var used = Set<String>()
        for name in WebTemplates.fileNames {
            let source = try #require(WebTemplates.builtInSource(name))
            for match in pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
                if let range = Range(match.range(at: 1), in: source) { used.insert(String(source[range])) }
            }
        }
        #expect(used.count > 100, "the templates take their words from the labels")
        for name in used.sorted() {
            let text = try #require(words.labels[name], "\(language) has no label \(name)")
            #expect(!text.isEmpty && Language.placeholders(in: text).isEmpty, "\(language) \(name): \(text)")
        }
    }
}
