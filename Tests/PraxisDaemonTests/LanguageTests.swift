import Foundation
import PraxisMail
import Testing

/// Members receive Praxis's mail in their own language (issue 22 §1), through the real binary:
/// the members CSV sets the language, command messages go into the real maildir, `praxis ingest
/// --once` answers them, `praxis digest send` writes the digests, and `praxis outbox flush`
/// delivers all of it into a real outgoing maildir, where each message is read back.
@Suite("Languages", .serialized)
final class LanguageTests {
    let fixture: CommunityFixture
    var delivered = 0

    init() throws {
        fixture = try CommunityFixture()
        try fixture.writeConfiguration("""
            community:
              name: Mobilität & Verkehr
              list_address: list@example.org
            paths:
              maildir: Maildir
              database: praxis.sqlite
            smtp:
              url: maildir:Outbox
            sub_issues:
              - {id: cycling, name: Radverkehr}
            """)
        let csv = fixture.url.appendingPathComponent("members.csv")
        try Data("""
            address,name,role,delivery,pinned,language
            anna@example.org,Anna Becker,outer,digest,no,de
            claire@example.org,Claire Dubois,outer,digest,no,FR
            chair@example.org,Chair,inner,immediate,no,

            """.utf8).write(to: csv)
        let imported = try praxis(["members", "import", csv.path])
        #expect(imported.status == 0, "\(imported.out) \(imported.err)")
    }

