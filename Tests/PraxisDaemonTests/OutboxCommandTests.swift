import Foundation
import GRDB
import PraxisStore
import Testing

/// `praxis outbox list|flush` run as the real binary on a real store.
@Suite("praxis outbox")
struct OutboxCommandTests {
    func queue(_ count: Int, in fixture: CommunityFixture) throws {
        for index in 0..<count {
            try fixture.database().enqueueOutbox(
                kind: .post, recipients: ["m\(index)@example.org"], envelopeSender: "list-bounces@example.org",
                message: Array("From: a@example.org\r\nSubject: Hello \(index)\r\n\r\nBody\r\n".utf8))
        }
    }

    func run(_ arguments: [String]) throws -> PraxisBinary.Outcome {
        guard let outcome = try PraxisBinary.run(arguments) else {
            Issue.record("the praxis executable was not found beside the test bundle")
            return PraxisBinary.Outcome(status: -1, standardOutput: "", standardError: "")
        }
        return outcome
    }

    @Test func flushWritesIntoTheOutgoingMaildirAndListShowsTheQueue() throws {
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(CommunityFixture.configuration(extra: "smtp: {url: \"maildir:outgoing\"}"))
        try queue(3, in: fixture)
        let listed = try run(["outbox", "list", "--json", "--config", fixture.configPath])
        #expect(listed.status == 0, "\(listed.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any]
        #expect(object?["queued"] as? Int == 3)
        let messages = object?["messages"] as? [[String: Any]]
        #expect(messages?.count == 3)
        #expect(messages?.first?["subject"] as? String == "Hello 0")
        #expect(messages?.first?["recipients"] as? [String] == ["m0@example.org"])
        #expect(messages?.first?["state"] as? String == "queued")

        let flushed = try run(["outbox", "flush", "--json", "--config", fixture.configPath])
        #expect(flushed.status == 0, "\(flushed.standardError)")
        let tally = try JSONSerialization.jsonObject(with: Data(flushed.standardOutput.utf8)) as? [String: Any]
        #expect(tally?["sent"] as? Int == 3)
        #expect(tally?["deferred"] as? Int == 0)
        #expect(fixture.files(in: fixture.url.appendingPathComponent("outgoing/new").path).count == 3)

        let status = try run(["status", "--json", "--config", fixture.configPath])
        let counts = try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any]
        let outbox = counts?["outbox"] as? [String: Any]
        #expect(outbox?["queued"] as? Int == 0)
        #expect(outbox?["sent"] as? Int == 3)
        let after = try run(["outbox", "list", "--config", fixture.configPath])
        #expect(after.standardOutput.hasPrefix("0 queued, 0 sending, 3 sent, 0 failed"))
    }

    @Test func flushWithTheServerDownDefersAndExitsOne() throws {
        let fixture = try CommunityFixture()
        // Port 1 on loopback: nothing listens there, so every attempt is refused at once.
        try fixture.writeConfiguration(CommunityFixture.configuration(extra: "smtp: {url: \"smtp://127.0.0.1:1\", tls: off}"))
        try queue(2, in: fixture)
        let flushed = try run(["outbox", "flush", "--config", fixture.configPath])
        #expect(flushed.status == 1)
        #expect(flushed.standardOutput.hasPrefix("sent 0, deferred 2, failed 0"))
        let listed = try run(["outbox", "list", "--config", fixture.configPath])
        #expect(listed.standardOutput.contains("attempts 1 next "))
        #expect(listed.standardOutput.contains("Couldn't connect") || listed.standardOutput.contains("connect"))
        #expect(try fixture.count("SELECT count(*) FROM outbox WHERE state = 'queued'") == 2)
    }

    @Test func missingPasswordFileIsAConfigurationError() throws {
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(CommunityFixture.configuration(
            extra: "smtp: {url: \"smtp://127.0.0.1:1\", username: praxis, password_file: /nonexistent/praxis-password}"))
        let flushed = try run(["outbox", "flush", "--config", fixture.configPath])
        #expect(flushed.status == 2)
        #expect(flushed.standardError.contains("/nonexistent/praxis-password"))
    }
}
