import Foundation
import GRDB
import Glibc
import PraxisStore
import Testing

/// A community whose outbox goes to a local SMTP server, with `count` inner-circle members of
/// `general` and an author, for the real `praxis run` to fan posts out to.
final class FanOutCommunity {
    let community: CommunityFixture
    let members: [String]

    init(members count: Int, smtpPort: Int, connections: Int = 2) throws {
        community = try CommunityFixture()
        try community.writeConfiguration(CommunityFixture.configuration(name: "Fan-out CoP", extra: """
            smtp:
              url: smtp://127.0.0.1:\(smtpPort)
              tls: off
              connections: \(connections)
              connect_timeout: 2
            """))
        members = (0..<count).map { "member\($0)@example.org" }
        let database = try community.database()
        let members = self.members
        try database.write("adding the members") { db in
            try db.execute(sql: "INSERT INTO members (address, joined_at) VALUES ('alice@example.org', 0)")
            let member = try db.makeStatement(sql: "INSERT INTO members (address, joined_at) VALUES (?, 0)")
            let standing = try db.makeStatement(sql: """
                INSERT INTO member_sub_issue (member_id, sub_issue, standing, is_pinned, since) VALUES (?, 'general', 'inner', 1, 0)
                """)
            for address in members {
                try member.execute(arguments: [address])
                try standing.execute(arguments: [db.lastInsertedRowID])
            }
        }
    }

    /// Starts `praxis run` and waits until it says READY=1; nil (with a recorded issue) otherwise.
    func startDaemon() throws -> PraxisChild? {
        let socket = try NotifySocket(name: community.url.path + "/notify-\(UUID().uuidString.prefix(4)).sock")
        guard let daemon = try PraxisChild(["run", "--config", community.configPath], in: community.url,
                                           environment: ["NOTIFY_SOCKET": socket.name], label: "run")
        else { return nil }
        var seen: [String] = []
        guard socket.receive(until: DaemonNotifyTests.isReady, timeout: .seconds(30), seen: &seen) != nil else {
            Issue.record("praxis run did not become ready: \(daemon.standardError)")
            daemon.signal(SIGKILL)
            daemon.wait()
            return nil
        }
        return daemon
    }

    /// A post from the author, written to `tmp/` (returned name) so the caller times the rename.
    func writePost(_ index: Int) throws -> String {
        let name = CommunityFixture.uniqueName(index)
        let text = post(subject: "Fan-out \(index)", id: "fanout-\(index)@example.org")
        try Data(text.utf8).write(to: URL(fileURLWithPath: community.tmpPath + "/" + name))
        return name
    }

    func publish(_ name: String) -> Bool {
        rename(community.tmpPath + "/" + name, community.newPath + "/" + name) == 0
    }

    /// Outbox rows per state.
    func states() throws -> [String: Int] {
        try community.database().read("counting outbox states") { db in
            var counts = [String: Int]()
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) FROM outbox GROUP BY state") { counts[row[0]] = row[1] }
            return counts
        }
    }
}
