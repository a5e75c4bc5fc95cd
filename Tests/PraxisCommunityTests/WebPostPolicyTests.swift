import Foundation
import PraxisCommunity
import PraxisMail
import Testing

/// The pure rules of writing from the web.
@Suite("Web post policy")
struct WebPostPolicyTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [
        ([], true),
        ([-10.0, -20.0], true),
        ([-10.0, -20.0, -30.0], false),
        ([-61.0, -62.0, -63.0], true),
        (Array(repeating: -120.0, count: 29), true),
        (Array(repeating: -120.0, count: 30), false),
        (Array(repeating: -3_700.0, count: 100), true),
        // A time in the future (a clock set back) still counts: it cannot unlock the limit.
        ([5.0, 10.0, -1.0], true),
    ] as [([Double], Bool)])
    func theLimit(_ ago: [Double], _ allowed: Bool) {
        #expect(WebPostPolicy.allows(recent: ago.map { Self.now + $0 }, at: Self.now) == allowed)
    }

    static let classifier = PostClassifier(subIssues: [.general, SubIssue(id: "cycling"), SubIssue(id: "hr", isProtected: true)])

    @Test(arguments: [
        ("cycling", "Lanes", "Text", []),
        ("hr", "Lanes", "Text", ["sub_issue"]),
        ("nowhere", "Lanes", "Text", ["sub_issue"]),
        ("cycling", "[hr] Lanes", "Text", ["subject"]),
        ("cycling", "[cycling] Lanes", "Text", []),
        ("cycling", "   ", "\n\n", ["subject", "text"]),
        ("cycling", String(repeating: "x", count: 201), "Text", ["subject"]),
        ("cycling", "Lanes", String(repeating: "x", count: 64 * 1024 + 1), ["text"]),
    ] as [(String, String, String, [String])])
    func theFormsProblems(_ subIssue: String, _ subject: String, _ text: String, _ fields: [String]) {
        let problems = WebPostPolicy.problems(
            WebPostPolicy.Draft(subIssue: subIssue, subject: subject, text: text), writable: ["general", "cycling"]
        ) { Self.classifier.explicitSubIssue(subject: $0, recipient: .list(tag: subIssue), header: nil, senderIsCore: false) }
        #expect(problems.map(\.field) == fields)
    }

    @Test func referencesKeepTheRootAndTheNewest() {
        let chain = (1...30).map { "m\($0)@x" }
        let references = WebPostPolicy.references(chain: chain)
        #expect(references.count == WebPostPolicy.referencesLimit)
        #expect(references.first == "m1@x" && references.last == "m30@x")
        #expect(WebPostPolicy.references(chain: ["a@x", "b@x"]) == ["a@x", "b@x"])
    }

    @Test(arguments: [("Bike lanes", "Re: Bike lanes"), ("Re: Bike lanes", "Re: Bike lanes"), ("RE: x", "RE: x"), (" y ", "Re: y")])
    func replySubjects(_ subject: String, _ reply: String) {
        #expect(WebPostPolicy.replySubject(subject) == reply)
    }

    @Test func theMessageIsFromTheMemberWithTheProofOfWhatItSays() {
        let community = Community(name: "Mobility", listAddress: "mobility@lists.example.org")
        nonisolated(unsafe) var proved: (String, String, String)?
        let message = WebPostPolicy.message(
            WebPostPolicy.Draft(subIssue: "cycling", subject: " Lanes\r\nBcc: x@evil.example ", text: "One\r\nTwo\rThree"),
            writing: WebPostPolicy.Writing(authorAddress: "ada@example.org", authorName: "Ada", inReplyTo: nil, references: [],
                                           date: Self.now),
            community: community, messageID: "abc@lists.example.org", proofField: "X-Praxis-Web-Proof"
        ) { id, sender, date in
            proved = (id, sender, date)
            return "v1 proof"
        }
        let parsed = MailMessage(message.rendered())
        #expect(parsed.to.map(\.address) == ["mobility+cycling@lists.example.org"])
        #expect(parsed.headers("bcc").isEmpty, "a line break in the subject cannot add a field")
        #expect(parsed.header("X-Praxis-Web-Proof") == "v1 proof")
        #expect(proved?.0 == "abc@lists.example.org" && proved?.1 == "ada@example.org" && proved?.2 == parsed.header("date"))
        #expect(parsed.text.replacingOccurrences(of: "\r\n", with: "\n").hasPrefix("One\nTwo\nThree"))
    }
}
