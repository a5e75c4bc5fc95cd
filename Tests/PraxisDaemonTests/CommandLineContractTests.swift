import Foundation
import Testing

/// DESIGN.md §4's contract, checked where an operator met rough edges (issue 22, section 5), each
/// through the built binary on a real store.
@Suite("Command-line contract")
struct CommandLineContractTests {
    static func community() throws -> CommunityFixture {
        let community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(extra: """
            sub_issues:
              - {id: cycling, keywords: [bike lane]}
              - {id: deals, protected: true, members: [insider@example.org]}
            circles:
              core: [chair@example.org]
            organisation: {address: all-staff@example.org, schedule: "weekly mon 08:00"}
            """))
        return community
    }

    func praxis(_ community: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", community.configPath], in: community.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    static func post(from author: String, subject: String, id: String, body: String = "A post.") -> [UInt8] {
        Array("""
            From: \(author)\r
            To: list@example.org\r
            Subject: \(subject)\r
            Message-ID: <\(id)>\r
            Date: Mon, 30 Nov 2026 10:00:00 +0000\r
            \r
            \(body)\r

            """.utf8)
    }

    @Test(arguments: [
        (["--bogus"], "praxis: Unknown option '--bogus'; see 'praxis --help'."),
        (["ingest"], "praxis: say --once: `praxis ingest` processes the maildir once; `praxis run` keeps watching it; see 'praxis ingest --help'."),
        (["members", "show"], "praxis: Missing expected argument '<address>'; see 'praxis members show --help'."),
        (["digest", "preview", "--format", "pdf"], "praxis: --format must be text, html, mime or rfc1153, not \"pdf\"; see 'praxis digest preview --help'."),
    ])
    func usageErrorsExitTwoWithOneSentence(arguments: [String], sentence: String) throws {
        let community = try Self.community()
        let run = try praxis(community, arguments)
        #expect(run.status == 2)
        #expect(run.err == sentence + "\n")
        #expect(run.out.isEmpty)
    }

    @Test func dataCommandsSpeakJSON() throws {
        let community = try Self.community()
        try community.deliver(Self.post(from: "chair@example.org", subject: "Bike lane widths", id: "a@example.org"), as: CommunityFixture.uniqueName(1))
        try community.deliver(Array("not a message".utf8), as: CommunityFixture.uniqueName(2))
        let ingest = try praxis(community, ["ingest", "--once", "--json"])
        #expect(ingest.status == 0, "\(ingest.err)")
        let tally = object(ingest.out)
        #expect(tally["recorded"] as? Int == 1 && tally["quarantined"] as? Int == 1 && tally["duplicates"] as? Int == 0, "\(ingest.out)")

        let mbox = community.url.appendingPathComponent("history.mbox")
        try Data(("From a@b Mon Nov 30 10:00:00 2026\n" + String(decoding: Self.post(from: "old@example.org", subject: "Old", id: "old@example.org"), as: UTF8.self)).utf8).write(to: mbox)
        let imported = try praxis(community, ["import", "mbox", mbox.path, "--json"])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(object(imported.out)["recorded"] as? Int == 1, "\(imported.out)")
        #expect(object(imported.out)["messages"] as? Int == 1, "\(imported.out)")

        let checked = try praxis(community, ["check-config", "--json"])
        #expect(checked.status == 0, "\(checked.err)")
        #expect(object(checked.out)["ok"] as? Bool == true)
        #expect(object(checked.out)["sub_issues"] as? Int == 3, "\(checked.out)")
        try community.writeConfiguration(CommunityFixture.configuration(extra: "circles:\n  promotion: sometimes\n"))
        let broken = try praxis(community, ["check-config", "--json"])
        #expect(broken.status == 1)
        let problems = object(broken.out)["problems"] as? [[String: Any]] ?? []
        #expect(object(broken.out)["ok"] as? Bool == false)
        #expect(problems.first?["key"] as? String == "circles.promotion", "\(broken.out)")
        #expect(problems.first?["line"] as? Int == 8, "\(broken.out)")
    }

    @Test func daemonLogLinesOnlyWithVerbose() throws {
        let community = try Self.community()
        try community.deliver(Array("not a message".utf8), as: CommunityFixture.uniqueName(1))
        let quiet = try praxis(community, ["ingest", "--once"])
        #expect(quiet.status == 0)
        #expect(quiet.err.isEmpty, "\(quiet.err)")
        #expect(quiet.out.hasPrefix("recorded 0, duplicates 0, quarantined 1"))
        try community.deliver(Array("still not a message".utf8), as: CommunityFixture.uniqueName(2))
        let verbose = try praxis(community, ["ingest", "--once", "--verbose"])
        #expect(verbose.err.contains("quarantined a message"), "\(verbose.err)")
    }

    @Test func organisationDigestPreviewNeedsNoMember() throws {
        let community = try Self.community()
        _ = try praxis(community, ["members", "add", "chair@example.org"])
        try community.deliver(Self.post(from: "chair@example.org", subject: "Bike lane widths", id: "a@example.org"), as: CommunityFixture.uniqueName(1))
        _ = try praxis(community, ["ingest", "--once"])
        let organisation = try praxis(community, ["digest", "preview", "--schedule", "organisation"])
        #expect(organisation.status == 0, "\(organisation.err)")
        #expect(organisation.out.contains("Bike lane widths"))
        let nobody = try praxis(community, ["digest", "preview"])
        #expect(nobody.status == 2)
        #expect(nobody.err == "praxis: say whose digest to preview with --member ADDRESS; only --schedule organisation needs none\n")
    }

    /// Imported history is the archive's, never news: a digest shows what was received, even
    /// when an imported message is dated today.
    @Test func importedHistoryNeverAppearsInADigest() throws {
        let community = try Self.community()
        for address in ["chair@example.org", "reader@example.org"] { _ = try praxis(community, ["members", "add", address]) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        let today = formatter.string(from: Date().addingTimeInterval(-3600))
        let mbox = community.url.appendingPathComponent("history.mbox")
        try Data("""
            From old@example.org Mon Nov 30 10:00:00 2026
            From: Old Hand <old@example.org>
            Subject: HISTORY-POST about bike lanes
            Message-ID: <history@example.org>
            Date: \(today)

            Imported, not news.

            """.utf8).write(to: mbox)
        let imported = try praxis(community, ["import", "mbox", mbox.path])
        #expect(imported.status == 0, "\(imported.err)")
        let nothing = try praxis(community, ["digest", "preview", "--member", "reader@example.org"])
        #expect(nothing.status == 1, "\(nothing.out)")
        #expect(nothing.err.contains("would get no"), "\(nothing.err)")
        #expect(try praxis(community, ["digest", "preview", "--schedule", "organisation"]).status == 1)

        try community.deliver(Self.post(from: "chair@example.org", subject: "NEWS-POST on lanes", id: "news@example.org"),
                              as: CommunityFixture.uniqueName(1))
        _ = try praxis(community, ["ingest", "--once"])
        let digest = try praxis(community, ["digest", "preview", "--member", "reader@example.org"])
        #expect(digest.status == 0, "\(digest.err)")
        #expect(digest.out.contains("NEWS-POST") && !digest.out.contains("HISTORY-POST"), "\(digest.out)")
        let organisation = try praxis(community, ["digest", "preview", "--schedule", "organisation"])
        #expect(organisation.out.contains("NEWS-POST") && !organisation.out.contains("HISTORY-POST"), "\(organisation.out)")
    }

    /// The subject as people read it; a hostile encoded word cannot break the line or reach the terminal.
    @Test func outboxListShowsDecodedSubjects() throws {
        let community = try Self.community()
        _ = try praxis(community, ["members", "add", "reader@example.org"])
        let subject = "=?UTF-8?Q?R=C3=A9seau_cyclable?= =?UTF-8?Q?_x=0Ay=1B[31mz?="
        try community.deliver(Self.post(from: "chair@example.org", subject: subject, id: "b@example.org"), as: CommunityFixture.uniqueName(1))
        _ = try praxis(community, ["ingest", "--once"])
        let listed = try praxis(community, ["outbox", "list"])
        #expect(listed.status == 0, "\(listed.err)")
        #expect(listed.out.contains("Réseau cyclable x y [31mz"), "\(listed.out)")
        #expect(!listed.out.contains("\u{1B}"))
        let json = try praxis(community, ["outbox", "list", "--json"])
        let messages = object(json.out)["messages"] as? [[String: Any]] ?? []
        #expect(messages.contains { ($0["subject"] as? String)?.contains("Réseau cyclable") == true }, "\(json.out)")
    }

    @Test func classifySetSaysWhenNothingChanged() throws {
        let community = try Self.community()
        try community.deliver(Self.post(from: "chair@example.org", subject: "[cycling] Widths", id: "c@example.org"), as: CommunityFixture.uniqueName(1))
        _ = try praxis(community, ["ingest", "--once"])
        let again = try praxis(community, ["classify", "set", "c@example.org", "cycling"])
        #expect(again.status == 0, "\(again.err)")
        #expect(again.out == "<c@example.org> was already in cycling; nothing changed (kept as a moderator's confirmation for the model)\n")
        let moved = try praxis(community, ["classify", "set", "c@example.org", "general"])
        #expect(moved.out == "<c@example.org> is now in general; 1 post changed\n")
    }

    @Test func membersImportTakesTheAddressColumnAloneAndCountsOneBadLine() throws {
        let community = try Self.community()
        let list = community.url.appendingPathComponent("members.csv")
        try Data("address\nanne@example.org\nbart@example.org\n".utf8).write(to: list)
        let imported = try praxis(community, ["members", "import", list.path])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.out == "imported 2 members from CSV: added 2, updated 0, unchanged 0\n")
        try Data("address\ncora@example.org\nnot an address\n".utf8).write(to: list)
        let bad = try praxis(community, ["members", "import", list.path])
        #expect(bad.status != 0)
        #expect(bad.err.contains("1 bad line; nothing was imported"), "\(bad.err)")
        #expect(!bad.err.contains("1 bad lines"))
    }

    @Test func membersShowListsNoProtectedSubIssueTheMemberIsNotAdmittedTo() throws {
        let community = try Self.community()
        _ = try praxis(community, ["members", "add", "reader@example.org"])
        _ = try praxis(community, ["members", "add", "insider@example.org"])
        let reader = try praxis(community, ["members", "show", "reader@example.org"])
        #expect(reader.status == 0, "\(reader.err)")
        #expect(reader.out.contains("cycling") && !reader.out.contains("deals"), "\(reader.out)")
        let readerJSON = try praxis(community, ["members", "show", "reader@example.org", "--json"])
        #expect(!readerJSON.out.contains("deals"), "\(readerJSON.out)")
        let insider = try praxis(community, ["members", "show", "insider@example.org"])
        #expect(insider.out.contains("deals"), "\(insider.out)")
        let chair = try praxis(community, ["members", "show", "chair@example.org"])
        #expect(chair.status != 0 || chair.out.contains("deals"), "\(chair.out)")
    }

    @Test func circlesConfirmRefusesUnderAutomaticPromotion() throws {
        let community = try Self.community()
        _ = try praxis(community, ["members", "add", "reader@example.org"])
        let refused = try praxis(community, ["circles", "confirm", "reader@example.org", "cycling", "--by", "chair@example.org"])
        #expect(refused.status == 1)
        #expect(refused.err == "praxis: cannot confirm: promotion is automatic in this community (circles.promotion: automatic): "
            + "members join the inner circle when they meet its bar; set circles.promotion: moderated to confirm candidates by hand\n")
        #expect(try community.count("SELECT count(*) FROM standing_transitions WHERE to_standing = 'inner'") == 0)
    }
}
