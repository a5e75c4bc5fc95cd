import PraxisCommunity
import PraxisMail
import Testing

/// Which of the community's addresses a message was sent to, from Delivered-To, To and Cc: in
/// any case, among many other addresses, with the parser skipping fields that name none of our
/// domains.
@Suite("Screener: the recipient")
struct ScreenerRecipientTests {
    static let screener = Screener(community: Community(name: "Mobility", listAddress: "mobility@lists.example.org"))

    static func recipient(_ header: String) -> ListRecipient {
        screener.recipient(of: MailMessage(Array((header + "From: someone@elsewhere.example\r\nSubject: x\r\n\r\nText\r\n").utf8)))
    }

    static let cases: [(header: String, expected: ListRecipient)] = [
        ("To: Mobility <MOBILITY@Lists.Example.ORG>\r\n", .list(tag: nil)),
        ("To: mobility+Cycling@lists.example.org\r\n", .list(tag: "cycling")),
        ("To: a@b.example, c@d.example\r\nCc: e@f.example,\r\n g@h.example, Mobility Requests\r\n <mobility-request@LISTS.example.org>\r\n", .request),
        ("To: mobility-owner@lists.example.org\r\n", .owner),
        ("To: mobility-bounces+alice=example.org@lists.example.org\r\n", .bounce(member: "alice@example.org")),
        ("Delivered-To: mobility-request@lists.example.org\r\nTo: mobility@lists.example.org\r\n", .request),
        // None of ours anywhere (a copy from another list): the list, as delivered to our maildir.
        ("To: linux-mips@linux-mips.org\r\nCc: ralf@linux-mips.org, lists.example@elsewhere.example\r\n", .list(tag: nil)),
        // Our domain appears, but not as one of our addresses.
        ("To: someone@lists.example.org\r\nCc: mobility-owner@lists.example.org\r\n", .owner),
    ]

    @Test(arguments: cases)
    func recipientIsFound(_ example: (header: String, expected: ListRecipient)) {
        #expect(Self.recipient(example.header) == example.expected, "\(example.header)")
    }

    @Test func rawHeaderSearchIgnoresCaseAndFolding() {
        let message = MailMessage(Array("To: A <a@x.example>,\r\n\tB <b@LISTS.Example.org>\r\nCc: c@y.example\r\n\r\nText\r\n".utf8))
        #expect(message.rawHeader("to", containsAnyOf: ["lists.example.org"]))
        #expect(message.rawHeader("TO", containsAnyOf: ["nowhere.example", "x.example"]))
        #expect(!message.rawHeader("cc", containsAnyOf: ["lists.example.org"]))
        #expect(!message.rawHeader("bcc", containsAnyOf: ["y.example"]))
        #expect(!message.rawHeader("cc", containsAnyOf: []))
    }
}
