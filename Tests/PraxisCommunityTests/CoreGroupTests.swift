import Testing
@testable import PraxisCommunity

/// The one core-group rule: configured in `circles.core`, or the core standing in the store;
/// addresses compare without regard to case.
@Suite("Core group")
struct CoreGroupTests {
    static let group = CoreGroup(configured: ["Chair@Example.org", ""], stored: ["Editor@example.org"])

    @Test(arguments: [
        ("chair@example.org", true),
        ("CHAIR@EXAMPLE.ORG", true),
        ("editor@EXAMPLE.org", true),
        // Near misses: a look-alike domain, a sub-address, the local part alone, nothing.
        ("chair@example.org.evil.example", false),
        ("chair+x@example.org", false),
        ("chair", false),
        ("", false),
        ("member@example.org", false),
    ])
    func membershipIgnoresCaseAndNothingElse(address: String, isCore: Bool) {
        #expect(Self.group.contains(address) == isCore)
    }

    @Test func noAddressIsNeverCore() {
        #expect(!Self.group.contains(nil))
    }

    /// A caller that read one member's standing itself (one sub-issue's circles, a confirmation)
    /// asks with it; the stored set plays no part then.
    @Test(arguments: [
        ("chair@example.org", false, true),
        ("member@example.org", true, true),
        ("member@example.org", false, false),
        ("editor@example.org", false, false),
    ])
    func aStandingReadByTheCallerDecidesForTheStore(address: String, hasCoreStanding: Bool, isCore: Bool) {
        #expect(Self.group.contains(address, hasCoreStanding: hasCoreStanding) == isCore)
    }

    /// `sub_issues[].moderators`: the core group of that sub-issue only, on top of `circles.core`.
    static let withModerators = CoreGroup(
        configured: ["chair@example.org"], stored: ["editor@example.org"],
        subIssues: [SubIssue(id: "a", moderators: ["Mod-A@Example.org"]), SubIssue(id: "b"),
                    SubIssue(id: "c", moderators: ["mod-a@example.org", "mod-c@example.org"])])

    @Test(arguments: [
        // The nasty case first: a moderator of A is not core in B, nor in the community.
        ("mod-a@example.org", "b", false),
        ("mod-a@example.org", "general", false),
        ("mod-a@example.org", "a", true),
        ("MOD-A@EXAMPLE.ORG", "a", true),
        ("mod-a@example.org", "c", true),
        ("mod-c@example.org", "a", false),
        ("mod-a@example.org.evil.example", "a", false),
        ("chair@example.org", "b", true),
        ("member@example.org", "a", false),
    ])
    func aSubIssuesModeratorsAreCoreThereOnly(address: String, subIssue: String, isCore: Bool) {
        #expect(Self.withModerators.contains(address, hasCoreStanding: false, in: subIssue) == isCore)
        #expect(!Self.withModerators.contains(address) || address.lowercased() == "chair@example.org")
    }

    @Test(arguments: [
        ("a", ["chair@example.org", "editor@example.org", "mod-a@example.org"]),
        ("b", ["chair@example.org", "editor@example.org"]),
        ("c", ["chair@example.org", "editor@example.org", "mod-a@example.org", "mod-c@example.org"]),
        ("unknown", ["chair@example.org", "editor@example.org"]),
    ])
    func heldPostsOfASubIssueGoToItsModeratorsToo(subIssue: String, moderators: [String]) {
        #expect(Self.withModerators.moderators(of: subIssue) == moderators)
        #expect(Self.withModerators.configured(in: subIssue) == Set(moderators).subtracting(["editor@example.org"]))
    }

    @Test func aHeldPostWithoutASubIssueGoesToTheWholeGroupOnly() {
        #expect(Self.withModerators.moderators(of: nil) == ["chair@example.org", "editor@example.org"])
        #expect(Self.withModerators.addresses == ["chair@example.org", "editor@example.org"])
    }

    @Test func theModeratorsAreEveryAddressOnceSorted() {
        let group = CoreGroup(configured: ["b@example.org", "A@example.org"], stored: ["a@example.org", "c@example.org"])
        #expect(group.addresses == ["a@example.org", "b@example.org", "c@example.org"])
        #expect(Self.group.addresses == ["chair@example.org", "editor@example.org"])
        #expect(group.isConfigured("B@EXAMPLE.ORG") && !group.isConfigured("c@example.org"))
    }
}
