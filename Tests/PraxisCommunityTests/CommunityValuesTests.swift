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

@Suite("Community values decode with documented defaults")
struct CommunityDecodingTests {
    @Test func communityDerivesRoleAddresses() throws {
        let json = #"{"name": "C", "list_address": "mobility@lists.example.org"}"#
        let community = try JSONDecoder().decode(Community.self, from: Data(json.utf8))
        #expect(community.requestAddress == "mobility-request@lists.example.org")
        #expect(community.ownerAddress == "mobility-owner@lists.example.org")
        #expect(community.bounceAddress == "mobility-bounces@lists.example.org")
        #expect(community.timeZone == "UTC")
        #expect(community.objectives.isEmpty)
    }

    @Test func subIssueDefaults() throws {
        let subIssue = try JSONDecoder().decode(SubIssue.self, from: Data(#"{"id": "cycling"}"#.utf8))
        #expect(subIssue == SubIssue(id: "cycling", name: "cycling"))
        #expect(!subIssue.isProtected && subIssue.keywords.isEmpty && subIssue.aliases.isEmpty && subIssue.members.isEmpty)
        let protected = try JSONDecoder().decode(SubIssue.self, from: Data(#"{"id": "p", "protected": true}"#.utf8))
        #expect(protected.isProtected)
    }

    @Test func circlesDefaults() throws {
        let policy = try JSONDecoder().decode(CirclesPolicy.self, from: Data("{}".utf8))
        #expect(policy.promotion == .automatic)
        #expect(policy.inner == CirclesPolicy.InnerBar(posts: 3, threads: 2, windowDays: 60, repliesReceived: nil))
        #expect(policy.demotion == CirclesPolicy.Demotion(silentDays: 120, hysteresis: 0.9, minimumTenureDays: 30))
        let partial = try JSONDecoder().decode(
            CirclesPolicy.self, from: Data(#"{"promotion": "moderated", "inner": {"window_days": 30}}"#.utf8))
        #expect(partial.promotion == .moderated && partial.inner.windowDays == 30 && partial.inner.posts == 3)
    }

    @Test func digestAndDeliveryDefaults() throws {
        let digest = try JSONDecoder().decode(DigestPlan.self, from: Data(#"{"name": "w", "schedule": "daily 18:00"}"#.utf8))
        #expect(digest.audience == .outer && digest.format == .html && digest.cap == nil)
        let delivery = try JSONDecoder().decode(DeliveryDefaults.self, from: Data("{}".utf8))
        #expect(delivery == DeliveryDefaults(inner: .immediate, outer: .digest))
        let reports = try JSONDecoder().decode(ReportPlans.self, from: Data("{}".utf8))
        #expect(reports.moderators.schedule.description == "weekly mon 08:00")
    }

    @Test func encodesSnakeCaseKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(CirclesPolicy.Demotion()), as: UTF8.self)
        #expect(text == #"{"hysteresis":0.9,"minimum_tenure_days":30,"silent_days":120}"#)
    }
}