    func praxis(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    func deliver(from: String, to: String, subject: String, body: String) throws {
        delivered += 1
        try fixture.deliver(Array("""
            From: \(from)\r
            To: \(to)\r
            Subject: \(subject)\r
            Date: Sun, 06 Dec 2026 10:00:00 +0000\r
            Message-ID: <lang-\(delivered)@example.net>\r
            \r
            \(body)\r

            """.utf8), as: CommunityFixture.uniqueName(delivered))
    }

    /// What was delivered to `address` in the outgoing maildir, raw and parsed.
    func sent(to address: String) throws -> [(raw: String, mail: MailMessage)] {
        let outgoing = fixture.url.appendingPathComponent("Outbox/new").path
        return try fixture.files(in: outgoing).compactMap { name in
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: outgoing + "/" + name)))
            let mail = MailMessage(bytes)
            guard mail.to.first?.address == address else { return nil }
            return (String(decoding: bytes, as: UTF8.self), mail)
        }
    }

    @Test func aGermanMembersHelpAndSettingsComeInGerman() throws {
        try deliver(from: "Anna Becker <anna@example.org>", to: "list-request@example.org", subject: "", body: "hilfe")
        try deliver(from: "Anna Becker <anna@example.org>", to: "list-request@example.org", subject: "einstellungen", body: "Danke!")
        let ingest = try praxis(["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
        #expect(try praxis(["outbox", "flush"]).status == 0)

        let replies = try sent(to: "anna@example.org")
        #expect(replies.count == 2)
        let help = try #require(replies.first { $0.mail.inReplyTo == ["lang-1@example.net"] })
        let settings = try #require(replies.first { $0.mail.inReplyTo == ["lang-2@example.net"] })
        for reply in [help, settings] {
            // Non-ASCII in the Subject travels as an encoded word, and the body says its charset.
            #expect(reply.mail.subject == "Ihre Befehle an Mobilität & Verkehr")
            let rawSubject = try #require(reply.raw.split(separator: "\r\n").first { $0.hasPrefix("Subject:") })
            #expect(rawSubject.contains("=?utf-8?") || rawSubject.contains("=?UTF-8?"), "\(rawSubject)")
            #expect(rawSubject.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(reply.mail.header("Content-Type")?.lowercased().contains("charset=utf-8") == true,
                    "\(reply.mail.header("Content-Type") ?? "none")")
            #expect(reply.mail.text.contains("Das ist aus den Befehlen in Ihrer Nachricht geworden:"), "\(reply.mail.text)")
            // RFC 3282: the reply says the language it is written in, once.
            #expect(reply.raw.components(separatedBy: "\r\nContent-Language: de\r\n").count == 2, "\(reply.raw)")
        }
        #expect(help.mail.text.contains("Die Übersicht der Befehle finden Sie am Ende dieser Nachricht."))
        #expect(help.mail.text.contains("Ihre Mitgliedschaft in Mobilität & Verkehr verwalten Sie, indem Sie an"))
        #expect(help.mail.text.contains("Warum wir um Bestätigung bitten"))
        #expect(!help.mail.text.contains("You can manage your membership"))
        #expect(settings.mail.text.contains("Sie sind anna@example.org (Anna Becker), Mitglied von Mobilität & Verkehr seit dem "),
                "\(settings.mail.text)")
        #expect(settings.mail.text.contains("Sprache: Deutsch."))
        #expect(settings.mail.text.contains("Eine Übersicht der Befehle erhalten Sie, wenn Sie „hilfe“ an list-request@example.org senden."))
        #expect(!settings.mail.text.contains("You are anna@example.org"))
    }

    /// An address without a member row is answered in the community's language (English here),
    /// even when it writes German command words.
    @Test func aStrangerIsAnsweredInTheCommunitysLanguage() throws {
        try deliver(from: "zoe@example.org", to: "list-request@example.org", subject: "", body: "hilfe")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        #expect(try praxis(["outbox", "flush"]).status == 0)
        let reply = try #require(try sent(to: "zoe@example.org").first)
        #expect(reply.mail.subject == "Your commands to Mobilität & Verkehr")
        #expect(reply.mail.text.contains("You can manage your membership of Mobilität & Verkehr"))
        #expect(reply.mail.header("Content-Language") == "en")
    }

    @Test func aFrenchMembersDigestIsInFrench() throws {
        try deliver(from: "Chair <chair@example.org>", to: "list@example.org", subject: "Pistes cyclables à Lyon",
                    body: "Nous avons élargi les pistes de la rue Garibaldi.")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        let send = try praxis(["digest", "send", "--schedule", "weekly", "--now"])
        #expect(send.status == 0, "\(send.out) \(send.err)")
        #expect(try praxis(["outbox", "flush"]).status == 0)

        let french = try #require(try sent(to: "claire@example.org").first, "no digest for claire")
        let subject = try #require(french.mail.subject)
        #expect(subject.hasPrefix("[Mobilität & Verkehr] Résumé de la semaine, "), "\(subject)")
        #expect(subject.hasSuffix(" : 1 message dans 1 discussion"), "\(subject)")
        let text = french.mail.text
        #expect(text.contains("Pistes cyclables à Lyon"))
        #expect(text.contains("1 nouveau message dans 1 discussion"), "\(text)")
        #expect(text.contains("Pour répondre, écrivez à list@example.org avec l’objet : Re: "), "\(text)")
        #expect(text.contains("Pour lancer une nouvelle discussion, écrivez à list@example.org."))
        #expect(text.contains("Vous n’avez rien publié cette semaine."), "\(text)")
        for english in ["Reply to this thread", "new post", "To start a new thread", "Questions about the list"] {
            #expect(!text.contains(english), "English left in the French digest: \(english)")
        }
        // The months are French: the digest's date line names one of them.
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        #expect(months.contains { subject.contains(" \($0) ") }, "\(subject)")

        let german = try #require(try sent(to: "anna@example.org").first, "no digest for anna")
        #expect(german.mail.subject?.contains("Wöchentliche Zusammenfassung") == true)
        #expect(french.mail.header("Content-Language") == "fr")
        #expect(german.mail.header("Content-Language") == "de")
        #expect(german.mail.text.contains("Zum Antworten schreiben Sie an list@example.org mit dem Betreff: Re: "))
    }

    /// A moderator who chose German (CSV `language: de`) gets the request for a held post in
    /// German, and the reply to their `approve TOKEN` too; the community's language stays English.
    @Test func aGermanModeratorIsAskedAndAnsweredInGerman() throws {
        let csv = fixture.url.appendingPathComponent("moderators.csv")
        try Data("address,name,role,language\nmona@example.org,Mona Vogt,core,de\n".utf8).write(to: csv)
        let imported = try praxis(["members", "import", csv.path])
        #expect(imported.status == 0, "\(imported.out) \(imported.err)")
        try deliver(from: "Zoe <zoe@example.org>", to: "list@example.org", subject: "Lastenräder im Test",
                    body: "approve forgedtoken\nWir haben drei Lastenräder getestet.")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        #expect(try praxis(["outbox", "flush"]).status == 0)

        let request = try #require(try sent(to: "mona@example.org").first, "no moderation request for mona")
        #expect(request.mail.subject == "Wartet auf Moderation: Lastenräder im Test")
        #expect(request.mail.header("Content-Language") == "de")
        let text = request.mail.text
        #expect(text.hasPrefix("Ein Beitrag an Mobilität & Verkehr wartet auf Moderation: die Absenderin oder der Absender ist kein Mitglied"),
                "\(text)")
        #expect(text.contains("Von:      Zoe <zoe@example.org>\nBetreff:  Lastenräder im Test\n"), "\(text)")
        #expect(text.contains("| approve forgedtoken\n| Wir haben drei Lastenräder getestet."), "\(text)")
        #expect(text.contains("Um ihn an die Liste weiterzuleiten, antworten Sie mit dieser Zeile:"))
        #expect(text.contains("Der Code gilt nur in einer E-Mail von mona@example.org, der Adresse, an die er ging."))
        #expect(!text.contains("To let it through") && !text.contains("held for moderation"), "English left: \(text)")
        let heldNumber = try #require(text.split(separator: "\n").first { $0.hasPrefix("Auf dem Server: praxis moderation approve ") })
        #expect(Int(heldNumber.split(separator: " ").last ?? "") != nil, "\(heldNumber)")
        let approveLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("approve ") && !$0.contains("forged") })

        try deliver(from: "Mona Vogt <mona@example.org>", to: "list-request@example.org", subject: "", body: String(approveLine))
        #expect(try praxis(["ingest", "--once"]).status == 0)
        #expect(try praxis(["outbox", "flush"]).status == 0)
        let reply = try #require(try sent(to: "mona@example.org").first { $0.mail.inReplyTo == ["lang-2@example.net"] })
        #expect(reply.mail.subject == "Ihre Befehle an Mobilität & Verkehr")
        #expect(reply.mail.text.contains("> \(approveLine)\nFreigegeben: „Lastenräder im Test“ von zoe@example.org."),
                "\(reply.mail.text)")
        // Approved indeed, by her.
        #expect(try fixture.strings("SELECT state || ' ' || decided_by FROM held_messages") == ["approved mona@example.org"])
        // And released: its list copies went out (their To: is the list, so the outbox row says to whom).
        #expect(try fixture.strings("SELECT recipients FROM outbox WHERE kind = 'post' AND state = 'sent' ORDER BY recipients")
                    == ["chair@example.org", "mona@example.org"])

        // As a core member she marks the released thread as a product: asked to confirm, then
        // told it is marked, in German both times.
        try deliver(from: "mona@example.org", to: "list-request@example.org", subject: "", body: "product <lang-1@example.net> solution")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        let token = try #require(try fixture.strings(
            "SELECT token FROM confirmations WHERE address = 'mona@example.org' AND purpose != 'moderation'").first)
        try deliver(from: "mona@example.org", to: "list-request@example.org", subject: "", body: "bestätigen \(token)")
        #expect(try praxis(["ingest", "--once"]).status == 0)
        #expect(try praxis(["outbox", "flush"]).status == 0)
        let asked = try #require(try sent(to: "mona@example.org").first { $0.mail.inReplyTo == ["lang-3@example.net"] })
        #expect(asked.mail.text.contains("Wartet auf Ihre Bestätigung: die Diskussion von <lang-1@example.net> ist als Ergebnis der Gemeinschaft markiert (solution)."),
                "\(asked.mail.text)")
        let marked = try #require(try sent(to: "mona@example.org").first { $0.mail.inReplyTo == ["lang-4@example.net"] })
        #expect(marked.mail.text.contains("Die Diskussion „Lastenräder im Test“ ist als Ergebnis der Gemeinschaft markiert (solution)."),
                "\(marked.mail.text)")
    }

    @Test func theLanguageShowsInMembersShowAndTheExport() throws {
        let show = try praxis(["members", "show", "anna@example.org", "--json"])
        #expect(show.status == 0, "\(show.err)")
        let object = try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as? [String: Any]
        #expect(object?["language"] as? String == "de")
        let chair = try praxis(["members", "show", "chair@example.org", "--json"])
        let chairObject = try JSONSerialization.jsonObject(with: Data(chair.out.utf8)) as? [String: Any]
        #expect(chairObject?.keys.contains("language") == true)
        #expect(chairObject?["language"] is NSNull, "no language of her own: the community's")
        let text = try praxis(["members", "show", "chair@example.org"])
        #expect(text.out.contains("language   en (the community's)"), "\(text.out)")

        let exported = try praxis(["export", "--to", fixture.url.appendingPathComponent("export").path])
        #expect(exported.status == 0, "\(exported.out) \(exported.err)")
        let members = try String(contentsOf: fixture.url.appendingPathComponent("export/members.csv"), encoding: .utf8)
        #expect(members.hasPrefix("address,name,role,delivery,digest_frequency,status,joined_at,left_at,digest_format,own_posts,language"), "\(members)")
        #expect(members.contains("claire@example.org,Claire Dubois,outer,digest,weekly,active,"), "\(members)")
        #expect(members.split(whereSeparator: \.isNewline).first { $0.hasPrefix("claire@") }?.hasSuffix(",fr") == true, "\(members)")
    }

    @Test func aBadLanguageInTheCSVIsNamedWithItsLine() throws {
        let csv = fixture.url.appendingPathComponent("bad.csv")
        try Data("address,language\nbob@example.org,de\nzed@example.org,klingon\n".utf8).write(to: csv)
        let imported = try praxis(["members", "import", csv.path])
        #expect(imported.status != 0)
        #expect((imported.out + imported.err).contains("line 3: language \"klingon\" is not one of en, de, fr, es"),
                "\(imported.out) \(imported.err)")
    }
}
