import Foundation
import PraxisCommunity
import Testing
@testable import PraxisDaemon

/// The `web:` keys (DESIGN.md §8): read into values, every wrong value reported at its key.
@Suite("Configuration: web")
struct WebConfigurationTests {
    static let wrong: [(yaml: String, key: String, words: String)] = [
        ("web: {listen: 8025}", "web.listen", "not host:port"),
        ("web: {listen: \"127.0.0.1:99999\"}", "web.listen", "not host:port"),
        ("web: {listen: \"::1:8025\"}", "web.listen", "not host:port"),
        ("web: {listen: \"local host:80\"}", "web.listen", "not host:port"),
        ("web: {base_url: \"cop.example.org/x/\"}", "web.base_url", "not an absolute http(s) URL"),
        ("web: {base_url: \"javascript:alert(1)\"}", "web.base_url", "not an absolute http(s) URL"),
        ("web: {base_url: \"https://user:pw@cop.example.org/\"}", "web.base_url", "without query or credentials"),
        ("web: {base_url: \"https://cop.example.org/?x=1\"}", "web.base_url", "without query"),
        ("web: {audience: everyone}", "web.audience", "is not one of public, organisation, members"),
        ("web: {organisation: {user_header: \"X Email\"}}", "web.organisation.user_header", "not an HTTP header name"),
        ("web: {organisation: {trusted_proxies: [proxy.example.org]}}", "web.organisation.trusted_proxies[0]", "not an IP address"),
        ("web: {organisation: {trusted_proxies: [10.0.0.0/8]}}", "web.organisation.trusted_proxies[0]", "no ranges"),
        ("web: {organisation: {domains: [\"@city.example.org\"]}}", "web.organisation.domains[0]", "not a mail domain"),
        ("web: {sign_in: {links_per_hour: 0}}", "web.sign_in.links_per_hour", "out of range"),
        ("web: {listn: 127.0.0.1:8025}", "web.listn", "did you mean \"listen\""),
    ]

    @Test(arguments: wrong)
    func wrongValuesAreReportedAtTheirKey(_ example: (yaml: String, key: String, words: String)) throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(minimalConfig + example.yaml + "\n")
        let problems = ConfigurationLoader.validate(path: path, environment: [:])
        #expect(problems.map(\.keyPath) == [example.key], "\(problems)")
        #expect(problems.first?.message.contains(example.words) == true, "\(problems)")
        #expect(problems.first?.line == 7)
    }

    @Test func valuesAreReadWithTheirDefaults() throws {
        let scratch = try ScratchDirectory()
        let absent = try ConfigurationLoader.load(path: try scratch.write(minimalConfig), environment: [:])
        #expect(absent.web == nil)
        let path = try scratch.write(minimalConfig + """
            web:
              listen: "[::1]:8025"
              base_url: https://cop.example.org/mobility
              organisation: {domains: [city.example.org]}

            """, to: "web.yaml")
        let web = try #require(try ConfigurationLoader.load(path: path, environment: [:]).web)
        #expect(web.listen == Configuration.ListenAddress("[::1]:8025"))
        #expect(web.listen?.host == "::1" && web.listen?.port == 8025)
        #expect(web.basePath == "/mobility/")
        #expect(web.baseURL?.text == "https://cop.example.org/mobility/")
        #expect(web.audience == .organisation)
        #expect(web.organisation == OrganisationSignOn(userHeader: "X-Forwarded-Email", trustedProxies: ["127.0.0.1", "::1"], domains: ["city.example.org"]))
        #expect(web.signIn.linksPerHour == 5)
    }
}
