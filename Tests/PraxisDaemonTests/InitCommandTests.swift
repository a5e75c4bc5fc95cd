import Foundation
import PraxisCommunity
import PraxisDaemon
import Testing

/// `praxis init` on the real binary: three communities set up unattended, each config accepted
/// by `check-config` and running the demo flow; hostile names; no overwriting; no terminal.
@Suite("praxis init")
struct InitCommandTests {
    /// A German municipality: umlauts and ß, a protected sub-issue, a sponsor.
    static let municipality = """
        name: "Mobilität Köln – Straßen für alle"
        field: Verkehrsplanung über alle Ämter der Stadt
        language: de
        timezone: Europe/Berlin
        list_address: mobilitaet@listen.stadt-koeln.example
        objectives:
          - {text: "Erfahrungen zu Radwegen austauschen", kind: exchange, sub_issues: [radverkehr]}
          - {text: "Gemeinsam Lösungen für das Parken entwickeln", kind: solutions, sub_issues: [parken]}
          - {text: "Beschaffung bündeln", kind: mainstreaming, sub_issues: [beschaffung]}
        sub_issues:
          - {id: radverkehr, name: Radverkehr, keywords: [Radweg, Fahrradstraße, Lastenrad]}
          - {id: parken, name: Parken und Bordstein, keywords: [Parkplatz, Anwohnerparken]}
          - {id: beschaffung, name: Gemeinsame Beschaffung, keywords: [Ausschreibung], protected: true}
        core:
          - {address: juergen.grosse@stadt-koeln.example, name: Jürgen Größe, moderator: true}
          - {address: oezlem.yilmaz@stadt-koeln.example, name: Özlem Yılmaz, sub_issues: [beschaffung]}
        key_participants:
          - {address: betriebshof@kvb.example, name: Dörte Weiß, why: leitet den Betriebshof}
        sponsor: dezernentin.verkehr@stadt-koeln.example
        """

    /// An international network working in English and French.
    static let network = """
        name: Réseau européen des villes cyclables / European Cycling Cities Network
        field: Cycling policy across member cities
        language: fr
        timezone: Europe/Paris
        list_address: velo@lists.network.example
        objectives:
          - {text: "Échanger les pratiques / Exchange practice", kind: exchange, sub_issues: [infrastructure, politique]}
          - {text: "Tester des pistes pilotes", kind: testing, sub_issues: [infrastructure]}
        sub_issues:
          - {id: infrastructure, name: Infrastructure cyclable, keywords: [piste cyclable, bike lane, cycle path]}
          - {id: politique, name: Politique et financement, keywords: [subvention, funding]}
        core:
          - {address: chloe@ville.example, name: Chloé Lefèvre, moderator: true}
          - {address: sam@city.example, name: Sam O'Brien}
        key_participants:
          - {address: mayor-office@ville.example, why: "signs the city's commitments"}
        """

    /// Only what has no default.
    static let minimal = """
        name: Minimal CoP
        list_address: cop@example.org
        """

    static let cases: [(name: String, answers: String, poster: String?, subject: String, subIssue: String)] = [
        ("municipality", municipality, "juergen.grosse@stadt-koeln.example", "Neue Fahrradstraße am Ring", "radverkehr"),
        ("network", network, "chloe@ville.example", "Piste cyclable pilote à Lyon", "infrastructure"),
        ("minimal", minimal, nil, "Hello", "general"),
    ]

    /// A community folder with its maildir and no configuration yet: `praxis init` writes it.
    func community() throws -> CommunityFixture {
        let community = try CommunityFixture()
        try FileManager.default.removeItem(atPath: community.configPath)
        return community
    }

    func praxis(_ arguments: [String], in folder: URL) throws -> (status: Int32, out: String, err: String)? {
        try PraxisChild.run(arguments, in: folder).map { (status: $0.0, out: $0.1, err: $0.2) }
    }

