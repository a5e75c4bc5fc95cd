import Foundation
import GRDB
import PraxisMail
@testable import PraxisCommunity
import Testing

/// What moderators and the sponsor read, in their own language (issue 22 §1), through the real
/// binary: the members CSV sets each one's language, `praxis report send --now` and `praxis review
/// send --now` queue the mail, `praxis outbox flush` delivers it into a real outgoing maildir, where
/// each message is read back. "No English left" is checked against the English catalog entries of
/// the report's own keys, so the list cannot go stale when a sentence is added.
@Suite("Reports in the reader's language", .serialized)
final class ReportLanguageTests {
    let fixture: CommunityFixture
    /// The last week that has ended: what `report send --now` reports on.
    let week: ISOWeek
    var delivered = 0

    init() throws {
        fixture = try CommunityFixture()
        week = ISOWeek(containing: Date(), in: .gmt).advanced(by: -1)
        try fixture.writeConfiguration("""
            community:
              name: Mobilität & Verkehr
              list_address: list@example.org
              timezone: UTC
            paths:
              maildir: Maildir
              database: praxis.sqlite
            smtp:
              url: maildir:Outbox
            list:
              from_rewrite: never
            organisation:
              sponsor: claire@example.org
            sub_issues:
              - {id: cycling, name: Radverkehr, keywords: [radweg]}
            """)
        let csv = fixture.url.appendingPathComponent("members.csv")
        try Data("""
            address,name,role,delivery,pinned,language
            anna@example.org,Anna Becker,core,digest,no,de
            ed@example.org,Ed Jones,core,digest,no,en
            claire@example.org,Claire Dubois,outer,digest,no,fr
            bob@example.org,Bob,outer,digest,no,

            """.utf8).write(to: csv)
        let imported = try praxis(["members", "import", csv.path])
        #expect(imported.status == 0, "\(imported.out) \(imported.err)")
        // They joined, and took their standings, a month before the reported week.
        let joined = week.interval(in: .gmt).start.addingTimeInterval(-30 * 86_400).timeIntervalSince1970
        try fixture.database().write("backdating the members") { db in
            try db.execute(sql: "UPDATE members SET joined_at = ?", arguments: [joined])
            try db.execute(sql: "UPDATE member_sub_issue SET since = ?", arguments: [joined])
        }
    }

