import Foundation
import GRDB
import Glibc
import PraxisMail
import Testing

// Nested without indenting, so the diff stays one line at each end; see BlockingSuites.
extension BlockingSuites {
/// Two communities on one host, as two instances of `praxis@.service` would run them (README,
/// "Under systemd"): one Postfix delivers each list's addresses into that community's maildir, and
/// two `praxis run` processes, each with its own configuration, store and maildir, send through
/// the same Postfix. Each must receive, record and answer only its own mail.
@Suite("Two communities behind one Postfix", .serialized)
struct TwoCommunitiesEndToEndTests {
    /// One community's configuration and store, beside the other's.
    struct Community {
        let folder: URL
        let list: String
        var configPath: String { folder.path + "/praxis.yaml" }

        init(name: String, list: String, maildir: String, postfix: PostfixInstance, in root: URL) throws {
            folder = root.appendingPathComponent(list)
            self.list = list
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(CommunityFixture.withoutDMARCLookups("""
                community:
                  name: \(name)
                  list_address: \(list)@\(PostfixInstance.listDomain)
                paths:
                  maildir: \(maildir)
                  database: praxis.sqlite
                smtp:
                  url: smtp://127.0.0.1:\(postfix.port)
                  tls: off
                delivery: {inner: immediate, outer: immediate}
                """).utf8).write(to: URL(fileURLWithPath: configPath))
        }

        @discardableResult
        func praxis(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
            guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", configPath], in: folder) else {
                return (-1, "", "the praxis binary is missing")
            }
            return (status, out, err)
        }

        func startDaemon() throws -> (PraxisChild, NotifySocket)? {
            try PraxisChild.startDaemon(config: configPath, in: folder)
        }

        /// The Message-IDs of the community's store, by kind (`post`, `command`, ...).
        func recorded() throws -> [String: [String]] {
            let database = try DatabaseQueue(path: folder.path + "/praxis.sqlite")
            return try database.read { db in
                var byKind: [String: [String]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT kind, message_id FROM posts ORDER BY id") {
                    byKind[row[0], default: []].append(row[1] ?? "")
                }
                return byKind
            }
        }
    }

    static func address(_ member: String) -> String { "\(member)@\(PostfixInstance.memberDomain)" }

    static func send(_ postfix: PostfixInstance, from member: String, to list: String, subject: String, id: String) throws {
        let to = "\(list)@\(PostfixInstance.listDomain)"
        try SMTPSubmission.send("""
            From: \(member.capitalized) <\(address(member))>
            To: \(to)
            Subject: \(subject)
            Date: \(PostfixEndToEndTests.Setup.now())
            Message-ID: <\(id)>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            \(subject), in a few words.
            """, from: address(member), to: [to], port: postfix.port)
    }

    @Test func eachCommunityReceivesOnlyItsOwnMail() throws {
        guard PostfixInstance.isInstalled(for: "eachCommunityReceivesOnlyItsOwnMail") else { return }
        let root = URL(fileURLWithPath: "/tmp/praxis-two-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let postfix = try PostfixInstance(members: ["ann", "ben", "cas", "dan"], otherLists: ["energy"],
                                          in: root.appendingPathComponent("postfix"))
        let mobility = try Community(name: "Mobility CoP", list: "list", maildir: postfix.praxisMaildir, postfix: postfix, in: root)
        let energy = try Community(name: "Energy CoP", list: "energy", maildir: postfix.maildir(ofList: "energy"), postfix: postfix, in: root)
        for (community, members) in [(mobility, ["ann", "ben"]), (energy, ["cas", "dan"])] {
            for member in members {
                let added = try community.praxis(["members", "add", Self.address(member)])
                #expect(added.status == 0, "\(added.err)")
            }
        }
        try postfix.start()
        defer { postfix.stop() }
        guard let (mobilityDaemon, _) = try mobility.startDaemon() else { return }
        guard let (energyDaemon, _) = try energy.startDaemon() else {
            mobilityDaemon.signal(SIGTERM)
            mobilityDaemon.wait()
            return
        }
        defer {
            for daemon in [mobilityDaemon, energyDaemon] where daemon.process.isRunning {
                daemon.signal(SIGTERM)
                daemon.wait()
            }
        }

        try Self.send(postfix, from: "ann", to: "list", subject: "Bike lanes on Main Street", id: "two-mobility@members.test")
        try Self.send(postfix, from: "cas", to: "energy", subject: "Heat pumps in schools", id: "two-energy@members.test")
        // Each post reaches the other member of its own community, with its own list's headers.
        #expect(eventually(timeout: .seconds(30)) { postfix.mailbox("ben").contains { $0.messageID == "two-mobility@members.test" } },
                "ben got no copy; mobility: \(mobilityDaemon.standardError.suffix(2000)) postfix: \(postfix.log.suffix(2000))")
        #expect(eventually(timeout: .seconds(30)) { postfix.mailbox("dan").contains { $0.messageID == "two-energy@members.test" } },
                "dan got no copy; energy: \(energyDaemon.standardError.suffix(2000)) postfix: \(postfix.log.suffix(2000))")
        let benCopy = postfix.mailbox("ben").first { $0.messageID == "two-mobility@members.test" }
        #expect(benCopy?.header("List-Id")?.contains("<list.lists.test>") == true)
        let danCopy = postfix.mailbox("dan").first { $0.messageID == "two-energy@members.test" }
        #expect(danCopy?.header("List-Id")?.contains("<energy.lists.test>") == true)
        #expect(danCopy?.header("Return-Path") == "<energy-bounces+dan=members.test@lists.test>")

        // A command to one community's request address is answered by that community alone.
        try SMTPSubmission.send("""
            From: Dan <\(Self.address("dan"))>
            To: energy-request@\(PostfixInstance.listDomain)
            Subject: help
            Date: \(PostfixEndToEndTests.Setup.now())
            Message-ID: <two-help@members.test>

            help
            """, from: Self.address("dan"), to: ["energy-request@\(PostfixInstance.listDomain)"], port: postfix.port)
        #expect(eventually(timeout: .seconds(30)) {
            postfix.mailbox("dan").contains { $0.from.first?.address == "energy-request@\(PostfixInstance.listDomain)" }
        }, "dan got no answer from energy-request")

        // Nothing crossed over: no mobility mail at the energy members, nor the reverse, and each
        // store holds its own post only.
        _ = eventually(timeout: .seconds(5)) { postfix.queueIsEmpty }
        for member in ["cas", "dan"] {
            #expect(!postfix.mailbox(member).contains { $0.messageID == "two-mobility@members.test" }, "\(member) got mobility's post")
        }
        for member in ["ann", "ben"] {
            #expect(!postfix.mailbox(member).contains { $0.messageID == "two-energy@members.test" }, "\(member) got energy's post")
            #expect(!postfix.mailbox(member).contains { $0.from.first?.address.hasPrefix("energy") == true }, "\(member) got energy's mail")
        }
        #expect(try mobility.recorded() == ["post": ["two-mobility@members.test"]])
        #expect(try energy.recorded() == ["post": ["two-energy@members.test"], "command": ["two-help@members.test"]])

        for daemon in [mobilityDaemon, energyDaemon] {
            daemon.signal(SIGTERM)
            daemon.wait()
            #expect(daemon.exitStatus == 0, "\(daemon.standardError.suffix(2000))")
        }
    }
}
}
