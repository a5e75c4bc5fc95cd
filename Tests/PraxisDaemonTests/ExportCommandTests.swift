import Foundation
import PraxisMail
import Testing

/// `praxis export --to DIR` through the real binary on a real maildir and store (issue 21 item 8):
/// the layout of DESIGN.md §9, mbox files that Python's `mailbox.mbox` reads back message for
/// message with their bodies intact, a folder that is not empty refused without `--force`, and the
/// must-hold: no protected subject, text or member name in any file outside `protected/`.
@Suite("praxis export", .serialized)
final class ExportCommandTests {
    let fixture: CommunityFixture
    private var delivered = 0

    init() throws {
        fixture = try CommunityFixture()
        try fixture.writeConfiguration(CommunityFixture.configuration(name: "Mobility", extra: """
            sub_issues:
              - id: cycling
                name: Cycling
              - id: staffing
                name: Restructuring talks
                protected: true
                members: [sam@example.org]
            circles:
              core: [chair@example.org]
            """))
    }

    func praxis(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    func deliver(from: String, subject: String, id: String, body: String, inReplyTo: String? = nil) throws {
        delivered += 1
        let reply = inReplyTo.map { "In-Reply-To: <\($0)>\r\n" } ?? ""
        try fixture.deliver(Array("""
            From: \(from)\r
            To: list@example.org\r
            Subject: \(subject)\r
            Date: Mon, 3 May 2004 10:\(String(format: "%02d", delivered)):00 +0000\r
            Message-ID: <\(id)>\r
            \(reply)\r
            \(body)\r

            """.utf8), as: CommunityFixture.uniqueName(delivered))
    }

    /// Reads an mbox with Python's `mailbox` module: one line per message, its Message-ID and
    /// whether its payload holds `marker` exactly as written once the mboxrd quoting (one `>`
    /// more before any `>*From `) is taken off, as an mboxrd reader does.
    func pythonReads(_ path: String, marker: String) throws -> [String] {
        let script = """
            import mailbox, re, sys
            for message in mailbox.mbox(sys.argv[1], create=False):
                body = re.sub(rb'(?m)^>(>*From )', rb'\\1', message.get_payload(decode=True) or b'')
                print(message['Message-ID'].strip(), sys.argv[2].encode() in body)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, path, marker]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// An export's `members.csv` imports into another community as it is: each member's choices
    /// come across, and one who had left is counted, not subscribed again.
    @Test func anExportsMembersImportIntoAnotherCommunity() throws {
        #expect(try praxis(["members", "add", "alice@example.org", "--name", "Alice Open"]).status == 0)
        #expect(try praxis(["members", "add", "bob@example.org", "--name", "Bob Gone"]).status == 0)
        let choices = fixture.url.appendingPathComponent("choices.csv")
        try Data("address,digest_format,own_posts,language\nalice@example.org,html,no,de\ncarol@example.org,,,\n".utf8).write(to: choices)
        #expect(try praxis(["members", "import", choices.path]).status == 0)
        #expect(try praxis(["members", "set", "alice@example.org", "--delivery", "immediate", "--digest", "daily"]).status == 0)
        #expect(try praxis(["members", "remove", "bob@example.org"]).status == 0)
        let folder = fixture.url.appendingPathComponent("export").path
        #expect(try praxis(["export", "--to", folder]).status == 0)

        let other = try CommunityFixture()
        try other.writeConfiguration(CommunityFixture.configuration(name: "Mobility two", extra: "sub_issues:\n  - {id: cycling, name: Cycling}\n"))
        func praxisThere(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
            try #require(try PraxisChild.run(arguments + ["--config", other.configPath], in: other.url), "the praxis binary is missing")
        }
        let imported = try praxisThere(["members", "import", folder + "/members.csv", "--json"])
        #expect(imported.status == 0, "\(imported.out) \(imported.err)")
        let tally = try #require(try JSONSerialization.jsonObject(with: Data(imported.out.utf8)) as? [String: Any])
        #expect(tally["added"] as? Int == 2 && tally["left_out"] as? Int == 1, "\(imported.out)")
        let text = try praxisThere(["members", "import", folder + "/members.csv"])
        #expect(text.out.contains("1 who had left (status unsubscribed or disabled) not imported"), "\(text.out)")

        let shown = try praxisThere(["members", "show", "alice@example.org", "--json"])
        let alice = try #require(try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any], "\(shown.out) \(shown.err)")
        #expect(alice["name"] as? String == "Alice Open")
        #expect(alice["delivery"] as? String == "immediate")
        #expect(alice["digest"] as? String == "daily")
        #expect(alice["digest_format"] as? String == "html")
        #expect(alice["own_posts"] as? Bool == false)
        #expect(alice["language"] as? String == "de")
        #expect(try praxisThere(["members", "show", "bob@example.org"]).status != 0, "bob had left and must not be subscribed again")
    }

    @Test func writesTheLayoutPythonReadsItBackAndNothingProtectedLeaks() throws {
        for (address, name) in [("alice@example.org", "Alice Open"), ("bob@example.org", "Bob Open"),
                                ("sam@example.org", "Secret Sam"), ("chair@example.org", "Chair")] {
            #expect(try praxis(["members", "add", address, "--name", name]).status == 0)
        }
        // Lines an mbox must quote, and one that merely looks quoted already.
        let tricky = "From the start we said so.\r\n>From the quoted start.\r\nFromage is not a From line."
        try deliver(from: "Alice Open <alice@example.org>", subject: "[cycling] Bike lanes", id: "lanes@example.org", body: tricky)
        try deliver(from: "Bob Open <bob@example.org>", subject: "Re: [cycling] Bike lanes", id: "lanes-2@example.org",
                    body: "Agreed.", inReplyTo: "lanes@example.org")
        try deliver(from: "Secret Sam <sam@example.org>", subject: "[staffing] Layoffs in the depot", id: "secret@example.org",
                    body: "Confidential: the depot closes in June.")
        // A reply without any tag, in the protected thread: protected by its thread.
        try deliver(from: "Chair <chair@example.org>", subject: "Re: lunch", id: "secret-2@example.org",
                    body: "Hush about the depot closure.", inReplyTo: "secret@example.org")
        try deliver(from: "Bob Open <bob@example.org>", subject: "A general note", id: "general@example.org", body: "Hello all.")
        let ingest = try praxis(["ingest", "--once"])
        #expect(ingest.status == 0, "\(ingest.err)")
        // One original gone from the maildir: exported from what the store keeps.
        let gone = try #require(fixture.files(in: fixture.curPath).first { $0.hasPrefix(CommunityFixture.uniqueName(5)) })
        try FileManager.default.removeItem(atPath: fixture.curPath + "/" + gone)

        let folder = fixture.url.appendingPathComponent("export").path
        let run = try praxis(["export", "--to", folder, "--json"])
        #expect(run.status == 0, "\(run.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let files = (object["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(Set(files) == [
            "mbox/cycling.mbox", "mbox/general.mbox", "protected/mbox/staffing.mbox",
            "members.csv", "standings.csv", "protected/members.csv", "protected/standings.csv",
            "transitions.json", "protected/transitions.json", "reviews.json", "products.json", "protected/products.json",
        ])

        // Real mbox: Python reads every message back, in order, with the quoted lines restored.
        #expect(try pythonReads(folder + "/mbox/cycling.mbox", marker: tricky.replacingOccurrences(of: "\r\n", with: "\n"))
                == ["<lanes@example.org> True", "<lanes-2@example.org> False"])
        #expect(try pythonReads(folder + "/mbox/general.mbox", marker: "Hello all.") == ["<general@example.org> True"])
        #expect(try pythonReads(folder + "/protected/mbox/staffing.mbox", marker: "Hush")
                == ["<secret@example.org> False", "<secret-2@example.org> True"])

        // The must-hold: nothing protected outside protected/.
        let secrets = ["Layoffs", "Confidential", "depot", "Hush", "Secret Sam", "sam@example.org", "staffing", "Restructuring"]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var checked = 0
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !path.hasPrefix("protected/") else { continue }
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path)), as: UTF8.self)
            for secret in secrets { #expect(!text.contains(secret), "\(path) holds \(secret)") }
            checked += 1
        }
        #expect(checked == 7)
        let members = try String(contentsOfFile: folder + "/members.csv", encoding: .utf8)
        #expect(members.hasPrefix("address,name,role,delivery,digest_frequency,status,joined_at,left_at,digest_format,own_posts,language\r\n"))
        #expect(members.contains("alice@example.org,Alice Open,outer,") && members.contains("chair@example.org,Chair,core,"))
        let protectedMembers = try String(contentsOfFile: folder + "/protected/members.csv", encoding: .utf8)
        #expect(protectedMembers.contains("sam@example.org,Secret Sam,"))
        let reviews = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/reviews.json"))) as? [String: Any]
        #expect(reviews?["reviews"] is [Any] && reviews?["decisions"] is [Any], "\(String(describing: reviews))")

        // A folder that is not empty is refused, and --force writes into it.
        let again = try praxis(["export", "--to", folder])
        #expect(again.status == 2)
        #expect(again.err.contains("the folder is not empty; give --force"), "\(again.err)")
        let forced = try praxis(["export", "--to", folder, "--force"])
        #expect(forced.status == 0, "\(forced.err)")
        #expect(forced.out.hasPrefix("wrote 12 files into \(folder):"), "\(forced.out)")
    }
}
