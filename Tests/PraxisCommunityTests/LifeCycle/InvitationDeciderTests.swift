import Foundation
import Testing
@testable import PraxisCommunity

/// `InvitationDecider` as a pure function: the nasty cases first (our own address, a member, a
/// re-invitation a minute short of two weeks), then what the invitation says and draws.
@Suite("Invitation decider")
struct InvitationDeciderTests {
    static let community = Community(
        name: "Mobility", listAddress: "list@example.org", objectives: [Objective(text: "Exchange practice on cycling")])
    static let decider = InvitationDecider(community: community)
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    enum Expected: Sendable { case invite, member, recently, invalid }

    @Test(arguments: [
        ("list-request@example.org", false, nil as Double?, Expected.invalid),
        ("list-bounces+x=y.org@example.org", false, nil, .invalid),
        ("ann@example.org", true, nil, .member),
        ("ann@example.org", false, 14 * 86_400 - 60, .recently),
        ("ann@example.org", false, 14 * 86_400, .invite),
        ("ann@example.org", false, nil, .invite),
    ])
    func decides(_ address: String, _ isMember: Bool, _ invitedAgo: Double?, _ expected: Expected) {
        let outcome = Self.decider.decide(
            address: address, isMember: isMember, lastInvitedAt: invitedAgo.map { Self.now.addingTimeInterval(-$0) },
            message: nil, token: "TOKEN", at: Self.now)
        switch (outcome, expected) {
        case (.invite(let confirmation, let notice), .invite):
            #expect(confirmation.purpose == .subscribe && confirmation.address == address && confirmation.payload == "subscribe")
            #expect(notice.subject == "confirm TOKEN" && notice.recipient == address)
        case (.alreadyMember, .member), (.invitedRecently, .recently), (.invalidAddress, .invalid): break
        default: Issue.record("\(address): got \(outcome)")
        }
    }

    @Test func theInvitationSaysWhatTheCommunityIsForAndHowToAccept() {
        let notice = Self.decider.invitation(to: "ann@example.org", token: "TOKEN", message: "  Your depot know-how matters.\n")
        #expect(notice.text.contains("- Exchange practice on cycling"))
        #expect(notice.text.contains("Your depot know-how matters."))
        #expect(notice.text.contains("reply to this message"))
        #expect(notice.text.contains("nobody can add you in your place"))
    }
}
