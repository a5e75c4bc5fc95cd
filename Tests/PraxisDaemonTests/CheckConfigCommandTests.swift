import Foundation
import Testing

/// Runs the real `praxis` binary, built beside the test bundle in the same products directory
/// (this holds for any `--scratch-path`, unlike a path relative to the repository).
enum PraxisBinary {
    static var url: URL? {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        for directory in candidates {
            // The bundle may sit in the products directory or inside PraxisPackageTests.xctest/Contents/MacOS.
            for levels in 0...3 {
                var base = directory
                for _ in 0..<levels { base = base.deletingLastPathComponent() }
                let binary = base.appendingPathComponent("praxis")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
            }
        }
        return nil
    }

    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome? {
        guard let url else { return nil }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "PRAXIS_CONFIG")
        merged.removeValue(forKey: "CREDENTIALS_DIRECTORY")
        merged.merge(environment) { $1 }
        process.environment = merged
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Configuration output is small; reading after exit cannot deadlock on a full pipe.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}

@Suite("praxis check-config")
struct CheckConfigCommandTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/praxis.yaml").path

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> PraxisBinary.Outcome {
        guard let outcome = try PraxisBinary.run(arguments, environment: environment) else {
            Issue.record("the praxis executable was not found beside the test bundle (\(Bundle.main.bundleURL.path))")
            return PraxisBinary.Outcome(status: -1, standardOutput: "", standardError: "")
        }
        return outcome
    }

    @Test func sampleIsOK() throws {
        let outcome = try run(["check-config", "--config", Self.sample])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "\(Self.sample): OK (5 sub-issues, 2 digests)\n")
        #expect(outcome.standardError.isEmpty)
    }

    @Test func configPathFromEnvironment() throws {
        let outcome = try run(["check-config"], environment: ["PRAXIS_CONFIG": Self.sample])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.hasPrefix("\(Self.sample): OK"))
        let flagWins = try run(["check-config", "--config", "/nonexistent/praxis.yaml"], environment: ["PRAXIS_CONFIG": Self.sample])
        #expect(flagWins.status == 2)
    }

    @Test func problemsGoToStandardErrorOneALine() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(minimalConfig + """
            smtp:
              url: "smtp://praxis:hunter2@mail.example.org"
              connections: 0
            sub_issues:
              - {id: Cycling}

            """)
        let outcome = try run(["check-config", "--config", path])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError == """
            \(path):8: smtp.url: the URL must not contain a password; put it in the file named by smtp.password_file
            \(path):9: smtp.connections: 0 is out of range; use 1 to 64
            \(path):11: sub_issues[0].id: "Cycling" is not a valid id: use lower-case letters, digits and "-", starting with a letter or digit

            """)
        #expect(!outcome.standardError.contains("hunter2"))
    }

    /// Issue 16, finding 8: a protected sub-issue with no members and no core group would take
    /// posts that reach nobody (not even a moderator), so the operator hears of it at once.
    @Test func aProtectedSubIssueNobodyIsAdmittedToIsAnError() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(minimalConfig + """
            sub_issues:
              - {id: cycling}
              - id: procurement
                protected: true

            """)
        let outcome = try run(["check-config", "--config", path])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError == """
            \(path):10: sub_issues[1].protected: "procurement" is protected but nobody is admitted to it (sub_issues[1].members, sub_issues[1].moderators and circles.core are all empty), so its posts would reach nobody; add its members, its moderators, or the core group under circles.core

            """)

        // Either way of admitting someone is enough.
        for admitted in ["    members: [buyer@example.org]\n", "circles:\n  core: [moderator@example.org]\n"] {
            let fixed = try scratch.write(minimalConfig + "sub_issues:\n  - id: procurement\n    protected: true\n" + admitted)
            let ok = try run(["check-config", "--config", fixed])
            #expect(ok.status == 0, "\(ok.standardError)")
        }
    }

    @Test func passwordFileContentsNeverShown() throws {
        let scratch = try ScratchDirectory()
        _ = try scratch.write("hunter2\n", to: "password")
        let path = try scratch.write(minimalConfig + "smtp: {username: praxis, password_file: password, connections: 99}\n")
        let outcome = try run(["check-config", "--config", path])
        #expect(outcome.status == 1)
        #expect(!outcome.standardError.contains("hunter2"))
    }

    @Test(arguments: ["absent.yaml", ""])
    func unreadableFileExitsTwo(name: String) throws {
        let scratch = try ScratchDirectory()
        let path = scratch.url.appendingPathComponent(name).path
        let outcome = try run(["check-config", "--config", path])
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        let reason = name.isEmpty ? "it is a directory" : "no such file"
        #expect(outcome.standardError == "\(path): cannot read the configuration file: \(reason)\n")
    }

    /// The message size limit: its key and the allowed range are named.
    @Test(arguments: [
        ("limits: {message_bytes: 10}", "limits.message_bytes: 10 is out of range; use 1024 to 1073741824"),
        ("limits: {message_bytes: lots}", "limits.message_bytes: expected a whole number, found \"lots\""),
        ("limits: {mesage_bytes: 4096}", "limits.mesage_bytes: unknown key; did you mean \"message_bytes\"?"),
    ])
    func messageLimitProblemsNameTheKey(line: String, problem: String) throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(minimalConfig + line + "\n")
        let outcome = try run(["check-config", "--config", path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError == "\(path):7: \(problem)\n")
    }
}