    @Test(arguments: cases.map(\.name))
    func answersGiveAConfigurationThatChecksAndRuns(name: String) throws {
        let example = try #require(Self.cases.first { $0.name == name })
        let community = try self.community()
        let answers = community.url.appendingPathComponent("answers.yaml")
        try Data(example.answers.utf8).write(to: answers)
        guard let initiated = try praxis(["init", "--answers", answers.path, "--to", community.url.path], in: community.url) else { return }
        #expect(initiated.status == 0, "\(initiated.err)")
        #expect(initiated.out.contains("wrote \(community.configPath)\n"))
        #expect(initiated.out.contains("praxis check-config --config"))
        #expect(initiated.out.contains("systemctl enable --now praxis@"))

        guard let checked = try praxis(["check-config", "--config", community.configPath], in: community.url) else { return }
        #expect(checked.status == 0, "\(checked.err)\n\((try? String(contentsOfFile: community.configPath, encoding: .utf8)) ?? "")")
        let configuration = try ConfigurationLoader.load(path: community.configPath, environment: [:])
        let given = try InitiationQuestions.load(path: answers.path)
        #expect(configuration.community.name == given.name)
        #expect(configuration.community.requestAddress == Community.derived(from: given.listAddress, suffix: "-request"))
        #expect(configuration.community.timeZone == given.timeZone)
        #expect(configuration.community.objectives == given.identifiedObjectives)
        #expect(configuration.subIssues.map(\.id) == given.subIssues.map(\.id))
        #expect(configuration.subIssues.map(\.name) == given.subIssues.map(\.name))
        #expect(configuration.subIssues.map(\.keywords) == given.subIssues.map(\.keywords))
        #expect(configuration.subIssues.map(\.isProtected) == given.subIssues.map(\.isProtected))
        // Who looks after some sub-issues alone is their moderator, not in circles.core.
        #expect(configuration.circles.core == given.core.filter(\.subIssues.isEmpty).map(\.address))
        for subIssue in configuration.subIssues {
            #expect(subIssue.moderators == given.core.filter { $0.subIssues.contains(subIssue.id) }.map(\.address))
        }
        #expect(configuration.sponsor == given.sponsor)

        // The demo flow: the core group imported, a post ingested and classified.
        let members = community.url.appendingPathComponent("members.csv").path
        guard let imported = try praxis(["members", "import", members, "--config", community.configPath], in: community.url) else { return }
        #expect(imported.status == 0, "\(imported.err)")
        #expect(try community.count("SELECT count(*) FROM members") == given.core.count)
        let author = example.poster ?? "someone@example.net"
        let message = """
            From: \(author)\r
            To: \(given.listAddress)\r
            Subject: =?UTF-8?B?\(Data(example.subject.utf8).base64EncodedString())?=\r
            Message-ID: <init-\(name)@example.org>\r
            Date: Mon, 07 Dec 2026 09:00:00 +0000\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(example.subject).\r

            """
        try community.deliver(Array(message.utf8), as: CommunityFixture.uniqueName(1))
        // The written configuration looks authors' DMARC policies up: not in a test, whose
        // outcome must not hang on the machine's nameserver (`CommunityFixture.withoutDMARCLookups`).
        try community.writeConfiguration(String(contentsOfFile: community.configPath, encoding: .utf8))
        guard let ingested = try praxis(["ingest", "--once", "--config", community.configPath], in: community.url) else { return }
        #expect(ingested.status == 0, "\(ingested.err)")
        #expect(try community.strings("SELECT sub_issue FROM posts") == [example.subIssue])
    }

    /// Names and addresses that would break a naively written YAML file read back exactly.
    @Test(arguments: [
        "Mobility: North # South",
        "Quote \" and 'apostrophe' and \\backslash",
        "Two\nlines: injected: true",
        "{ flow: mapping }",
        "- a list item",
        "&anchor *alias !tag %directive @at `tick`",
    ])
    func hostileNamesReadBackExactly(hostile: String) throws {
        let community = try self.community()
        var answers = InitiationAnswers(name: hostile, listAddress: "cop@example.org", field: hostile)
        answers.objectives = [.init(text: hostile, kind: .exchange, subIssues: ["x"])]
        answers.subIssues = [SubIssue(id: "x", name: hostile, keywords: [hostile])]
        answers.core = [.init(address: "a@example.org", name: hostile, isModerator: true)]
        answers.keyParticipants = [.init(address: "b@example.org", name: hostile, why: hostile)]
        _ = try InitiationWriter.write(answers, to: community.url.path, force: false)
        let configuration = try ConfigurationLoader.load(path: community.configPath, environment: [:])
        #expect(configuration.community.name == hostile)
        #expect(configuration.community.objectives.map(\.text) == [hostile])
        #expect(configuration.subIssues.map(\.name) == [hostile])
        #expect(configuration.subIssues.map(\.keywords) == [[hostile]])
        let members = MemberList(parsing: try String(contentsOfFile: community.url.appendingPathComponent("members.csv").path, encoding: .utf8))
        // The member list keeps a name on one line.
        #expect(members.entries.map(\.name) == [.value(hostile.replacingOccurrences(of: "\n", with: " "))])
    }

