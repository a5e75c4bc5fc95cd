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

    /// Issue 22 §4: the figures of 2026-W40 (28 September to 4 October) as they stood at its end,
    /// on a store where a member was promoted, another made core and a third joined afterwards;
    /// dates without the year in the current year and with it in 2004; "1 post", not "1 posts".
    @Test func aPastWeekTellsItsOwnCirclesMembersAndCoreGroup() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: """
            sub_issues:
              - {id: cycling, keywords: [bike lane]}
              - {id: depot, retired: true}
            circles:
              core: [chair@example.org]
            """))
        let database = try community.database()
        let subIssues = [SubIssue.general, SubIssue(id: "cycling"), SubIssue(id: "depot", isRetired: true)]
        let before = Self.utc("2026-09-01T10:00:00Z"), after = Self.utc("2026-10-20T10:00:00Z")
        _ = try database.addMember("alice@example.org", change: MemberChange(role: .inner), subIssues: subIssues, at: before)
        for address in ["bob@example.org", "carol@example.org"] {
            _ = try database.addMember(address, change: MemberChange(role: .outer), subIssues: subIssues, at: before)
        }
        _ = try database.updateMember("bob@example.org", change: MemberChange(role: .inner), subIssues: subIssues, at: after)
        _ = try database.updateMember("carol@example.org", change: MemberChange(role: .core), subIssues: subIssues, at: after)
        _ = try database.addMember("dave@example.org", change: MemberChange(), subIssues: subIssues, at: after)
        let decider = InvitationDecider(community: Community(name: "Test CoP", listAddress: "list@example.org"))
        _ = try database.invite("zoe@example.org", decider: decider, message: nil, token: "t1", at: Self.utc("2026-09-01T10:00:00Z"))
        _ = try database.invite("old@example.org", decider: decider, message: nil, token: "t2", at: Self.utc("2004-04-26T10:00:00Z"))
        try community.deliver(Array("""
            From: Alice <alice@example.org>\r
            To: list@example.org\r
            Subject: [cycling] Bike lane widths\r
            Message-ID: <w40@example.org>\r
            Date: Wed, 30 Sep 2026 10:00:00 +0000\r
            \r
            Two metres.\r

            """.utf8), as: CommunityFixture.uniqueName(1))
        #expect(try praxis(community, ["ingest", "--once"]).status == 0)

        let week = try json(try praxis(community, ["report", "preview", "--week", "2026-W40", "--format", "json"]).out)
        #expect(week["members"] as? Int == 3 && week["core_group"] as? Int == 1 && week["posts"] as? Int == 1, "\(week)")
        let subIssueRows = try #require(week["sub_issues"] as? [[String: Any]])
        let cycling = try #require(subIssueRows.first { $0["id"] as? String == "cycling" })
        #expect(cycling["inner_circle"] as? Int == 1 && cycling["retired"] as? Bool == false)
        #expect(subIssueRows.first { $0["id"] as? String == "depot" }?["retired"] as? Bool == true)
        // Today's figures differ: bob promoted, carol core, dave joined.
        let later = try json(try praxis(community, ["report", "preview", "--week", "2026-W44", "--format", "json"]).out)
        #expect(later["members"] as? Int == 4 && later["core_group"] as? Int == 2, "\(later)")
        let laterCycling = (later["sub_issues"] as? [[String: Any]])?.first { $0["id"] as? String == "cycling" }
        #expect(laterCycling?["inner_circle"] as? Int == 2)

        let text = try praxis(community, ["report", "preview", "--week", "2026-W40", "--format", "text"]).out
        #expect(text.contains("    1 post, 1 thread, 1 contributor, inner circle 1"), "\(text)")
        #expect(text.contains("  Core group            1\n"))
        #expect(text.contains("  depot (retired)\n"))
        #expect(text.contains("  - zoe@example.org, invited 1 September, 10:00\n"), "\(text)")
        let html = try praxis(community, ["report", "preview", "--week", "2026-W40", "--format", "html"]).out
        #expect(html.contains("1 post, 1 thread, 1 contributor &middot; inner circle 1") && html.contains("depot (retired)"))

        let old = try praxis(community, ["report", "preview", "--week", "2004-W20", "--format", "text"]).out
        #expect(old.contains("  - old@example.org, invited 26 April 2004, 10:00\n"), "\(old)")
        #expect(old.contains("    0 posts, 0 threads, 0 contributors, inner circle 0"))
    }

    /// Issue 22 §4: the candidates for the inner circle and the quiet inner members of 2026-W40
    /// (ending Monday 5 October) as they stood then. Bob, outer then with two posts in two threads,
    /// was promoted afterwards: a candidate in W40, not in W44. Erin, inner and silent since
    /// January, was demoted afterwards: a quiet inner member in W40, not in W44. Fay, with two posts in
    /// two threads too, left after the week and was still a candidate in it.
    @Test func candidatesAndQuietInnerMembersAreThoseOfTheWeek() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: """
            sub_issues:
              - {id: cycling, keywords: [bike lane]}
            """))
        let database = try community.database()
        let subIssues = [SubIssue.general, SubIssue(id: "cycling")]
        let january = Self.utc("2026-01-05T10:00:00Z"), after = Self.utc("2026-10-20T10:00:00Z")
        _ = try database.addMember("erin@example.org", change: MemberChange(role: .inner), subIssues: subIssues, at: january)
        for address in ["bob@example.org", "fay@example.org"] {
            _ = try database.addMember(address, change: MemberChange(role: .outer), subIssues: subIssues, at: january)
        }
        for (index, (author, day)) in [("bob", 29), ("bob", 30), ("fay", 29), ("fay", 30)].enumerated() {
            try community.deliver(Array("""
                From: \(author)@example.org\r
                To: list@example.org\r
                Subject: [cycling] Bike lane question \(index)\r
                Message-ID: <candidate\(index)@example.org>\r
                Date: Tue, \(day) Sep 2026 10:00:00 +0000\r
                \r
                About the bike lane.\r

                """.utf8), as: CommunityFixture.uniqueName(10 + index))
        }
        #expect(try praxis(community, ["ingest", "--once"]).status == 0)
        _ = try database.updateMember("bob@example.org", change: MemberChange(role: .inner), subIssues: subIssues, at: after)
        _ = try database.updateMember("erin@example.org", change: MemberChange(role: .outer), subIssues: subIssues, at: after)
        #expect(try praxis(community, ["members", "remove", "fay@example.org"]).status == 0)

        let week = try json(try praxis(community, ["report", "preview", "--week", "2026-W40", "--format", "json"]).out)
        let candidates = try #require(week["candidates"] as? [[String: Any]], "\(week)")
        #expect(candidates.compactMap { $0["address"] as? String } == ["bob@example.org", "fay@example.org"], "\(candidates)")
        #expect(candidates.first?["posts"] as? Int == 2 && candidates.first?["sub_issue"] as? String == "cycling")
        let quiet = try #require(week["quiet_inner"] as? [[String: Any]])
        #expect(quiet.compactMap { $0["address"] as? String } == ["erin@example.org", "erin@example.org"], "\(quiet)")
        #expect(quiet.compactMap { $0["sub_issue"] as? String } == ["cycling", "general"])
        #expect(quiet.first?["silent_days"] as? Int == 272)

        let later = try json(try praxis(community, ["report", "preview", "--week", "2026-W44", "--format", "json"]).out)
        // Bob was inner by then; Fay, not yet gone, still had her posts within the bar's 60 days.
        let laterCandidates = (later["candidates"] as? [[String: Any]])?.compactMap { $0["address"] as? String }
        #expect(laterCandidates == ["fay@example.org"], "\(later)")
        #expect((later["quiet_inner"] as? [[String: Any]])?.isEmpty == true, "\(later)")

        let text = try praxis(community, ["report", "preview", "--week", "2026-W40", "--format", "text"]).out
        #expect(text.contains("  - bob@example.org in cycling: 2 posts in 2 threads; still lacks 1 more post"), "\(text)")
        #expect(text.contains("  - erin@example.org in cycling: silent for 272 days (due for demotion)"), "\(text)")
    }
}
