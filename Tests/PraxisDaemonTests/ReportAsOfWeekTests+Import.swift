import Foundation
import Testing

/// Members imported from a `praxis export` keep the date they joined (`joined_at`): their first
/// standing is dated then, so the report of a week before the import shows them in the circle
/// they held, through the real binary on a real store.
extension ReportAsOfWeekTests {
    static let header = "address,name,role,delivery,digest_frequency,status,joined_at,left_at,digest_format,own_posts,language"

    /// 2026-W40 runs from Monday 28 September to Monday 5 October 2026 (UTC).
    @Test func aPastWeeksReportShowsImportedMembersInTheCircleTheyHeld() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: """
            sub_issues:
              - {id: cycling}
            """))
        let csv = community.url.appendingPathComponent("members.csv")
        // A date in the future is no date to keep (never later than the import), and an empty one
        // is the import's own.
        try Data("""
            \(Self.header)
            ann@example.org,Ann,inner,default,weekly,active,2026-09-01T10:00:00Z,,,yes,
            bo@example.org,Bo,outer,default,weekly,active,2026-09-02T10:00:00Z,,,yes,
            fut@example.org,Future,inner,default,weekly,active,2999-01-01T00:00:00Z,,,yes,
            now@example.org,Now,inner,default,weekly,active,,,,yes,

            """.utf8).write(to: csv)
        let started = Date()
        let run = try praxis(community, ["members", "import", csv.path])
        try #require(run.status == 0, "\(run.err)")

        let week = try json(try praxis(community, ["report", "preview", "--week", "2026-W40", "--format", "json"]).out)
        #expect(week["members"] as? Int == 2, "\(week)")
        let cycling = (week["sub_issues"] as? [[String: Any]])?.first { $0["id"] as? String == "cycling" }
        #expect(cycling?["inner_circle"] as? Int == 1, "\(week)")

        let ann = try json(try praxis(community, ["members", "show", "ann@example.org", "--json"]).out)
        #expect(ann["joined_at"] as? String == "2026-09-01T10:00:00Z")
        #expect((ann["sub_issues"] as? [[String: Any]])?.compactMap { $0["since"] as? String } == ["2026-09-01T10:00:00Z", "2026-09-01T10:00:00Z"])
        // Her transitions to inner (general and cycling) are dated then too: 2026-09-01T10:00:00Z.
        #expect(try community.count("""
            SELECT count(*) FROM standing_transitions t JOIN members m ON m.id = t.member_id
            WHERE m.address = 'ann@example.org' AND t.to_standing = 'inner' AND t.at = 1788256800
            """) == 2)
        for address in ["fut@example.org", "now@example.org"] {
            let member = try json(try praxis(community, ["members", "show", address, "--json"]).out)
            let joined = try #require((member["joined_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
            #expect(joined >= started.addingTimeInterval(-1) && joined <= Date(), "\(address) joined \(joined)")
        }
    }

    /// A known member's first standing is not moved: re-importing leaves joined_at as it is.
    @Test func aKnownMemberKeepsTheDateTheyJoined() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: ""))
        #expect(try praxis(community, ["members", "add", "ann@example.org"]).status == 0)
        let before = try json(try praxis(community, ["members", "show", "ann@example.org", "--json"]).out)["joined_at"] as? String
        let csv = community.url.appendingPathComponent("members.csv")
        try Data("\(Self.header)\nann@example.org,Ann,inner,default,weekly,active,2020-01-01T00:00:00Z,,,yes,\n".utf8).write(to: csv)
        #expect(try praxis(community, ["members", "import", csv.path]).status == 0)
        let after = try json(try praxis(community, ["members", "show", "ann@example.org", "--json"]).out)["joined_at"] as? String
        #expect(after == before)
    }

    @Test func aJoinedAtThatIsNoTimeIsNamedWithItsLine() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: ""))
        let csv = community.url.appendingPathComponent("members.csv")
        try Data("address,joined_at\nann@example.org,2026-09-01T10:00:00Z\nbo@example.org,last tuesday\n".utf8).write(to: csv)
        let run = try praxis(community, ["members", "import", csv.path])
        #expect(run.status == 1)
        #expect(run.err.contains("members.csv, line 3: joined_at \"last tuesday\" is not a time as praxis export writes it"), "\(run.err)")
        #expect(try community.count("SELECT count(*) FROM members") == 0)
    }
}
