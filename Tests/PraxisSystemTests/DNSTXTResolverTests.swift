import Foundation
import PraxisSystem
import PraxisTestSupport
import Testing

/// The stub resolver against a real DNS server on 127.0.0.1 (`Tests/fake-dns-server.py`).
@Suite("DNS TXT resolver")
struct DNSTXTResolverTests {
    static var table: [String: Any] { [
        "_dmarc.reject.test": [["v=DMARC1; ", "p=reject"]],
        "_dmarc.none.test": ["v=DMARC1; p=none", "unrelated"],
        "_dmarc.gone.test": "nxdomain",
        "_dmarc.silent.test": "silent",
        "_dmarc.broken.test": "malformed",
        "_dmarc.cut.test": "truncated",
        "_dmarc.failing.test": "servfail",
        "_dmarc.stray.test": "stray-first",
    ] }

    @Test func answersAreReadAndSilenceTimesOutWithinTheTimeout() throws {
        let server = try FakeDNSServer(table: Self.table)
        let resolver = DNSTXTResolver(server: server.address, timeout: 1.0)
        let names = Set(Self.table.keys).union(["_dmarc.absent.test"])
        let started = ContinuousClock.now
        let answers = resolver.txtRecords(of: names)
        let took = ContinuousClock.now - started
        #expect(answers["_dmarc.reject.test"] == .records([Array("v=DMARC1; p=reject".utf8)]))
        #expect(answers["_dmarc.none.test"] == .records([Array("v=DMARC1; p=none".utf8), Array("unrelated".utf8)]))
        #expect(answers["_dmarc.gone.test"] == .noRecords)
        #expect(answers["_dmarc.absent.test"] == .noRecords)
        #expect(answers["_dmarc.broken.test"] == .failed("the answer is malformed"))
        // Truncated over UDP, and again over TCP.
        #expect(answers["_dmarc.cut.test"] == .failed("the answer was truncated over TCP too"))
        #expect(answers["_dmarc.failing.test"] == .failed("the server answered with response code 2"))
        // The stray reply (another ID) says p=none; only the real answer counts.
        #expect(answers["_dmarc.stray.test"] == .records([Array("v=DMARC1; p=reject".utf8)]))
        #expect(answers["_dmarc.silent.test"] == nil)
        // All names share the one timeout: the silent one does not add a wait per name.
        #expect(took >= .milliseconds(950) && took < .milliseconds(1_800), "took \(took)")
        // The silent name was asked again halfway through (one retransmission).
        #expect(server.queries.filter { $0 == "_dmarc.silent.test" }.count == 2)
    }

    @Test func aServerThatIsNotThereFailsQuickly() throws {
        // A UDP port nobody listens on: the ICMP error arrives on the connected socket.
        let port = try freePort()
        let started = ContinuousClock.now
        let answers = DNSTXTResolver(server: "127.0.0.1:\(port)", timeout: 2.0).txtRecords(of: ["_dmarc.a.test"])
        if case .failed = answers["_dmarc.a.test"] {} else { Issue.record("got \(String(describing: answers))") }
        #expect(ContinuousClock.now - started < .seconds(1))
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.0.0.1:5353", true), ("[::1]:53", true), ("::1", true), ("[::1]", true),
        ("localhost", false), ("127.0.0.1:0", false), ("127.0.0.1:99999", false), ("[::1", false), ("", false),
        ("1.2.3.4:53:1", false),
    ])
    func serversMustBeNumeric(_ server: String, _ valid: Bool) {
        #expect(DNSTXTResolver.isValidServer(server) == valid)
    }

    @Test func theFirstNameserverOfResolvConfIsUsed() {
        let text = "# generated\nsearch example.org\nnameserver 10.0.0.53\nnameserver 10.0.0.54\n"
        #expect(DNSTXTResolver.firstNameserver(inResolvConf: text) == "10.0.0.53")
        #expect(DNSTXTResolver.firstNameserver(inResolvConf: "nameserver\tfe80::1\n") == "[fe80::1]")
        #expect(DNSTXTResolver.firstNameserver(inResolvConf: "options edns0\n") == nil)
    }
}
