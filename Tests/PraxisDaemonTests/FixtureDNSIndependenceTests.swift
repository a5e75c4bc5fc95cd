import Foundation
import PraxisCommunity
import PraxisDaemon
import Testing

/// Every configuration a test community writes leaves the machine's nameserver alone: it says
/// `list.from_rewrite: never` whatever shape its `list:` section has, unless the test is about
/// DMARC (it names a `from_rewrite` or a `dmarc_resolver` of its own).
@Suite("Test communities ask no nameserver")
struct FixtureDNSIndependenceTests {
    static let cases: [(name: String, extra: String, rewrite: ListSettings.FromRewrite, resolver: String?)] = [
        ("no list section", "", .never, nil),
        ("a list section first in the extra", "list:\n  subject_prefix: \"[CoP]\"\ndelivery: {inner: immediate}\n", .never, nil),
        ("a list section last, without a newline", "delivery: {inner: immediate}\nlist:\n  subject_prefix: \"[CoP]\"", .never, nil),
        ("a flow mapping", "list: {subject_prefix: \"[CoP]\"}\n", .never, nil),
        ("an empty flow mapping", "list: {}\n", .never, nil),
        // A key merely mentioning the word elsewhere is not a list section.
        ("a sub-issue named list", "sub_issues:\n  - {id: list, name: \"list: of things\"}\n", .never, nil),
        ("a rewrite of its own", "list:\n  from_rewrite: always\n", .always, nil),
        ("a resolver of its own", "list:\n  dmarc_resolver: \"127.0.0.1:5300\"\n", .dmarc, "127.0.0.1:5300"),
    ]

    @Test(arguments: cases.map(\.name))
    func writtenConfigurationSaysNeverUnlessAboutDMARC(name: String) throws {
        let example = try #require(Self.cases.first { $0.name == name })
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(CommunityFixture.configuration(extra: example.extra))
        let configuration = try ConfigurationLoader.load(path: fixture.configPath, environment: [:])
        #expect(configuration.list.fromRewrite == example.rewrite)
        #expect(configuration.list.dmarcResolver == example.resolver)
        if example.extra.contains("[CoP]") {
            #expect(configuration.list.subjectPrefix == "[CoP]", "the test's own list keys are kept")
        }
    }

    /// A community as `CommunityFixture()` leaves it, before any test writes its own.
    @Test func theFixturesFirstConfigurationSaysNever() throws {
        let fixture = try CommunityFixture()
        let configuration = try ConfigurationLoader.load(path: fixture.configPath, environment: [:])
        #expect(configuration.list.fromRewrite == .never)
    }
}