    func praxis(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    /// A post by `from` on day `day` (0 = Monday) of the reported week, at 09:00 UTC.
    func post(from: String, subject: String, day: Int) throws {
        delivered += 1
        let date = week.interval(in: .gmt).start.addingTimeInterval(Double(day) * 86_400 + 9 * 3600)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .gmt
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        try fixture.deliver(Array("""
            From: \(from)\r
            To: list@example.org\r
            Subject: \(subject)\r
            Date: \(formatter.string(from: date))\r
            Message-ID: <report-lang-\(delivered)@example.net>\r
            \r
            Ein Beitrag.\r

            """.utf8), as: CommunityFixture.uniqueName(delivered))
    }

    /// What was delivered to `address` in the outgoing maildir.
    func sent(to address: String) throws -> [MailMessage] {
        let outgoing = fixture.url.appendingPathComponent("Outbox/new").path
        return try fixture.files(in: outgoing).compactMap { name in
            let mail = MailMessage(Array(try Data(contentsOf: URL(fileURLWithPath: outgoing + "/" + name))))
            return mail.to.contains { $0.address == address } ? mail : nil
        }
    }

    /// The words of the English entries of the keys starting with one of `prefixes` that
    /// `language`'s entry for the same key does not also hold: pieces between placeholders of at
    /// least eight characters ("Weekly report", "still lacks"), so that "in" or "12" do not count.
    static func englishOnlyFragments(_ prefixes: [String], against language: Language) -> [String] {
        var fragments: Set<String> = []
        for key in MessageKey.allCases where prefixes.contains(where: key.rawValue.hasPrefix) {
            guard let english = MessageCatalog.english[key], let translated = language.entries[key] else { continue }
            for form in english.forms {
                for piece in form.split(whereSeparator: { $0 == "{" || $0 == "}" }) {
                    let words = piece.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                    guard words.count >= 8, !words.contains(where: { $0 == "(" || $0 == "." }) || words.contains(" "),
                          !translated.forms.contains(where: { $0.contains(words) })
                    else { continue }
                    fragments.insert(words)
                }
            }
        }
        return fragments.sorted()
    }

    func fillTheWeek() throws {
        // Bob: two threads in cycling, one short of the bar (a candidate); one post nobody
        // answered for days; one about nothing the classifier knows (falls to general).
        try post(from: "Bob <bob@example.org>", subject: "[cycling] Radweg an der Hauptstraße", day: 0)
        try post(from: "Bob <bob@example.org>", subject: "[cycling] Radweg am Bahnhof", day: 1)
        try post(from: "Anna Becker <anna@example.org>", subject: "Kaffee", day: 2)
        let ingest = try praxis(["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
    }

    @Test func aGermanAndAnEnglishModeratorEachGetTheWeeklyReportInTheirLanguage() throws {
        try fillTheWeek()
        let send = try praxis(["report", "send", "--now"])
        #expect(send.status == 0, "\(send.err)")
        #expect(try praxis(["outbox", "flush"]).status == 0)

        let german = try #require(try sent(to: "anna@example.org").first)
        #expect(german.subject == "[Mobilität & Verkehr] Wochenbericht \(week)", "\(german.subject ?? "")")
        let text = german.text
        for expected in ["AUF EINEN BLICK", "  Beiträge                ", "TEILTHEMEN", "Radverkehr", "KREISE",
                         "Kurz vor dem inneren Kreis:", "bob@example.org in cycling: 2 Beiträge in 2 Diskussionen; noch offen: 1 weiterer Beitrag",
                         "BETRIEB", "ÜBERPRÜFUNG", "Die angehängte CSV-Datei"] {
            #expect(text.contains(expected), "\(expected) missing from:\n\(text)")
        }
        let leftovers = Self.englishOnlyFragments(["report"], against: .de).filter { text.contains($0) }
        #expect(leftovers.isEmpty, "English in the German report: \(leftovers)\n\(text)")

        let english = try #require(try sent(to: "ed@example.org").first)
        #expect(english.subject == "[Mobilität & Verkehr] Weekly report \(week)")
        #expect(english.text.contains("AT A GLANCE") && english.text.contains("bob@example.org in cycling: 2 posts in 2 threads"))
        #expect(!english.text.contains("AUF EINEN BLICK"))
        // The owner is no member: the community's language.
        #expect(try sent(to: "list-owner@example.org").first?.subject?.contains("Weekly report") == true)

        // The HTML, as the real binary writes it for a German reader.
        let html = try praxis(["report", "preview", "--format", "html", "--language", "de"])
        #expect(html.status == 0 && html.out.contains("<html lang=\"de\">"), "\(html.err)")
        #expect(html.out.contains(">Teilthemen</h2>") && html.out.contains("Wochenbericht"))
        let htmlLeftovers = Self.englishOnlyFragments(["report"], against: .de).filter { html.out.contains($0) }
        #expect(htmlLeftovers.isEmpty, "English in the German HTML: \(htmlLeftovers)")
        let unknown = try praxis(["report", "preview", "--language", "klingon"])
        #expect(unknown.status == 2 && unknown.err.contains("--language klingon"), "\(unknown.err)")
    }

    @Test func aFrenchSponsorsManagementSummaryIsInFrench() throws {
        try fillTheWeek()
        let send = try praxis(["review", "send", "--now"])
        #expect(send.status == 0, "\(send.out) \(send.err)")
        #expect(try praxis(["outbox", "flush"]).status == 0)

        let summary = try #require(try sent(to: "claire@example.org").first)
        #expect(summary.subject?.hasPrefix("[Mobilität & Verkehr] Synthèse pour la direction, ") == true, "\(summary.subject ?? "")")
        let text = summary.text
        for expected in ["SANTÉ", "LA GRILLE D’ÉVALUATION", "RECOMMANDATION\u{202F}: ", "CE QUE LA COMMUNAUTÉ A PRODUIT",
                         "Vous recevez cette synthèse en tant que sponsor"] {
            #expect(text.contains(expected), "\(expected) missing from:\n\(text)")
        }
        let leftovers = Self.englishOnlyFragments(["management", "reviewItem", "reviewMark"], against: .fr).filter { text.contains($0) }
        #expect(leftovers.isEmpty, "English in the French summary: \(leftovers)\n\(text)")
        // The German core member's review has German headings; the English one's English.
        let review = try #require(try sent(to: "anna@example.org").first)
        #expect(review.subject?.contains("Überprüfung") == true && review.text.contains("DIE CHECKLISTE"), "\(review.subject ?? "")")
        #expect(try sent(to: "ed@example.org").first?.text.contains("THE CHECKLIST") == true)
    }

    /// The review's evidence and reasons (the catalog block after `reviewReasonFuture`): the German
    /// core member reads them in German, while `praxis review --format json` keeps the English
    /// sentences, which scripts may read.
    @Test func aGermanCoreMembersReviewHasGermanEvidenceAndTheJSONStaysEnglish() throws {
        try fillTheWeek()
        #expect(try praxis(["review", "send", "--now"]).status == 0)
        #expect(try praxis(["outbox", "flush"]).status == 0)
        let evidenceKeys = MessageKey.allCases.drop { $0 != .reviewReasonFuture }.map(\.rawValue)

        let review = try #require(try sent(to: "anna@example.org").first)
        let text = review.text
        // The week's figures: 3 posts by 2 people, no objectives, no protected sub-issue, a sponsor.
        for expected in ["Es sind keine Ziele vereinbart (community.objectives)", "Personen haben in",
                         "Eine Förderin oder ein Förderer ist benannt (organisation.sponsor)",
                         "Es ist kein geschütztes Teilthema eingerichtet"] {
            #expect(text.contains(expected), "\(expected) missing from:\n\(text)")
        }
        let leftovers = Self.englishOnlyFragments(evidenceKeys, against: .de).filter { text.contains($0) }
        #expect(leftovers.isEmpty, "English in the German review: \(leftovers)\n\(text)")
        #expect(!text.contains("{"), "a placeholder left unfilled:\n\(text)")

        let english = try #require(try sent(to: "ed@example.org").first)
        #expect(english.text.contains("No objectives are agreed (community.objectives): nothing to measure activity against."))

        let json = try praxis(["review", "--format", "json"])
        #expect(json.status == 0, "\(json.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        let evidence = items.compactMap { $0["evidence"] as? String }
        #expect(evidence.count == 8)
        #expect(evidence.contains("No objectives are agreed (community.objectives): nothing to measure activity against."))
        #expect(evidence.contains("A sponsor is named (organisation.sponsor); no organisation digest is configured."), "\(evidence)")
        let germanInJSON = Self.englishOnlyFragments(evidenceKeys, against: .en).isEmpty
            && !json.out.contains("Teilthema") && !json.out.contains("Personen")
        #expect(germanInJSON, "the JSON is not English: \(json.out)")
    }
}
