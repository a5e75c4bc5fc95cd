import Foundation
import PraxisCommunity
import PraxisStore
import Testing

/// The weekly report of a past week through the real binary on a real store: invitations nobody
/// answered (issue 21 item 2), and the week's figures as they stood at its end (issue 22 §4).
@Suite("Weekly report as of its week")
struct ReportAsOfWeekTests {
    static func utc(_ text: String) -> Date { (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0) }

    func praxis(_ community: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", community.configPath], in: community.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// 2026-W40 is Monday 28 September to Monday 5 October 2026 (UTC).
    @Test func invitationsWithoutAnAnswerAfterTwoWeeksAreListed() throws {
        let community = try CommunityFixture()
        let database = try community.database()
        let decider = InvitationDecider(community: Community(name: "Test CoP", listAddress: "list@example.org"))
        let invitations: [(String, String)] = [
            ("zoe@example.org", "2026-09-01T10:00:00Z"),     // unanswered: listed
            ("ann@example.org", "2026-09-10T10:00:00Z"),     // joined two days later: accepted, not listed
            ("bea@example.org", "2026-09-25T10:00:00Z"),     // nine days before the week's end: not yet
            ("cem@example.org", "2026-09-05T10:00:00Z"),     // joined after the week: unanswered as of the week
        ]
        for (index, (address, time)) in invitations.enumerated() {
            let result = try database.invite(address, decider: decider, message: nil, token: "token\(index)", at: Self.utc(time))
            #expect(result == .invited)
        }
        _ = try database.addMember(address: "ann@example.org", joinedAt: Self.utc("2026-09-12T10:00:00Z"))
        _ = try database.addMember(address: "cem@example.org", joinedAt: Self.utc("2026-10-10T10:00:00Z"))

        let preview = try praxis(community, ["report", "preview", "--week", "2026-W40", "--format", "json"])
        #expect(preview.status == 0, "\(preview.err)")
        let listed = try #require(try json(preview.out)["unanswered_invitations"] as? [[String: Any]])
        #expect(listed.compactMap { $0["address"] as? String } == ["cem@example.org", "zoe@example.org"])
        #expect(listed.compactMap { $0["invited_at"] as? String } == ["2026-09-05T10:00:00Z", "2026-09-01T10:00:00Z"])

        let text = try praxis(community, ["report", "preview", "--week", "2026-W40", "--format", "text"])
        #expect(text.out.contains("Invited, no answer after 14 days:\n  - cem@example.org, invited "), "\(text.out)")
        #expect(!text.out.contains("ann@example.org") && !text.out.contains("bea@example.org"))
        let html = try praxis(community, ["report", "preview", "--week", "2026-W40", "--format", "html"])
        #expect(html.out.contains("Invited, no answer after 14 days</div>") && html.out.contains("<li>zoe@example.org "), "\(html.out)")

        // The week after ann's invitation turned two weeks old, she had accepted: only zoe and cem.
        let later = try praxis(community, ["report", "preview", "--week", "2026-W45", "--format", "json"])
        let afterwards = try #require(try json(later.out)["unanswered_invitations"] as? [[String: Any]])
        #expect(afterwards.compactMap { $0["address"] as? String } == ["bea@example.org", "zoe@example.org"])
    }
}
