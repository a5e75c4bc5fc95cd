import PraxisCommunity
import PraxisMail
import Testing

/// What a verified web-post proof grants at screening, and only that: it stands in for From
/// authentication (the DMARC check), and changes nothing else.
@Suite("Web post screening")
struct WebPostScreeningTests {
    static let screener = Screener(
        community: Community(name: "Mobility", listAddress: "mobility@lists.example.org"),
        impersonation: ImpersonationCheck(policy: ModerationPolicy(authservIDs: ["mx.example.org"])))

    static func message(from: String = "alice@example.org", extra: String = "") -> MailMessage {
        MailMessage(Array("""
            Authentication-Results: mx.example.org; dmarc=fail header.from=example.org\r
            From: <\(from)>\r
            To: mobility@lists.example.org\r
            Subject: Hello\r
            Message-ID: <x@lists.example.org>\r
            \(extra)\r
            Text.\r

            """.utf8))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var what: String
        var message: MailMessage
        var proven: Bool
        var standing: AuthorStanding
        var kind: MessageKind
        var testDescription: String { what }
    }

    static let cases: [Case] = [
        Case(what: "unproven mail failing DMARC is held", message: message(), proven: false, standing: .member, kind: .held),
        Case(what: "a proven web post is not asked about DMARC", message: message(), proven: true, standing: .member, kind: .post),
        Case(what: "a proven post from a moderated member is still held", message: message(), proven: true,
             standing: .moderatedMember, kind: .held),
        Case(what: "a proven post from a non-member is still held", message: message(), proven: true, standing: .nonMember, kind: .held),
        Case(what: "a proven loop is still a loop", message: message(extra: "X-Loop: mobility@lists.example.org\r\n"), proven: true,
             standing: .member, kind: .auto),
        Case(what: "a proven auto-reply is still one", message: message(extra: "Auto-Submitted: auto-replied\r\n"), proven: true,
             standing: .member, kind: .auto),
    ]

    @Test(arguments: cases)
    func screening(_ test: Case) {
        let screening = Self.screener.screen(test.message, provenWebPost: test.proven) { _ in test.standing }
        #expect(screening.kind == test.kind, "\(screening.reason)")
        #expect(screening.isWebPost == test.proven)
    }

    @Test func theReasonSaysTheWebPostWasWrittenOnTheWeb() {
        let screening = Self.screener.screen(Self.message(), provenWebPost: true) { _ in .member }
        #expect(screening.reason == "a post a signed-in member wrote on the web")
    }

    @Test func listCopiesNeverCarryTheProof() {
        #expect(DistributionDecider.removedFields.contains("x-praxis-web-proof"))
    }
}
