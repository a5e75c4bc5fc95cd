import Testing
@testable import PraxisCommunity

/// `CommunityExport` as a pure function: where each post, standing and member goes. The nasty
/// cases: a reply stored protected under an open sub-issue, a sub-issue protected after its posts
/// were recorded, an admitted member written in another case, a core member admitted too.
@Suite("Community export layout")
struct CommunityExportTests {
    static let plan = CommunityExport(
        subIssues: [SubIssue(id: "cycling"), SubIssue(id: "hr", isProtected: true, members: ["Sam@Example.org", "chair@example.org"])],
        core: ["chair@example.org"])

    @Test(arguments: [
        ("cycling", false, "mbox/cycling.mbox"),
        ("cycling", true, "protected/mbox/cycling.mbox"),  // a reply in a protected thread
        ("hr", false, "protected/mbox/hr.mbox"),  // recorded before hr was protected
        ("hr", true, "protected/mbox/hr.mbox"),
        ("general", false, "mbox/general.mbox"),
    ])
    func postsGoWhereTheirProtectionSays(_ subIssue: String, _ stored: Bool, _ path: String) {
        #expect(Self.plan.mboxPath(subIssue: subIssue, isProtected: Self.plan.isProtected(subIssue: subIssue, storedProtected: stored)) == path)
    }

    @Test(arguments: [("sam@example.org", true), ("SAM@example.org", true), ("chair@example.org", false), ("ann@example.org", false)])
    func admittedMembersAreListedOnlyUnderProtected(_ address: String, _ isProtected: Bool) {
        #expect(Self.plan.isProtected(member: address) == isProtected)
    }
}
