import Testing
@testable import PraxisCommunity

/// Why a post was held: stored in English (a contract of `praxis moderation list --json`), worded
/// in the moderator's language where a moderator reads it.
@Suite("Held reasons in the moderator's language")
struct HeldReasonTests {
    /// Every reason screening and the checks store, as they store it.
    static let stored = [
        HeldReason.ownerAddress, HeldReason.noFrom, HeldReason.moderated, HeldReason.notMember,
        RetiredSubIssues.reasonPrefix + "“parking”",
        HeldReason.dmarcFailed(domain: "example.org", authservID: "mx.example.net", author: "alice@example.org"),
    ]

    /// English gives back exactly what is stored, so the English mail and pages read as before.
    @Test(arguments: stored) func englishIsTheStoredSentence(reason: String) {
        #expect(HeldReason.words(reason, in: .en) == reason)
    }

    /// Every other language words every reason anew, keeping the names and addresses in it.
    @Test(arguments: [Language.de, .fr, .es]) func otherLanguagesWordEveryReason(language: Language) {
        for reason in Self.stored {
            let words = HeldReason.words(reason, in: language)
            #expect(words != reason, "\(language): \(reason)")
            #expect(!words.contains("{"), "\(language): \(words)")
        }
        let retired = HeldReason.words(Self.stored[4], in: language)
        #expect(retired.contains("parking") && !retired.contains("““"), "\(retired)")
        let dmarc = HeldReason.words(Self.stored[5], in: language)
        for part in ["example.org", "mx.example.net", "alice@example.org"] { #expect(dmarc.contains(part), "\(dmarc)") }
    }

    /// A reason Praxis does not write (an older version's, or text that only looks like one) is
    /// shown as stored, never cut or misread.
    @Test(arguments: ["held for a reason of old", "DMARC failed for the From domain x.org", "", "the author is not a member!"])
    func unknownReasonsAreShownAsStored(reason: String) {
        #expect(HeldReason.words(reason, in: .de) == reason)
    }

    @Test func germanWording() {
        #expect(HeldReason.words(HeldReason.notMember, in: .de) == "die Absenderin oder der Absender ist kein Mitglied")
        #expect(HeldReason.words(RetiredSubIssues.reasonPrefix + "“parking”", in: .de) == "dem stillgelegten Teilthema „parking“ zugeordnet")
    }
}
