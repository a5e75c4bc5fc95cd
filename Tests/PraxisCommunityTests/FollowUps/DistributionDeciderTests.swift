import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

/// `DistributionDecider` as a pure function: candidates in, the audience of a post out; the ids a
/// copy must hide; what the list changes in a copy.
@Suite("Distribution decider")
struct DistributionDeciderTests {
    static let community = Community(name: "Test CoP", listAddress: "cop@lists.example.org")
    static let decider = DistributionDecider(
        community: community, delivery: DeliveryDefaults(inner: .immediate, outer: .digest), core: ["Chair@Example.org"],
        subIssues: [SubIssue(id: "cycling", name: "Cycling", aliases: ["bikes"]),
                    SubIssue(id: "secret", isProtected: true, members: ["insider@example.org"])])

    static func candidate(
        _ address: String, _ standing: CircleStanding? = nil, preference: DeliveryMode? = nil,
        override: DeliveryMode? = nil, follow: DeliveryChoice.Follow = .default
    ) -> DistributionDecider.Candidate {
        DistributionDecider.Candidate(address: address, preference: preference, standing: standing, override: override, follow: follow)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var subIssue = "cycling"
        var isProtected = false
        var candidate: DistributionDecider.Candidate
        var getsIt: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "inner, by default", candidate: candidate("a@example.org", .inner), getsIt: true),
        Case(name: "outer, by default", candidate: candidate("a@example.org", .outer), getsIt: false),
        Case(name: "no standing counts as outer", candidate: candidate("a@example.org"), getsIt: false),
        Case(name: "configured core counts as inner", candidate: candidate("chair@example.org"), getsIt: true),
        Case(name: "outer who chose immediate", candidate: candidate("a@example.org", preference: .immediate), getsIt: true),
        Case(name: "inner who chose digests", candidate: candidate("a@example.org", .inner, preference: .digest), getsIt: false),
        Case(name: "outer following the sub-issue", candidate: candidate("a@example.org", follow: .follows), getsIt: true),
        Case(name: "inner muting it", candidate: candidate("a@example.org", .inner, follow: .mutes), getsIt: false),
        Case(name: "an override beats following", candidate: candidate("a@example.org", override: .digest, follow: .follows),
             getsIt: false),
        Case(name: "a protected post, not admitted", isProtected: true,
             candidate: candidate("a@example.org", .inner), getsIt: false),
        Case(name: "a protected post, core by standing", isProtected: true,
             candidate: candidate("a@example.org", .core), getsIt: true),
        Case(name: "a protected sub-issue, admitted member", subIssue: "secret",
             candidate: candidate("insider@example.org", .inner), getsIt: true),
        Case(name: "a protected sub-issue, outsider", subIssue: "secret",
             candidate: candidate("a@example.org", preference: .immediate), getsIt: false),
    ]

    @Test(arguments: cases)
    func audience(_ test: Case) {
        let audience = Self.decider.audience(subIssue: test.subIssue, isProtected: test.isProtected, candidates: [test.candidate])
        #expect(audience == (test.getsIt ? [test.candidate.address] : []))
    }

    @Test(arguments: [(false, ["a@example.org", "c@example.org"]), (true, ["a@example.org", "b@example.org", "c@example.org"])])
    func theAuthorGetsTheirOwnPostOnlyWhenTheListSaysSo(deliverToAuthor: Bool, expected: [String]) {
        var decider = Self.decider
        decider.list.deliverToAuthor = deliverToAuthor
        #expect(decider.recipients(of: ["a@example.org", "b@example.org", "c@example.org"], author: "b@example.org") == expected)
    }

    @Test(arguments: [
        // (sub-issue, protected post, ids named → their posts, hidden)
        ("cycling", false, ["p@x": ("cycling", false)], [String]()),
        ("cycling", false, ["p@x": ("cycling", true)], ["p@x"]),
        ("cycling", false, ["s@x": ("secret", false)], ["s@x"]),
        ("cycling", true, ["p@x": ("cycling", true), "q@x": ("general", true)], ["q@x"]),
        ("secret", false, ["s@x": ("secret", false), "p@x": ("cycling", true)], ["p@x"]),
    ] as [(String, Bool, [String: (subIssue: String, isProtected: Bool)], [String])])
    func aCopyHidesTheProtectedPostsItsAudienceMayNotKnowOf(
        subIssue: String, isProtected: Bool, referenced: [String: (subIssue: String, isProtected: Bool)], hidden: [String]
    ) {
        #expect(Self.decider.hiddenMessageIDs(subIssue: subIssue, isProtected: isProtected, referenced: referenced) == Set(hidden))
    }

    static let original = MailMessage(Array("""
        From: Ann Author <ann@example.org>\r
        To: cop@lists.example.org\r
        Subject: Re: [bikes] New lanes\r
        Message-ID: <m1@example.org>\r
        DKIM-Signature: v=1; a=rsa-sha256; d=example.org\r
        \r
        Lanes are open.\r

        """.utf8))

    @Test(arguments: [ListSettings.FromRewrite.never, .always])
    func aCopyCarriesTheListsHeaders(fromRewrite: ListSettings.FromRewrite) {
        var decider = Self.decider
        decider.list.fromRewrite = fromRewrite
        let copy = String(decoding: decider.listCopy(of: Self.original, subIssue: "cycling"), as: UTF8.self)
        #expect(copy.contains("Subject: Re: [cop] [cycling] New lanes\r\n"), "\(copy)")
        #expect(copy.contains("List-Id: Test CoP <cop.lists.example.org>\r\n"))
        #expect(copy.contains("Reply-To: cop@lists.example.org\r\n"))
        #expect(!copy.lowercased().contains("dkim-signature"))
        #expect(copy.contains("Lanes are open."))
        #expect(copy.contains("Test CoP - Cycling - cop@lists.example.org"))
        let from = fromRewrite == .always ? "From: Ann Author via Test CoP <cop@lists.example.org>" : "From: Ann Author <ann@example.org>"
        #expect(copy.contains(from + "\r\n"), "\(copy)")
    }

    /// Under `dmarc`, From is the list's only when the author's domain asks receivers to
    /// quarantine or reject what fails DMARC; no policy known (no record, a timeout) keeps it.
    @Test(arguments: [
        (ListSettings.FromRewrite.dmarc, DMARCPolicy?.some(.reject), true),
        (.dmarc, .quarantine, true),
        (.dmarc, DMARCPolicy.none, false),
        (.dmarc, nil, false),
        (.never, .reject, false),
        (.always, nil, true),
    ])
    func fromIsRewrittenAsTheAuthorsPolicyAsks(_ mode: ListSettings.FromRewrite, _ policy: DMARCPolicy?, _ rewritten: Bool) {
        var decider = Self.decider
        decider.list.fromRewrite = mode
        decider.list.replyTo = .author
        let copy = MailMessage(decider.listCopy(of: Self.original, subIssue: "cycling", authorPolicy: policy))
        let author = MailAddress(name: "Ann Author", address: "ann@example.org")
        #expect(copy.from == [rewritten ? MailAddress(name: "Ann Author via Test CoP", address: "cop@lists.example.org") : author])
        #expect(copy.replyTo == (rewritten ? [author] : []))
    }

    /// The domain looked up is the From's, lower case, and only under `dmarc`; a From whose
    /// domain is not a host name (a literal, a hostile string) is never looked up.
    @Test(arguments: [
        ("From: Ann <ann@Mail.Example.ORG>", ListSettings.FromRewrite.dmarc, "mail.example.org"),
        ("From: Ann <ann@example.org>", .always, nil),
        ("From: Ann <ann@example.org>", .never, nil),
        ("From: ann@[192.0.2.1]", .dmarc, nil),
        ("From: a@b_c.org", .dmarc, nil),
        ("From: Ann <ann@>", .dmarc, nil),
        ("From: undisclosed-recipients:;", .dmarc, nil),
    ] as [(String, ListSettings.FromRewrite, String?)])
    func onlyTheAuthorsHostNameIsLookedUp(_ from: String, _ mode: ListSettings.FromRewrite, _ domain: String?) {
        var decider = Self.decider
        decider.list.fromRewrite = mode
        let message = MailMessage(Array("\(from)\r\nSubject: x\r\n\r\nHi\r\n".utf8))
        #expect(decider.authorPolicyDomain(of: message) == domain)
    }
}
