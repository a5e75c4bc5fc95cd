import Foundation
import Testing
@testable import PraxisCommunity

/// A standing change's reason: stored in English, worded in the reader's language where the weekly
/// report shows it (issue 22 §1), shown as stored when Praxis does not know it.
@Suite("Standing reasons in the reader's language")
struct StandingReasonTests {
    // The nasty cases first: text that looks like a reason but is not one Praxis writes, or
    // carries something after it, must reach the reader as stored, never half translated.
    @Test(arguments: [
        "1 posts in 2 threads within 60 days", "02 posts in 2 threads within 60 days",
        "3 posts in 2 threads within 60 days; DROP TABLE members", "no post in 120 days\nBcc: x@example.org",
        "no posts in 120 days", "confirmed by the core group (", "confirmed by the core groupie",
        "set by hand", "", "no post in 99999999999999999999 days",
    ])
    func unknownReasonsAreShownAsStored(_ stored: String) {
        for language in Language.allCases {
            #expect(StandingReason.words(stored, in: language) == stored, "\(language): \(stored)")
        }
    }

    @Test(arguments: [
        (StandingReason.achieved(posts: 3, threads: 2, replies: nil, windowDays: 60), Language.de,
         "3 Beiträge in 2 Diskussionen innerhalb von 60 Tagen"),
        (StandingReason.achieved(posts: 1, threads: 1, replies: 1, windowDays: 30), .fr,
         "1 message dans 1 fil, 1 réponse d’autres personnes, en 30 jours"),
        (StandingReason.achieved(posts: 4, threads: 3, replies: 2, windowDays: 60), .es,
         "4 mensajes en 3 hilos, 2 respuestas de otras personas, en 60 días"),
        (StandingReason.silent(days: 120), .de, "120 Tage lang kein Beitrag"),
        (StandingReason.silent(days: 1), .fr, "aucun message depuis 1 jour"),
        (StandingReason.silent(days: 120), .es, "ningún mensaje en 120 días"),
        (StandingReason.confirmed(by: nil), .de, "von der Kerngruppe bestätigt"),
        (StandingReason.confirmed(by: "ana@example.org"), .fr, "confirmé par le groupe central (ana@example.org)"),
        (StandingReason.achieved(posts: 1_234, threads: 2, replies: nil, windowDays: 60), .de,
         "1.234 Beiträge in 2 Diskussionen innerhalb von 60 Tagen"),
    ])
    func knownReasonsAreWorded(_ stored: String, _ language: Language, _ expected: String) {
        #expect(StandingReason.words(stored, in: language) == expected)
    }

    /// In English the worded reason is the stored one: the report reads as it always did.
    @Test(arguments: [
        StandingReason.achieved(posts: 3, threads: 2, replies: nil, windowDays: 60),
        StandingReason.achieved(posts: 1, threads: 1, replies: 0, windowDays: 14),
        StandingReason.silent(days: 120), StandingReason.silent(days: 1),
        StandingReason.confirmed(by: nil), StandingReason.confirmed(by: "Chair <chair@example.org>"),
    ])
    func englishIsTheStoredText(_ stored: String) {
        #expect(StandingReason.words(stored, in: .en) == stored)
        for language in [Language.de, .fr, .es] {
            #expect(StandingReason.words(stored, in: language) != stored, "\(language): \(stored)")
        }
    }

    /// The policy's own reasons are the ones the words know: a replayed promotion and demotion.
    @Test func thePolicysReasonsAreRecognised() throws {
        let policy = CirclesPolicy(inner: .init(posts: 3, threads: 2, windowDays: 100),
                                   demotion: .init(silentDays: 30, hysteresis: 0.9, minimumTenureDays: 0))
        let outcome = StandingReplay.replay(CirclesPolicyTests.log([(1, 1), (2, 2), (3, 2)]), policy: policy,
                                            through: CirclesPolicyTests.day(150))
        let reasons = outcome.transitions.map(\.reason)
        #expect(reasons == ["3 posts in 2 threads within 100 days", "no post in 30 days"])
        #expect(reasons.map { StandingReason.words($0, in: .de) }
            == ["3 Beiträge in 2 Diskussionen innerhalb von 100 Tagen", "30 Tage lang kein Beitrag"])
    }
}
