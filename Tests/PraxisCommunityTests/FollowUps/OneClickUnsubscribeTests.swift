import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

/// The unsubscribe fields of list copies and digests (RFC 2369, RFC 8058), as pure values.
@Suite("One-click unsubscribe fields")
struct OneClickUnsubscribeTests {
    static let community = Community(name: "Mobility", listAddress: "mobility@lists.example.org")

    @Test(arguments: [
        // Adversarial first: a link that could end the field or add one is never written.
        ("https://cop.example.org/u/1-ab\r\nBcc: victim@example.org", false),
        ("https://cop.example.org/u/1-ab>, <https://evil.example/", false),
        ("https://cop.example.org/u/1 ab", false),
        ("https://cop.example.org/u/1-ab\u{7F}", false),
        ("https://cop.example.org/" + String(repeating: "a", count: 1_000), false),
        ("https://cop.example.org/mobility/u/42-0123456789abcdef0123456789abcdef", true),
    ])
    func headerLines(_ link: String, _ written: Bool) {
        let text = String(decoding: OneClickUnsubscribe.headerLines(link: link, community: Self.community), as: UTF8.self)
        let mailto = "<mailto:mobility-request@lists.example.org?subject=unsubscribe>"
        if written {
            #expect(text == "List-Unsubscribe: <\(link)>,\r\n \(mailto)\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n")
        } else {
            #expect(text == "List-Unsubscribe: \(mailto)\r\n", "only the request address")
        }
        // Every line is a field or its continuation: nothing smuggled in.
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.hasPrefix("List-Unsubscribe") || $0.hasPrefix(" <mailto:") })
    }

    @Test(arguments: [true, false])
    func theSharedCopyCarriesTheFieldOnlyWithoutOneClickLinks(_ hasBaseURL: Bool) throws {
        var list = ListSettings()
        if hasBaseURL { list.archive = ArchiveLinks(baseURL: "https://cop.example.org/mobility/") }
        let decider = DistributionDecider(community: Self.community, list: list)
        let message = MailMessage(Array("From: a@example.org\r\nSubject: Hi\r\nList-Unsubscribe: <mailto:evil@example.net>\r\nMessage-ID: <x@example.org>\r\n\r\nHello\r\n".utf8))
        let copy = MailMessage(decider.listCopy(of: message, subIssue: SubIssue.generalID))
        #expect(copy.headers("List-Unsubscribe") == (hasBaseURL ? [] : ["<mailto:mobility-request@lists.example.org?subject=unsubscribe>"]))
        let own = String(decoding: decider.unsubscribeHeader(token: "7-0123456789abcdef0123456789abcdef"), as: UTF8.self)
        #expect(own.isEmpty != hasBaseURL)
        if hasBaseURL { #expect(own.hasPrefix("List-Unsubscribe: <https://cop.example.org/mobility/u/7-0123456789abcdef0123456789abcdef>,")) }
    }
}
