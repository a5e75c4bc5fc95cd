import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

/// `ClosedCommunityDecider` as a pure function: what a closed community does with each kind of
/// message, the one reply a day, and what the reply and the farewell say. The nasty cases first:
/// robots, our own addresses, another list's mail, a command message that smuggles a `subscribe`
/// in beside an `unsubscribe`.
@Suite("Closed community decider")
struct ClosedCommunityDeciderTests {
    static let community = Community(
        name: "Mobility CoP", listAddress: "mobility@lists.example.org", timeZone: TimeZone(identifier: "Europe/Berlin") ?? .gmt,
        state: .closed, successor: "https://forum.example.org/mobility")
    static let decider = ClosedCommunityDecider(community: community, archiveHome: "https://cop.example.org/mobility/")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arrival: ClosedCommunityDecider.Arrival
        var toldToday: Bool = false
        var expected: Expected
        var testDescription: String { name }
    }

    enum Expected: Sendable, Hashable { case ignore, carryOut, toldToday, reply }

    static let cases: [Case] = [
        Case(name: "an auto-reply", arrival: .init(kind: .auto, author: "robot@example.org"), expected: .ignore),
        Case(name: "a bounce", arrival: .init(kind: .bounce, author: "mailer-daemon@example.org"), expected: .ignore),
        Case(name: "a post from another list", arrival: .init(kind: .post, author: "ann@example.org", isFromAList: true),
             expected: .ignore),
        Case(name: "our own list address", arrival: .init(kind: .post, author: "mobility@lists.example.org"), expected: .ignore),
        Case(name: "our VERP bounce address", arrival: .init(kind: .command, author: "mobility-bounces+ann=example.org@lists.example.org"),
             expected: .ignore),
        Case(name: "no usable sender", arrival: .init(kind: .post, author: nil), expected: .ignore),
        Case(name: "a sender with a line break", arrival: .init(kind: .post, author: "ann@example.org\r\nBcc: x@y"), expected: .ignore),
        Case(name: "unsubscribe and subscribe together", arrival: .init(kind: .command, author: "ann@example.org",
             commands: [.unsubscribe, .subscribe(name: nil)]), expected: .reply),
        Case(name: "a subscription", arrival: .init(kind: .command, author: "ann@example.org", commands: [.subscribe(name: nil)]),
             expected: .reply),
        Case(name: "a command message with no command", arrival: .init(kind: .command, author: "ann@example.org"), expected: .reply),
        Case(name: "unsubscribe", arrival: .init(kind: .command, author: "ann@example.org", commands: [.unsubscribe]),
             expected: .carryOut),
        Case(name: "unsubscribe after the day's reply", arrival: .init(kind: .command, author: "ann@example.org", commands: [.unsubscribe]),
             toldToday: true, expected: .carryOut),
        Case(name: "confirm", arrival: .init(kind: .command, author: "ann@example.org", commands: [.confirm(token: "ABC")]),
             expected: .carryOut),
        Case(name: "whoami and help", arrival: .init(kind: .command, author: "ann@example.org", commands: [.whoami, .help]),
             expected: .carryOut),
        Case(name: "a member's post", arrival: .init(kind: .post, author: "ann@example.org"), expected: .reply),
        Case(name: "a stranger's post", arrival: .init(kind: .held, author: "eve@example.net"), expected: .reply),
        Case(name: "a second post the same day", arrival: .init(kind: .post, author: "ann@example.org"), toldToday: true,
             expected: .toldToday),
    ]

    @Test(arguments: cases)
    func handling(_ testCase: Case) {
        let handling = Self.decider.handling(of: testCase.arrival, toldToday: testCase.toldToday)
        switch (handling, testCase.expected) {
        case (.ignore, .ignore), (.carryOut, .carryOut), (.toldToday, .toldToday): break
        case (.reply(let notice), .reply):
            #expect(notice.recipient == testCase.arrival.author)
            #expect(notice.sender == .owner)
        default: Issue.record("\(testCase.name): got \(handling)")
        }
    }

    @Test func theReplySaysWhereTheConversationWentAndThreadsUnderThePost() throws {
        let arrival = ClosedCommunityDecider.Arrival(
            kind: .post, author: "ann@example.org", subject: "Bike lanes", messageID: "p1@example.org", references: ["p0@example.org"])
        guard case .reply(let notice) = Self.decider.handling(of: arrival, toldToday: false) else {
            Issue.record("no reply")
            return
        }
        #expect(notice.subject == "Closed: Bike lanes")
        #expect(notice.inReplyTo == "p1@example.org")
        #expect(notice.text.contains("the conversation continues here: https://forum.example.org/mobility"))
        #expect(notice.text.contains("https://cop.example.org/mobility/"))
        #expect(notice.text.contains("not sent to anyone"))
        #expect(notice.text.contains("at most one a day"))
        #expect(notice.text.contains("“unsubscribe” to mobility-request@lists.example.org"))
        // RFC 3834: the rendered reply says it is automatic, so well-behaved robots stay quiet.
        let rendered = MailMessage(notice.rendered(for: Self.community, at: Date(timeIntervalSince1970: 1_800_000_000)))
        #expect(rendered.header("auto-submitted") == "auto-replied")
    }

    @Test func withoutSuccessorOrArchiveTheFarewellSaysOnlyThatItClosed() {
        let plain = ClosedCommunityDecider(community: Community(name: "Small CoP", listAddress: "s@example.org", state: .closed))
        let farewell = plain.farewell(to: "ann@example.org")
        #expect(farewell.subject == "Small CoP: farewell")
        #expect(farewell.text.contains("The community has closed.\n"))
        #expect(!farewell.text.contains("archive:"))
        #expect(!farewell.text.contains("continues"))
    }

    /// The day is the community's calendar day: 23:30 UTC is already tomorrow in Berlin.
    @Test(arguments: [
        (1_704_065_400.0, "2024-01-01"),  // 2023-12-31T23:30:00Z, 00:30 in Berlin
        (1_704_061_800.0, "2023-12-31"),  // 22:30Z, 23:30 in Berlin
    ])
    func dayIsTheCommunitysCalendarDay(_ seconds: Double, _ expected: String) {
        #expect(Self.decider.day(of: Date(timeIntervalSince1970: seconds)) == expected)
    }

    /// A subscription token mailed before the community closed is not used after it; leaving still is.
    @Test(arguments: [(EmailCommandDecider.ConfirmationPurpose.subscribe, false), (.unsubscribe, true)])
    func aClosedCommunityTakesNoNewMembers(_ purpose: EmailCommandDecider.ConfirmationPurpose, _ usable: Bool) {
        let commands = EmailCommandDecider(community: Self.community, subIssues: [], coreGroup: [])
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let stored = EmailCommandDecider.StoredConfirmation(
            token: "T", purpose: purpose, address: "ann@example.org", payload: purpose == .subscribe ? "subscribe" : "unsubscribe",
            expiresAt: now.addingTimeInterval(3600), usedAt: nil)
        let member = EmailCommandDecider.MemberState(isKnown: purpose == .unsubscribe, isActive: purpose == .unsubscribe, hasCoreStanding: false)
        switch commands.confirm(stored, from: "ann@example.org", member: member, at: now) {
        case .refused(let answer):
            #expect(!usable)
            #expect(answer.contains("has closed"))
        case .confirmed:
            #expect(usable)
        }
    }
}
