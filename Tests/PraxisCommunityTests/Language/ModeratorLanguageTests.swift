import Foundation
@testable import PraxisCommunity
import Testing

/// The moderation request and the replies to `approve`/`reject` come in the moderator's language;
/// what is quoted from the held post stays as written and can never read as a command.
@Suite("Moderation requests and verdicts in the moderator's language")
struct ModeratorLanguageTests {
    static let community = Community(name: "Mobilität", listAddress: "list@example.org", language: .es)
    static let now = Date(timeIntervalSince1970: 1_796_565_900)

    /// A hostile held post: its subject carries a placeholder of the catalog, its sender's name a
    /// line break, and its text an `approve` line of its own.
    static let hostile = ModerationNotices.HeldPost(
        id: 31, authorName: "Eve\napprove stolen", authorAddress: "eve@example.org", subject: "Radwege {token}",
        reason: "the sender is not a member", text: "approve stolentoken\nreject {token}",
        heldAt: now, expiresAt: now.addingTimeInterval(86_400))

    @Test(arguments: [
        (Language.de, "Wartet auf Moderation: Radwege {token}", "Ein Beitrag an Mobilität wartet auf Moderation",
         "Um ihn an die Liste weiterzuleiten, antworten Sie mit dieser Zeile:", "reject tok9 GRUND",
         "Auf dem Server: praxis moderation approve 31\n          oder  praxis moderation reject 31 --reason TEXT"),
        (.fr, "En attente de modération : Radwege {token}", "Un message à Mobilität est en attente de modération",
         "Pour le diffuser sur la liste, répondez avec cette ligne :", "reject tok9 MOTIF",
         "Par commande : praxis moderation approve 31\n           ou  praxis moderation reject 31 --reason TEXTE"),
        (.es, "Retenida para moderación: Radwege {token}", "Una publicación en Mobilität está retenida para moderación",
         "Para enviarla a la lista, responda con esta línea:", "reject tok9 MOTIVO",
         "En el servidor: praxis moderation approve 31\n           o    praxis moderation reject 31 --reason TEXTO"),
        (.en, "Held for moderation: Radwege {token}", "A post to Mobilität is held for moderation",
         "To let it through to the list, reply with this line:", "reject tok9 REASON",
         "On the server: praxis moderation approve 31\n           or  praxis moderation reject 31 --reason TEXT"),
    ])
    func theRequestIsInTheModeratorsLanguage(
        language: Language, subject: String, intro: String, approve: String, reject: String, server: String
    ) {
        let notice = ModerationNotices.request(
            for: Self.hostile, token: "tok9", to: "mod@example.org", community: Self.community, language: language)
        #expect(notice.subject == subject)
        #expect(notice.text.hasPrefix(intro), "\(notice.text)")
        #expect(notice.text.contains(approve + "\n\napprove tok9\n"))
        #expect(notice.text.contains(reject + "\n"))
        #expect(notice.text.contains(server + "\n"))
        // The only lines that read as commands are this moderator's own.
        let commands = notice.text.split(separator: "\n").filter { $0.hasPrefix("approve") || $0.hasPrefix("reject") }
        #expect(commands == ["approve tok9", reject[...]])
        #expect(notice.text.contains("| approve stolentoken\n| reject {token}"))
        #expect(notice.text.contains("Eve approve stolen <eve@example.org>"))
        // The server lines stay under 76 characters with any number, so quoted-printable never
        // folds them (see `PreparedRequest`).
        let longest = server.replacingOccurrences(of: "31", with: String(Int64.max))
        #expect(longest.split(separator: "\n").allSatisfy { $0.count < 76 }, "\(longest)")
    }

    @Test func aSenderWithoutAddressIsSaidInTheLanguage() {
        var post = Self.hostile
        post.authorAddress = ""
        post.authorName = nil
        post.subject = ""
        post.text = ""
        let notice = ModerationNotices.request(
            for: post, token: "tok9", to: "mod@example.org", community: Self.community, language: .de)
        #expect(notice.text.contains("Von:      (keine verwendbare Absenderadresse)\nBetreff:  (keiner)\n"))
        #expect(notice.text.contains("| (kein Text)"))
        #expect(notice.subject == "Wartet auf Moderation: (ohne Betreff)")
    }

    static func held(_ status: HeldPostDecider.Status, expired: Bool = false) -> HeldPostDecider.Held {
        HeldPostDecider.Held(
            id: 7, reason: "not a member", heldAt: now,
            expiresAt: now.addingTimeInterval(expired ? -1 : 86_400), status: status,
            post: HeldPostDecider.Post(authorName: "A", authorAddress: "a@example.org", subject: "Radwege",
                                       text: "…", messageID: "m@example.org"))
    }

    static let german = HeldPostDecider(community: community, expireDays: 3).speaking(.de)

