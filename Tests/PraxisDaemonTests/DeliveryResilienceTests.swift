import Foundation
import GRDB
import Glibc
import PraxisStore
import PraxisTestSupport
import Testing

// Nested without indenting, so the diff stays one line at each end; see BlockingSuites.
extension BlockingSuites {
/// Losing nothing (issue 6): the real `praxis run` and `praxis outbox flush` against a real SMTP
/// server that is down for a whole phase, and a daemon killed with SIGKILL mid-fan-out.
@Suite("Delivery survives a dead server and a killed daemon", .serialized)
struct DeliveryResilienceTests {
    /// How many times the server accepted a copy for each recipient.
    static func copies(_ accepted: [RecordingSMTPServer.Accepted]) -> [String: Int] {
        var counts = [String: Int]()
        for message in accepted {
            for recipient in message.recipients { counts[recipient, default: 0] += 1 }
        }
        return counts
    }

    @Test func serverDownForTheWholeFirstPhaseThenBackDeliversEveryCopyOnce() throws {
        let port = try freeLoopbackPort()
        let fanOut = try FanOutCommunity(members: 100, smtpPort: port)
        guard let daemon = try fanOut.startDaemon() else { return }
        defer { if daemon.process.isRunning { daemon.signal(SIGKILL); daemon.wait() } }

        // Phase 1: nobody listens. The post is recorded, its 100 copies queued, each tried once
        // and deferred.
        #expect(fanOut.publish(try fanOut.writePost(1)))
        let deferred = try eventually(timeout: .seconds(20)) {
            try fanOut.community.database().read("reading") { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state = 'queued' AND attempts >= 1") ?? 0
            } == 100
        }
        #expect(deferred, "\((try? fanOut.states()) ?? [:])")
        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: .seconds(30)))
        #expect(daemon.exitStatus == 0, "\(daemon.standardError)")
        #expect(try fanOut.states() == ["queued": 100])

        // Phase 2: the server is back on the same port; flush sends every copy, once.
        let server = try RecordingSMTPServer(port: port)
        defer { server.stop() }
        guard let (status, output, error) = try PraxisChild.run(
            ["outbox", "flush", "--config", fanOut.community.configPath], in: fanOut.community.url) else { return }
        #expect(status == 0, "\(error)")
        #expect(output.hasPrefix("sent 100, deferred 0, failed 0"), "\(output)")
        #expect(try fanOut.states() == ["sent": 100])
        let copies = Self.copies(server.accepted(messageIDContaining: "fanout-"))
        #expect(server.accepted(messageIDContaining: "fanout-").count == 100)
        #expect(copies.keys.sorted() == fanOut.members.sorted())
        #expect(copies.values.allSatisfy { $0 == 1 })

        // Nothing is left to send twice.
        guard let (again, said, _) = try PraxisChild.run(
            ["outbox", "flush", "--config", fanOut.community.configPath], in: fanOut.community.url) else { return }
        #expect(again == 0)
        #expect(said.hasPrefix("sent 0, deferred 0, failed 0"), "\(said)")
        #expect(server.accepted(messageIDContaining: "fanout-").count == 100)
    }

    @Test func sigkillMidFanOutLosesNothingAndRepeatsOnlyWhatWasInFlight() throws {
        // A slow server (2 ms before each 250), so the kill lands mid-fan-out.
        let server = try RecordingSMTPServer(dataDelay: .milliseconds(2))
        defer { server.stop() }
        let fanOut = try FanOutCommunity(members: 2_000, smtpPort: server.port)
        guard let first = try fanOut.startDaemon() else { return }
        defer { if first.process.isRunning { first.signal(SIGKILL); first.wait() } }
        #expect(fanOut.publish(try fanOut.writePost(1)))
        let started = eventually(timeout: .seconds(30)) { server.accepted(messageIDContaining: "fanout-").count >= 300 }
        #expect(started, "only \(server.accepted(messageIDContaining: "fanout-").count) copies arrived: \(first.standardError.suffix(1500))")
        first.signal(SIGKILL)
        first.wait(timeout: .seconds(10))
        #expect(first.wasKilledBySignal)

        // What the store says was in flight at the kill: claimed and not yet recorded.
        let inFlight = try fanOut.community.database().read("reading") { db in
            try String.fetchAll(db, sql: "SELECT recipients FROM outbox WHERE state = 'sending'")
        }
        let before = try fanOut.states()
        #expect(before.values.reduce(0, +) == 2_000, "every copy was queued in the post's transaction: \(before)")
        #expect((before["sent"] ?? 0) < 2_000, "the kill came too late to be mid-fan-out: \(before)")
        // The server may still answer a message whose end of data it already read.
        usleep(50_000)
        let acceptedBeforeRestart = server.accepted(messageIDContaining: "fanout-").count

        guard let second = try fanOut.startDaemon() else { return }
        defer { if second.process.isRunning { second.signal(SIGKILL); second.wait() } }
        let finished = try eventually(timeout: .seconds(60)) { try fanOut.states() == ["sent": 2_000] }
        #expect(finished, "\((try? fanOut.states()) ?? [:])")
        second.signal(SIGTERM)
        #expect(second.wait(timeout: .seconds(30)))

        let copies = Self.copies(server.accepted(messageIDContaining: "fanout-"))
        #expect(copies.keys.sorted() == fanOut.members.sorted(), "every member got the post")
        let twice = copies.filter { $0.value > 1 }
        #expect(twice.values.allSatisfy { $0 == 2 }, "no copy went three times")
        #expect(Set(twice.keys).isSubset(of: Set(inFlight)), "only copies in flight at the kill went twice")
        #expect(twice.count <= inFlight.count)
        #expect(server.accepted(messageIDContaining: "fanout-").count == 2_000 + twice.count)
        print("SIGKILL after \(acceptedBeforeRestart) accepted copies: \(inFlight.count) in flight, \(twice.count) sent twice, none lost")
    }
}
}

/// A port on 127.0.0.1 that was free a moment ago, for a server that starts later on it.
func freeLoopbackPort() throws -> Int {
    let probe = try RecordingSMTPServer()
    let port = probe.port
    probe.stop()
    return port
}
