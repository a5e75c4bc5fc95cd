import Foundation
@testable import PraxisCommunity
import Testing

/// The notices to the author of a held post come in the author's language (a member who chose
/// one), else the community's; what is quoted from the post stays as written.
@Suite("Moderation notices in the author's language")
struct NoticeLanguageTests {
    static let community = Community(name: "Mobilität", listAddress: "list@example.org", language: .es)
    static let now = Date(timeIntervalSince1970: 1_796_565_900)

    static func held(_ language: Language?) -> HeldPostDecider.Held {
        HeldPostDecider.Held(
            id: 7, reason: "not a member", heldAt: now, expiresAt: now.addingTimeInterval(86_400), status: .waiting,
            post: HeldPostDecider.Post(authorName: "A", authorAddress: "a@example.org", subject: "Pistes {community}",
                                       text: "…", messageID: "m@example.org", authorLanguage: language))
    }

    static func notices(_ actions: [FollowUpAction]) -> [ListNotice] {
        actions.compactMap { if case .queueNotice(let notice, _) = $0 { notice } else { nil } }
    }

    @Test(arguments: [
        (Language?.some(.fr), "Non accepté : Pistes {community}",
         "Votre message « Pistes {community} » à Mobilität (list@example.org) n’a pas été accepté par la modération.\n\nMotif : hors sujet"),
        (.some(.de), "Nicht angenommen: Pistes {community}", "Ihr Beitrag „Pistes {community}“ an Mobilität"),
        (nil, "No aceptada: Pistes {community}", "La moderación no ha aceptado su publicación «Pistes {community}» en Mobilität"),
    ])
    func aRejectionIsInTheAuthorsLanguage(language: Language?, subject: String, text: String) throws {
        let decider = HeldPostDecider(community: Self.community, expireDays: 3)
        let verdict = decider.reject(Self.held(language), reason: "hors sujet", by: "mod@example.org", at: Self.now)
        let notice = try #require(Self.notices(verdict.actions).first)
        #expect(notice.subject == subject)
        #expect(notice.text.hasPrefix(text), "\(notice.text)")
    }

    @Test func anExpiryCountsItsDaysInTheLanguage() throws {
        let decider = HeldPostDecider(community: Self.community, expireDays: 1)
        let notice = try #require(Self.notices(decider.expire([Self.held(.fr)], at: Self.now)).first)
        #expect(notice.subject == "Expiré : Pistes {community}")
        #expect(notice.text.contains("a attendu la modération pendant 1 jour et a expiré"), "\(notice.text)")
        #expect(notice.text.contains("envoyez « abonner » à list-request@example.org"))
    }

    /// A member who chose German gets the closed community's reply and farewell in German; a
    /// stranger gets the community's language (Spanish here).
    @Test func aClosedCommunityAnswersInTheSendersLanguage() throws {
        var community = Self.community
        community.state = .closed
        community.successor = "https://forum.example.org"
        let decider = ClosedCommunityDecider(community: community, archiveHome: "https://list.example.org/")
        let arrival = ClosedCommunityDecider.Arrival(kind: .post, author: "anna@example.org", subject: "Radwege")
        guard case .reply(let german) = decider.handling(of: arrival, toldToday: false, language: .de) else {
            Issue.record("no reply")
            return
        }
        #expect(german.subject == "Geschlossen: Radwege")
        #expect(german.text.hasPrefix("Danke für Ihre Nachricht an Mobilität.\n\nDie Gemeinschaft ist geschlossen; das Gespräch geht hier weiter: https://forum.example.org"))
        guard case .reply(let spanish) = decider.handling(of: arrival, toldToday: false) else { return }
        #expect(spanish.text.hasPrefix("Gracias por escribir a Mobilität."))
        let farewell = decider.farewell(to: "anna@example.org", language: .fr)
        #expect(farewell.subject == "Mobilität : au revoir")
        #expect(farewell.text.contains("Tout ce que la communauté a écrit reste consultable dans ses archives : https://list.example.org/"))
    }

    /// The invitee has no member row: the invitation is in the community's language.
    @Test func anInvitationIsInTheCommunitysLanguage() {
        let notice = InvitationDecider(community: Self.community, confirmationDays: 14)
            .invitation(to: "zoe@example.org", token: "tok123456", message: nil)
        #expect(notice.text.hasPrefix("Le invitamos a unirse a Mobilität, una comunidad de práctica."))
        #expect(notice.text.contains("Esta invitación es válida durante 14 días."))
        #expect(notice.subject == "confirm tok123456")
    }
}
