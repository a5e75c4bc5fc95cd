import Foundation
import PraxisSystem
import PraxisTestSupport
import Testing

/// A truncated UDP answer is asked again over TCP (RFC 7766, RFC 1035 §4.2.2), against a real
/// server on 127.0.0.1 (`Tests/fake-dns-server.py`) that answers the TCP query as the table says.
@Suite("DNS TXT resolver: TCP after a truncated answer")
struct DNSTCPRetryTests {
    static var table: [String: Any] { [
        "_dmarc.big.test": ["udp": "truncated", "tcp": [["v=DMARC1; ", "p=reject"]]],
        "_dmarc.garbage.test": ["udp": "truncated", "tcp": "garbage"],
        "_dmarc.cut.test": ["udp": "truncated", "tcp": "cut"],
        "_dmarc.closed.test": ["udp": "truncated", "tcp": "close"],
        "_dmarc.again.test": ["udp": "truncated", "tcp": "truncated"],
        "_dmarc.malformed.test": ["udp": "truncated", "tcp": "malformed"],
        "_dmarc.stray.test": ["udp": "truncated", "tcp": "stray-first"],
        "_dmarc.plain.test": ["v=DMARC1; p=quarantine"],
    ] }

    /// The hostile and broken TCP answers first: none crashes or yields a record.
    @Test(arguments: [
        ("_dmarc.garbage.test", "over TCP: the answer ended before the 300 bytes its length gives"),
        ("_dmarc.cut.test", "over TCP: the answer ended before"),
        ("_dmarc.closed.test", "over TCP: no answer in time, or the connection closed without one"),
        ("_dmarc.again.test", "the answer was truncated over TCP too"),
        ("_dmarc.malformed.test", "the answer is malformed"),
    ])
    func aBrokenTCPAnswerIsAFailureNotARecord(_ name: String, _ reason: String) throws {
        let server = try FakeDNSServer(table: Self.table)
        let answer = DNSTXTResolver(server: server.address, timeout: 2.0).txtRecords(of: [name])[name]
        guard case .failed(let said) = answer else {
            Issue.record("\(name): \(String(describing: answer))")
            return
        }
        #expect(said.hasPrefix(reason), "\(said)")
        #expect(server.queries == [name, "tcp " + name])
    }

    @Test func aTruncatedAnswerIsAskedAgainOverTCP() throws {
        let server = try FakeDNSServer(table: Self.table)
        let names: Set<String> = ["_dmarc.big.test", "_dmarc.plain.test", "_dmarc.stray.test"]
        let answers = DNSTXTResolver(server: server.address, timeout: 2.0).txtRecords(of: names)
        #expect(answers["_dmarc.big.test"] == .records([Array("v=DMARC1; p=reject".utf8)]))
        // Over TCP a stray answer cannot arrive: the stream carries the one real answer.
        #expect(answers["_dmarc.stray.test"] == .records([Array("v=DMARC1; p=reject".utf8)]))
        #expect(answers["_dmarc.plain.test"] == .records([Array("v=DMARC1; p=quarantine".utf8)]))
        // Only the truncated names go over TCP.
        #expect(server.queries.filter { $0.hasPrefix("tcp ") }.sorted() == ["tcp _dmarc.big.test", "tcp _dmarc.stray.test"])
    }

    @Test func aRefusedTCPConnectionIsAFailureWithItsReason() throws {
        let server = try FakeDNSServer(table: Self.table, tcp: false)
        let started = ContinuousClock.now
        let answer = DNSTXTResolver(server: server.address, timeout: 2.0).txtRecords(of: ["_dmarc.big.test"])["_dmarc.big.test"]
        #expect(answer == .failed("over TCP: connect \(server.address): Connection refused"))
        #expect(ContinuousClock.now - started < .seconds(1))
    }

    /// A server that accepts the TCP connection and never answers costs the one shared timeout,
    /// not a timeout more.
    @Test func aSilentTCPServerEndsWithTheSharedTimeout() throws {
        let server = try FakeDNSServer(table: [
            "_dmarc.slow.test": ["udp": "truncated", "tcp": "silent"],
            "_dmarc.quiet.test": "silent",
        ])
        let started = ContinuousClock.now
        let answers = DNSTXTResolver(server: server.address, timeout: 1.0).txtRecords(of: ["_dmarc.slow.test", "_dmarc.quiet.test"])
        let took = ContinuousClock.now - started
        guard case .failed = answers["_dmarc.slow.test"] else {
            Issue.record("\(String(describing: answers))")
            return
        }
        #expect(answers["_dmarc.quiet.test"] == nil)
        #expect(took >= .milliseconds(950) && took < .milliseconds(1_800), "took \(took)")
    }
}