    @Test func neverOverwritesWithoutForce() throws {
        let community = try self.community()
        let answers = community.url.appendingPathComponent("answers.yaml")
        try Data(Self.minimal.utf8).write(to: answers)
        let members = community.url.appendingPathComponent("members.csv")
        try Data("address\nkeep@example.org\n".utf8).write(to: members)
        guard let refused = try praxis(["init", "--answers", answers.path, "--to", community.url.path], in: community.url) else { return }
        #expect(refused.status == 1)
        #expect(refused.err == "\(members.path) was not written: it exists; give --force to replace it\n")
        // Nothing was written, not even the files that did not exist.
        #expect(!FileManager.default.fileExists(atPath: community.configPath))
        #expect(try String(contentsOf: members, encoding: .utf8) == "address\nkeep@example.org\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: community.url.path).allSatisfy { !$0.hasSuffix(".tmp") })

        guard let forced = try praxis(["init", "--answers", answers.path, "--to", community.url.path, "--force"], in: community.url) else { return }
        #expect(forced.status == 0, "\(forced.err)")
        #expect(try String(contentsOf: members, encoding: .utf8) == "address,name,role,delivery,pinned,language\n")
        #expect(FileManager.default.fileExists(atPath: community.configPath))
    }

    /// Without --answers the questions need a terminal; the tests' standard input is /dev/null.
    @Test func withoutAnswersAndNoTerminalIsAUsageError() throws {
        let community = try self.community()
        guard let run = try praxis(["init", "--to", community.url.path], in: community.url) else { return }
        #expect(run.status == 2)
        #expect(run.err == "praxis: standard input is not a terminal, so the questions cannot be asked; give --answers FILE\n")
        #expect(!FileManager.default.fileExists(atPath: community.configPath))
    }

    /// (answers, the key named, a piece of the message): exit 2, FILE:LINE: KEY: message.
    @Test(arguments: [
        ("field: x\nlist_address: cop@example.org\n", "name", "required key is missing"),
        ("name: C\nlist_address: cop@example.org\nlanguage: klingon\n", "language", "\"klingon\" is not one of en, de, fr, es"),
        ("name: C\nlist_address: cop@example.org\nobjectives:\n  - {text: T, kind: exchnage}\n", "objectives[0].kind", "did you mean \"exchange\"?"),
        ("name: C\nlist_address: cop@example.org\ncore:\n  - {address: \"not an address\"}\n", "core[0].address", "space"),
        ("name: C\nlist_address: cop@example.org\nkey_participants:\n  - {address: a@x.org, moderator: true}\n",
         "key_participants[0].moderator", "unknown key"),
        ("name: C\nlist_address: cop@example.org\ntimezone: Europe/Koeln\n", "timezone", "unknown time zone"),
        ("name: C\nlist_address: cop@example.org\nsub_issues: [{id: a}]\ncore:\n  - {address: m@x.org, sub_issues: [a, b]}\n",
         "core[0].sub_issues[1]", "\"b\" is not the id of one of the answers' sub_issues"),
    ])
    func badAnswersNameTheKey(answers: String, key: String, message: String) throws {
        let community = try self.community()
        let file = community.url.appendingPathComponent("answers.yaml")
        try Data(answers.utf8).write(to: file)
        guard let run = try praxis(["init", "--answers", file.path, "--to", community.url.path], in: community.url) else { return }
        #expect(run.status == 2)
        #expect(run.err.hasPrefix("\(file.path):"), "\(run.err)")
        #expect(run.err.contains(": \(key): ") && run.err.contains(message), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: community.configPath))
    }

    /// Answers whose configuration check-config would refuse are not written: a protected
    /// sub-issue with nobody admitted to it.
    @Test func answersCheckConfigWouldRefuseWriteNothing() throws {
        let community = try self.community()
        let file = community.url.appendingPathComponent("answers.yaml")
        try Data("name: C\nlist_address: cop@example.org\nsub_issues: [{id: deals, protected: true}]\n".utf8).write(to: file)
        let folder = community.url.appendingPathComponent("new community")
        guard let run = try praxis(["init", "--answers", file.path, "--to", folder.path], in: community.url) else { return }
        #expect(run.status == 1)
        #expect(run.err.contains("check-config would refuse it"))
        #expect(run.err.contains("praxis.yaml:"))
        #expect(run.err.contains("sub_issues[0].protected: \"deals\" is protected but nobody is admitted to it"), "\(run.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }
}