    @Test(arguments: [
        (HeldPostDecider.Status.waiting, false, "Freigegeben: „Radwege“ von a@example.org."),
        (.decided(.approved, by: "mod@example.org"), false,
         "„Radwege“ von a@example.org wurde bereits von mod@example.org freigegeben."),
        (.decided(.rejected, by: nil), false, "„Radwege“ von a@example.org wurde bereits abgelehnt."),
        (.expired, false, "„Radwege“ von a@example.org ist abgelaufen."),
        (.waiting, true, "„Radwege“ von a@example.org ist abgelaufen."),
    ])
    func anApprovalIsAnsweredInGerman(status: HeldPostDecider.Status, expired: Bool, sentence: String) {
        let verdict = Self.german.approve(Self.held(status, expired: expired), by: "mod@example.org", at: Self.now)
        #expect(verdict.sentence == sentence)
    }

    @Test func aRejectionIsAnsweredInTheModeratorsLanguageAndTheSenderToldInTheirs() throws {
        let verdict = Self.german.reject(Self.held(.waiting), reason: "fuera de tema", by: "mod@example.org", at: Self.now)
        #expect(verdict.sentence == "Abgelehnt: „Radwege“ von a@example.org; der Absender wird benachrichtigt.")
        // The sender chose no language: the community's (Spanish), not the moderator's.
        let notices = verdict.actions.compactMap { if case .queueNotice(let notice, _) = $0 { notice } else { nil } }
        #expect(notices.map(\.subject) == ["No aceptada: Radwege"])
    }

    @Test func aRecordGoneAndUnusableTokensAreSaidInTheLanguage() {
        var gone = Self.held(.waiting)
        gone.post = nil
        #expect(Self.german.approve(gone, by: "m@example.org", at: Self.now).sentence
            == "Freigegeben: der zurückgehaltene Beitrag (sein Eintrag fehlt).")
        let mailed = HeldPostDecider.MailedDecision(
            decision: .approve, moderator: "mod@example.org",
            token: HeldPostDecider.MailedToken(address: "other@example.org", heldID: 7), moderatorIsCore: true, held: Self.held(.waiting))
        #expect(Self.german.decide(mailed, at: Self.now).sentence.hasPrefix("Für diesen Code von mod@example.org wartet kein"))
        var former = mailed
        former.token = HeldPostDecider.MailedToken(address: "mod@example.org", heldID: 7)
        former.moderatorIsCore = false
        #expect(HeldPostDecider(community: Self.community, expireDays: 3).speaking(.fr).decide(former, at: Self.now).sentence
            == "mod@example.org ne fait plus partie du groupe central : ses codes de modération ne sont plus valables.")
        #expect(HeldPostDecider.unknown(12, in: .es).sentence == "No hay ninguna publicación retenida con el número 12.")
    }

    /// The summary of held posts beyond the hourly budget, in the moderator's language: counted
    /// in it, with only this moderator's own tokens on command lines.
    @Test(arguments: [
        (Language.de, 1, "Wartet auf Moderation: 1 Beitrag (Mobilität)", "1 Beitrag an Mobilität wartet auf Moderation",
         "Zurückgehaltener Beitrag 31\nVon:      Eve approve stolen <eve@example.org>\nBetreff:  Radwege {token}\nGrund:    the sender is not a member\n",
         nil),
        (.fr, 3, "En attente de modération : 3 messages (Mobilität)", "3 messages à Mobilität sont en attente",
         "Message retenu 31\nDe :      Eve approve stolen <eve@example.org>\n", "2 autres messages attendent le prochain récapitulatif."),
        (.es, 2, "Retenidas para moderación: 2 publicaciones en espera (Mobilität)", "2 publicaciones en Mobilität están retenidas",
         "Publicación retenida 31\nDe:       Eve", "1 publicación más espera al próximo resumen."),
    ] as [(Language, Int, String, String, String, String?)])
    func theSummaryIsInTheModeratorsLanguage(
        language: Language, waiting: Int, subject: String, intro: String, entry: String, more: String?
    ) {
        let notice = ModerationNotices.summary(
            of: [ModerationNotices.SummaryEntry(post: Self.hostile, token: "tok9")], waiting: waiting, to: "mod@example.org",
            noticesPerHour: 5, community: Self.community, language: language)
        #expect(notice.subject == subject)
        #expect(notice.text.hasPrefix(intro), "\(notice.text)")
        #expect(notice.text.contains(entry), "\(notice.text)")
        #expect(more.map { notice.text.contains("\n" + $0 + "\n") } ?? !notice.text.contains("more"))
        let commands = notice.text.split(separator: "\n").filter { $0.hasPrefix("approve") || $0.hasPrefix("reject") }.map(String.init)
        #expect(commands == ["approve tok9", "reject tok9 " + language.text(.moderationReasonWord)])
        #expect(notice.text.contains("| approve stolentoken"))
    }
}
