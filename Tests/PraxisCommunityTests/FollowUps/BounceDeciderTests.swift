import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

/// `BounceDecider` as a pure function: a member's score and last bounce in, the outcome and the
/// actions for the store out (Mailman's rules: one bounce per day, a reset after quiet days, a
/// threshold that disables delivery with notices).
@Suite("Bounce decider")
struct BounceDeciderTests {
    static let community = Community(name: "Test CoP", listAddress: "cop@lists.example.org")
    static let origin = Date(timeIntervalSince1970: 1_072_958_400)  // 2004-01-01T12:00:00Z
    static func day(_ n: Double) -> Date { origin.addingTimeInterval(n * 86_400) }

    static func decider(notifyMember: Bool = true, notifyCore: Bool = true) -> BounceDecider {
        BounceDecider(
            community: community,
            settings: BounceSettings(threshold: 2, resetDays: 7, hardScore: 1, softScore: 0.5,
                                     notifyMember: notifyMember, notifyCore: notifyCore),
            core: ["Chair@Example.org", "chair@example.org", "bob@example.org"])
    }

    static func member(score: Double, lastBounce: Double?, isActive: Bool = true) -> BounceDecider.Member {
        BounceDecider.Member(id: 7, address: "bob@example.org", isActive: isActive, score: score,
                             lastBounceAt: lastBounce.map(day))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var member: BounceDecider.Member?
        var isPermanent: Bool
        var expected: BounceOutcome
        var testDescription: String { name }
    }

    static let scoringCases: [Case] = [
        Case(name: "no member", member: nil, isPermanent: true, expected: .notAMember),
        Case(name: "delivery already off", member: member(score: 3, lastBounce: 0, isActive: false),
             isPermanent: true, expected: .ignored),
        Case(name: "first bounce, hard", member: member(score: 0, lastBounce: nil), isPermanent: true, expected: .scored(1)),
        Case(name: "first bounce, soft", member: member(score: 0, lastBounce: nil), isPermanent: false, expected: .scored(0.5)),
        Case(name: "second the same day", member: member(score: 1, lastBounce: 1.0 / 24), isPermanent: true, expected: .ignored),
        Case(name: "the next day", member: member(score: 0.5, lastBounce: -1), isPermanent: false, expected: .scored(1)),
        Case(name: "quiet for more than reset_days", member: member(score: 1.5, lastBounce: -7.5),
             isPermanent: true, expected: .scored(1)),
        Case(name: "quiet for exactly reset_days", member: member(score: 1, lastBounce: -7),
             isPermanent: true, expected: .disabled(2)),
    ]

    @Test(arguments: scoringCases)
    func scoring(_ test: Case) {
        let (outcome, actions) = Self.decider().decide(
            BounceFailure(addresses: ["bob@example.org"], isPermanent: test.isPermanent), member: test.member, at: Self.day(0))
        #expect(outcome == test.expected)
        switch outcome {
        case .notAMember, .ignored:
            #expect(actions.isEmpty)
        case .scored(let score):
            #expect(actions == [.scoreBounce(memberID: 7, score: score, at: Self.day(0))])
        case .disabled(let score):
            #expect(actions.first == .disableDelivery(memberID: 7, score: score, at: Self.day(0)))
        }
    }

    @Test(arguments: [(true, true), (true, false), (false, true), (false, false)])
    func disablingTellsWhomTheSettingsSay(notifyMember: Bool, notifyCore: Bool) {
        let (outcome, actions) = Self.decider(notifyMember: notifyMember, notifyCore: notifyCore).decide(
            BounceFailure(addresses: ["bob@example.org"], isPermanent: true, diagnostic: "5.1.1 no such user"),
            member: Self.member(score: 1.5, lastBounce: -2), at: Self.day(0))
        #expect(outcome == .disabled(2.5))
        let notices = actions.compactMap { action -> ListNotice? in
            if case .queueNotice(let notice, let time) = action, time == Self.day(0) { return notice }
            return nil
        }
        // The core group once per address, normalised, never the member themself a second time.
        let expected = (notifyMember ? ["bob@example.org"] : []) + (notifyCore ? ["chair@example.org"] : [])
        #expect(notices.map(\.recipient) == expected)
        #expect(notices.allSatisfy { $0.sender == .owner && $0.text.contains("The last report said: 5.1.1 no such user") })
        #expect(actions.count == 1 + notices.count)
    }

    /// Each reader is told in their own language (the member in German, the chair in French here),
    /// and anyone without one in the community's; the score is written as the language writes it.
    @Test func eachNoticeIsInItsReadersLanguage() {
        let (_, actions) = Self.decider().decide(
            BounceFailure(addresses: ["bob@example.org"], isPermanent: true, diagnostic: "5.1.1 no such user"),
            member: Self.member(score: 1.5, lastBounce: -2), at: Self.day(0),
            languages: ["bob@example.org": .de, "chair@example.org": .fr])
        let notices = actions.compactMap { action -> ListNotice? in
            if case .queueNotice(let notice, _) = action { return notice }
            return nil
        }
        #expect(notices.map(\.language) == [.de, .fr])
        #expect(notices[0].subject.contains("angehalten"))
        #expect(notices[0].text.contains("Die letzte Meldung lautete: 5.1.1 no such user"))
        #expect(!notices[0].text.contains("bounced") && !notices[0].text.contains("mailbox"))
        #expect(notices[1].text.contains("2,5 (seuil 2)"))
        #expect(!notices[1].text.contains("disabled"))
        let english = Self.decider().decide(
            BounceFailure(addresses: ["bob@example.org"], isPermanent: true, diagnostic: nil),
            member: Self.member(score: 1.5, lastBounce: -2), at: Self.day(0))
        #expect(english.actions.contains { action in
            if case .queueNotice(let notice, _) = action {
                return notice.language == .en && notice.text == "Delivery to bob@example.org was disabled: its bounce score reached 2.5 (threshold 2.0)."
            }
            return false
        })
    }

    static let bounceMessages: [(String, String, [BounceFailure])] = [
        ("a vacation reply to the VERP address",
         "From: bob@example.org\r\nSubject: Out of office\r\n\r\nI am away.\r\n", []),
        ("a bounce without a report, temporary",
         "From: MAILER-DAEMON@mx.example.org\r\nSubject: Delivery delayed\r\n\r\nWill retry for 4 days.\r\n",
         [BounceFailure(addresses: ["bob@example.org"], isPermanent: false, diagnostic: "Delivery delayed")]),
        ("a bounce without a report, permanent",
         "From: MAILER-DAEMON@mx.example.org\r\nSubject: Undeliverable: Bike lanes\r\n\r\nNo such user.\r\n",
         [BounceFailure(addresses: ["bob@example.org"], isPermanent: true, diagnostic: "Undeliverable: Bike lanes")]),
    ]

    @Test(arguments: bounceMessages)
    func failuresOfAMessageToAVERPAddress(name: String, text: String, expected: [BounceFailure]) {
        let screening = Screening(kind: .bounce, reason: "bounce", recipient: .bounce(member: "bob@example.org"), author: nil)
        #expect(BounceDecider.failures(in: MailMessage(Array(text.utf8)), screening: screening) == expected, "\(name)")
    }
}
