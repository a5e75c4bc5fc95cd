import Foundation
import Testing

/// `praxis members …` through the built binary, on a real store.
@Suite("praxis members")
struct MembersCommandTests {
    static func community() throws -> CommunityFixture {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: """
            sub_issues:
              - {id: cycling}
            circles:
              core: [chair@example.org]
            """))
        return community
    }

    func praxis(_ community: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", community.configPath], in: community.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    @Test func addSetShowListRemove() throws {
        let community = try Self.community()
        var run = try praxis(community, ["members", "add", "Alice@Example.ORG", "--name", "Alice A", "--role", "inner", "--pinned", "yes"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "added alice@example.org\n")
        run = try praxis(community, ["members", "add", "alice@example.org"])
        #expect(run.status == 1)
        #expect(run.err.contains("alice@example.org is already a member"))
        run = try praxis(community, ["members", "add", "bob@example.org", "--role", "core"])
        #expect(run.status == 0, "\(run.err)")
        run = try praxis(community, ["members", "set", "alice@example.org", "--moderated", "yes", "--delivery", "digest"])
        #expect(run.status == 0, "\(run.err)")

        run = try praxis(community, ["members", "show", "alice@example.org", "--json"])
        #expect(run.status == 0, "\(run.err)")
        let alice = try json(run.out)
        #expect(alice["address"] as? String == "alice@example.org")
        #expect(alice["name"] as? String == "Alice A")
        #expect(alice["role"] as? String == "inner")
        #expect(alice["pinned"] as? Bool == true)
        #expect(alice["moderated"] as? Bool == true)
        #expect(alice["delivery"] as? String == "digest")
        let standings = (alice["sub_issues"] as? [[String: Any]] ?? []).map { "\($0["id"] ?? "")=\($0["standing"] ?? "")" }
        #expect(standings == ["general=inner", "cycling=inner"])
        // --role core writes core rows for every sub-issue; standings are stored with transitions.
        #expect(try community.count("""
            SELECT count(*) FROM member_sub_issue s JOIN members m ON m.id = s.member_id
            WHERE m.address = 'bob@example.org' AND s.standing = 'core'
            """) == 2)
        #expect(try community.count("SELECT count(*) FROM standing_transitions WHERE reason = 'set by the operator'") == 4)

        run = try praxis(community, ["members", "remove", "bob@example.org"])
        #expect(run.status == 0, "\(run.err)")
        run = try praxis(community, ["members", "list", "--json"])
        let list = try json(run.out)
        #expect(list["count"] as? Int == 1)
        run = try praxis(community, ["members", "list", "--all", "--json"])
        let everyone = (try json(run.out)["members"] as? [[String: Any]]) ?? []
        #expect(everyone.map { "\($0["address"] ?? "") \($0["status"] ?? "")" }
                == ["alice@example.org active", "bob@example.org unsubscribed"])
        // Kept, with history: a removed member's row stays.
        #expect(try community.count("SELECT count(*) FROM members WHERE left_at IS NOT NULL") == 1)

        run = try praxis(community, ["members", "list"])
        #expect(run.out.contains("alice@example.org"))
        #expect(run.out.hasSuffix("1 members\n"))
    }

    /// A protected sub-issue's circles hold only the core group and its admitted members: an
    /// inner role given by the operator stops at its door, a core role does not.
    @Test func anInnerRoleNeverReachesAProtectedSubIssueTheMemberIsNotAdmittedTo() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: """
            sub_issues:
              - {id: cycling}
              - {id: procurement, protected: true, members: [Buyer@Example.org]}
            """))
        for (address, role) in [("reader@example.org", "inner"), ("buyer@example.org", "inner"), ("chair@example.org", "core")] {
            let run = try praxis(community, ["members", "add", address, "--role", role])
            #expect(run.status == 0, "\(run.err)")
        }
        #expect(try community.strings("""
            SELECT m.address || ' ' || s.standing FROM member_sub_issue s JOIN members m ON m.id = s.member_id
            WHERE s.sub_issue = 'procurement' ORDER BY m.address
            """) == ["buyer@example.org inner", "chair@example.org core"])
        #expect(try community.count("""
            SELECT count(*) FROM member_sub_issue s JOIN members m ON m.id = s.member_id WHERE m.address = 'reader@example.org'
            """) == 2)
    }

    @Test func usageErrorsExitTwoAndMissingMembersExitOne() throws {
        let community = try Self.community()
        var run = try praxis(community, ["members", "add", "not an address"])
        #expect(run.status == 2)
        #expect(run.err == "praxis: \"not an address\" is not a usable address: the address contains a space\n")
        run = try praxis(community, ["members", "add", "a@example.org", "--role", "boss"])
        #expect(run.status == 2)
        #expect(run.err.contains("--role \"boss\" is not one of core, inner, outer"))
        run = try praxis(community, ["members", "set", "a@example.org"])
        #expect(run.status == 2)
        run = try praxis(community, ["members", "show", "nobody@example.org"])
        #expect(run.status == 1)
        #expect(run.err.contains("nobody@example.org is not a member"))
        run = try praxis(community, ["members", "remove", "nobody@example.org"])
        #expect(run.status == 1)
        #expect(try community.count("SELECT count(*) FROM members") == 0)
    }

    @Test func csvImportIsAllOrNothing() throws {
        let community = try Self.community()
        let file = community.url.appendingPathComponent("members.csv")
        try Data("""
            address,name,role,delivery,pinned
            "carol@x.org","Smith, Carol",inner,immediate,yes
            dan@x.org,,outer,,
            not-an-address,"Eve",outer,,
            frank@x.org,Frank,boss,,
            """.utf8).write(to: file)
        var run = try praxis(community, ["members", "import", file.path])
        #expect(run.status == 1)
        #expect(run.err.contains("members.csv, line 4: \"not-an-address\": the address has no \"@\""))
        #expect(run.err.contains("members.csv, line 5: role \"boss\" is not one of core, inner, outer"))
        #expect(run.err.contains("2 bad lines; nothing was imported"))
        #expect(try community.count("SELECT count(*) FROM members") == 0)

        try Data("""
            address,name,role,delivery,pinned
            "carol@x.org","Smith, Carol",inner,immediate,yes
            dan@x.org,,outer,,
            """.utf8).write(to: file)
        run = try praxis(community, ["members", "import", file.path, "--json"])
        #expect(run.status == 0, "\(run.err)")
        let tally = try json(run.out)
        #expect(tally["format"] as? String == "csv")
        #expect(tally["added"] as? Int == 2)
        run = try praxis(community, ["members", "show", "carol@x.org", "--json"])
        let carol = try json(run.out)
        #expect(carol["name"] as? String == "Smith, Carol")
        #expect(carol["role"] as? String == "inner")
        #expect(carol["pinned"] as? Bool == true)
        #expect(carol["delivery"] as? String == "immediate")
        // Importing again updates, never doubles.
        run = try praxis(community, ["members", "import", file.path, "--json"])
        #expect(try json(run.out)["updated"] as? Int == 2)
        #expect(try community.count("SELECT count(*) FROM members") == 2)
    }

    /// A column the CSV lacks says nothing: a known member keeps what is stored. A column that is
    /// there with an empty cell asks for the default.
    @Test func anAbsentColumnKeepsAKnownMembersValueAndAnEmptyCellResetsIt() throws {
        let community = try Self.community()
        let file = community.url.appendingPathComponent("members.csv")
        let header = "address,name,role,delivery,pinned,language,digest_format,own_posts,digest_frequency"
        try Data("\(header)\ncarol@x.org,Carol,inner,digest,yes,de,html,no,daily\n".utf8).write(to: file)
        var run = try praxis(community, ["members", "import", file.path])
        #expect(run.status == 0, "\(run.err)")
        let chosen: [String: String] = [
            "name": "Carol", "role": "inner", "pinned": "true", "delivery": "digest", "language": "de",
            "digest_format": "html", "own_posts": "false", "digest": "daily",
        ]
        func carol() throws -> [String: String] {
            let run = try praxis(community, ["members", "show", "carol@x.org", "--json"])
            let object = try json(run.out)
            return chosen.keys.reduce(into: [:]) { fields, key in
                fields[key] = switch object[key] {
                case let text as String: text
                case let flag as Bool: flag ? "true" : "false"
                default: "null"
                }
            }
        }
        #expect(try carol() == chosen)

        try Data("address,name\ncarol@x.org,Carol\n".utf8).write(to: file)
        run = try praxis(community, ["members", "import", file.path, "--json"])
        #expect(run.status == 0, "\(run.err)")
        #expect(try json(run.out)["updated"] as? Int == 1)
        #expect(try carol() == chosen, "a column the CSV lacks must leave the stored value")

        try Data("\(header)\ncarol@x.org,,,,,,,,\n".utf8).write(to: file)
        run = try praxis(community, ["members", "import", file.path])
        #expect(run.status == 0, "\(run.err)")
        let shown = try praxis(community, ["members", "show", "carol@x.org", "--json"]).out
        #expect(try carol() == [
            "name": "null", "role": "outer", "pinned": "false", "delivery": "default", "language": "null",
            "digest_format": "null", "own_posts": "true", "digest": "weekly",
        ], "an empty cell means the default: \(shown)")

        // A name of control characters alone is no name, not an empty one.
        try Data("address,name\ncarol@x.org,\u{7}\u{1B}\n".utf8).write(to: file)
        run = try praxis(community, ["members", "import", file.path])
        #expect(run.status == 0, "\(run.err)")
        #expect(try community.count("SELECT count(*) FROM members WHERE name IS NULL") == 1)
    }

    @Test func mailmanImport() throws {
        let community = try Self.community()
        let file = community.url.appendingPathComponent("mailman.txt")
        try Data("Anne Person <anne@example.com>\nbart@example.com\n\"Doe, Jane\" <Jane@Example.com>\n".utf8).write(to: file)
        var run = try praxis(community, ["members", "import", file.path])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "imported 3 members from a Mailman list: added 3, updated 0, unchanged 0\n")
        #expect(try community.strings("SELECT address || '|' || coalesce(name, '') FROM members ORDER BY address")
                == ["anne@example.com|Anne Person", "bart@example.com|", "jane@example.com|Doe, Jane"])

        try Data("anne@example.com\nbroken line here\n<x@>\n".utf8).write(to: file)
        run = try praxis(community, ["members", "import", file.path])
        #expect(run.status == 1)
        #expect(run.err.contains("mailman.txt, line 2:"))
        #expect(run.err.contains("mailman.txt, line 3:"))
    }
}
