import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

/// `RetiredSubIssues` and the classifier as pure functions: a retired sub-issue is never the
/// model's choice, a post explicitly tagged to it is held (a member's post only: a stranger's is
/// held anyway and gets no notice), and the notice names the open sub-issues but never a
/// protected or retired one.
@Suite("Retired sub-issues")
struct RetiredSubIssuesTests {
    static let subIssues = [
        SubIssue.general, SubIssue(id: "cycling", name: "Cycling"),
        SubIssue(id: "parking", name: "Parking", keywords: ["car park"], isRetired: true),
        SubIssue(id: "hr", name: "Staffing", isProtected: true),
    ]
    static let rule = RetiredSubIssues(subIssues: subIssues)
    static let member = Screening(kind: .post, reason: "member", recipient: .list(tag: nil), author: "ann@example.org")

    @Test(arguments: [
        (SubIssueDecision(subIssue: "parking", stage: .explicit), MessageKind.held),
        (SubIssueDecision(subIssue: "parking", stage: .model), MessageKind.post),  // cannot happen; never held for it
        (SubIssueDecision(subIssue: "cycling", stage: .explicit), MessageKind.post),
        (SubIssueDecision(subIssue: "general", stage: .general), MessageKind.post),
    ])
    func onlyAnExplicitTagToARetiredSubIssueHolds(_ decision: SubIssueDecision, _ kind: MessageKind) {
        let screened = Self.rule.screening(Self.member, after: decision)
        #expect(screened?.kind == kind)
        #expect(RetiredSubIssues.isHeldForRetiredTag(screened) == (kind == .held))
    }

    @Test func aStrangersHeldPostKeepsItsReason() {
        let stranger = Screening(kind: .held, reason: "the author is not a member", recipient: .list(tag: nil), author: "eve@example.net")
        let screened = Self.rule.screening(stranger, after: SubIssueDecision(subIssue: "parking", stage: .explicit))
        #expect(screened == stranger)
        #expect(!RetiredSubIssues.isHeldForRetiredTag(screened))
    }

    @Test func theModelNeverLearnsOrChoosesARetiredSubIssue() {
        let classifier = PostClassifier(subIssues: Self.subIssues)
        #expect(classifier.learnableIDs == ["general", "cycling"])
        #expect(!classifier.seedExamples().contains { $0.label == "parking" })
        // The tag still names it, so the hold can say which one.
        #expect(classifier.subjectTag("[parking] the old lot") == "parking")
    }

    @Test func theNoticeNamesOnlyOpenSubIssues() {
        let notice = Self.rule.notice(
            to: "ann@example.org", retiredID: "parking", subject: "[parking] the old lot",
            community: Community(name: "Mobility", listAddress: "m@example.org"), inReplyTo: "p@example.org", references: [],
            language: .en)
        #expect(notice.subject == "Held: [parking] the old lot")
        #expect(notice.text.hasPrefix("Your post to Mobility was tagged for “Parking” [parking], which the community has retired.\n"))
        #expect(notice.language == .en)
        #expect(notice.text.contains("- [cycling] Cycling\n- [general] General"))
        #expect(!notice.text.contains("hr") && !notice.text.contains("Staffing"))
        #expect(!notice.text.contains("- [parking]"))
    }

    /// Every language words the whole notice (no English left), quotes the name its own way and
    /// says so in `Content-Language`; the list of open sub-issues is the same in each.
    @Test(arguments: [
        (Language.de, "Zurückgehalten: [parking] the old lot", "„Parking“", "Diese Teilthemen sind offen:"),
        (Language.fr, "Retenu\u{202F}: [parking] the old lot", "«\u{202F}Parking\u{202F}»", "Les sous-thèmes ouverts actuellement"),
        (Language.es, "Retenido: [parking] the old lot", "«Parking»", "Los subtemas abiertos ahora:"),
    ])
    func theNoticeIsInTheSendersLanguage(_ language: Language, _ subject: String, _ quotedName: String, _ heading: String) {
        let notice = Self.rule.notice(
            to: "ann@example.org", retiredID: "parking", subject: "[parking] the old lot",
            community: Community(name: "Mobility", listAddress: "m@example.org"), inReplyTo: nil, references: [],
            language: language)
        #expect(notice.subject == subject)
        #expect(notice.text.contains(quotedName) && notice.text.contains(heading))
        #expect(notice.text.contains("- [cycling] Cycling\n- [general] General"))
        for english in ["Your post", "retired", "open now", "straight away", "stays readable"] {
            #expect(!notice.text.contains(english), "English left in \(language): \(english)")
        }
        #expect(String(decoding: notice.rendered(for: Community(name: "Mobility", listAddress: "m@example.org"), at: Date()), as: UTF8.self)
            .contains("Content-Language: \(language.rawValue)\r\n"))
    }
}
