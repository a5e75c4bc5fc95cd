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

    @Test func theModeratorsAreEveryAddressOnceSorted() {
        let group = CoreGroup(configured: ["b@example.org", "A@example.org"], stored: ["a@example.org", "c@example.org"])
        #expect(group.addresses == ["a@example.org", "b@example.org", "c@example.org"])
        #expect(Self.group.addresses == ["chair@example.org", "editor@example.org"])
        #expect(group.isConfigured("B@EXAMPLE.ORG") && !group.isConfigured("c@example.org"))
    }
}
