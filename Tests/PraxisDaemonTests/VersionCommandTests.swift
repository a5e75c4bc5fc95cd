import Foundation
import PraxisDaemon
import Testing

/// `praxis --version` (issue 22 item 5): the real binary prints `PraxisVersion.current`, the one
/// place the version lives, which `scripts/build-deb.sh` reads back through this same flag.
@Suite("praxis --version")
struct VersionCommandTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> PraxisBinary.Outcome {
        guard let outcome = try PraxisBinary.run(arguments, environment: environment) else {
            Issue.record("the praxis executable was not found beside the test bundle (\(Bundle.main.bundleURL.path))")
            return PraxisBinary.Outcome(status: -1, standardOutput: "", standardError: "")
        }
        return outcome
    }

    /// The flag must not read a configuration: an operator checks the installed version before
    /// writing one, and a broken file must not hide which binary is installed.
    @Test(arguments: [
        ["PRAXIS_CONFIG": "/nonexistent/praxis.yaml"],
        ["PRAXIS_CONFIG": "\u{1}not a path\n"],
        [:],
    ])
    func printsTheVersionWithoutReadingAConfiguration(environment: [String: String]) throws {
        let outcome = try run(["--version"], environment: environment)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == PraxisVersion.current + "\n")
        #expect(outcome.standardError.isEmpty)
    }

    /// dpkg compares upstream versions piece by piece; digits and dots only keeps the package's
    /// order the release order, and `praxis_VERSION_amd64.deb` a plain file name.
    @Test func theVersionIsAPlainDebianUpstreamVersion() {
        let pieces = PraxisVersion.current.split(separator: ".", omittingEmptySubsequences: false)
        #expect(pieces.count == 3, "\(PraxisVersion.current)")
        #expect(pieces.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }, "\(PraxisVersion.current)")
    }

    /// The package's changelog is kept by hand (it says what changed); its newest entry must name
    /// the version the binary reports, or the package would carry two versions.
    @Test func theDebianChangelogNamesTheSameVersion() throws {
        let changelog = Self.repository.appendingPathComponent("packaging/debian/changelog")
        let text = try String(contentsOf: changelog, encoding: .utf8)
        let firstLine = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix("praxis (\(PraxisVersion.current)) "), "packaging/debian/changelog starts: \(firstLine)")
    }
}
