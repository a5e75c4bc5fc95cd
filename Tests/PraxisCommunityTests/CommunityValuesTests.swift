import Foundation
import Testing
@testable import PraxisCommunity

@Suite("Address syntax")
struct AddressSyntaxTests {
    @Test(arguments: [
        "list@example.org", "a@x", "first.last@sub.example.co.uk", "mobility-bounces+alice=example.org@lists.example.org",
        "o'brien@example.ie", "user@münchen.de", "x_y@a-b.example",
    ])
    func accepts(address: String) {
        #expect(AddressSyntax.problem(in: address) == nil)
    }

    @Test(arguments: [
        ("", "empty"),
        ("list", "no \"@\""),
        ("a@b@c", "more than one \"@\""),
        ("@example.org", "nothing before"),
        ("list@", "no domain"),
        ("list @example.org", "space"),
        ("list@exa mple.org", "space"),
        ("<list@example.org>", "angle brackets"),
        ("list@example.org\r\nBcc: x@y", "control character"),
        ("list\u{0}@example.org", "control character"),
        (".list@example.org", "starts or ends with \".\""),
        ("li..st@example.org", "\"..\""),
        ("list@example..org", "\"..\""),
        ("list@-example.org", "starts or ends with \"-\""),
        ("list@exa_mple.org", "only letters"),
        ("\"a b\"@example.org", "needs quoting"),
        ("a,b@example.org", "needs quoting"),
        ("Name <a@b>", "space"),
        (String(repeating: "a", count: 65) + "@example.org", "longer than 64"),
        ("a@" + String(repeating: "b", count: 64) + ".org", "longer than 63"),
        (String(repeating: "a", count: 300) + "@x.org", "longer than 254"),
    ])
    func rejects(address: String, reason: String) {
        let problem = AddressSyntax.problem(in: address)
        #expect(problem?.contains(reason) == true, "\(problem ?? "accepted")")
    }
}

@Suite("Sub-issue ids")
struct SubIssueIdentifierTests {
    @Test(arguments: ["general", "cycling", "public-transport", "2030-goals", "a", "x-"])
    func accepts(id: String) {
        #expect(SubIssue.identifierProblem(id) == nil)
    }

    @Test(arguments: ["", "Cycling", "-cycling", "public_transport", "cycling!", "a b", "fahrräder", "[cycling]",
                      "list+x", String(repeating: "a", count: 65)])
    func rejects(id: String) {
        #expect(SubIssue.identifierProblem(id) != nil)
    }
}
