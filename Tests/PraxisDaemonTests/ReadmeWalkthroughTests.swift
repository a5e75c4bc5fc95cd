import Foundation
import Testing

/// The README's "Running it" commands, pasted into `bash` one after the other in a copy of the
/// repository, as a newcomer with a lone clone would: they must end with the three sample posts
/// recorded (none held as a non-member's) and their list copies in `demo/outgoing`.
@Suite("README walk-through")
struct ReadmeWalkthroughTests {
    static let repositoryRoot = ConfigurationLoaderTests.repositoryRoot

    /// The first `sh` block under "## Running it", one command a line, without comments.
    static func runningItCommands() throws -> [String] {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "\n## Running it\n"),
              let open = readme.range(of: "```sh\n", range: section.upperBound..<readme.endIndex),
              let close = readme.range(of: "\n```", range: open.upperBound..<readme.endIndex) else {
            Issue.record("README.md has no ```sh block under \"## Running it\"")
            return []
        }
        return readme[open.upperBound..<close.lowerBound].split(separator: "\n").map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
    }

    @Test func commandsNameOnlyFilesOfTheRepository() throws {
        let commands = try Self.runningItCommands()
        #expect(commands.count >= 6)
        for command in commands {
            #expect(!command.contains("../"), "a README command reaches outside the repository: \(command)")
        }
    }

    @Test func pastedOneByOneTheyRecordTheSamplesAndDeliverListCopies() throws {
        guard let binary = PraxisBinary.url else {
            Issue.record("the praxis executable was not found beside the test bundle")
            return
        }
        let commands = try Self.runningItCommands()
        let clone = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: clone) }
        try FileManager.default.createDirectory(at: clone.appendingPathComponent(".build/release"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.repositoryRoot.appendingPathComponent("Config"), to: clone.appendingPathComponent("Config"))
        try Self.keepAuthorsFrom(in: clone.appendingPathComponent("Config/praxis.yaml"))
        try FileManager.default.createSymbolicLink(at: clone.appendingPathComponent(".build/release/praxis"), withDestinationURL: binary)

        // `swift build` is what made the binary linked above; `praxis run` runs until Ctrl-C, so the
        // walk-through's end is checked just before it.
        let pasted = commands.filter { !$0.hasPrefix("swift build") && !$0.hasPrefix(".build/release/praxis run") }
        #expect(pasted.count == commands.count - 2, "the block should start with swift build and end with praxis run: \(commands)")
        let script = (["set -euo pipefail"] + pasted + ["praxis_status=$(.build/release/praxis status --json)", "echo \"$praxis_status\""])
            .joined(separator: "\n")
        let (status, output) = try Self.bash(script, in: clone)
        #expect(status == 0, "the README's commands failed:\n\(output)")

        let lastLine = output.split(separator: "\n").last.map(String.init) ?? ""
        let figures = try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any]
        #expect(figures?["posts"] as? Int == 3, "\(lastLine)")
        #expect(figures?["held"] as? Int == 0, "\(lastLine)")
        #expect(figures?["quarantined"] as? Int == 0, "\(lastLine)")
        let listCopies = try FileManager.default.contentsOfDirectory(atPath: clone.appendingPathComponent("demo/outgoing/new").path)
        #expect(listCopies.count >= 3, "demo/outgoing/new holds \(listCopies)")
    }

    /// The sample's `from_rewrite: dmarc` would ask the machine's nameserver about the samples'
    /// domains: the walk-through's outcome must not hang on what that DNS says (or on its 2-second
    /// silence), so the clone's copy says `never` (`CommunityFixture.withoutDMARCLookups`).
    static func keepAuthorsFrom(in configuration: URL) throws {
        let sample = try String(contentsOf: configuration, encoding: .utf8)
        let line = "\n  from_rewrite: dmarc"
        try #require(sample.contains(line), "Config/praxis.yaml no longer says \(line): make the walk-through ask no DNS another way")
        try Data(sample.replacingOccurrences(of: line, with: "\n  " + CommunityFixture.noDMARCLookups).utf8).write(to: configuration)
    }

    static func bash(_ script: String, in directory: URL) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "PRAXIS_CONFIG")
        process.environment = environment
        let log = directory.appendingPathComponent("walkthrough.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
    }
}
